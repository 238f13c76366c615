--
-- Heroku Connect mapping tables, dumped with `pg_dump --schema=salesforce --schema-only`
-- for reference (the sync itself is configured in the Heroku Connect dashboard).
--

CREATE SCHEMA salesforce;

CREATE TABLE salesforce.account (
    id integer NOT NULL,
    sfid character varying(18),
    name character varying(255),
    billingcity character varying(40),
    systemmodstamp timestamp without time zone,
    _hc_lastop character varying(32),
    _hc_err text
);

CREATE TABLE salesforce.workorder (
    id integer NOT NULL,
    sfid character varying(18),
    accountid character varying(18),
    status character varying(40),
    subject character varying(255),
    systemmodstamp timestamp without time zone,
    _hc_lastop character varying(32),
    _hc_err text
);

CREATE TABLE salesforce._trigger_log (
    id integer NOT NULL,
    txid bigint,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    processed_at timestamp with time zone,
    processed_tx bigint,
    state character varying(8),
    action character varying(7),
    table_name character varying(128),
    record_id integer,
    sfid character varying(18),
    old jsonb,
    values jsonb,
    sf_result integer,
    sf_message text
);

CREATE TRIGGER hc_workorder_logtrigger AFTER INSERT OR DELETE OR UPDATE ON salesforce.workorder
    FOR EACH ROW WHEN ((current_setting('xmlbinary'::text) <> 'base64'::text))
    EXECUTE FUNCTION salesforce.hc_workorder_logger();
