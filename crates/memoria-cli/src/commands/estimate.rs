//! `memoria estimate`: how many victims no list documented, from how lists overlap.
//!
//! The input is a capture-history table (one 0/1 column per list, optional stratum
//! columns, an optional `count` column), or the `clusters.csv` that `memoria link`
//! writes (columns `input`, `id`, `cluster`): each cluster is one person, on the lists
//! whose records it holds. The results table goes to stdout (it is what was asked
//! for); with `--json`, one JSON object per stratum instead. Notices go to stderr.
//!
//! Every estimate is printed with its interval, the documented count, the method and
//! its warnings; a stratum without a trustworthy number says why instead of showing
//! one.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use memoria_estimate::{
    CaptureTable, Criterion, CsvOptions, Estimate, LcmcrOptions, LoglinearSpec, Method, Report,
    SearchOptions,
};

use crate::ui;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Poisson log-linear models: a formula, or the best model by AIC or BIC.
    Loglinear(LoglinearArgs),
    /// The Bayesian latent-class model (LCMCR) of Manrique-Vallier (2016).
    Lcmcr(LcmcrArgs),
}

/// Where the table comes from and how to read it.
#[derive(Debug, ClapArgs)]
pub struct Input {
    /// A capture-history CSV (one 0/1 column per list), or the clusters.csv of
    /// `memoria link`. Without it, the store's source lists are linked and estimated.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// With the store's lists: the collection (its name), needed only when the store
    /// holds several.
    #[arg(long, value_name = "NAME", conflicts_with = "input")]
    collection: Option<String>,
    /// With the store's lists: estimate per stratum of what the lists report: sex,
    /// year of the violation, region, violation type or perpetrator type (codes as the
    /// lists give them). A person's stratum is what most of their records say;
    /// `unknown` when none says.
    #[arg(long, value_enum, conflicts_with = "input")]
    by: Option<By>,
    /// Columns that split the table into strata (region, period, …); repeat or
    /// separate with commas.
    #[arg(long, value_name = "COLUMN", value_delimiter = ',')]
    stratum: Vec<String>,
    /// Columns that are neither lists nor strata (ids, notes).
    #[arg(long, value_name = "COLUMN", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Names of the lists of a clusters.csv, in the order of `memoria link --input`.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    lists: Vec<String>,
    /// Print one JSON object per stratum (and the total) instead of a table.
    #[arg(long)]
    json: bool,
    /// Also write the capture-history table the estimate is made from, as CSV: one
    /// 0/1 column per list, the stratum columns, and `count`. `--input` reads it back
    /// (with `--stratum` for its stratum columns), and so do other tools.
    #[arg(long, value_name = "FILE")]
    write_table: Option<PathBuf>,
}

