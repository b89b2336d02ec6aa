//! `memoria bench`: the performance figures of BENCHMARKS.md, measured the way a user
//! meets them — the real `memoria` binary as a child process on a real store.
//!
//! Each benchmark prints medians of several runs, and a baseline measured in the same
//! run (reading and parsing the same CSV with no store at all), because the machines
//! this runs on are shared and noisy: the ratio travels better than the seconds.
//! Peak memory is the child's `VmHWM`, polled from `/proc` while it runs (Linux).

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use memoria_core::entity::EntityKind;
use memoria_store::ListQuery;

use crate::config::redact_url;
use crate::ui;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// `memoria bench web`: the web interface's figures instead.
    #[command(subcommand)]
    pub what: Option<What>,
    /// How many victim records to import.
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: usize,
    /// How many times to repeat each measurement; medians are reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// A PostgreSQL server to measure on instead of SQLite. The benchmark creates and
    /// drops databases of its own on it (memoria_bench_…); it never touches others.
    #[arg(long = "postgres", value_name = "URL")]
    pub postgres: Option<String>,
    /// Where to put the generated file and the SQLite stores (default: a temporary folder).
    #[arg(long, value_name = "DIR")]
    pub work: Option<PathBuf>,
    /// How many `memoria history` calls to time.
    #[arg(long, default_value_t = 20)]
    pub history_calls: usize,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// The incident list, search, index rebuild and API throughput on a large
    /// demonstration collection.
    Web(crate::commands::bench_web::Args),
    /// Appending to the transparency log and making its proofs.
    Log(crate::commands::bench_log::Args),
    /// Publishing a large demonstration collection as a static site and open data.
    Publish(crate::commands::bench_publish::Args),
}

/// The mapping the generated file is imported with.
const MAPPING: &str = r#"
target = "records"
collection = "bench"
list = "bench-list"

[record]
external_id = { column = "id", required = true }
name = { column = "name" }
sex = { column = "sex", map = { "M" = "male", "F" = "female" } }
age = { column = "age", missing = ["unknown"] }
date = { column = "date", format = "%Y-%m-%d" }

[place]
country = { value = "Valdoria", iso_code = "XV" }
region = { column = "region" }
locality = { column = "town" }
"#;

pub fn run(args: Args) -> Result<()> {
    match args.what {
        Some(What::Web(web)) => return crate::commands::bench_web::run(web),
        Some(What::Log(log)) => return crate::commands::bench_log::run(log),
        Some(What::Publish(publish)) => return crate::commands::bench_publish::run(publish),
        None => {}
    }
    let tmp;
    let work = match &args.work {
        Some(w) => {
            std::fs::create_dir_all(w)?;
            w.clone()
        }
        None => {
            tmp = tempdir()?;
            tmp.clone()
        }
    };
    let csv = work.join(format!("bench-{}.csv", args.rows));
    if !csv.exists() {
        ui::say(format!(
            "Generating {} fictional victim rows in {} …",
            args.rows,
            csv.display()
        ));
        generate_csv(&csv, args.rows)?;
    }
    let mapping = work.join("bench.toml");
    std::fs::write(&mapping, MAPPING)?;
    let backend = match &args.postgres {
        Some(url) => format!("PostgreSQL ({})", redact_url(url)),
        None => "SQLite".to_string(),
    };
    ui::say(format!(
        "Benchmark: {} rows, {} runs, {backend}",
        args.rows, args.runs
    ));

    let mut baseline = Vec::new();
    let mut import = Vec::new();
    let mut export = Vec::new();
    let mut history = Vec::new();
    for run in 0..args.runs {
        baseline.push(parse_only(&csv)?);
        let store = BenchStore::new(&work, run, args.postgres.as_deref())?;
        let m = measure(
            store
                .memoria()
                .arg("import")
                .arg("--mapping")
                .arg(&mapping)
                .arg(&csv),
        )?;
        ui::say(format!(
            "  run {}: import {:.1} s, peak {} MiB ({} MiB heap)",
            run + 1,
            m.wall.as_secs_f64(),
            m.peak_kib / 1024,
            m.peak_anon_kib / 1024
        ));
        import.push(m);
        let out = work.join("bench-export.jsonl");
        let m = measure(
            store
                .memoria()
                .args(["export", "--format", "jsonl", "--out"])
                .arg(&out),
        )?;
        ui::say(format!(
            "  run {}: export {:.1} s, peak {} MiB ({} MiB heap), {} MiB written",
            run + 1,
            m.wall.as_secs_f64(),
            m.peak_kib / 1024,
            m.peak_anon_kib / 1024,
            std::fs::metadata(&out)?.len() >> 20
        ));
        std::fs::remove_file(&out)?;
        export.push(m);
        history.extend(time_history(&store, args.history_calls)?);
        store.drop_store()?;
    }
    let base = median(baseline.iter().map(|d| d.as_secs_f64()).collect());
    let imp = median(import.iter().map(|m| m.wall.as_secs_f64()).collect());
    let exp = median(export.iter().map(|m| m.wall.as_secs_f64()).collect());
    let mut hist: Vec<f64> = history.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    let hist_median = median(hist.clone());
    hist.sort_by(f64::total_cmp);
    let hist_p95 = hist[((hist.len() as f64 * 0.95) as usize).min(hist.len() - 1)];
    let mut report = String::new();
    writeln!(
        report,
        "\n{backend}, {} rows, median of {} runs:",
        args.rows, args.runs
    )?;
    writeln!(
        report,
        "  baseline (read and parse the CSV, no store)  {base:8.2} s"
    )?;
    writeln!(
        report,
        "  import                                        {imp:8.2} s  ({:.1}× baseline, {:.0} rows/s), peak {} MiB ({} MiB heap)",
        imp / base,
        args.rows as f64 / imp,
        max(import.iter().map(|m| m.peak_kib)) / 1024,
        max(import.iter().map(|m| m.peak_anon_kib)) / 1024
    )?;
    writeln!(
        report,
        "  export to JSON Lines                          {exp:8.2} s  ({:.1}× baseline), peak {} MiB ({} MiB heap)",
        exp / base,
        max(export.iter().map(|m| m.peak_kib)) / 1024,
        max(export.iter().map(|m| m.peak_anon_kib)) / 1024
    )?;
    writeln!(
        report,
        "  memoria history ID (whole command, {} calls)  median {hist_median:.0} ms, p95 {hist_p95:.0} ms",
        history.len()
    )?;
    print!("{report}");
    if args.work.is_none() {
        std::fs::remove_dir_all(&work).ok();
    }
    Ok(())
}

