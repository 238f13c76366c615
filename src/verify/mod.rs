//! verify: live checks of the migration phases against real PostgreSQL servers and HTTP
//! endpoints. `phases` is the table of phases; each one's probes (`probe`, `webhook`) turn what
//! they see into live facts (`facts`), and its live rules (`rules`) judge them. `run` reads the
//! manifest and runs the selected phases. `check` never imports this module, so a pre-commit
//! run cannot open a socket.

pub mod expand;
pub mod facts;
pub mod phases;
pub mod probe;
pub mod rules;
pub mod run;
pub mod secrets;
pub mod webhook;
