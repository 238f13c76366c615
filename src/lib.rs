//! egress: a policy-as-code linter for platform contracts.
//!
//! The pipeline, one folder per stage: `discover` (walk and classify) → `extract` (facts with
//! spans) → `rules` (checks over facts) → `report` (human, json). `engine` runs it; `cli` is the
//! command line. `manifest` is the typed model of `migration-manifest.yml` that `check` and
//! `verify` share.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod contain;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod examples;
pub mod extract;
pub mod facts;
pub mod fix;
#[doc(hidden)]
pub mod fuzzing;
pub mod inventory;
pub mod manifest;
pub mod parse;
pub mod policy;
pub mod printable;
pub mod redact;
pub mod report;
pub mod role;
pub mod rules;
pub mod shape;
pub mod source;
pub mod spelling;
pub mod verify;
