//! Parity of the source contract (Procfile, migration-manifest.yml, the code's env reads) and each
//! target config: a config that misses the worker, a variable the code cannot boot without, the
//! release step and the manifest's health path gets exactly EG801, EG802, EG804 and EG805, on
//! that file; a complete one gets no EG8xx finding.

mod common;

const PROCFILE: &str =
    "release: bin/rails db:migrate\nweb: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\n";

/// `target.variables`: what the target's dashboard or secret store sets (Railway keeps every
/// variable there).
const MANIFEST: &str = "source:\n  platform: heroku\ntarget:\n  timezone: UTC\n  variables: [RAILS_MASTER_KEY]\nverification:\n  health_endpoint: /up\n";

/// The app cannot boot without `APP_HOST`; `SENTRY_DSN` is optional.
const PRODUCTION_RB: &str = "Rails.application.configure do\n  config.action_mailer.default_url_options = { host: ENV.fetch(\"APP_HOST\") }\n  config.x.sentry_dsn = ENV[\"SENTRY_DSN\"].presence\nend\n";

/// Railway's variables live in its dashboard: the manifest names the ones set there.
const MANIFEST_RAILWAY: &str = "source:\n  platform: heroku\ntarget:\n  platform: railway\n  timezone: UTC\n  variables: [RAILS_MASTER_KEY, APP_HOST]\nverification:\n  health_endpoint: /up\n";

/// Compose files are a target only for an app that moves to a compose-based platform.
const MANIFEST_COMPOSE: &str = "source:\n  platform: heroku\ntarget:\n  platform: compose\n  timezone: UTC\nverification:\n  health_endpoint: /up\n";

const CHECKED_WEB_DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: harbor-web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/harbor/web:1.0.0\n          command: [bundle, exec, puma, -C, config/puma.rb]\n          env:\n            - name: APP_HOST\n              value: harbor.example.com\n          ports:\n            - containerPort: 3000\n          readinessProbe:\n            httpGet:\n              path: /up\n              port: 3000\n";

const WEB_DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: harbor-web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/harbor/web:1.0.0\n          command: [bundle, exec, puma, -C, config/puma.rb]\n          ports:\n            - containerPort: 3000\n";

/// (target, files missing the worker and the release step, the file the findings are on,
/// files of a complete config)
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static [(&'static str, &'static str)],
);

const CASES: &[Case] = &[
    (
        "render",
        &[(
            "render.yaml",
            "services:\n  - type: web\n    name: harbor-web\n    runtime: ruby\n    startCommand: bundle exec puma -C config/puma.rb\n",
        )],
        "render.yaml",
        &[(
            "render.yaml",
            "services:\n  - type: web\n    name: harbor-web\n    runtime: ruby\n    startCommand: bundle exec puma -C config/puma.rb\n    healthCheckPath: /up\n    preDeployCommand: bin/rails db:migrate\n    envVars:\n      - key: APP_HOST\n        value: harbor.example.com\n  - type: worker\n    name: harbor-jobs\n    runtime: ruby\n    startCommand: bundle exec sidekiq\n",
        )],
    ),
    (
        "fly",
        &[(
            "fly.toml",
            "app = \"harbor\"\n\n[processes]\n  web = \"bundle exec puma -C config/puma.rb\"\n\n[http_service]\n  internal_port = 3000\n  processes = [\"web\"]\n",
        )],
        "fly.toml",
        &[(
            "fly.toml",
            "app = \"harbor\"\n\n[deploy]\n  release_command = \"bin/rails db:migrate\"\n\n[env]\n  APP_HOST = \"harbor.example.com\"\n\n[processes]\n  web = \"bundle exec puma -C config/puma.rb\"\n  worker = \"bundle exec sidekiq\"\n\n[http_service]\n  internal_port = 3000\n  processes = [\"web\"]\n\n  [[http_service.checks]]\n    path = \"/up\"\n",
        )],
    ),
    (
        "railway",
        &[(
            "railway.json",
            r#"{"deploy": {"startCommand": "bundle exec puma -C config/puma.rb"}}"#,
        )],
        "railway.json",
        &[
            ("migration-manifest.yml", MANIFEST_RAILWAY),
            (
                "railway.json",
                r#"{"deploy": {"startCommand": "bundle exec puma -C config/puma.rb", "healthcheckPath": "/up", "preDeployCommand": ["bin/rails db:migrate"]}}"#,
            ),
            (
                "worker/railway.json",
                r#"{"deploy": {"startCommand": "bundle exec sidekiq"}}"#,
            ),
        ],
    ),
    (
        "kubernetes",
        &[("k8s/web.yaml", WEB_DEPLOYMENT)],
        "k8s/web.yaml",
        &[
            ("k8s/web.yaml", CHECKED_WEB_DEPLOYMENT),
            (
                "k8s/worker.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: harbor-worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: ghcr.io/harbor/web:1.0.0\n          command: [bundle, exec, sidekiq]\n",
            ),
            (
                "k8s/migrate.yaml",
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: harbor-migrate\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: ghcr.io/harbor/web:1.0.0\n          command: [bin/rails, db:migrate]\n",
            ),
        ],
    ),
    (
        "compose",
        &[
            ("migration-manifest.yml", MANIFEST_COMPOSE),
            (
                "docker-compose.yml",
                "services:\n  web:\n    build: .\n    command: bundle exec puma -C config/puma.rb\n    ports: [\"3000:3000\"]\n    healthcheck:\n      test: curl -f http://localhost:3000/healthz\n  db:\n    image: postgres:16\n",
            ),
        ],
        "docker-compose.yml",
        &[
            ("migration-manifest.yml", MANIFEST_COMPOSE),
            (
            "docker-compose.yml",
            "services:\n  migrate:\n    build: .\n    command: bin/rails db:migrate\n  web:\n    build: .\n    command: bundle exec puma -C config/puma.rb\n    environment:\n      APP_HOST: harbor.example.com\n    ports: [\"3000:3000\"]\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:3000/up\"]\n  worker:\n    build: .\n    command: bundle exec sidekiq\n  db:\n    image: postgres:16\n",
            ),
        ],
    ),
];

fn parity_findings(files: &[(&str, &str)]) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    // The case's files come last: a compose case's manifest replaces the common one.
    common::write_tree(
        dir.path(),
        &[
            &[
                ("Procfile", PROCFILE),
                ("migration-manifest.yml", MANIFEST),
                ("config/environments/production.rb", PRODUCTION_RB),
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
fn a_target_missing_the_worker_a_variable_the_release_step_and_the_health_path() {
    for (target, files, on, _) in CASES {
        assert_eq!(
            parity_findings(files),
            [
                ("EG801".to_string(), on.to_string()),
                ("EG802".to_string(), on.to_string()),
                ("EG804".to_string(), on.to_string()),
                ("EG805".to_string(), on.to_string())
            ],
            "{target}"
        );
    }
}

#[test]
fn a_complete_target_raises_nothing() {
    for (target, _, _, files) in CASES {
        assert_eq!(parity_findings(files), [], "{target}");
    }
}

/// A compose file for local development (the app moves elsewhere) is no target: no worker, no
/// release step and no health check there is no finding.
#[test]
fn a_development_compose_file_is_not_a_target() {
    let compose = "services:\n  web:\n    build: .\n    command: bundle exec puma -C config/puma.rb\n    ports: [\"3000:3000\"]\n  db:\n    image: postgres:16\n";
    assert_eq!(parity_findings(&[("docker-compose.yml", compose)]), []);
}
