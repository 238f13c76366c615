//! egress: a policy-as-code linter for platform contracts.
//!
//! The pipeline, one folder per stage: `discover` (walk and classify) → `extract` (facts with
//! spans) → `rules` (checks over facts) → `report` (human, json). `engine` runs it; `cli` is the
//! command line.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod extract;
pub mod fix;
#[doc(hidden)]
pub mod fuzzing;
pub mod parse;
pub mod report;
pub mod rules;
pub mod source;
pub mod verify;
