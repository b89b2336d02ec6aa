//! The search index's integration tests, on a real SQLite store in a temporary folder.
//!
//! - `world`: a store, an index kept up to date with `refresh`, and record builders.
//! - `text`: what a search finds (folding, Arabic variants, other scripts, misspellings)
//!   and in which order.
//! - `scope`: what an account may not see is never found nor counted.
//! - `incidents`: the incident list's filters, facets, sorting and pages.
//! - `interventions`: found by incident and by due day, within scope.
//! - `keeping_up`: refresh after writes, follow for writes of another process,
//!   rebuild, and the index on disk.
//! - `postgres_follow`: following a PostgreSQL store whose writes become visible out
//!   of order.

mod incidents;
mod interventions;
mod keeping_up;
mod postgres_follow;
mod scope;
mod text;
mod world;
