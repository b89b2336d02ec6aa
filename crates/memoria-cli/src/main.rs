//! `memoria`: the one command a human rights group runs Memoria with.
//!
//! This binary parses the command line, opens the store the configuration names, and
//! hands each subcommand to its module in `commands/`. Human output goes to stderr
//! through `ui`, machine output (JSON) to stdout, so scripts can pipe one and show the
//! other. Errors carry context chains (`anyhow`) and say what to do next.

mod age_file;
mod commands;
mod config;
mod progress;
mod ui;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Memoria: document violations, protect the people in the data, analyse, publish.
#[derive(Debug, Parser)]
#[command(name = "memoria", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The data directory: the SQLite database, evidence files and search index.
    #[arg(long, global = true, env = "MEMORIA_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// A PostgreSQL database to use instead of the data directory's SQLite file
    /// (postgres://user@host/db).
    #[arg(
        long,
        global = true,
        env = "MEMORIA_DATABASE",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database: Option<String>,

    /// The account to act as; every write is recorded under it.
    #[arg(
        long = "as",
        global = true,
        env = "MEMORIA_ACCOUNT",
        value_name = "NAME"
    )]
    pub account: Option<String>,

    /// The transparency log's signing key (default: `log-key` in the data directory).
    /// Every `memoria serve` on one PostgreSQL database must be given the same key.
    #[arg(long, global = true, env = "MEMORIA_LOG_KEY", value_name = "FILE")]
    pub log_key: Option<PathBuf>,

    /// Where evidence files are kept: a folder, or `s3://BUCKET/PREFIX?endpoint=URL`
    /// (default: `vault` in the data directory).
    #[arg(long, global = true, env = "MEMORIA_VAULT", value_name = "LOCATION")]
    pub vault: Option<String>,

    /// The evidence vault's key file, 32 random bytes made on first use (default:
    /// `vault-key` in the data directory). A passphrase in `MEMORIA_VAULT_PASSPHRASE`
    /// is used instead when set.
    #[arg(long, global = true, env = "MEMORIA_VAULT_KEY", value_name = "FILE")]
    pub vault_key: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the data directory and its database, with a local administrator account.
    Init,
    /// Create a generated demonstration collection (fictional people and places) and serve it.
    Demo(commands::demo::Args),
    /// Import a spreadsheet through a mapping file, or a JSON Lines export.
    Import(commands::import::Args),
    /// Export everything to JSON Lines.
    Export(commands::export::Args),
    /// List, show and import controlled vocabularies.
    #[command(subcommand)]
    Vocab(commands::vocab::Command),
    /// Show every revision of a record.
    History(commands::history::Args),
    /// Bring back a backup into a new data directory, or a record to an earlier version
    /// (a new revision; nothing is lost).
    Restore(commands::backup::RestoreArgs),
    /// Manage accounts and their roles.
    #[command(subcommand)]
    User(commands::user::Command),
    /// Serve the web interface and the JSON API.
    Serve(commands::serve::Args),
    /// Rebuild the search index from the store.
    Reindex(commands::serve::ReindexArgs),
    /// Create, list and revoke API tokens.
    #[command(subcommand)]
    Token(commands::token::Command),
    /// Find the records, in one list or several, that refer to the same person.
    Link(commands::link::Args),
    /// Estimate how many victims no list documented (multiple systems estimation).
    #[command(subcommand)]
    Estimate(commands::estimate::Command),
    /// Build the collection's public site and open data through its publication policy.
    Publish(commands::publish::Args),
    /// Add evidence files to an incident, get them back, and show their custody.
    #[command(subcommand)]
    Evidence(commands::evidence::Command),
    /// Write the whole data directory to one file encrypted to age recipients.
    Backup(commands::backup::BackupArgs),
    /// Check every evidence file against its hash and the audit log against its last
    /// checkpoint.
    Verify,
    /// The tamper-evident log of every audit entry: checkpoints, proofs, verification.
    #[command(subcommand)]
    Log(commands::log::Command),
    /// Measure import, export and history on generated data (see BENCHMARKS.md).
    Bench(commands::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            ui::error(&e);
            ExitCode::FAILURE
        }
    }
}
