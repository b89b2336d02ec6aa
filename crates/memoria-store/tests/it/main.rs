//! The store's integration tests: one story that drives the whole API, run on SQLite
//! always and on PostgreSQL when `MEMORIA_TEST_POSTGRES_URL` names a server (the test
//! creates and drops its own database there), plus what only one backend can show.
//!
//! - `story`: the story itself, written once against `&dyn Store`.
//! - `access`: sessions, tokens, memberships, settings, counters and the change feed,
//!   also written once; and what a database upgraded from schema 1 must show.
//! - `log`: the transparency log beside the audit table, also written once.
//! - `sqlite`: the story on a temporary file, and opening files that are not ours.
//! - `postgres`: the story on a fresh database, and two processes writing at once.
//! - `timing`: an opt-in import timing (`MEMORIA_TEST_IMPORT_RECORDS=100000`).

mod access;
mod log;
mod postgres;
mod sqlite;
mod story;
mod timing;
