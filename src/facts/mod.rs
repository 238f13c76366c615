//! facts: what extractors record and rules read. Every fact carries the file and byte span it
//! came from (`Located`); the set of all facts of a run is its `Contract`.
//!
//! Fact types live in one file per domain. They are declared once, in the `facts!` table
//! below, which generates the per-file storage (`Facts`) with its `is_empty`, `append` and
//! location rewriting: adding a fact type is its struct plus one line here, and no list of
//! fields can drift from another.

use crate::source::{FileId, Loc, Span};

/// A fact's locations, for the storage to rewrite (file ids, spans snapped to the text).
pub trait Located {
    /// Call `f` on every location of the fact.
    fn locs(&mut self, f: &mut dyn FnMut(&mut Loc));
    /// Point the fact at file `id` (facts that also record their file override this).
    fn set_file(&mut self, id: FileId) {
        self.locs(&mut |at| at.file = id);
    }
}

/// `Located` for facts with a single `at: Loc`.
macro_rules! impl_located {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::facts::Located for $t {
            fn locs(&mut self, f: &mut dyn FnMut(&mut $crate::source::Loc)) {
                f(&mut self.at);
            }
        }
    )*};
}

mod addons;
mod automation;
mod builds;
mod connections;
mod contract;
mod cron_times;
mod env;
mod extensions;
mod hosts;
mod manifest;
mod platform_vars;
mod policies;
mod problems;
mod processes;
mod runtimes;
mod schedules;
mod secrets;
mod suppressions;
mod versions;

pub use addons::*;
pub use automation::*;
pub use builds::*;
pub use connections::*;
pub use contract::*;
pub use cron_times::*;
pub use env::*;
pub use extensions::*;
pub use hosts::*;
pub use manifest::*;
pub use platform_vars::*;
pub use policies::*;
pub use problems::*;
pub use processes::*;
pub use runtimes::*;
pub use schedules::*;
pub use secrets::*;
pub use suppressions::*;
pub use versions::*;

/// The fact types, each with the field that stores it in `Facts`.
macro_rules! facts {
    ($($(#[$doc:meta])* $field:ident: $t:ty,)*) => {
        /// Everything extracted from one file (and, merged, from a run).
        #[derive(Debug, Default, Clone)]
        pub struct Facts {
            $($(#[$doc])* pub $field: Vec<$t>,)*
            /// Byte ranges that hold secrets: reports blank them out of every snippet. Not a
            /// fact: a file with secrets and nothing else is not kept.
            pub secrets: Vec<Span>,
        }

        impl Facts {
            /// Whether no fact was found (secrets do not count).
            pub fn is_empty(&self) -> bool {
                true $(&& self.$field.is_empty())*
            }

            /// Move every fact of `other` in.
            pub fn append(&mut self, mut other: Facts) {
                $(self.$field.append(&mut other.$field);)*
            }

            /// Point every fact at file `id`. Extraction runs before files have their final
            /// ids (files are numbered in path order once the parallel walk is done).
            pub fn set_file(&mut self, id: FileId) {
                $(self.$field.iter_mut().for_each(|x| x.set_file(id));)*
            }

            /// Every location of every fact, to rewrite in place.
            pub fn each_loc(&mut self, f: &mut dyn FnMut(&mut Loc)) {
                $(self.$field.iter_mut().for_each(|x| x.locs(f));)*
            }
        }
    };
}

facts! {
    services: Service,
    pre_deploys: PreDeploy,
    health_checks: HealthCheck,
    app_markers: AppMarker,
    /// How platform files say services are built.
    builds: BuildSpec,
    /// Shell that CI pipelines and builds run.
    shell_commands: ShellCommand,
    /// Files that tell an app root's language.
    manifests_lang: LanguageManifest,
    pins: RuntimePin,
    frameworks: AppFramework,
    connections: ConnectionString,
    sslmode_settings: SslModeSetting,
    env_reads: EnvRead,
    env_decls: EnvDecl,
    /// Every variable the code reads (second look: inventory and parity only).
    env_uses: EnvUse,
    /// Variables a target config takes from a source egress cannot list.
    env_imports: EnvImport,
    /// Watched variables named in config values and env files (EG104, EG107).
    env_mentions: EnvMention,
    /// Names env files set (`egress inventory`).
    env_keys: EnvKey,
    /// Plain `redis://` URLs and `*.herokuapp.com` hosts in literals (EG106, EG601).
    host_refs: HostRef,
    extension_refs: ExtensionRef,
    cron_jobs: CronJob,
    manifests: Manifest,
    parse_errors: ParseError,
    /// Files egress does not need that did not parse: a note in the summary, not a finding.
    unparsed: ParseError,
    internal_errors: InternalError,
    suppressions: Suppression,
    /// Commands and CI integrations that drive a hosting platform (EG602).
    platform_commands: PlatformCommand,
    /// Credentials written literally in a file (EG702).
    literal_secrets: LiteralSecret,
    add_ons: AddOn,
    build_hooks: BuildHook,
    buildpacks: Buildpack,
    system_packages: SystemPackage,
    scheduled_tasks: ScheduledTask,
    /// Schedule times converted to UTC in code for a host-zone scheduler (EG401's shared cause).
    utc_conversions: UtcConversion,
    appended_queries: AppendedQuery,
    tls_verify_off: TlsVerifyOff,
    extensions_enabled: ExtensionEnabled,
    extension_uses: ExtensionUse,
    heroku_connect_refs: HerokuConnectRef,
    /// Values of the migration manifest or contract that egress cannot use (EG701).
    document_errors: DocError,
    /// Matches of the text and structured matchers of rule files (`policy`).
    policy_matches: PolicyMatch,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_kind_counts_for_is_empty_and_moves_with_append() {
        let at = Loc {
            file: 3,
            span: Span::new(1, 2),
        };
        let mut one = Facts::default();
        one.parse_errors.push(ParseError {
            at,
            message: "x".into(),
            accepted: false,
        });
        one.suppressions.push(Suppression {
            at,
            scope: SuppressionScope::File,
            rules: Vec::new(),
            reason: None,
            problem: None,
        });
        assert!(!one.is_empty());
        one.set_file(7);
        assert!(one.parse_errors[0].at.file == 7 && one.suppressions[0].at.file == 7);
        let mut all = Facts::default();
        all.append(one);
        assert_eq!((all.parse_errors.len(), all.suppressions.len()), (1, 1));
        let mut n = 0;
        all.each_loc(&mut |_| n += 1);
        assert_eq!(n, 2);
    }
}
