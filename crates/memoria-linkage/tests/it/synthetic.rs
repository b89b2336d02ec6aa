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
