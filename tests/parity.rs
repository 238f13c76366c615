//! Parity of the source contract (Procfile, migration-manifest.yml, migration-contract.json, the
//! code's env reads, `.ruby-version`) and each target config: a config that misses the worker,
//! a variable the code cannot boot without, the Heroku Scheduler job, the release step and the
//! manifest's health path, and builds another Ruby, gets exactly EG801, EG802, EG803, EG804,
//! EG805 and EG806; a complete one gets no EG8xx finding.

mod common;

const PROCFILE: &str =
    "release: bin/rails db:migrate\nweb: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\n";

/// `target.variables`: what the target's dashboard or secret store sets (Railway keeps every
/// variable there).
const MANIFEST: &str = "source:\n  platform: heroku\ntarget:\n  timezone: UTC\n  variables: [RAILS_MASTER_KEY]\nverification:\n  health_endpoint: /up\n";

/// Railway's variables live in its dashboard: the manifest names the ones set there.
const MANIFEST_RAILWAY: &str = "source:\n  platform: heroku\ntarget:\n  platform: railway\n  timezone: UTC\n  variables: [RAILS_MASTER_KEY, APP_HOST]\nverification:\n  health_endpoint: /up\n";

/// Compose files are a target only for an app that moves to a compose-based platform.
const MANIFEST_COMPOSE: &str = "source:\n  platform: heroku\ntarget:\n  platform: compose\n  timezone: UTC\nverification:\n  health_endpoint: /up\n";

/// The app cannot boot without `APP_HOST`; `SENTRY_DSN` is optional.
const PRODUCTION_RB: &str = "Rails.application.configure do\n  config.action_mailer.default_url_options = { host: ENV.fetch(\"APP_HOST\") }\n  config.x.sentry_dsn = ENV[\"SENTRY_DSN\"].presence\nend\n";

/// What the app had on Heroku: one Scheduler job, daily at 03:00 UTC.
const CONTRACT: &str = "{\n  \"app\": \"harbor\",\n  \"scheduledJobs\": [\n    {\"command\": \"bin/rails reports:nightly\", \"schedule\": \"0 3 * * *\", \"source\": \"heroku-scheduler\"}\n  ]\n}\n";

const CRONTAB: &str = "0 3 * * * bin/rails reports:nightly\n";

/// Builds the app with another Ruby than `.ruby-version` pins.
const OLD_RUBY_DOCKERFILE: &str =
    "FROM ruby:3.2-slim\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD [\"bundle\", \"exec\", \"puma\"]\n";

const RUBY_DOCKERFILE: &str =
    "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD [\"bundle\", \"exec\", \"puma\"]\n";

const CHECKED_WEB_DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: harbor-web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/harbor/web:1.0.0\n          command: [bundle, exec, puma, -C, config/puma.rb]\n          env:\n            - name: APP_HOST\n              value: harbor.example.com\n          ports:\n            - containerPort: 3000\n          readinessProbe:\n            httpGet:\n              path: /up\n              port: 3000\n";

/// The web Deployment, and a sidecar that runs the Ruby image Heroku did not.
const WEB_DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: harbor-web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/harbor/web:1.0.0\n          command: [bundle, exec, puma, -C, config/puma.rb]\n          ports:\n            - containerPort: 3000\n        - name: console\n          image: ruby:3.2-slim\n          command: [sleep, infinity]\n";

