//! Synthetic people with known truth (see `memoria_linkage::synth`): every error the
//! generator makes, at a size that runs in seconds.

use memoria_linkage::eval::pairwise;
use memoria_linkage::synth::{self, SynthConfig};
use memoria_linkage::{Config, Records, link, read_csv};

use crate::assert_scores;

/// Generates `n` records, links them with the generator's configuration, returns
/// the pairwise score and the share of true pairs blocking kept.
pub fn run(n: usize, seed: u64) -> (memoria_linkage::eval::PairwiseScore, f64) {
    let config = Config::from_toml(synth::CONFIG).expect("config");
    let mut csv = Vec::new();
    let truth = synth::write_csv(&SynthConfig::new(n, seed), &mut csv).expect("generating");
    let mut records = Records::new(&config.schema).expect("schema");
    let summary = read_csv(csv.as_slice(), 0, "id", &mut records).expect("reading");
    assert_eq!(summary.rows as usize, n);
    assert_eq!(summary.problem_count, 0, "{:?}", summary.problems);
    let linkage = link(&records, &config.settings).expect("linking");
    eprintln!("{}", linkage.report());
    eprintln!("{}", linkage.model());
    eprintln!("cluster sizes {:?}", linkage.cluster_sizes());
    let truth: Vec<u64> = truth.iter().map(|&p| u64::from(p)).collect();
    let clusters: Vec<u32> = (0..records.len()).map(|r| linkage.cluster_of(r)).collect();
    let inputs = vec![0u16; records.len()];
    let score = pairwise(&clusters, &truth, &inputs, linkage.mode());
    // Recall of blocking alone: true pairs among the candidates.
    let candidates = linkage.pairs().filter(|p| truth[p.a] == truth[p.b]).count() as f64;
    let blocking_recall = candidates / score.actual.max(1) as f64;
    (score, blocking_recall)
}

#[test]
fn synthetic_people_with_known_truth() {
    let started = std::time::Instant::now();
    let (score, blocking_recall) = run(20_000, 42);
    eprintln!(
        "blocking kept {blocking_recall:.4} of true pairs; {:?}",
        started.elapsed()
    );
    assert_scores("synthetic 20k", score, 0.0, 0.0);
    assert!(score.f1() >= 0.97, "f1 {:.4}", score.f1());
}

/// Reading a file normalises its rows on several threads, a batch at a time; pushing
/// records one by one does it on one. Both must give the same records, pairs and
/// clusters: interning happens in file order either way.
#[test]
fn reading_in_batches_equals_pushing_one_by_one() {
    let config = Config::from_toml(synth::CONFIG).expect("config");
    // More rows than one batch, and not a multiple of it.
    let synth_config = SynthConfig::new(20_000, 7);
    let mut csv = Vec::new();
    synth::write_csv(&synth_config, &mut csv).expect("generating");
    let mut read = Records::new(&config.schema).expect("schema");
    read_csv(csv.as_slice(), 0, "id", &mut read).expect("reading");
    let mut pushed = Records::new(&config.schema).expect("schema");
    for r in synth::records(&synth_config) {
        let id = r.id.to_string();
        pushed
            .push(0, &id, &[&r.name, &r.born, &r.age, &r.sex, &r.place])
            .expect("pushing");
    }
    assert_eq!(read.len(), pushed.len());
    let read_linkage = link(&read, &config.settings).expect("linking");
    let pushed_linkage = link(&pushed, &config.settings).expect("linking");
    assert_eq!(read_linkage.report(), pushed_linkage.report());
    let clusters = |l: &memoria_linkage::Linkage<'_>| -> Vec<(String, u32)> {
        l.clusters()
            .map(|c| (c.id.to_string(), c.cluster))
            .collect()
    };
    assert_eq!(clusters(&read_linkage), clusters(&pushed_linkage));
    let weights = |l: &memoria_linkage::Linkage<'_>| -> Vec<(usize, usize, u64)> {
        l.pairs().map(|p| (p.a, p.b, p.weight.to_bits())).collect()
    };
    assert_eq!(weights(&read_linkage), weights(&pushed_linkage));
}
