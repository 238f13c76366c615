//! The catalog's precision promise, on one app that mentions every hazard where it is not one:
//! prose (README, docs, a changelog), comments, test code and fixtures, and `.env.example`
//! placeholders name Heroku's CLI, `*.herokuapp.com` hosts, follower and add-on variables,
//! dyno metadata, secrets and switched-off TLS verification. `egress check` must find nothing
//! (and so print no secret). A rule that fires here is crying wolf.

mod common;

const FILES: &[(&str, &str)] = &[
    (
        "README.md",
        r#"# ledgerly

Run locally with `heroku local web`, or deploy the old way:

```sh
heroku run rails db:migrate --app ledgerly-production
heroku pg:backups:capture --app ledgerly-production
git push heroku main
```

Production used to live at https://ledgerly-production.herokuapp.com (the follower was
`HEROKU_POSTGRESQL_AMBER_URL`, Redis `REDIS_TLS_URL`, Kafka `KAFKA_CLIENT_CERT`). Our
`DYNO` and `HEROKU_APP_NAME` reads are gone. Never commit keys like
`sk_live_51Habc0123456789abcdefghijklmnop` or `postgres://app:S3cretPass@ec2-1-2-3-4.compute-1.amazonaws.com/db`.
The old Redis client used `ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE }`.
"#,
    ),
    (
        "docs/cutover.md",
        "1. `heroku maintenance:on -a ledgerly-production`\n2. point DNS away from `ledgerly.herokuapp.com`\n3. `heroku addons:destroy heroku-postgresql:standard-0`\n",
    ),
    (
        "CHANGELOG.md",
        "## 2.4.0\n- stop reading `HEROKU_RELEASE_VERSION`; read `APP_VERSION`\n- drop `rejectUnauthorized: false` from the Redis client\n",
    ),
    (
        ".env.example",
        "DATABASE_URL=postgres://user:password@localhost:5432/ledgerly_dev\nREDIS_URL=redis://localhost:6379/0\nSTRIPE_SECRET_KEY=sk_live_xxx\nSTRIPE_WEBHOOK_SECRET=whsec_changeme\nGITHUB_TOKEN=<your token>\nAPP_HOST=localhost:3000\n",
    ),
    (
        "config/initializers/sidekiq.rb",
        r#"# frozen_string_literal: true

# On Heroku we used `heroku redis:credentials` and verify_mode: OpenSSL::SSL::VERIFY_NONE;
# the new Redis has a CA-signed certificate, so verification stays on.
Sidekiq.configure_server do |config|
  config.redis = { url: ENV.fetch("REDIS_URL") }
end
"#,
    ),
    (
        "config/environments/production.rb",
        r#"Rails.application.configure do
  # Was: config.hosts << "ledgerly-production.herokuapp.com"
  config.hosts << ENV.fetch("APP_HOST")
  # DYNO and HEROKU_APP_NAME are not read any more: see APP_VERSION.
  config.x.version = ENV.fetch("APP_VERSION", "dev")
end
"#,
    ),
    (
        "spec/requests/cors_spec.rb",
        r#"require "rails_helper"

RSpec.describe "CORS", type: :request do
  it "refuses the retired Heroku origin" do
    get "/api/health", headers: { "Origin" => "https://ledgerly-staging.herokuapp.com" }
    expect(response.headers["Access-Control-Allow-Origin"]).to be_nil
  end

  it "ignores dyno metadata" do
    ENV["HEROKU_APP_NAME"] = "ledgerly-pr-42"
    ENV["DYNO"] = "web.1"
    expect(Ledgerly.version).to eq("dev")
  end
end
"#,
    ),
    (
        "spec/support/stripe.rb",
        "STRIPE_TEST_SECRET = \"whsec_test_3a1b2c3d4e5f60718293a4b5c6d7e8f9\"\nFAKE_LIVE_KEY = \"sk_live_51HfakeFAKEfake0123456789abcdef\"\n",
    ),
    (
        "test/fixtures/webhooks.yml",
        "stripe:\n  url: https://ledgerly-production.herokuapp.com/webhooks/stripe\n  secret: whsec_3a1b2c3d4e5f60718293a4b5c6d7e8f9\n",
    ),
    (
        "tests/test_db.py",
        "import os\n\nFOLLOWER = os.environ.get(\"HEROKU_POSTGRESQL_COBALT_URL\")\nREDIS = \"redis://:hunter2@cache.example.com:6379\"\n\ndef test_follower_is_unused():\n    assert FOLLOWER is None\n",
    ),
    (
        "src/db.test.ts",
        "import { Pool } from 'pg'\n\nconst pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL, ssl: { rejectUnauthorized: false } })\nit('connects', async () => { await pool.query('select 1') })\n",
    ),
    (
        "bin/setup",
        "#!/usr/bin/env bash\nset -euo pipefail\n# heroku git:remote -a ledgerly-production   (the old deploy remote)\nif command -v heroku >/dev/null; then\n  echo \"heroku CLI found; it is no longer needed\"\nfi\nbundle install\nbin/rails db:prepare\n",
    ),
    (
        "Procfile",
        "# release: bin/rails db:migrate  (now a pre-deploy step on the new platform)\nweb: bundle exec puma -C config/puma.rb\n",
    ),
];

