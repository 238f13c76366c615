//! EG302 schema-extension-undeclared: the schema enables an extension the manifest's
//! `source.extensions` does not list (the static counterpart of the live EG906).

use std::collections::BTreeMap;

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, ExtOrigin, ExtensionEnabled};
use crate::source::{FileId, Loc, Span};

pub struct SchemaExtensionUndeclared;

/// Built in to every database: never needs listing.
const BUILT_IN: &[&str] = &["plpgsql"];

/// Where the schema is best seen: a dump or schema file, then a migration, then the contract.
fn rank(e: &ExtensionEnabled) -> u8 {
    match e.origin {
        ExtOrigin::RailsSchema | ExtOrigin::Sql => 0,
        ExtOrigin::Migration => 1,
        ExtOrigin::Contract => 2,
    }
}

impl Rule for SchemaExtensionUndeclared {
    fn id(&self) -> RuleId {
        RuleId::EG302
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        // One finding per manifest and extension, at its best place; the others are related.
        let mut undeclared: BTreeMap<(FileId, &str), Vec<&ExtensionEnabled>> = BTreeMap::new();
        for e in &c.facts.extensions_enabled {
            if BUILT_IN.contains(&e.name.as_str()) || c.in_test_code(e.at) {
                continue;
            }
            let Some(m) = c.manifest_for(c.dir_of(e.at)) else {
                continue;
            };
            let listed = m
                .source_extensions
                .iter()
                .any(|d| d.value.trim().eq_ignore_ascii_case(&e.name));
            if !listed {
                undeclared.entry((m.file, &e.name)).or_default().push(e);
            }
        }
        let mut out = Vec::new();
        for ((manifest, name), mut places) in undeclared {
            places.sort_by(|a, b| {
                (rank(a), &c.file(a.at.file).path, a.at.span.start).cmp(&(
                    rank(b),
                    &c.file(b.at.file).path,
                    b.at.span.start,
                ))
            });
            let m = c
                .facts
                .manifests
                .iter()
                .find(|m| m.file == manifest)
                .expect("the manifest of a group");
            let key = m.extensions_key.unwrap_or(Loc {
                file: manifest,
                span: Span::new(0, 0),
            });
            let first = places[0];
            let mut f = Finding::new(
                RuleId::EG302,
                first.at,
                format!("`{name}` is enabled by the schema but not listed in the manifest's source.extensions"),
            )
            .label("not in source.extensions")
            .help(format!(
                "add `{name}` to source.extensions so the target is checked for it (`egress verify`, EG901/EG903)"
            ))
            .related(key, format!("source.extensions does not list `{name}`"));
            for other in &places[1..] {
                f = f.related(other.at, format!("`{name}` is also enabled here"));
            }
            out.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    const MANIFEST: &str = "source:\n  extensions: [citext]\ntarget:\n  timezone: UTC\n";

    #[test]
    fn one_finding_per_extension_at_the_schema_with_the_manifest_related() {
        let f = findings(
            RuleId::EG302,
            &[
                ("migration-manifest.yml", MANIFEST),
                (
                    "db/schema.rb",
                    "ActiveRecord::Schema[7.1].define(version: 1) do\n  enable_extension \"plpgsql\"\n  enable_extension \"citext\"\n  enable_extension \"hstore\"\nend\n",
                ),
                ("db/migrate/1_hstore.rb", "enable_extension 'hstore'\n"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.starts_with("`hstore` is enabled"));
        assert_eq!(f[0].related.len(), 2);
        assert!(f[0].related[0].message.contains("source.extensions"));
    }

    #[test]
    fn no_manifest_or_listed_or_test_code_is_silent() {
        let schema = (
            "db/structure.sql",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n",
        );
        assert_clean(RuleId::EG302, &[schema]);
        assert_clean(
            RuleId::EG302,
            &[
                (
                    "migration-manifest.yml",
                    "source:\n  extensions: [PG_TRGM]\n",
                ),
                schema,
            ],
        );
        assert_clean(
            RuleId::EG302,
            &[
                ("migration-manifest.yml", MANIFEST),
                ("spec/fixtures/structure.sql", "CREATE EXTENSION hstore;\n"),
            ],
        );
        // A manifest in another app does not govern this one.
        assert_clean(
            RuleId::EG302,
            &[
                ("billing/migration-manifest.yml", MANIFEST),
                ("api/db/structure.sql", "CREATE EXTENSION hstore;\n"),
            ],
        );
    }

    #[test]
    fn a_manifest_without_extensions_points_at_its_start() {
        let f = findings(
            RuleId::EG302,
            &[
                ("migration-manifest.yml", "target:\n  timezone: UTC\n"),
                ("db/structure.sql", "CREATE EXTENSION pg_trgm;\n"),
            ],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].related[0].at.span.start, 0);
    }
}
