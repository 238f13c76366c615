//! `migration-contract.json`'s shape: the keys of the seed's template and of `egress
//! inventory`, each with what it must be and what it means.

use super::{Field, MapShape, Shape};

const NAMES: Shape = Shape::List {
    items: &Shape::Text,
    non_empty: false,
};

/// `migration-contract.json`: what the app had on Heroku, as the seed's template writes it. A
/// tool writes it, and may record more than egress reads, so every mapping is open: a key
/// egress does not know is fine unless it looks like a misspelling of one it reads.
pub static CONTRACT: Shape = Shape::Map(&MapShape {
    open: true,
    fields: &[
        Field::new("app", Shape::Text, "The Heroku app's name."),
        Field::new("stack", Shape::Text, "The Heroku stack (heroku-22, ...)."),
        Field::new("region", Shape::Text, "The Heroku region (us, eu)."),
        Field::new(
            "dynos",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: true,
                    fields: &[
                        Field::required(
                            "type",
                            Shape::Text,
                            "The process type (web, worker, release).",
                        ),
                        Field::new("command", Shape::Text, "The command the dyno runs."),
                        Field::new(
                            "quantity",
                            Shape::Number {
                                whole: true,
                                min: 0.0,
                                max: None,
                                checked: false,
                            },
                            "How many dynos run it.",
                        ),
                        Field::new("size", Shape::Text, "The dyno size (standard-1x, ...)."),
                        SOURCES,
                    ],
                }),
                non_empty: false,
            },
            "The process types and their formation.",
        ),
        Field::new(
            "addons",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: true,
                    fields: &[
                        Field::required(
                            "service",
                            Shape::Text,
                            "The add-on service (heroku-postgresql, ...).",
                        ),
                        Field::new("name", Shape::Text, "The add-on's own name."),
                        Field::new("plan", Shape::Text, "The plan (standard-0, ...)."),
                        Field::new("attachments", NAMES, "The config vars the add-on sets."),
                        SOURCES,
                    ],
                }),
                non_empty: false,
            },
            "The add-ons attached to the app.",
        ),
        Field::new(
            "envVars",
            Shape::List {
                items: &Shape::OneOf(&[Shape::Text, Shape::Map(&ENV_VAR)], "a name, or an entry with `name`"),
                non_empty: false,
            },
            "The app's config vars, by name (never values): names, or entries with `name`, `secret`, `shape`, `sources`, `readAt`.",
        ),
        Field::new(
            "scheduledJobs",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: true,
                    fields: &[
                        Field::required("command", Shape::Text, "The command the job runs."),
                        Field::new(
                            "schedule",
                            Shape::Text,
                            "A cron expression (UTC on Heroku).",
                        ),
                        Field::new(
                            "frequency",
                            Shape::Text,
                            "Heroku Scheduler's frequency (every 10 minutes, hourly, daily).",
                        ),
                        Field::new("dyno_size", Shape::Text, "The one-off dyno's size."),
                        Field::new(
                            "source",
                            Shape::Text,
                            "Where the job is defined (heroku-scheduler).",
                        ),
                        SOURCES,
                        Field::new(
                            "target",
                            Shape::Map(&MapShape {
                                open: true,
                                fields: &[
                                    Field::new(
                                        "platform",
                                        Shape::Text,
                                        "The platform the job moves to.",
                                    ),
                                    Field::new(
                                        "timezone",
                                        Shape::Text,
                                        "The zone the job keeps on the target.",
                                    ),
                                ],
                            }),
                            "The job on the target.",
                        ),
                    ],
                }),
                non_empty: false,
            },
            "Heroku Scheduler jobs (they ran in UTC).",
        ),
        Field::new(
            "extensions",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: true,
                    fields: &[
                        Field::required("name", Shape::Text, "The extension."),
                        Field::new(
                            "schema",
                            Shape::Text,
                            "The schema it is installed in (heroku_ext on 2022-23 databases).",
                        ),
                        Field::new("version", Shape::Text, "The installed version."),
                        SOURCES,
                    ],
                }),
                non_empty: false,
            },
            "The extensions of the Heroku database: installed (an export) or enabled by the schema files.",
        ),
        Field::new(
            "schedules",
            Shape::List { non_empty: false, items: &Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::required("kind", Shape::Text, "What schedules it (crontab entry, Kubernetes CronJob, ...)."),
                    Field::required("schedule", Shape::Text, "The schedule as written."),
                    Field::new("command", Shape::Text, "The job's command or name."),
                    Field::new("zone", Shape::Text, "The zone it runs in: the one it names, else UTC, host or undocumented."),
                    SOURCES,
                ],
            })},
            "The repository's own scheduled jobs (not Heroku Scheduler's: those are `scheduledJobs`).",
        ),
        Field::new(
            "runtimes",
            Shape::List { non_empty: false, items: &Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::required("runtime", Shape::Text, "The runtime (Ruby, Node.js, Python, ...)."),
                    Field::required("version", Shape::Text, "The version as pinned."),
                    SOURCES,
                ],
            })},
            "Runtime versions the repository pins.",
        ),
        Field::new(
            "health",
            Shape::List { non_empty: false, items: &Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::required("probe", Shape::Text, "The path or command checked."),
                    SOURCES,
                ],
            })},
            "Health checks the platform configs declare.",
        ),
        Field::new(
            "release",
            Shape::List { non_empty: false, items: &Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::required("command", Shape::Text, "The command that runs before a release goes live."),
                    SOURCES,
                ],
            })},
            "Release steps (Heroku's `release` process type, pre-deploy commands).",
        ),
    ],
});

