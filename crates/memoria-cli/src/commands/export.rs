//! `memoria export`: everything, with its full history, to JSON Lines.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::config::Config;
use crate::progress::Bar;
use crate::ui;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// `memoria export bag`: chosen incidents with their evidence, as a BagIt bag.
    #[command(subcommand)]
    pub what: Option<What>,
    /// The export format; JSON Lines is the lossless one.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// The file to write; `-` for standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Incidents with their evidence files, metadata, custody and log receipts, as a
    /// BagIt 1.0 bag.
    Bag(crate::commands::bag::Args),
}

struct Resolved {
    out: PathBuf,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ExportFormat {
    Jsonl,
}

pub fn run(config: &Config, args: Args) -> Result<()> {
    if let Some(What::Bag(bag)) = args.what {
        return crate::commands::bag::run(config, bag);
    }
    let Some(out) = args.out else {
        anyhow::bail!("name the file to write with --out FILE (or --out - for standard output)");
    };
    let args = Resolved { out };
    let (store, actor) = config.open_initialised(false)?;
    let mut bar = Bar::new("exporting");
    if args.out.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        memoria_intake::export_jsonl(store.as_ref(), &mut out, &mut bar)?;
        out.flush()?;
    } else {
        // Write beside the target and rename, so that an interrupted export never
        // leaves a truncated file that looks complete.
        let tmp = args.out.with_extension("partial");
        let file =
            std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let mut out = BufWriter::new(file);
        memoria_intake::export_jsonl(store.as_ref(), &mut out, &mut bar)
            .with_context(|| format!("exporting to {}", args.out.display()))?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, &args.out)
            .with_context(|| format!("renaming {} into place", tmp.display()))?;
    }
    // An export carries everything, sensitive fields included: it is audited.
    let mut tx = store.begin(&actor)?;
    tx.audit("export", None, "format jsonl, all records")?;
    tx.commit()?;
    if args.out.as_os_str() != "-" {
        ui::say(format!("Exported everything to {}.", args.out.display()));
    }
    Ok(())
}
