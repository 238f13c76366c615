//! Extensions: references to the Heroku-only `heroku_ext` schema.

use crate::source::Loc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtContext {
    /// `CREATE EXTENSION ... WITH SCHEMA heroku_ext` / `SCHEMA heroku_ext`
    WithSchema,
    /// `heroku_ext.citext`, `"heroku_ext.pgcrypto"`
    Qualifier,
    /// `CREATE SCHEMA heroku_ext`
    CreateSchema,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtOrigin {
    /// SQL files: structure.sql, pg_dump output, hand-written SQL.
    Sql,
    /// Rails `db/schema.rb`.
    RailsSchema,
    /// A migration in code (Rails, Django, Knex, ...).
    Migration,
}

/// A reference to the `heroku_ext` schema (span: the word `heroku_ext`).
#[derive(Debug, Clone)]
pub struct ExtensionRef {
    pub at: Loc,
    pub context: ExtContext,
    pub origin: ExtOrigin,
}

impl_located!(ExtensionRef);