/// A case: the target, the files of a config that misses everything (with the file each rule
/// reports on), and the files of a complete config.
struct Case {
    target: &'static str,
    missing: &'static [(&'static str, &'static str)],
    /// Where EG801-EG805 report (the config), and where EG806 does (the version it builds).
    on: &'static str,
    runtime_on: &'static str,
    complete: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        target: "render",
        missing: &[
            (
                "render.yaml",
                "services:\n  - type: web\n    name: harbor-web\n    runtime: docker\n    dockerfilePath: ./docker/Dockerfile\n",
            ),
            ("docker/Dockerfile", OLD_RUBY_DOCKERFILE),
        ],
        on: "render.yaml",
        runtime_on: "docker/Dockerfile",
        complete: &[
            (
                "render.yaml",
                "services:\n  - type: web\n    name: harbor-web\n    runtime: docker\n    dockerfilePath: ./docker/Dockerfile\n    healthCheckPath: /up\n    preDeployCommand: bin/rails db:migrate\n    envVars:\n      - key: APP_HOST\n        value: harbor.example.com\n  - type: worker\n    name: harbor-jobs\n    runtime: docker\n    dockerfilePath: ./docker/Dockerfile\n    dockerCommand: bundle exec sidekiq\n  - type: cron\n    name: harbor-nightly\n    runtime: docker\n    dockerfilePath: ./docker/Dockerfile\n    schedule: \"0 3 * * *\"\n    dockerCommand: bin/rails reports:nightly\n",
            ),
            ("docker/Dockerfile", RUBY_DOCKERFILE),
        ],
    },
    Case {
        target: "fly",
        missing: &[(
            "fly.toml",
            "app = \"harbor\"\n\n[build.args]\n  RUBY_VERSION = \"3.2.2\"\n\n[processes]\n  web = \"bundle exec puma -C config/puma.rb\"\n\n[http_service]\n  internal_port = 3000\n  processes = [\"web\"]\n",
        )],
        on: "fly.toml",
        runtime_on: "fly.toml",
        complete: &[
            (
                "fly.toml",
                "app = \"harbor\"\n\n[build.args]\n  RUBY_VERSION = \"3.3.5\"\n\n[deploy]\n  release_command = \"bin/rails db:migrate\"\n\n[env]\n  APP_HOST = \"harbor.example.com\"\n\n[processes]\n  web = \"bundle exec puma -C config/puma.rb\"\n  worker = \"bundle exec sidekiq\"\n  cron = \"supercronic /app/crontab\"\n\n[http_service]\n  internal_port = 3000\n  processes = [\"web\"]\n\n  [[http_service.checks]]\n    path = \"/up\"\n",
            ),
            ("crontab", CRONTAB),
        ],
    },
    Case {
        target: "railway",
        missing: &[
            (
                "railway.json",
                r#"{"build": {"builder": "DOCKERFILE", "dockerfilePath": "docker/Dockerfile"}, "deploy": {"startCommand": "bundle exec puma -C config/puma.rb"}}"#,
            ),
            ("docker/Dockerfile", OLD_RUBY_DOCKERFILE),
        ],
        on: "railway.json",
        runtime_on: "docker/Dockerfile",
        complete: &[
            ("migration-manifest.yml", MANIFEST_RAILWAY),
            (
                "railway.json",
                r#"{"build": {"builder": "DOCKERFILE", "dockerfilePath": "docker/Dockerfile"}, "deploy": {"startCommand": "bundle exec puma -C config/puma.rb", "healthcheckPath": "/up", "preDeployCommand": ["bin/rails db:migrate"]}}"#,
            ),
            ("docker/Dockerfile", RUBY_DOCKERFILE),
            (
                "worker/railway.json",
                r#"{"deploy": {"startCommand": "bundle exec sidekiq"}}"#,
            ),
            (
                "nightly/railway.json",
                r#"{"deploy": {"startCommand": "bin/rails reports:nightly", "cronSchedule": "0 3 * * *"}}"#,
            ),
        ],
    },
    Case {
        target: "kubernetes",
        missing: &[("k8s/web.yaml", WEB_DEPLOYMENT)],
        on: "k8s/web.yaml",
        runtime_on: "k8s/web.yaml",
        complete: &[
            ("k8s/web.yaml", CHECKED_WEB_DEPLOYMENT),
            (
                "k8s/worker.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: harbor-worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: ghcr.io/harbor/web:1.0.0\n          command: [bundle, exec, sidekiq]\n",
            ),
            (
                "k8s/migrate.yaml",
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: harbor-migrate\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: ghcr.io/harbor/web:1.0.0\n          command: [bin/rails, db:migrate]\n",
            ),
            (
                "k8s/nightly.yaml",
                "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: harbor-nightly\nspec:\n  schedule: \"0 3 * * *\"\n  timeZone: Etc/UTC\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: nightly\n              image: ghcr.io/harbor/web:1.0.0\n              command: [bin/rails, reports:nightly]\n",
            ),
        ],
    },
    Case {
        target: "compose",
        missing: &[
            ("migration-manifest.yml", MANIFEST_COMPOSE),
            (
                "docker-compose.yml",
                "services:\n  web:\n    build: .\n    command: bundle exec puma -C config/puma.rb\n    ports: [\"3000:3000\"]\n    healthcheck:\n      test: curl -f http://localhost:3000/healthz\n  console:\n    image: ruby:3.2\n    volumes: [\".:/app\"]\n    command: sleep infinity\n  db:\n    image: postgres:16\n",
            ),
        ],
        on: "docker-compose.yml",
        runtime_on: "docker-compose.yml",
        complete: &[
            ("migration-manifest.yml", MANIFEST_COMPOSE),
            (
                "docker-compose.yml",
                "services:\n  migrate:\n    build: .\n    command: bin/rails db:migrate\n  web:\n    build: .\n    command: bundle exec puma -C config/puma.rb\n    environment:\n      APP_HOST: harbor.example.com\n    ports: [\"3000:3000\"]\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:3000/up\"]\n  worker:\n    build: .\n    command: bundle exec sidekiq\n  cron:\n    build: .\n    command: supercronic /app/crontab\n  db:\n    image: postgres:16\n",
            ),
            ("crontab", CRONTAB),
        ],
    },
];

