//! `memoria import`: spreadsheets through a mapping file, or a JSON Lines export.
//! (Filled in once the intake crate's API settles.)

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_config: &crate::config::Config, _args: Args) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
