//! verify: live checks of the migration phases against real PostgreSQL servers and HTTP
//! endpoints. Probes turn what they see into live facts; `check` never imports this module, so
//! a pre-commit run cannot open a socket.

pub mod expand;
pub mod facts;
pub mod probe;
pub mod rules;
pub mod run;
pub mod secrets;
pub mod webhook;
