//! `memoria bench log`: the transparency log's figures — appending audit entries
//! through the store (each transaction's entries hashed into the log as it commits)
//! and making inclusion and consistency proofs from the stored hashes.
//!
//! The baseline, measured in the same run, is the pure tree arithmetic: the same
//! leaves hashed into an in-memory tree with no database at all. The ratio shows what
//! the database costs; the entries per second are the figure the target names.

use std::time::{Duration, Instant};

use anyhow::Result;
use memoria_store::{Actor, LogReader};
use memoria_tlog::{Hash, prove_consistency, prove_inclusion, stored_hashes};

use crate::commands::bench::{BenchStore, median, tempdir};
use crate::config::redact_url;
use crate::ui;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many audit entries to append.
    #[arg(long, default_value_t = 1_000_000)]
    pub entries: usize,
    /// How many entries each transaction writes (an import writes many, a page view one).
    #[arg(long, default_value_t = 10_000)]
    pub batch: usize,
    /// How many times to repeat the append; medians are reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// How many proofs of each kind to time.
    #[arg(long, default_value_t = 2_000)]
    pub proofs: usize,
    /// A PostgreSQL server to measure on instead of SQLite (databases memoria_bench_…
    /// are created and dropped on it).
    #[arg(long = "postgres", value_name = "URL")]
    pub postgres: Option<String>,
}

pub fn run(args: Args) -> Result<()> {
    let work = tempdir()?;
    let backend = match &args.postgres {
        Some(url) => format!("PostgreSQL {}", redact_url(url)),
        None => "SQLite".to_string(),
    };
    ui::say(format!(
        "Appending {} audit entries in transactions of {} on {backend}, {} run(s).",
        args.entries, args.batch, args.runs
    ));
    let (mut store_rates, mut tree_rates) = (Vec::new(), Vec::new());
    let mut inclusion = Vec::new();
    let mut consistency = Vec::new();
    for run in 0..args.runs.max(1) {
        let tree = time_tree(args.entries);
        tree_rates.push(args.entries as f64 / tree.as_secs_f64());

        let bench = BenchStore::new(&work, run, args.postgres.as_deref())?;
        let store = bench.open()?;
        let actor = {
            let mut tx = store.begin(&Actor::system())?;
            let a = tx.add_account("bench-log", None, true)?;
            tx.commit()?;
            Actor::from(&a)
        };
        let start = Instant::now();
        let mut written = 0;
        while written < args.entries {
            let n = args.batch.min(args.entries - written);
            let mut tx = store.begin(&actor)?;
            for k in 0..n {
                tx.audit("export", None, &format!("bench entry {}", written + k))?;
            }
            tx.commit()?;
            written += n;
        }
        let took = start.elapsed();
        store_rates.push(args.entries as f64 / took.as_secs_f64());
        ui::say(format!(
            "  run {}: {:.1} s, {:.0} entries/s (tree alone {:.0} entries/s)",
            run + 1,
            took.as_secs_f64(),
            store_rates[run],
            tree_rates[run]
        ));

        if run + 1 == args.runs.max(1) {
            let size = store.log_size()?;
            let reader = LogReader(store.as_ref());
            let mut rng = Lcg(0x5eed ^ size);
            for _ in 0..args.proofs {
                let index = rng.below(size);
                let t = Instant::now();
                let proof = prove_inclusion(size, index, &reader)?;
                inclusion.push(t.elapsed());
                debug_assert!(proof.len() <= 64);
                let old = 1 + rng.below(size);
                let t = Instant::now();
                prove_consistency(old, size, &reader)?;
                consistency.push(t.elapsed());
            }
        }
        drop(store);
        bench.drop_store()?;
    }
    let store_rate = median(store_rates);
    let tree_rate = median(tree_rates);
    println!(
        "log append ({backend}, {} entries, batches of {})",
        args.entries, args.batch
    );
    println!(
        "  store:    {store_rate:>12.0} entries/s (median)   target >= 50000: {}",
        verdict(store_rate >= 50_000.0)
    );
    println!("  baseline: {tree_rate:>12.0} entries/s (tree in memory, no database)");
    println!("  ratio:    {:>12.3}", store_rate / tree_rate);
    for (what, times) in [("inclusion", inclusion), ("consistency", consistency)] {
        if times.is_empty() {
            continue;
        }
        let (med, p99) = percentiles(times);
        println!(
            "  {what:<11} proof at size {}: median {:.0} µs, p99 {:.0} µs   target <= 1 ms: {}",
            args.entries + 1,
            med.as_secs_f64() * 1e6,
            p99.as_secs_f64() * 1e6,
            verdict(med <= Duration::from_millis(1))
        );
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// Hashes the same kind of leaves into an in-memory tree.
fn time_tree(entries: usize) -> Duration {
    let mut stored: Vec<Hash> = Vec::with_capacity(entries * 2);
    let start = Instant::now();
    for i in 0..entries as u64 {
        let leaf = format!("{{\"v\":1,\"seq\":{i},\"detail\":\"bench entry {i}\"}}");
        let new = stored_hashes(i, leaf.as_bytes(), &stored).expect("in-memory tree");
        stored.extend(new);
    }
    start.elapsed()
}

fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

/// A tiny fixed generator: the proofs asked for are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) % n.max(1)
    }
}
