//! One module per subcommand. Each takes the parsed arguments and the configuration,
//! makes its calls into the library crates, and reports through `crate::ui`.

pub mod backup;
pub mod bag;
pub mod bench;
pub mod bench_log;
pub mod bench_publish;
pub mod bench_web;
pub mod demo;
pub mod estimate;
pub mod evidence;
pub mod export;
pub mod history;
pub mod import;
pub mod init;
pub mod link;
pub mod log;
pub mod publish;
pub mod serve;
pub mod token;
pub mod user;
pub mod vocab;

use anyhow::Result;

use crate::config::Config;
use crate::{Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    let config = Config::from_cli(&cli);
    match cli.command {
        Command::Init => init::run(&config),
        Command::Demo(args) => demo::run(&config, args),
        Command::Import(args) => import::run(&config, args),
        Command::Export(args) => export::run(&config, args),
        Command::Vocab(cmd) => vocab::run(&config, cmd),
        Command::History(args) => history::run(&config, args),
        Command::Restore(args) => backup::restore_command(&config, args),
        Command::Backup(args) => backup::backup(&config, args),
        Command::User(cmd) => user::run(&config, cmd),
        Command::Serve(args) => serve::run(&config, args),
        Command::Reindex(args) => serve::reindex(&config, args),
        Command::Token(cmd) => token::run(&config, cmd),
        Command::Link(args) => link::run(&config, args),
        Command::Estimate(cmd) => estimate::run(&config, cmd),
        Command::Publish(args) => publish::run(&config, args),
        Command::Log(cmd) => log::run(&config, cmd),
        Command::Evidence(cmd) => evidence::run(&config, cmd),
        Command::Verify => evidence::verify(&config),
        Command::Bench(args) => bench::run(args),
    }
}