pub(crate) fn tempdir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("memoria-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Fictional rows: names are syllable combinations, not people.
fn generate_csv(path: &Path, rows: usize) -> Result<()> {
    const GIVEN: [&str; 12] = [
        "Ka", "Lo", "Mi", "Se", "Ta", "Vi", "Ru", "Da", "Ne", "Po", "Fa", "Zu",
    ];
    const ENDS: [&str; 8] = ["ran", "lia", "mo", "sen", "dra", "vik", "tu", "nel"];
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    writeln!(w, "id,name,sex,age,date,region,town")?;
    // A small linear congruential generator: reproducible, no dependency, fine for filler.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    for i in 0..rows {
        let (a, b, c, d) = (next(), next(), next(), next());
        let age = if a % 20 == 0 {
            "unknown".to_string()
        } else {
            (14 + a % 70).to_string()
        };
        writeln!(
            w,
            "b{i},{}{} {}{},{},{age},{}-{:02}-{:02},Region {},Town {}",
            GIVEN[a % 12],
            ENDS[b % 8],
            GIVEN[c % 12],
            ENDS[d % 8],
            if b % 2 == 0 { "M" } else { "F" },
            2010 + c % 12,
            1 + d % 12,
            1 + a % 28,
            c % 8,
            d % 400
        )?;
    }
    w.flush()?;
    Ok(())
}

/// The baseline: read and parse every row of the CSV with the same parser the importer
/// uses, doing nothing with it, so the ratio isolates what Memoria adds.
fn parse_only(csv: &Path) -> Result<Duration> {
    let started = Instant::now();
    let mut reader = csv::Reader::from_path(csv)?;
    let mut record = csv::ByteRecord::new();
    let mut n = 0u64;
    while reader.read_byte_record(&mut record)? {
        n += record.len() as u64;
    }
    std::hint::black_box(n);
    Ok(started.elapsed())
}

struct Measured {
    wall: Duration,
    /// Peak resident set (`VmHWM`), file-backed pages included: SQLite readers map the
    /// database, so a scan's figure includes the part of the file it touched.
    peak_kib: u64,
    /// The largest anonymous (heap) resident memory seen while polling: what the
    /// program itself allocated.
    peak_anon_kib: u64,
}

