//! The manifest's schema: every key, its shape and what it means. The parser (`super`) checks
//! a manifest against it, and `egress schema manifest` prints it for editors.

use super::{BACKOFF_RANGE, MAX_RETRIES, MAX_TTL, TIMEOUT_RANGE};
use crate::shape::{Field, MapShape, Shape};

const URL_DOC: &str = "A URL; ${VAR} and ${VAR:-default} are expanded from the environment.";

/// Every key of the manifest and what its value must be: unknown keys, wrong types, a
/// `health_endpoint` that is not a path and an empty `row_count_tables` are errors
/// ([`Manifest::parse`]); `egress schema manifest` prints it for editors. Numbers are checked
/// by the parser below, which needs their values.
pub static SCHEMA: Shape = Shape::Map(&MapShape {
    open: false,
    fields: &[
        Field::new(
            "source",
            Shape::Map(&MapShape {
                open: false,
                fields: &[
                    Field::new(
                        "platform",
                        Shape::Text,
                        "The platform the app leaves (heroku).",
                    ),
                    Field::new("app", Shape::Text, "The app's name there."),
                    Field::new("db_url", Shape::Text, URL_DOC),
                    Field::new(
                        "extensions",
                        Shape::List {
                            items: &Shape::Text,
                            non_empty: false,
                        },
                        "The extensions the app needs (names).",
                    ),
                ],
            }),
            "The app as it runs today.",
        ),
        Field::new(
            "target",
            Shape::Map(&MapShape {
                open: false,
                fields: &[
                    Field::new(
                        "platform",
                        Shape::Text,
                        "render, railway, fly, kubernetes, dokku, ...",
                    ),
                    Field::new("app", Shape::Text, "The app's name there."),
                    Field::new("url", Shape::Text, URL_DOC),
                    Field::new("db_url", Shape::Text, URL_DOC),
                    Field::new(
                        "timezone",
                        Shape::Text,
                        "IANA zone the scheduled jobs keep (Heroku: UTC).",
                    ),
                    Field::new(
                        "process_type_env",
                        Shape::Text,
                        "Variable that replaces DYNO (default PROCESS_TYPE).",
                    ),
                    Field::new(
                        "variables",
                        Shape::List {
                            items: &Shape::Text,
                            non_empty: false,
                        },
                        "Names of the variables set on the target outside the repository (fly secrets, Railway's variables, an external Secret): never values.",
                    ),
                ],
            }),
            "Where the app moves.",
        ),
        Field::new(
            "verification",
            Shape::Map(&MapShape {
                open: false,
                fields: &[
                    Field::new(
                        "health_endpoint",
                        Shape::Path,
                        "Path appended to target.url (starts with /).",
                    ),
                    Field::new(
                        "health",
                        Shape::Map(&MapShape {
                            open: false,
                            fields: &[
                                Field::new(
                                    "retries",
                                    Shape::Number {
                                        whole: true,
                                        min: 0.0,
                                        max: Some(MAX_RETRIES as f64),
                                        checked: true,
                                    },
                                    "Extra attempts after the first.",
                                ),
                                Field::new(
                                    "backoff_seconds",
                                    Shape::Number {
                                        whole: false,
                                        min: BACKOFF_RANGE.0,
                                        max: Some(BACKOFF_RANGE.1),
                                        checked: true,
                                    },
                                    "First wait, doubled each retry.",
                                ),
                                Field::new(
                                    "timeout_seconds",
                                    Shape::Number {
                                        whole: false,
                                        min: TIMEOUT_RANGE.0,
                                        max: Some(TIMEOUT_RANGE.1),
                                        checked: true,
                                    },
                                    "Per-try timeout.",
                                ),
                            ],
                        }),
                        "The health check's retry policy.",
                    ),
                    Field::new(
                        "row_count_tables",
                        Shape::OneOf(
                            &[
                                Shape::Word("all"),
                                Shape::List {
                                    items: &Shape::OneOf(
                                        &[
                                            Shape::Text,
                                            Shape::Map(&MapShape {
                                                open: false,
                                                fields: &[
                                                    Field::required(
                                                        "table",
                                                        Shape::Text,
                                                        "The table (schema.table allowed).",
                                                    ),
                                                    Field::new(
                                                        "expected",
                                                        Shape::Number {
                                                            whole: true,
                                                            min: 0.0,
                                                            max: None,
                                                            checked: true,
                                                        },
                                                        "The row count it must have.",
                                                    ),
                                                ],
                                            }),
                                        ],
                                        "a table name or `{table: NAME, expected: ROWS}`",
                                    ),
                                    non_empty: true,
                                },
                            ],
                            "`all` or a list of tables",
                        ),
                        "Tables whose rows are counted on both sides.",
                    ),
                    Field::new(
                        "webhook_providers",
                        Shape::List {
                            items: &Shape::Text,
                            non_empty: false,
                        },
                        "Providers whose webhooks move (stripe, github, sendgrid).",
                    ),
                ],
            }),
            "What `egress verify` checks.",
        ),
        Field::new(
            "webhook_providers",
            Shape::List {
                items: &Shape::Text,
                non_empty: false,
            },
            "Providers whose webhooks move (stripe, github, sendgrid).",
        ),
        Field::new(
            "webhooks",
            Shape::List {
                items: &Shape::Map(&MapShape {
                    open: false,
                    fields: &[
                        Field::new(
                            "provider",
                            Shape::Text,
                            "stripe, github, sendgrid; anything else is a generic HMAC receiver.",
                        ),
                        Field::new("current_url", Shape::Text, URL_DOC),
                        Field::new("new_url", Shape::Text, URL_DOC),
                        Field::new(
                            "secret",
                            Shape::Text,
                            "Use ${VAR}: never write a secret into the manifest.",
                        ),
                        Field::new("repo", Shape::Text, "owner/repo for GitHub's hook list."),
                        Field::new("api_base", Shape::Text, URL_DOC),
                    ],
                }),
                non_empty: false,
            },
            "Webhook endpoints to re-point and test.",
        ),
        Field::new(
            "cutover",
            Shape::Map(&MapShape {
                open: true,
                fields: &[
                    Field::new(
                        "maintenance_window",
                        Shape::Text,
                        "When traffic moves (ISO 8601).",
                    ),
                    Field::new(
                        "dns_ttl_seconds",
                        Shape::Number {
                            whole: true,
                            min: 0.0,
                            max: Some(MAX_TTL as f64),
                            checked: true,
                        },
                        "The TTL of the records that move (EG603: at most 300).",
                    ),
                    Field::new("rollback", Shape::Text, "How to go back."),
                ],
            }),
            "The team's cutover plan: any keys; those egress reads are checked.",
        ),
    ],
});
