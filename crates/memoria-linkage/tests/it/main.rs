//! Accuracy and robustness of record linkage, on real victim lists (when the shared
//! data sets are present) and on synthetic people with known truth.
//!
//! The real lists hold the names of people who were killed: no test prints a name or
//! any other value from them. Failure messages give counts and record ids only.

mod bad_input;
mod fuzz_corpus;
mod gaza;
mod names;
mod police;
mod synthetic;

use memoria_linkage::eval::PairwiseScore;

/// Asserts precision and recall at least `min`, with counts only in the message.
pub fn assert_scores(what: &str, score: PairwiseScore, min_precision: f64, min_recall: f64) {
    eprintln!(
        "{what}: precision {:.4} recall {:.4} f1 {:.4} (true links {}, linked {}, actual {})",
        score.precision(),
        score.recall(),
        score.f1(),
        score.true_links,
        score.linked,
        score.actual
    );
    assert!(
        score.precision() >= min_precision && score.recall() >= min_recall,
        "{what}: precision {:.4} (want {min_precision}), recall {:.4} (want {min_recall}); true links {}, linked {}, actual {}",
        score.precision(),
        score.recall(),
        score.true_links,
        score.linked,
        score.actual
    );
}
