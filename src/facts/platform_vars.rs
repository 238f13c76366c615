//! The variables Heroku injects, one table: every name egress watches for, with what injects
//! it. Env-read extraction records reads of these names (and of patterns such as
//! `HEROKU_POSTGRESQL_<COLOR>_URL`); the rules EG104, EG106, EG107, EG201 and EG202 are
//! filters over those reads and this table.

/// What kind of Heroku-injected variable a name is: the rule that cares about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    /// `DYNO` (EG201).
    Dyno,
    /// Dyno metadata, review-app and Heroku CI variables (EG202).
    DynoMetadata,
    /// `HEROKU_POSTGRESQL_<COLOR>_URL`, a follower or second database (EG104).
    FollowerUrl,
    /// A variable an add-on injects and nothing else sets (EG107).
    AddOn,
    /// `REDIS_TLS_URL`, the TLS URL of a Heroku Redis mini plan (EG106).
    RedisTls,
}

/// A watched name: its kind and what injects it, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlatformVar {
    pub kind: VarKind,
    pub injected_by: &'static str,
}

const METADATA: &str = "the `runtime-dyno-metadata` labs feature";
const REVIEW: &str = "Heroku review apps";
const HEROKU_CI: &str = "Heroku CI test runs";

/// Exact names (sources in the YAML of each rule and in FIELD-NOTES §3, §6, §11).
const EXACT: &[(&str, VarKind, &str)] = &[
    ("DYNO", VarKind::Dyno, "every Heroku dyno"),
    ("HEROKU_APP_ID", VarKind::DynoMetadata, METADATA),
    ("HEROKU_APP_NAME", VarKind::DynoMetadata, METADATA),
    (
        "HEROKU_APP_DEFAULT_DOMAIN_NAME",
        VarKind::DynoMetadata,
        METADATA,
    ),
    ("HEROKU_DYNO_ID", VarKind::DynoMetadata, METADATA),
    ("HEROKU_RELEASE_CREATED_AT", VarKind::DynoMetadata, METADATA),
    ("HEROKU_RELEASE_VERSION", VarKind::DynoMetadata, METADATA),
    ("HEROKU_SLUG_COMMIT", VarKind::DynoMetadata, METADATA),
    ("HEROKU_SLUG_DESCRIPTION", VarKind::DynoMetadata, METADATA),
    (
        "HEROKU_BUILD_COMMIT",
        VarKind::DynoMetadata,
        "the `runtime-dyno-build-metadata` labs feature",
    ),
    ("HEROKU_BRANCH", VarKind::DynoMetadata, REVIEW),
    ("HEROKU_PR_NUMBER", VarKind::DynoMetadata, REVIEW),
    (
        "KAFKA_PREFIX",
        VarKind::AddOn,
        "Apache Kafka on Heroku (multi-tenant plans)",
    ),
    (
        "KAFKA_TRUSTED_CERT",
        VarKind::AddOn,
        "Apache Kafka on Heroku",
    ),
    (
        "KAFKA_CLIENT_CERT",
        VarKind::AddOn,
        "Apache Kafka on Heroku",
    ),
    (
        "KAFKA_CLIENT_CERT_KEY",
        VarKind::AddOn,
        "Apache Kafka on Heroku",
    ),
    (
        "DATABASE_CONNECTION_POOL_URL",
        VarKind::AddOn,
        "Heroku Postgres server-side connection pooling",
    ),
    (
        "REDIS_TLS_URL",
        VarKind::RedisTls,
        "Heroku Redis (mini plans)",
    ),
];

/// The Heroku-injected variable `name` is, if any.
pub fn platform_var(name: &str) -> Option<PlatformVar> {
    if let Some((_, kind, by)) = EXACT.iter().find(|(n, _, _)| *n == name) {
        return Some(PlatformVar {
            kind: *kind,
            injected_by: by,
        });
    }
    if name.starts_with("HEROKU_TEST_RUN_") && name.len() > "HEROKU_TEST_RUN_".len() {
        return Some(PlatformVar {
            kind: VarKind::DynoMetadata,
            injected_by: HEROKU_CI,
        });
    }
    if colour_url(name, "HEROKU_POSTGRESQL_") {
        return Some(PlatformVar {
            kind: VarKind::FollowerUrl,
            injected_by: "Heroku Postgres (a follower or an added database)",
        });
    }
    if colour_url(name, "HEROKU_REDIS_") {
        return Some(PlatformVar {
            kind: VarKind::AddOn,
            injected_by: "Heroku Key-Value Store (an added Redis instance)",
        });
    }
    None
}

/// Whether `name` is a variable only Heroku injects (the rules of `VarKind` speak for it).
pub fn is_watched_var(name: &str) -> bool {
    platform_var(name).is_some()
}

