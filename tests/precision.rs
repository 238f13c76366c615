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