#[derive(Debug, ClapArgs)]
pub struct LoglinearArgs {
    #[command(flatten)]
    input: Input,
    /// A hierarchical model over the list names, e.g. `A*B + C` (A*B means A + B + A:B).
    #[arg(long, value_name = "FORMULA", conflicts_with = "select")]
    model: Option<String>,
    /// Choose the model by a criterion (`bic` is Rcapture's, penalty log n;
    /// `bic-cells` is R's BIC() on the glm). The default when no --model is given.
    #[arg(long, value_enum)]
    select: Option<Select>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum By {
    Sex,
    Year,
    Region,
    Violation,
    Perpetrator,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Select {
    Aic,
    Bic,
    BicCells,
}

#[derive(Debug, ClapArgs)]
pub struct LcmcrArgs {
    #[command(flatten)]
    input: Input,
    /// Most latent classes (the truncation K of the stick-breaking prior).
    #[arg(long, default_value_t = 5)]
    classes: usize,
    /// Sweeps discarded at the start of each chain.
    #[arg(long, default_value_t = 10_000)]
    burn_in: usize,
    /// Draws kept per chain.
    #[arg(long, default_value_t = 1_000)]
    samples: usize,
    /// Sweeps between kept draws.
    #[arg(long, default_value_t = 10)]
    thinning: usize,
    /// Independent chains, run in parallel; R-hat compares them.
    #[arg(long, default_value_t = 2)]
    chains: usize,
    /// The seed: the same seed and input give the same draws.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write every posterior draw of N to this CSV (stratum, chain, draw, n).
    #[arg(long, value_name = "FILE")]
    draws: Option<PathBuf>,
}

pub fn run(config: &crate::config::Config, cmd: Command) -> Result<()> {
    match cmd {
        Command::Loglinear(a) => {
            let table = read_table(config, &a.input)?;
            let spec = match (&a.model, a.select) {
                (Some(f), _) => LoglinearSpec::Formula(f.clone()),
                (None, select) => LoglinearSpec::Select(SearchOptions {
                    criterion: match select.unwrap_or(Select::Aic) {
                        Select::Aic => Criterion::Aic,
                        Select::Bic => Criterion::Bic,
                        Select::BicCells => Criterion::BicCells,
                    },
                    ..Default::default()
                }),
            };
            let report = memoria_estimate::loglinear(&table, &spec)
                .context("the model formula could not be used: write it with list names joined by + * :, such as A*B + C")?;
            output(&report, a.input.json)
        }
        Command::Lcmcr(a) => {
            let table = read_table(config, &a.input)?;
            let options = LcmcrOptions {
                classes: a.classes,
                burn_in: a.burn_in,
                samples: a.samples,
                thinning: a.thinning,
                chains: a.chains,
                seed: a.seed,
                ..Default::default()
            };
            let spinner = ui::spinner("sampling");
            let report = memoria_estimate::lcmcr(&table, &options);
            spinner.finish_and_clear();
            let report = report.context("could not run the latent-class sampler")?;
            if let Some(path) = &a.draws {
                write_draws(path, &report)?;
                ui::say(format!("draws written to {}", path.display()));
            }
            output(&report, a.input.json)
        }
    }
}

/// The header of the file `memoria link --out` writes.
const CLUSTERS_HEADER: [&str; 3] = ["input", "id", "cluster"];

fn read_table(config: &crate::config::Config, input: &Input) -> Result<CaptureTable> {
    let table = read_table_from(config, input)?;
    if let Some(path) = &input.write_table {
        write_table(&table, path)?;
        ui::say(format!(
            "capture-history table written to {}",
            path.display()
        ));
    }
    Ok(table)
}

/// Writes `table` as a capture-history CSV, beside the target first and renamed when
/// whole, so that a failure leaves no half table behind.
fn write_table(table: &CaptureTable, path: &Path) -> Result<()> {
    let partial = path.with_extension("csv.partial");
    let write = || -> Result<()> {
        let file = File::create(&partial)
            .with_context(|| format!("could not create {}", partial.display()))?;
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
        let mut header: Vec<&str> = table.lists().iter().map(String::as_str).collect();
        header.extend(table.stratum_columns().iter().map(String::as_str));
        header.push("count");
        w.write_record(&header)?;
        let lists = table.lists().len();
        for (key, pattern, count) in table.cells() {
            let mut row: Vec<String> = (0..lists).map(|j| (pattern >> j & 1).to_string()).collect();
            row.extend(key.iter().cloned());
            row.push(count.to_string());
            w.write_record(&row)?;
        }
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("could not write {}: {}", partial.display(), e.error()))?
            .into_inner()
            .map_err(|e| anyhow::anyhow!("could not write {}: {}", partial.display(), e.error()))?
            .sync_all()?;
        std::fs::rename(&partial, path)
            .with_context(|| format!("could not write {}", path.display()))?;
        Ok(())
    };
    let written = write();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

fn read_table_from(config: &crate::config::Config, input: &Input) -> Result<CaptureTable> {
    let Some(path) = &input.input else {
        return table_from_store(config, input);
    };
    let first_line = first_line(path)?;
    let header: Vec<String> = first_line
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_string())
        .collect();
    if header == CLUSTERS_HEADER {
        return table_from_clusters(path, &input.lists);
    }
    let bytes =
        std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    let options = CsvOptions {
        strata: input.stratum.clone(),
        ignore: input.ignore.clone(),
        ..Default::default()
    };
    match memoria_estimate::read_csv_bytes(&bytes, &options) {
        Ok(t) => Ok(t.table),
        Err(e) => {
            for p in e.problems.iter().take(20) {
                let mut at = path.display().to_string();
                if let Some(r) = p.row {
                    at.push_str(&format!(", line {r}"));
                }
                if let Some(c) = &p.column {
                    at.push_str(&format!(", column {c}"));
                }
                ui::say(format!("{at}: {}", p.message));
            }
            bail!(
                "{} is not a capture-history table ({} problem(s)): give one 0/1 column per list, \
                 optionally a `count` column, and name stratum columns with --stratum",
                path.display(),
                e.problems.len()
            )
        }
    }
}

fn first_line(path: &Path) -> Result<String> {
    let file = File::open(path).with_context(|| format!("could not open {}", path.display()))?;
    let mut line = String::new();
    BufReader::new(file)
        .read_line(&mut line)
        .with_context(|| format!("could not read {}", path.display()))?;
    Ok(line.trim_start_matches('\u{feff}').trim_end().to_string())
}

/// Builds the table from linked records: a cluster is one person, on every list
/// (input) one of its records came from.
fn table_from_clusters(path: &Path, names: &[String]) -> Result<CaptureTable> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    let mut lists_of: std::collections::HashMap<String, u32> = Default::default();
    let mut inputs = 0usize;
    for (n, row) in reader.records().enumerate() {
        let row =
            row.with_context(|| format!("{}: row {} is not valid CSV", path.display(), n + 2))?;
        let input: usize = row
            .get(0)
            .and_then(|i| i.trim().parse().ok())
            .filter(|i| (1..=15).contains(i))
            .with_context(|| {
                format!(
                    "{}: row {}: `input` must be the list's position, 1 to 15",
                    path.display(),
                    n + 2
                )
            })?;
        let cluster = row.get(2).unwrap_or_default().trim().to_string();
        if cluster.is_empty() {
            bail!("{}: row {}: the cluster is empty", path.display(), n + 2);
        }
        inputs = inputs.max(input);
        *lists_of.entry(cluster).or_default() |= 1 << (input - 1);
    }
    if !names.is_empty() && names.len() != inputs {
        bail!(
            "--lists names {} list(s) but the clusters come from {inputs}",
            names.len()
        );
    }
    let names: Vec<String> = if names.is_empty() {
        (1..=inputs).map(|i| format!("list{i}")).collect()
    } else {
        names.to_vec()
    };
    let table = memoria_analysis::capture_table_of(lists_of.values().copied(), &names)
        .context("the lists cannot form a table")?;
    ui::say(format!(
        "{} people (clusters) on {} list(s): {}",
        lists_of.len(),
        inputs,
        names.join(", ")
    ));
    Ok(table)
}

