//! How fast the vault stores a large file, against `sha256sum` on the same file, and how
//! much memory it takes.
//!
//! ```text
//! cargo run --release -p memoria-vault --example ingest_bench -- [SIZE] [RUNS]
//! ```
//!
//! SIZE is bytes, or a number with KiB, MiB or GiB (default 4GiB); RUNS how many times
//! each side runs (default 3; the median counts). The file is random, written to a
//! temporary folder (under `$TMPDIR`) and deleted at the end, as is each run's vault.
//! Every ingest goes into a fresh vault in a folder and includes syncing it to disk,
//! which `sha256sum` does not have to do. Targets: at least 0.70 of `sha256sum`'s
//! throughput, and a peak resident set (VmHWM) of at most 64 MiB. The vault is opened
//! with a key, not a passphrase: Argon2id's 64 MiB, spent once at open, would otherwise
//! be the peak.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use memoria_vault::{KeySource, Vault, VaultKey, Verdict};
use rand::RngCore;

const MIB: f64 = 1024.0 * 1024.0;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let size = args.next().map_or(4 << 30, |arg| parse_size(&arg));
    let runs: usize = args
        .next()
        .map_or(3, |arg| arg.parse().expect("RUNS is a number"));

    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("input.bin");
    eprintln!(
        "writing {} of random bytes to {}",
        human(size),
        input.display()
    );
    write_random(&input, size);

    let mut hashing = Vec::new();
    let mut expected = String::new();
    for run in 1..=runs {
        let start = Instant::now();
        let output = Command::new("sha256sum")
            .arg(&input)
            .output()
            .expect("sha256sum runs");
        hashing.push(start.elapsed());
        assert!(output.status.success(), "sha256sum failed");
        expected = String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        eprintln!("sha256sum run {run}: {:.2?}", hashing.last().unwrap());
    }

    let mut ingesting = Vec::new();
    let mut verifying = None;
    for run in 1..=runs {
        let location = dir.path().join(format!("vault-{run}"));
        let location = location.to_str().expect("a UTF-8 temporary path");
        let key = VaultKey::generate();
        let vault = Vault::create(location, KeySource::Key(key)).await.unwrap();
        let file = tokio::fs::File::open(&input).await.unwrap();
        let start = Instant::now();
        let ingested = vault.ingest(file).await.unwrap();
        ingesting.push(start.elapsed());
        assert_eq!(
            ingested.hash.to_string(),
            expected,
            "the vault and sha256sum agree"
        );
        eprintln!("ingest run {run}: {:.2?}", ingesting.last().unwrap());
        if run == runs {
            let start = Instant::now();
            let verdict = vault.verify(&ingested.hash).await.unwrap();
            assert_eq!(verdict, Verdict::Intact { size });
            verifying = Some(start.elapsed());
        }
        std::fs::remove_dir_all(location).unwrap();
    }

    let hash_rate = rate(size, median(&mut hashing));
    let ingest_rate = rate(size, median(&mut ingesting));
    let ratio = ingest_rate / hash_rate;
    let peak = peak_rss_kib();
    println!("file size          {}", human(size));
    println!("sha256sum          {hash_rate:8.1} MiB/s (median of {runs})");
    println!("vault ingest       {ingest_rate:8.1} MiB/s (median of {runs})");
    println!(
        "ratio              {ratio:8.2}   (target >= 0.70: {})",
        verdict(ratio >= 0.70)
    );
    if let Some(verifying) = verifying {
        println!(
            "vault verify       {:8.1} MiB/s (one run)",
            rate(size, verifying)
        );
    }
    println!(
        "peak RSS (VmHWM)   {:8.1} MiB (target <= 64: {})",
        peak as f64 / 1024.0,
        verdict(peak <= 64 * 1024)
    );
    drop(dir);
}

fn parse_size(text: &str) -> u64 {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    let number: u64 = number.parse().expect("SIZE starts with a number");
    let unit = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        other => panic!("unknown size unit {other:?}: use KiB, MiB or GiB"),
    };
    number * unit
}

fn write_random(path: &Path, size: u64) {
    let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let mut block = vec![0u8; 1 << 20];
    let mut rng = rand::rng();
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        rng.fill_bytes(&mut block[..n]);
        file.write_all(&block[..n]).unwrap();
        left -= n as u64;
    }
    file.into_inner().unwrap().sync_all().unwrap();
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn rate(size: u64, time: Duration) -> f64 {
    size as f64 / MIB / time.as_secs_f64()
}

fn human(size: u64) -> String {
    format!("{:.0} MiB", size as f64 / MIB)
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT met" }
}

/// The process's peak resident set size in KiB, from /proc/self/status (Linux).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
