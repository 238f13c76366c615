//! The shape of a rule file (`.egress/rules/*.yml`, and the built-ins written in the same
//! format): what `load` validates before it reads a value, so an unknown key is an error
//! naming the closest one, and what `egress schema rule` prints for editors.

use crate::shape::{Field, MapShape, Shape};

const TEXTS: Shape = Shape::List {
    items: &Shape::Text,
    non_empty: true,
};

/// One value or a list of them (`paths: "config/**"` or `paths: [a, b]`).
const ONE_OR_MORE: Shape = Shape::OneOf(&[Shape::Text, TEXTS], "a value or a list of values");

const EXAMPLE: Shape = Shape::Map(&MapShape {
    open: false,
    fields: &[
        Field::new(
            "file",
            Shape::Text,
            "The example's path (it decides how the file is read).",
        ),
        Field::new("code", Shape::Text, "The file's text."),
        Field::new(
            "line",
            Shape::Number {
                whole: true,
                min: 1.0,
                max: None,
                checked: false,
            },
            "The line a bad example fires at.",
        ),
        Field::new(
            "files",
            Shape::Map(&MapShape {
                open: true,
                fields: &[],
            }),
            "Several files: path to text (the first, or `file`, is the one that must fire).",
        ),
        Field::new(
            "fixed",
            Shape::Text,
            "The target file's text after the fixes.",
        ),
        Field::new(
            "fixed_files",
            Shape::Map(&MapShape {
                open: true,
                fields: &[],
            }),
            "Files the fix writes: path to text.",
        ),
        Field::new("removed", TEXTS, "Files the fix removes."),
    ],
});

const EXAMPLES: Shape = Shape::List {
    items: &EXAMPLE,
    non_empty: false,
};

/// `match:` — the kinds of matcher are told apart by their keys (`regex`, `path-query`, or a
/// fact key); `load` checks that exactly one kind is given.
const MATCH: Shape = Shape::Map(&MapShape {
    open: false,
    fields: &[
        Field::new("regex", Shape::Text, "Text matcher: a regular expression (Rust `regex` syntax); named groups can be used in `message` and `fix`."),
        Field::new("not-regex", Shape::Text, "Drop a match when this also matches the line it is on."),
        Field::new("in", ONE_OR_MORE, "Where a text match may start: code, comments, strings or any (default: code and strings). In data files (YAML, JSON, TOML, env) everything outside comments is code and strings."),
        Field::new("paths", ONE_OR_MORE, "Only files matching these globs (relative to the project folder). Needed to match Markdown and other files egress does not read."),
        Field::new("not-paths", ONE_OR_MORE, "Never files matching these globs."),
        Field::new("files", ONE_OR_MORE, "Structured matcher: the YAML, JSON or TOML files to query (globs)."),
        Field::new("path-query", Shape::Text, "Structured matcher: the nodes to test (`services[*].plan`, `jobs.*.steps[0]`)."),
        Field::new("equals", Shape::Text, "Structured matcher: report nodes whose value is this."),
        Field::new("matches", Shape::Text, "Structured matcher: report nodes whose value matches this regular expression."),
        Field::new("absent", Shape::Flag, "Structured matcher: report where the last key of the query is missing (at its parent)."),
        Field::new("env-read", TEXTS, "Fact matcher: code, scripts or start commands read one of these environment variables."),
        Field::new(
            "connection",
            Shape::Map(&MapShape {
                open: false,
                fields: &[
                    Field::new("host", Shape::Text, "A regular expression the host must match (`localhost` and templated hosts never match)."),
                    Field::new("sslmode", Shape::Text, "absent (no TLS setting anywhere), weak (one that allows plain text), set, or any."),
                ],
            }),
            "Fact matcher: PostgreSQL connection strings and configs.",
        ),
        Field::new(
            "schedule",
            Shape::Map(&MapShape {
                open: false,
                fields: &[
                    Field::new("expression", Shape::Text, "A regular expression the schedule (`0 3 * * *`) must match."),
                    Field::new("command", Shape::Text, "A regular expression the job's name or command must match."),
                    Field::new("timezone", Shape::Text, "absent (no zone stated), or a regular expression the stated zone must match."),
                ],
            }),
            "Fact matcher: cron jobs and scheduler entries.",
        ),
        Field::new(
            "process",
            Shape::Map(&MapShape {
                open: false,
                fields: &[
                    Field::new("name", Shape::Text, "A regular expression the process type must match."),
                    Field::new("command", Shape::Text, "A regular expression the command must match."),
                ],
            }),
            "Fact matcher: process types (Procfile, app.json, platform configs).",
        ),
        Field::new(
            "runtime",
            Shape::Map(&MapShape {
                open: false,
                fields: &[
                    Field::new("language", Shape::Text, "ruby, python, node, go, java, php, elixir, ..."),
                    Field::new("version", Shape::Text, "A regular expression the pinned version must match."),
                ],
            }),
            "Fact matcher: runtime version pins.",
        ),
        Field::new("extension", TEXTS, "Fact matcher: PostgreSQL extensions the schema or migrations enable."),
        Field::new("include-tests", Shape::Flag, "Also report in test code, fixtures and examples (default false, as the built-ins)."),
        Field::new("unless-target", TEXTS, "Stay quiet for apps whose migration manifest names one of these `target.platform`s."),
    ],
});

