//! `memoria export`: everything, to JSON Lines.

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_config: &crate::config::Config, _args: Args) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
