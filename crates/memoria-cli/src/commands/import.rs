//! `memoria import`: spreadsheets (CSV, XLSX, GeoJSON) through a mapping file, or a
//! JSON Lines export.

use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use memoria_intake::{ImportOptions, Input, Mapping};

use crate::config::Config;
use crate::progress::Bar;
use crate::ui;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The mapping file (TOML) that says which column feeds which field.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "format",
        conflicts_with = "format"
    )]
    pub mapping: Option<PathBuf>,
    /// `jsonl` to load a Memoria JSON Lines export instead of a spreadsheet.
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Read and check everything, report every problem, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Problems as JSON (one object per line) on standard output.
    #[arg(long)]
    pub json: bool,
    /// The files to import.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ImportFormat {
    Jsonl,
}

/// How many problems are printed on the terminal; `--json` prints them all.
const SHOWN_PROBLEMS: usize = 200;

pub fn run(config: &Config, args: Args) -> Result<()> {
    match args.format {
        Some(ImportFormat::Jsonl) => import_jsonl(config, &args),
        None => import_tables(config, &args),
    }
}

fn import_tables(config: &Config, args: &Args) -> Result<()> {
    let mapping_path = args
        .mapping
        .as_ref()
        .expect("clap requires --mapping without --format");
    let text = std::fs::read_to_string(mapping_path)
        .with_context(|| format!("reading the mapping file {}", mapping_path.display()))?;
    let mapping = Mapping::from_toml(&text)
        .with_context(|| format!("in the mapping file {}", mapping_path.display()))?;
    for f in &args.files {
        if !f.is_file() {
            bail!("cannot read {}: no such file", f.display());
        }
    }
    let (store, actor) = config.open_initialised(true)?;
    let options = ImportOptions {
        dry_run: args.dry_run,
        vocabularies: super::vocab::in_force(store.as_ref())?,
        ..ImportOptions::default()
    };
    // Several files: check them all before writing any, so that a problem in the last
    // file does not leave the first ones imported.
    if !args.dry_run && args.files.len() > 1 {
        let check = ImportOptions {
            dry_run: true,
            ..options.clone()
        };
        let mut bad = 0;
        for f in &args.files {
            let report = run_one(store.as_ref(), &actor, f, &mapping, &check, "checking")?;
            bad += report.problems.len() as u64 + report.problems_omitted;
            show_problems(&report, args.json);
        }
        if bad > 0 {
            bail!(
                "{bad} problems in the files; nothing was imported. Fix them and run the import again."
            );
        }
    }
    let mut failed = false;
    for f in &args.files {
        let report = run_one(
            store.as_ref(),
            &actor,
            f,
            &mapping,
            &options,
            if args.dry_run {
                "checking"
            } else {
                "importing"
            },
        )?;
        show_problems(&report, args.json);
        let created: Vec<String> = report
            .created
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let created = if created.is_empty() {
            "nothing".to_string()
        } else {
            created.join(", ")
        };
        if report.dry_run {
            ui::say(format!(
                "{}: {} rows, {} problems; would create {created}. Dry run: nothing written.",
                report.file,
                report.rows,
                report.problems.len() as u64 + report.problems_omitted
            ));
        } else if report.committed {
            ui::say(format!(
                "{}: {} rows imported; created {created} in {:.1} s.",
                report.file,
                report.rows,
                report.elapsed.as_secs_f64()
            ));
        } else {
            failed = true;
            ui::say(format!(
                "{}: {} problems; nothing was imported from this file. Fix them (try --dry-run) and import again.",
                report.file,
                report.problems.len() as u64 + report.problems_omitted
            ));
        }
        if report.dry_run && !report.is_clean() {
            failed = true;
        }
    }
    if failed {
        bail!("the import found problems");
    }
    Ok(())
}

fn run_one(
    store: &dyn memoria_store::Store,
    actor: &memoria_store::Actor,
    file: &std::path::Path,
    mapping: &Mapping,
    options: &ImportOptions,
    what: &str,
) -> Result<memoria_intake::ImportReport> {
    let mut bar = Bar::new(what);
    let report =
        memoria_intake::import_table(store, actor, Input::Path(file), mapping, options, &mut bar)
            .with_context(|| format!("importing {}", file.display()))?;
    Ok(report)
}

fn show_problems(report: &memoria_intake::ImportReport, json: bool) {
    if json {
        for p in &report.problems {
            println!("{}", serde_json::to_string(p).expect("problems serialise"));
        }
        return;
    }
    for p in report.problems.iter().take(SHOWN_PROBLEMS) {
        ui::say(format!("  {p}"));
    }
    let hidden =
        report.problems.len().saturating_sub(SHOWN_PROBLEMS) as u64 + report.problems_omitted;
    if hidden > 0 {
        ui::say(format!(
            "  … and {hidden} more problems (--json lists them all)"
        ));
    }
}

fn import_jsonl(config: &Config, args: &Args) -> Result<()> {
    if args.dry_run {
        bail!(
            "--dry-run is for spreadsheets; a JSON Lines import checks every line before it commits anyway"
        );
    }
    let store = config.open_store(true)?;
    // An export brings its own accounts, the local administrator among them: into a
    // new store it is loaded by the installation itself, so that the accounts come out
    // with the ids they went in with.
    let actor = if store.accounts()?.is_empty() {
        memoria_store::Actor::system()
    } else {
        config.actor(store.as_ref())?
    };
    for f in &args.files {
        let file = std::fs::File::open(f).with_context(|| format!("opening {}", f.display()))?;
        let total = file.metadata().ok().map(|m| m.len());
        let mut bar = Bar::new("loading");
        bar.total = total;
        let report =
            memoria_intake::import_jsonl(store.as_ref(), &actor, BufReader::new(file), &mut bar)
                .with_context(|| format!("importing {}; nothing was written", f.display()))?;
        ui::say(format!(
            "{}: loaded {} records with {} revisions and {} accounts.",
            f.display(),
            report.records,
            report.revisions,
            report.accounts
        ));
    }
    crate::config::ensure_local_admin(store.as_ref())?;
    Ok(())
}