const SOURCES: Field = Field::new(
    "sources",
    NAMES,
    "Where the entry came from: `path:line` in the repository, or a Heroku CLI export (`heroku ps --json`).",
);

/// An `envVars` entry of `egress inventory`.
static ENV_VAR: MapShape = MapShape {
    open: true,
    fields: &[
        Field::required("name", Shape::Text, "The config var's name."),
        Field::new("secret", Shape::Flag, "The name or the value looks like a credential."),
        Field::new("shape", Shape::Text, "What the value looks like: postgres-url, redis-url, url, number, bool, string."),
        Field::new("sources", NAMES, "Where the Heroku side declares it (app.json, an env file, an export); empty when only code reads it or only the target sets it."),
        Field::new("readAt", NAMES, "Code that reads it (one place per file)."),
        Field::new("targetAt", NAMES, "The target's configs that set it (one place per file)."),
    ],
};

#[cfg(test)]
mod tests {
    use super::super::{json_schema, validate};
    use super::*;
    use crate::parse::json as jsonp;
    use serde_json::json;

    fn errors(text: &str) -> Vec<(String, String)> {
        let root = jsonp::parse(text, false).unwrap();
        validate(0, text, &root, &CONTRACT, "migration-contract.json")
            .into_iter()
            .map(|e| (e.key, e.message))
            .collect()
    }

    #[test]
    fn contract_keys_types_and_required_entries() {
        assert!(errors(r#"{"app": "x", "dynos": [{"type": "web", "quantity": 2}], "extensions": [{"name": "citext", "schema": "heroku_ext"}]}"#).is_empty());
        assert_eq!(
            errors(
                r#"{"dyno": [], "envVars": "DATABASE_URL", "extensions": [{"nmae": "citext"}, {"schema": "public"}], "dynos": [{"type": "web", "quantity": "two"}]}"#
            ),
            [
                (
                    "dyno".into(),
                    "`dyno` is not a key egress reads (did you mean `dynos`?)".into()
                ),
                (
                    "envVars".into(),
                    "must be a list, not a single value".into()
                ),
                (
                    "extensions[0].nmae".into(),
                    "`nmae` in `extensions[0]` is not a key egress reads (did you mean `name`?)"
                        .into()
                ),
                (
                    "extensions[1].name".into(),
                    "`extensions[1]` has no `name`".into()
                ),
                (
                    "dynos[0].quantity".into(),
                    "\"two\" is not a whole number (0 or more)".into()
                ),
            ]
        );
        // `egress inventory`'s entries beside plain names.
        assert!(errors(r#"{"envVars": ["A", {"name": "B", "secret": true, "shape": "url", "sources": ["heroku config --json"], "readAt": [], "targetAt": []}]}"#).is_empty());
        assert_eq!(
            errors(r#"{"envVars": [{"name": "B", "secret": "yes"}, {"secret": false}]}"#),
            [
                (
                    "envVars[0].secret".into(),
                    "must be true or false, not \"yes\"".into()
                ),
                (
                    "envVars[1].name".into(),
                    "`envVars[1]` has no `name`".into()
                ),
            ]
        );
        // Keys a tool records beyond what egress reads are fine.
        assert!(errors(r#"{"app": "x", "pipeline": "ledgerly", "addons": [{"service": "scheduler", "plan": "standard", "billing_entity": "team"}]}"#).is_empty());
        assert_eq!(
            errors("[1]"),
            [(
                "(root)".into(),
                "migration-contract.json must be a mapping".into()
            )]
        );
    }

    #[test]
    fn open_mappings_report_only_near_misses() {
        static OPEN: Shape = Shape::Map(&MapShape {
            open: true,
            fields: &[Field::new(
                "dns_ttl_seconds",
                Shape::Number {
                    whole: true,
                    min: 0.0,
                    max: None,
                    checked: true,
                },
                "",
            )],
        });
        for (key, reported) in [
            ("dns_ttl_second", true),
            ("dns_ttl", true),
            ("dns_ttl_minutes", true),
            ("ttl_seconds", true),
            ("owner", false),
            ("dns_ttl_seconds_before", false),
            ("rollback_plan", false),
        ] {
            let text = format!("{{\"{key}\": 1}}");
            let root = jsonp::parse(&text, false).unwrap();
            let e = validate(0, &text, &root, &OPEN, "x");
            assert_eq!(e.len(), usize::from(reported), "{key}: {e:?}");
        }
    }

    #[test]
    fn json_schema_of_the_contract() {
        let s = json_schema(&CONTRACT);
        assert!(s["additionalProperties"].is_null());
        assert_eq!(
            s["properties"]["dynos"]["items"]["required"],
            json!(["type"])
        );
        assert_eq!(
            s["properties"]["dynos"]["items"]["properties"]["quantity"],
            json!({"type": "integer", "minimum": 0, "description": "How many dynos run it."})
        );
    }
}