/// Runs `cmd` to the end, timing it and polling its peak resident memory.
fn measure(cmd: &mut Command) -> Result<Measured> {
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting memoria")?;
    let status_path = format!("/proc/{}/status", child.id());
    let (mut peak_kib, mut peak_anon_kib) = (0, 0);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            let field = |name: &str| -> Option<u64> {
                let value = text.lines().find_map(|l| l.strip_prefix(name))?;
                value.trim().trim_end_matches("kB").trim().parse().ok()
            };
            peak_kib = field("VmHWM:").unwrap_or(peak_kib);
            peak_anon_kib = peak_anon_kib.max(field("RssAnon:").unwrap_or(0));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall = started.elapsed();
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            std::io::Read::read_to_string(&mut e, &mut err).ok();
        }
        bail!("the benchmarked command failed: {err}");
    }
    Ok(Measured {
        wall,
        peak_kib,
        peak_anon_kib,
    })
}

/// Times `memoria history ID` for ids spread over the store.
fn time_history(store: &BenchStore, calls: usize) -> Result<Vec<Duration>> {
    let opened = store.open()?;
    // Page through the benchmark list's records by the (parent, id) index; a filter on
    // kind alone would make PostgreSQL sort the whole table for every page.
    let list = opened
        .list(&ListQuery {
            kind: Some(EntityKind::SourceList),
            limit: 1,
            ..Default::default()
        })?
        .pop()
        .context("the import left no source list")?
        .id;
    let total = opened.count(&ListQuery {
        parent: Some(list),
        ..Default::default()
    })?;
    if total == 0 {
        bail!("the import left no records to read the history of");
    }
    let mut ids = Vec::new();
    let mut after = None;
    while ids.len() < calls {
        let page = opened.list(&ListQuery {
            parent: Some(list),
            after,
            limit: 1 + (total as usize / calls.max(1)).min(5000),
            ..Default::default()
        })?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        ids.push(last.id);
    }
    drop(opened);
    let mut times = Vec::new();
    for id in ids {
        let started = Instant::now();
        let out = store
            .memoria()
            .arg("history")
            .arg(id.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !out.success() {
            bail!("memoria history {id} failed");
        }
        times.push(started.elapsed());
    }
    Ok(times)
}

/// A store made for one run, removed after it.
pub(crate) struct BenchStore {
    dir: PathBuf,
    /// The benchmark database: its URL, the server URL it was made through, its name.
    postgres: Option<(String, String, String)>,
}

impl BenchStore {
    pub(crate) fn new(work: &Path, run: usize, server: Option<&str>) -> Result<BenchStore> {
        let dir = work.join(format!("store-{run}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        let postgres = match server {
            Some(url) => {
                let name = format!("memoria_bench_{}_{run}", std::process::id());
                Some((create_database(url, &name)?, url.to_string(), name))
            }
            None => None,
        };
        let store = BenchStore { dir, postgres };
        let status = store
            .memoria()
            .arg("init")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            bail!("memoria init failed for the benchmark store");
        }
        Ok(store)
    }

    fn memoria(&self) -> Command {
        let mut cmd = Command::new(std::env::current_exe().expect("the running binary has a path"));
        cmd.arg("--data").arg(&self.dir);
        if let Some((url, _, _)) = &self.postgres {
            cmd.arg("--database").arg(url);
        }
        cmd
    }

    pub(crate) fn open(&self) -> Result<Box<dyn memoria_store::Store>> {
        Ok(match &self.postgres {
            Some((url, _, _)) => memoria_store::open(url)?,
            None => memoria_store::open(
                self.dir
                    .join(crate::config::DATABASE_FILE)
                    .to_str()
                    .context("non-UTF-8 path")?,
            )?,
        })
    }

    pub(crate) fn drop_store(self) -> Result<()> {
        std::fs::remove_dir_all(&self.dir)?;
        if let Some((_, server, name)) = &self.postgres {
            drop_database(server, name)?;
        }
        Ok(())
    }
}

pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn max(v: impl Iterator<Item = u64>) -> u64 {
    v.max().unwrap_or(0)
}

/// Creates database `name` on the server `url` names; returns the new database's URL.
fn create_database(url: &str, name: &str) -> Result<String> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)
        .with_context(|| format!("connecting to {}", redact_url(url)))?;
    // Database names cannot be bind parameters; this one is built above from digits.
    client.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let base = url.split('?').next().unwrap_or(url);
    let server = match base.rfind('/') {
        Some(i) if i > base.find("://").map(|s| s + 2).unwrap_or(0) => &base[..i],
        _ => base,
    };
    Ok(format!("{server}/{name}"))
}

fn drop_database(url: &str, name: &str) -> Result<()> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    Ok(())
}