#[test]
fn prose_comments_tests_and_placeholders_raise_nothing() {
    let dir = tempfile::tempdir().unwrap();
    common::write_tree(dir.path(), FILES);
    let (code, report) = common::check_json(dir.path(), "ALL");
    let found = common::rules_and_paths(&report);
    assert!(
        found.is_empty(),
        "findings where there is no hazard: {found:#?}"
    );
    assert_eq!(code, Some(0));
    // Every file but the Markdown ones (prose is never read) was looked at.
    let read = FILES.iter().filter(|(p, _)| !p.ends_with(".md")).count();
    assert_eq!(report["summary"]["files"], read);
}

/// Issue 10's forms where they are no hazard: Fugit schedulers inside Rails, aliases that name
/// another variable, lookalike names in existence tests, TLS stated in client configs, local or
/// variable hosts in command lines, test factories and Procfile comments.
const ISSUE_10_FILES: &[(&str, &str)] = &[
    (
        "Gemfile",
        "source \"https://rubygems.org\"\n\ngem \"rails\", \"~> 7.1\"\ngem \"pg\"\ngem \"sidekiq-scheduler\"\ngem \"rufus-scheduler\"\ngem \"good_job\"\n",
    ),
    (".ruby-version", "3.3.5\n"),
    (
        "Procfile",
        "# Procfile for Heroku\n// the worker runs on its own dyno\nweb: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\n",
    ),
    (
        "config/sidekiq.yml",
        ":concurrency: 5\n:scheduler:\n  :schedule:\n    NightlyExportJob:\n      cron: \"0 2 * * *\"   # Rails' config.time_zone applies\n    heartbeat:\n      every: \"5m\"\n      class: HeartbeatJob\n",
    ),
    (
        "config/initializers/scheduler.rb",
        "return if defined?(Rails::Console)\n\nscheduler = Rufus::Scheduler.singleton\nscheduler.cron \"0 6 * * 1-5\" do\n  DigestJob.perform_later\nend\nscheduler.every \"10m\" do\n  HeartbeatJob.perform_later\nend\n",
    ),
    (
        "config/initializers/good_job.rb",
        "Rails.application.configure do\n  config.good_job.enable_cron = true\n  config.good_job.cron = {\n    nightly_report: { cron: \"0 3 * * *\", class: \"NightlyReportJob\" },\n  }\nend\n",
    ),
    (
        "config/database.yml",
        "production:\n  adapter: postgresql\n  host: ledgerly-prod.cluster-c1abc.us-east-1.rds.amazonaws.com\n  sslmode: verify-full\n  sslrootcert: config/rds-global-bundle.pem\ndevelopment:\n  adapter: postgresql\n  host: localhost\n",
    ),
    (
        "spec/factories/databases.rb",
        "FactoryBot.define do\n  factory :replica do\n    url { \"postgres://reader@replica.db.example.com/ledgerly\" }\n  end\nend\n",
    ),
    (
        "worker/settings.py",
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    dyno: str = Field(\"web\", alias=\"PROCESS_ROLE\")\n    dyno_count: int = 1\n\nON_RENDER = \"RENDER\" in __import__(\"os\").environ\n",
    ),
    (
        "src/db/pool.js",
        "const fs = require('fs');\nconst { Pool } = require('pg');\n\nconst pool = new Pool({\n  host: 'tracker-db.example.com',\n  ssl: { ca: fs.readFileSync('/etc/ssl/certs/rds-global-bundle.pem').toString() },\n});\nconst replica = new Pool({ host: process.env.PGHOST });\nconst sized = Object.hasOwn(process.env, 'DYNO_SIZE');\nmodule.exports = { pool, replica, sized };\n",
    ),
    (
        "src/models/shop.js",
        "const { Sequelize } = require('sequelize');\n\nmodule.exports = new Sequelize('shop', 'shop', process.env.SHOP_DB_PASSWORD, {\n  host: 'shop-db.example.com',\n  dialect: 'mysql',\n  dialectOptions: { ssl: false },\n});\n",
    ),
    (
        "public/status.php",
        "<?php\n$count = isset($_ENV['DYNO_COUNT']) ? (int) $_ENV['DYNO_COUNT'] : 1;\necho json_encode(['workers' => $count]);\n",
    ),
    (
        "docker/db.Dockerfile",
        "FROM postgres:16-alpine\nCOPY db/seed.sql /tmp/seed.sql\nRUN pg_ctl -D \"$PGDATA\" -w start && psql \"postgres://postgres@localhost:5432/postgres\" -f /tmp/seed.sql\n",
    ),
    (
        "bin/migrate",
        "#!/usr/bin/env bash\nset -euo pipefail\npsql \"postgres://$PGUSER:$PGPASSWORD@$PGHOST:5432/${PGDATABASE:-ledgerly}\" -f db/structure.sql\n# pg_restore -d postgres://app@db.example.com/app (the old way)\n",
    ),
];

#[test]
fn issue_10_forms_that_are_no_hazard() {
    let dir = tempfile::tempdir().unwrap();
    common::write_tree(dir.path(), ISSUE_10_FILES);
    let (code, report) = common::check_json(dir.path(), "ALL");
    let found = common::rules_and_paths(&report);
    assert!(
        found.is_empty(),
        "findings where there is no hazard: {found:#?}"
    );
    assert_eq!(code, Some(0));
}