fn output(report: &Report, json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        for e in report.estimates.iter().chain(report.total.as_ref()) {
            serde_json::to_writer(&mut out, &json_of(e))?;
            writeln!(out)?;
        }
        return Ok(());
    }
    write!(out, "{}", table_text(report))?;
    Ok(())
}

/// The object `--json` prints for one stratum: the contract's fields first.
fn json_of(e: &Estimate) -> serde_json::Value {
    let mut v = serde_json::to_value(e).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("method_name".into(), method_name(&e.method).into());
    }
    v
}

fn method_name(m: &Method) -> String {
    match m {
        Method::Loglinear { formula, .. } => match formula {
            Some(f) => format!("log-linear {f}"),
            None => "log-linear".into(),
        },
        Method::Lcmcr(o) => format!("LCMCR (K = {})", o.classes),
    }
}

fn number(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{:.0}", v),
        Some(_) => "∞".into(),
        None => "—".into(),
    }
}

/// The readable table: one line per stratum, its warnings and assumptions below.
fn table_text(report: &Report) -> String {
    let rows: Vec<&Estimate> = report
        .estimates
        .iter()
        .chain(report.total.as_ref())
        .collect();
    let width = rows
        .iter()
        .map(|e| e.label.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    let mut s = format!(
        "{:width$}  {:>10}  {:>10}  {:>21}  method\n",
        "stratum", "documented", "estimate", "95% interval"
    );
    for e in &rows {
        let interval = if e.estimate.is_some() {
            format!(
                "[{}, {}]",
                number(e.lower95),
                if e.upper95.is_none() {
                    "no upper limit".to_string()
                } else {
                    number(e.upper95)
                }
            )
        } else {
            "no estimate".into()
        };
        s.push_str(&format!(
            "{:width$}  {:>10}  {:>10}  {:>21}  {}\n",
            e.label,
            e.documented,
            number(e.estimate),
            interval,
            method_name(&e.method)
        ));
    }
    let mut warned = false;
    for e in &rows {
        for w in &e.warnings {
            if !warned {
                s.push_str("\nwarnings:\n");
                warned = true;
            }
            s.push_str(&format!("  {}: {}\n", e.label, w.message));
        }
    }
    if let Some(e) = rows.first() {
        s.push_str(&format!("\nassumptions: {}\n", e.assumptions));
    }
    s
}

fn write_draws(path: &Path, report: &Report) -> Result<()> {
    let file =
        File::create(path).with_context(|| format!("could not create {}", path.display()))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    w.write_record(["stratum", "chain", "draw", "n"])?;
    for e in report.estimates.iter().chain(report.total.as_ref()) {
        for (c, chain) in e.draws.iter().flatten().enumerate() {
            for (i, n) in chain.iter().enumerate() {
                w.write_record([
                    e.label.as_str(),
                    &(c + 1).to_string(),
                    &(i + 1).to_string(),
                    &n.to_string(),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// Links the source lists of a collection in the store and tabulates the clusters,
/// per stratum when asked. Each list read is audited.
fn table_from_store(config: &crate::config::Config, input: &Input) -> Result<CaptureTable> {
    let (store, actor) = config.open_initialised(false)?;
    let collection = crate::config::collection(store.as_ref(), input.collection.as_deref())?;
    let link = memoria_analysis::record_config();
    let (records, lists, facts) =
        memoria_analysis::read_lists_with_facts(store.as_ref(), &actor, collection, &link)
            .context("could not read the collection's source lists")?;
    let names: Vec<String> = lists.iter().map(|l| l.name.clone()).collect();
    // The linkage the collection keeps, while it was made from these very records and
    // decisions; otherwise the lists are linked afresh, with the reviewers' decisions.
    let spinner = ui::spinner("linking");
    let found = memoria_analysis::clusters_for_estimates(
        store.as_ref(),
        collection,
        &records,
        &link.settings,
    );
    spinner.finish_and_clear();
    let (rows, source) = found.context("the lists could not be linked")?;
    match source {
        memoria_analysis::ClusterSource::Kept { id, version } => ui::say(format!(
            "using the linkage kept in the store (record {id}, version {version}); `memoria link` makes it again"
        )),
        memoria_analysis::ClusterSource::Fresh {
            stale: Some((id, version)),
        } => ui::say(format!(
            "the kept linkage (record {id}, version {version}) is out of date: a list or a reviewer's decision changed since; linking afresh (`memoria link` keeps the new one)"
        )),
        memoria_analysis::ClusterSource::Fresh { stale: None } => {}
    }
    let people: std::collections::HashSet<u32> = rows.iter().map(|r| r.1).collect();
    ui::say(format!(
        "{} record(s) on {} list(s) linked into {} people: {}",
        records.len(),
        lists.len(),
        people.len(),
        names.join(", ")
    ));
    let table = match input.by {
        None => memoria_analysis::capture_table_of_rows(&rows, &names)?,
        Some(by) => {
            let by = match by {
                By::Sex => memoria_analysis::StratumBy::Sex,
                By::Year => memoria_analysis::StratumBy::Year,
                By::Region => memoria_analysis::StratumBy::Region,
                By::Violation => memoria_analysis::StratumBy::Violation,
                By::Perpetrator => memoria_analysis::StratumBy::Perpetrator,
            };
            memoria_analysis::capture_table_of_rows_by(&rows, &names, &facts, by)?
        }
    };
    Ok(table)
}