fn parity_findings(files: &[(&str, &str)]) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    // The case's files come last: a case's manifest replaces the common one.
    common::write_tree(
        dir.path(),
        &[
            &[
                ("Procfile", PROCFILE),
                ("migration-manifest.yml", MANIFEST),
                ("migration-contract.json", CONTRACT),
                ("config/environments/production.rb", PRODUCTION_RB),
                (".ruby-version", "3.3.5\n"),
                ("Gemfile", "source \"https://rubygems.org\"\n\nruby file: \".ruby-version\"\n\ngem \"rails\", \"~> 7.2\"\ngem \"puma\"\ngem \"sidekiq\"\n"),
            ],
            files,
        ]
        .concat(),
    );
    let (_, report) = common::check_json(dir.path(), "EG8");
    let mut found = common::rules_and_paths(&report);
    found.sort();
    found
}

#[test]
fn a_target_missing_each_part_of_the_contract_gets_exactly_those_findings() {
    for case in CASES {
        let on = |rule: &str, path: &str| (rule.to_string(), path.to_string());
        let mut want = vec![
            on("EG801", case.on),
            on("EG802", case.on),
            on("EG803", case.on),
            on("EG804", case.on),
            on("EG805", case.on),
            on("EG806", case.runtime_on),
        ];
        want.sort();
        assert_eq!(parity_findings(case.missing), want, "{}", case.target);
    }
}

#[test]
fn a_complete_target_raises_nothing() {
    for case in CASES {
        assert_eq!(parity_findings(case.complete), [], "{}", case.target);
    }
}

/// A compose file for local development (the app moves elsewhere) is no target: no worker, no
/// release step and no health check there is no finding.
#[test]
fn a_development_compose_file_is_not_a_target() {
    let compose = "services:\n  web:\n    build: .\n    command: bundle exec puma -C config/puma.rb\n    ports: [\"3000:3000\"]\n  db:\n    image: postgres:16\n";
    assert_eq!(parity_findings(&[("docker-compose.yml", compose)]), []);
}