const FIX: Shape = Shape::Map(&MapShape {
    open: false,
    fields: &[
        Field::required("replace", Shape::Text, "The text that replaces the match (or the node's value); may use `{match}` and named groups."),
        Field::new("applicability", Shape::Text, "safe (applied by --fix) or unsafe (needs --unsafe-fixes); default unsafe."),
        Field::new("description", Shape::Text, "What the fix does, for the report."),
    ],
});

/// A rule file. Built-in files carry more keys (`category`, `status`, `live`), which custom
/// rules may set too.
pub static RULE: Shape = Shape::Map(&MapShape {
    open: false,
    fields: &[
        Field::required("id", Shape::Text, "2 to 8 capital letters, then digits (ACME001); never EG."),
        Field::required("name", Shape::Text, "kebab-case, unique (legacy-bucket-name)."),
        Field::new("aliases", Shape::List { items: &Shape::Text, non_empty: false }, "Other names --select accepts."),
        Field::new("tags", Shape::List { items: &Shape::Text, non_empty: false }, "`security` ranks it in GitHub code scanning."),
        Field::new("category", Shape::Text, "Free text for custom rules (default custom)."),
        Field::required("severity", Shape::Text, "error, warning or info."),
        Field::new("status", Shape::Text, "stable (default), preview (runs only when selected) or deprecated."),
        Field::new("fix", Shape::OneOf(&[Shape::Text, FIX], "none, safe, unsafe or sometimes, or a mapping with `replace`"), "A replacement (`replace`, `applicability`), or for built-ins the kind of fix the rule's code makes."),
        Field::new("live", Shape::Flag, "Built-ins only: a check of `egress verify`."),
        Field::required("summary", Shape::Text, "One line: what the rule finds."),
        Field::new("why", Shape::Text, "Why it matters (egress explain)."),
        Field::new("how_to_fix", Shape::Text, "How to fix it (egress explain)."),
        Field::new("message", Shape::Text, "The finding's message (default: the summary); may use {match}, named groups, and the fact's fields."),
        Field::new("label", Shape::Text, "Text under the highlighted span."),
        Field::new("help", Shape::Text, "One line of advice under the finding."),
        Field::new("match", MATCH, "What the rule matches: text, a structured query, or facts egress extracts."),
        Field::new(
            "examples",
            Shape::Map(&MapShape {
                open: false,
                fields: &[
                    Field::new("bad", EXAMPLES, "Files the rule must fire on (at `line`)."),
                    Field::new("good", EXAMPLES, "Files the rule must stay silent on."),
                ],
            }),
            "Run by `egress test-rules`.",
        ),
        Field::new("examples_tested_in", Shape::Text, "Built-ins only: the test that provokes a rule no file can show."),
    ],
});