/// `<prefix><COLOR>_URL`, the colour one upper-case word (`HEROKU_POSTGRESQL_CHARCOAL_URL`).
fn colour_url(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix("_URL"))
        .is_some_and(|colour| !colour.is_empty() && colour.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Variables Heroku's buildpacks set on every dyno, and which the app then reads even with a
/// default: off Heroku the default is what runs (FIELD-NOTES §3, §11).
pub const BUILDPACK_VARS: &[(&str, &str)] = &[
    (
        "WEB_CONCURRENCY",
        "the buildpacks set it from the dyno size",
    ),
    (
        "FORWARDED_ALLOW_IPS",
        "the Python buildpack sets it so gunicorn trusts X-Forwarded-Proto",
    ),
    ("RAILS_SERVE_STATIC_FILES", "the Ruby buildpack sets it"),
    ("RAILS_LOG_TO_STDOUT", "the Ruby buildpack sets it"),
    ("NODE_ENV", "the Node.js buildpack sets it to production"),
    ("JDBC_DATABASE_URL", "the Java buildpack sets it"),
    ("JAVA_TOOL_OPTIONS", "the Java buildpack sets it"),
];

/// What Heroku or its buildpacks set that the app may read with a default (a clause: who sets
/// it): the buildpack's variables, and the URLs Heroku Postgres and Heroku Redis attach.
pub fn heroku_provides(name: &str) -> Option<&'static str> {
    match name {
        "DATABASE_URL" => return Some("Heroku Postgres attaches it"),
        // Read with a localhost default more often than not: off Heroku the default connects.
        "REDIS_URL" => return Some("Heroku Key-Value Store (Heroku Redis) attaches it"),
        _ => {}
    }
    BUILDPACK_VARS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, by)| *by)
}

/// Variables a target platform (or any container runtime) sets by itself (FIELD-NOTES §3):
/// the code may read them without the target's config naming them. Fly.io does not set `PORT`.
pub fn target_provides(origin: super::Origin, name: &str) -> bool {
    use super::Origin;
    const ANY: &[&str] = &[
        "HOME", "PATH", "HOSTNAME", "USER", "PWD", "LANG", "SHELL", "TERM", "TMPDIR",
    ];
    if ANY.contains(&name) {
        return true;
    }
    match origin {
        Origin::RenderYaml => {
            name == "PORT"
                || name == "RENDER"
                || name == "IS_PULL_REQUEST"
                || name.starts_with("RENDER_")
        }
        Origin::Railway => name == "PORT" || name.starts_with("RAILWAY_"),
        Origin::FlyToml => name.starts_with("FLY_") || name == "PRIMARY_REGION",
        // `<SERVICE>_SERVICE_HOST` and `_PORT` for every Service in the namespace.
        Origin::Kubernetes => {
            name.starts_with("KUBERNETES_")
                || name.ends_with("_SERVICE_HOST")
                || name.ends_with("_SERVICE_PORT")
        }
        _ => false,
    }
}

/// Literals whose absence from a text proves it names no watched variable (the prefilter).
pub const WATCHED_LITERALS: &[&str] = &[
    "DYNO",
    "HEROKU_",
    "KAFKA_",
    "DATABASE_CONNECTION_POOL_URL",
    "REDIS_TLS_URL",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_patterns() {
        let kind = |n: &str| platform_var(n).map(|v| v.kind);
        assert_eq!(kind("DYNO"), Some(VarKind::Dyno));
        assert_eq!(kind("HEROKU_APP_NAME"), Some(VarKind::DynoMetadata));
        assert_eq!(kind("HEROKU_TEST_RUN_ID"), Some(VarKind::DynoMetadata));
        assert_eq!(
            kind("HEROKU_POSTGRESQL_CHARCOAL_URL"),
            Some(VarKind::FollowerUrl)
        );
        assert_eq!(kind("HEROKU_REDIS_MAROON_URL"), Some(VarKind::AddOn));
        assert_eq!(kind("REDIS_TLS_URL"), Some(VarKind::RedisTls));
        for other in [
            "HEROKU_API_KEY",
            "HEROKU_APP",
            "HEROKU_APP_NAME_PREFIX",
            "HEROKU_TEST_RUN_",
            "HEROKU_POSTGRESQL__URL",
            "HEROKU_POSTGRESQL_RED_URL_2",
            "HEROKU_POSTGRESQL_red_URL",
            "KAFKA_URL",
            "DYNO_COUNT",
            "REDIS_URL",
        ] {
            assert_eq!(kind(other), None, "{other}");
        }
    }

    #[test]
    fn every_watched_name_holds_a_literal() {
        for (n, _, _) in EXACT {
            assert!(WATCHED_LITERALS.iter().any(|l| n.contains(l)), "{n}");
        }
    }
}
