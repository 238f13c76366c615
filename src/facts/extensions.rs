//! Extensions and the schema: the extensions a schema enables (and code that relies on one),
//! references to the Heroku-only `heroku_ext` schema, and Heroku Connect's artefacts.

use crate::source::Loc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtContext {
    /// `CREATE EXTENSION ... WITH SCHEMA heroku_ext` / `SCHEMA heroku_ext`
    WithSchema,
    /// `heroku_ext.citext`, `"heroku_ext.pgcrypto"`
    Qualifier,
    /// `CREATE SCHEMA heroku_ext`
    CreateSchema,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtOrigin {
    /// SQL files: structure.sql, pg_dump output, hand-written SQL.
    Sql,
    /// Rails `db/schema.rb`.
    RailsSchema,
    /// A migration in code (Rails, Django, Knex, ...).
    Migration,
    /// `migration-contract.json`: what the Heroku database had installed.
    Contract,
}

/// A reference to the `heroku_ext` schema (span: the word `heroku_ext`).
#[derive(Debug, Clone)]
pub struct ExtensionRef {
    pub at: Loc,
    pub context: ExtContext,
    pub origin: ExtOrigin,
}

impl_located!(ExtensionRef);

/// An extension the schema enables: `CREATE EXTENSION` in SQL (dumps, `structure.sql`, SQL in
/// migrations), Rails `enable_extension`, Django's `CreateExtension("...")` and its named
/// operations (`TrigramExtension()` is `pg_trgm`), an entry of the contract's `extensions`.
/// Span: the name (or the operation naming it).
#[derive(Debug, Clone)]
pub struct ExtensionEnabled {
    pub at: Loc,
    /// As PostgreSQL names it (`pg_trgm`, `uuid-ossp`), without a schema qualifier.
    pub name: String,
    pub origin: ExtOrigin,
}

/// Code or SQL that reads an extension's objects, so the app needs the extension working on
/// the target: queries of `pg_stat_statements` (`FROM pg_stat_statements`,
/// `pg_stat_statements_reset()`). Span: the name.
#[derive(Debug, Clone)]
pub struct ExtensionUse {
    pub at: Loc,
    pub name: String,
}

/// What of Heroku Connect's sync a schema or code shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectArtefact {
    /// `CREATE SCHEMA salesforce`, Rails `create_schema "salesforce"`.
    Schema,
    /// A table (or its trigger function) in the `salesforce` schema (`salesforce.account`), by
    /// name.
    Object(String),
    /// A sync column: `_hc_lastop` (the row's sync state, `SYNCED` once Salesforce has it) or
    /// `_hc_err`.
    SyncColumn(&'static str),
    /// `_trigger_log` (and `_trigger_log_archive`), beside the synced tables.
    TriggerLog,
}

/// A Heroku Connect artefact in a dump, schema, migration or code: its triggers and tables
/// move with a restore, its sync engine does not. Span: the name.
#[derive(Debug, Clone)]
pub struct HerokuConnectRef {
    pub at: Loc,
    pub artefact: ConnectArtefact,
}

impl_located!(ExtensionEnabled, ExtensionUse, HerokuConnectRef);
