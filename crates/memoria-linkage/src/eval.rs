//! Pairwise precision and recall of a clustering against known truth: the standard
//! measure of record linkage (a pair of records is a link if both sit in one cluster).

use crate::schema::Mode;

/// Counts of pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairwiseScore {
    /// Pairs linked that are truly the same person.
    pub true_links: u64,
    /// Pairs linked.
    pub linked: u64,
    /// Pairs that are truly the same person.
    pub actual: u64,
}

impl PairwiseScore {
    pub fn precision(&self) -> f64 {
        if self.linked == 0 {
            1.0
        } else {
            self.true_links as f64 / self.linked as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.actual == 0 {
            1.0
        } else {
            self.true_links as f64 / self.actual as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// How many pairs the mode counts among records grouped by `group` (records of one
/// group are linked), each record with its input.
fn pairs_in_groups(mut keyed: Vec<(u64, u16)>, mode: Mode) -> u64 {
    keyed.sort_unstable();
    let mut total = 0u64;
    for group in keyed.chunk_by(|x, y| x.0 == y.0) {
        let n = group.len() as u64;
        let mut squares = 0u64;
        let mut within = 0u64;
        for same in group.chunk_by(|x, y| x.1 == y.1) {
            let k = same.len() as u64;
            squares += k * k;
            within += k * (k - 1) / 2;
        }
        total += match mode {
            Mode::Link => (n * n - squares) / 2,
            Mode::Dedupe => within,
            Mode::LinkAndDedupe => n * (n - 1) / 2,
        };
    }
    total
}

/// Pairwise scores of `clusters` (one per record) against `truth` (one per record: the
/// same number for the same person), counting the pairs `mode` compares.
pub fn pairwise(clusters: &[u32], truth: &[u64], inputs: &[u16], mode: Mode) -> PairwiseScore {
    assert_eq!(clusters.len(), truth.len());
    assert_eq!(clusters.len(), inputs.len());
    // Truth as dense numbers, so that (cluster, person) fits one u64.
    let mut ids: Vec<u64> = truth.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let dense: Vec<u64> = truth
        .iter()
        .map(|t| ids.binary_search(t).expect("present") as u64)
        .collect();
    let linked = pairs_in_groups(
        clusters
            .iter()
            .zip(inputs)
            .map(|(&c, &i)| (u64::from(c), i))
            .collect(),
        mode,
    );
    let actual = pairs_in_groups(
        dense.iter().zip(inputs).map(|(&t, &i)| (t, i)).collect(),
        mode,
    );
    let true_links = pairs_in_groups(
        clusters
            .iter()
            .zip(&dense)
            .zip(inputs)
            .map(|((&c, &t), &i)| (u64::from(c) << 32 | t, i))
            .collect(),
        mode,
    );
    PairwiseScore {
        true_links,
        linked,
        actual,
    }
}
