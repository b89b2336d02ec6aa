//! The Fellegi–Sunter model: for each comparison level, `m` (how often true matches
//! land there) and `u` (how often two random records do), and `prior`, the share of
//! all pairs that are matches.
//!
//! - `u` is counted on random pairs (almost all of which are non-matches: three per
//!   record by default, so that levels whose u shrinks as records grow are found as
//!   often at every size), with half a pair added to every level so that none is zero;
//!   once the prior is known, the share of true matches among random pairs is taken
//!   out, but never below that half pair. The levels of the same value (same names,
//!   same day, same place, same identifier) are not sampled but counted exactly from
//!   the values: they are the rarest and weigh the most, and a handful of random hits
//!   made them swing by bits from one seed to the next.
//! - `m` is estimated by expectation–maximisation without labels, with `u` held fixed,
//!   separately on the pairs of each blocking rule, leaving out the comparisons of the
//!   fields that rule blocks on (in its pairs they agree by construction, whatever the
//!   truth), and of the fields that move with them (an age and the birth date it is
//!   worked out from: blocking on one makes the other agree too). A rule on a coarse
//!   level of a place (`place:1`) leaves the finer levels free: EM uses the place there
//!   with u taken among pairs that share that level, but keeps no m for it, which would
//!   be conditional on the key. The fields a rule leaves free are estimated from its pairs, and the
//!   estimates of the rules are averaged, weighted by how many matches each saw. A
//!   field every blocking rule uses needs a training rule (`[[train]]`) that leaves it
//!   free, or it keeps the starting guess (and the model says so).
//! - Fields whose m is given (`m = [...]`; sex by default, because given names predict
//!   it and so every name rule would bias its estimate) are not estimated.
//! - `m` never falls below [`M_FLOOR`]: EM on large data can learn that true matches
//!   "never" differ on a field, and one such field then vetoes every true pair that
//!   does (Splink's loss of recall at scale when people move). A floor bounds the
//!   damage any single disagreement can do.
//! - `prior` is found last, as the fixed point of "expected matches = sum of the match
//!   probabilities of the candidate pairs", pairs outside the blocks being taken as
//!   non-matches.

use std::fmt;

use rustc_hash::FxHashMap;

use crate::compare::{Comparison, level_of};

/// The least m-probability of any level.
pub const M_FLOOR: f64 = 0.005;

/// The fitted model.
#[derive(Clone, Debug)]
pub struct Model {
    /// The share of all comparable pairs that are matches.
    pub prior: f64,
    pub comparisons: Vec<ComparisonModel>,
}

/// The m- and u-probabilities of one compared field; index 0 is level 1.
#[derive(Clone, Debug)]
pub struct ComparisonModel {
    pub field: String,
    /// What each level (from 1) means; its `Display` is the English label.
    pub names: Vec<crate::LevelName>,
    pub m: Vec<f64>,
    pub u: Vec<f64>,
    /// Whether `m` was estimated (else it is the starting guess: the field was in
    /// every blocking rule, or never present).
    pub estimated: bool,
    /// Names: per level, how far the centre its term-frequency adjustments are taken
    /// from lies above the record's rarest part's (empty: the same at every level).
    /// Two same names share the record's rarest part; at a level where names share one
    /// part, that part is mostly a given name, commoner than the record's rarest (see
    /// the `compare` module).
    pub tf_shift: Vec<f64>,
}

impl ComparisonModel {
    /// `log2(m / u)` of level `level` (from 1); 0 for level 0 (missing).
    pub fn bits(&self, level: u8) -> f64 {
        if level == 0 {
            return 0.0;
        }
        let l = usize::from(level) - 1;
        let bits = (self.m[l] / self.u[l]).log2();
        // Disagreeing is never evidence for a match. Where random pairs never reach
        // "different" (every place of a collection in one country), its u is the half
        // pair every level starts with, smaller than m's floor, and a country misspelt
        // would have counted 11 bits for the pair. A text's last level, no word
        // shared, is its "different".
        if matches!(
            self.names[l],
            crate::LevelName::Different | crate::LevelName::NoWordShared
        ) {
            bits.min(0.0)
        } else {
            bits
        }
    }

    /// [`ComparisonModel::tf_shift`] at level `level` (from 1).
    pub fn shift(&self, level: u8) -> f64 {
        if level == 0 {
            return 0.0;
        }
        self.tf_shift
            .get(usize::from(level) - 1)
            .copied()
            .unwrap_or(0.0)
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "prior match probability {:.3e}", self.prior)?;
        for c in &self.comparisons {
            writeln!(
                f,
                "{}{}",
                c.field,
                if c.estimated {
                    ""
                } else {
                    " (m not estimated)"
                }
            )?;
            for (l, label) in c.names.iter().enumerate() {
                write!(
                    f,
                    "  {label:<32} m {:.4}  u {:.6}  {:+.2} bits",
                    c.m[l],
                    c.u[l],
                    c.bits(l as u8 + 1)
                )?;
                match c.shift(l as u8 + 1) {
                    0.0 => writeln!(f)?,
                    shift => writeln!(f, "  term frequencies centred {shift:+.2}")?,
                }
            }
        }
        Ok(())
    }
}

/// The starting m of a comparison: most matches agree. Names have their own shape:
/// matches are often spelled differently, rarely share only one part.
fn starting_m_of(comp: &Comparison) -> Vec<f64> {
    if comp.kind == crate::FieldKind::Name {
        // The levels of agreement come twice, for short and long names, shared in the
        // proportion of long names in the data.
        let long = comp.long_names;
        let short = 1.0 - long;
        return vec![
            0.55 * short,
            0.1 * short,
            0.1 * short,
            0.05,
            0.02,
            0.015,
            0.015,
            0.55 * long,
            0.1 * long,
            0.1 * long,
            0.1 * short,
            0.1 * long,
            0.05 * short,
            0.05 * long,
        ];
    }
    starting_m(comp.levels())
}

/// The starting m of a comparison with `levels` levels: most matches agree.
fn starting_m(levels: usize) -> Vec<f64> {
    let mut m: Vec<f64> = (0..levels).map(|l| 0.5f64.powi(l as i32 + 1)).collect();
    if levels > 1 {
        m[levels - 1] = 0.02;
    }
    let sum: f64 = m.iter().sum();
    m.iter().map(|x| x / sum).collect()
}

/// How many matches the starting m of a comparison counts for beside reviewers'
/// answers where EM saw fewer ([`estimate_m`]).
pub(crate) const PRIOR_MATCHES: f64 = 20.0;

/// u-probabilities from the level patterns of random pairs.
pub(crate) fn estimate_u(
    comps: &[Comparison],
    random: &[u64],
    same_value: &[Vec<(u8, f64)>],
) -> Vec<Vec<f64>> {
    comps
        .iter()
        .enumerate()
        .map(|(c, comp)| {
            let mut counts = vec![0.5f64; comp.levels()];
            for &p in random {
                let l = level_of(p, c);
                if l > 0 {
                    counts[usize::from(l) - 1] += 1.0;
                }
            }
            // Levels whose share is known exactly take it; the sample shares out the
            // rest among the others.
            let exact = same_value.get(c).map_or(&[][..], Vec::as_slice);
            let known: f64 = exact.iter().map(|&(_, u)| u).sum::<f64>().min(0.999);
            for &(level, _) in exact {
                counts[usize::from(level) - 1] = 0.0;
            }
            let total: f64 = counts.iter().sum();
            let mut u: Vec<f64> = counts.iter().map(|x| x / total * (1.0 - known)).collect();
            for &(level, share) in exact {
                u[usize::from(level) - 1] = share;
            }
            u
        })
        .collect()
}

/// Level patterns with how often each occurs among one rule's pairs.
pub(crate) type Patterns = FxHashMap<u64, f64>;

/// m-probabilities by EM, one pattern table per blocking rule; `masked[r]` has a bit
/// per comparison rule `r` blocks on, and `within[r]` the place comparisons its key
/// only makes share their coarser levels, each with its u among such pairs: they take
/// part in rule `r`'s EM (so that it has more free fields to tell matches from
/// non-matches), but their m there is conditional on the key and is not kept.
pub(crate) fn estimate_m(
    comps: &[Comparison],
    u: &[Vec<f64>],
    rules: &[Patterns],
    masked: &[u32],
    within: &[Vec<(usize, Vec<f64>)>],
    fixed: &[Option<Vec<f64>>],
    labelled_matches: &[u64],
) -> (Vec<Vec<f64>>, Vec<bool>) {
    let nc = comps.len();
    let start: Vec<Vec<f64>> = (0..nc)
        .map(|c| fixed[c].clone().unwrap_or_else(|| starting_m_of(&comps[c])))
        .collect();
    let mut sum_m: Vec<Vec<f64>> = comps.iter().map(|c| vec![0.0; c.levels()]).collect();
    let mut weight = vec![0.0f64; nc];
    for (r, patterns) in rules.iter().enumerate() {
        let conditioned = within.get(r).map_or(&[][..], Vec::as_slice);
        let is_conditioned = |c: usize| conditioned.iter().any(|(x, _)| *x == c);
        let free: Vec<usize> = (0..nc)
            .filter(|&c| masked[r] & (1 << c) == 0 && fixed[c].is_none() && !is_conditioned(c))
            .collect();
        if free.is_empty() || patterns.is_empty() {
            continue;
        }
        let mut taking_part = free.clone();
        let mut u_r = u.to_vec();
        for (c, uc) in conditioned {
            if fixed[*c].is_none() {
                taking_part.push(*c);
                u_r[*c] = uc.clone();
            }
        }
        let (m, matches) = em(&u_r, patterns, &taking_part, start.clone());
        for &c in &free {
            if matches[c] > 0.5 {
                for (l, x) in m[c].iter().enumerate() {
                    sum_m[c][l] += x * matches[c];
                }
                weight[c] += matches[c];
            }
        }
    }
    // Pairs reviewers called the same person are matches observed, not inferred: each
    // counts once beside the matches EM expects, for every field it compares.
    let from_em = weight.clone();
    for &pattern in labelled_matches {
        for (c, sum) in sum_m.iter_mut().enumerate() {
            let level = usize::from(crate::compare::level_of(pattern, c));
            if fixed[c].is_none() && level > 0 {
                sum[level - 1] += 1.0;
                weight[c] += 1.0;
            }
        }
    }
    // Where EM found few matches or none (a field every blocking rule keys on, say),
    // a handful of answers would otherwise be all of m: one "same" pair whose names
    // were one part alike made that level nearly every match's, and every pair with the
    // same names fell to a few per cent. There the starting m stands in for the
    // matches EM did not see, as if it were PRIOR_MATCHES of them, and answers refine
    // it; as answers grow past it, they decide.
    for c in 0..nc {
        let answers = weight[c] - from_em[c];
        if answers > 0.0 && from_em[c] < PRIOR_MATCHES {
            let prior = PRIOR_MATCHES - from_em[c];
            for (sum, start) in sum_m[c].iter_mut().zip(&start[c]) {
                *sum += prior * start;
            }
            weight[c] += prior;
        }
    }
    let mut estimated = vec![false; nc];
    let m = (0..nc)
        .map(|c| {
            let raw = if let Some(m) = &fixed[c] {
                estimated[c] = true;
                m.clone()
            } else if weight[c] > 0.0 {
                estimated[c] = true;
                sum_m[c].iter().map(|x| x / weight[c]).collect()
            } else {
                starting_m_of(&comps[c])
            };
            floor(raw)
        })
        .collect();
    (m, estimated)
}

fn floor(m: Vec<f64>) -> Vec<f64> {
    let raised: Vec<f64> = m.iter().map(|&x| x.max(M_FLOOR)).collect();
    let sum: f64 = raised.iter().sum();
    raised.iter().map(|x| x / sum).collect()
}

/// EM over one table of patterns, estimating m of the `free` comparisons (u fixed),
/// from `m`. Returns m and, per comparison, the expected number of matches with a
/// value there. Comparisons outside `free` play no part: a field blocked on, or one
/// whose m is given (its u among blocked pairs is not the random pairs' u, and would
/// mislead the E-step).
fn em(
    u: &[Vec<f64>],
    patterns: &Patterns,
    free: &[usize],
    mut m: Vec<Vec<f64>>,
) -> (Vec<Vec<f64>>, Vec<f64>) {
    let nc = m.len();
    let mut lambda = 0.1f64;
    let table: Vec<(u64, f64)> = patterns.iter().map(|(&p, &n)| (p, n)).collect();
    let mut matches = vec![0.0f64; nc];
    for _ in 0..80 {
        let mut acc: Vec<Vec<f64>> = m.iter().map(|l| vec![0.0; l.len()]).collect();
        let mut total_w = 0.0;
        let mut total = 0.0;
        for &(p, n) in &table {
            let (mut lm, mut lu) = (lambda.ln(), (1.0 - lambda).ln());
            for &c in free {
                let l = level_of(p, c);
                if l > 0 {
                    let l = usize::from(l) - 1;
                    lm += m[c][l].max(1e-12).ln();
                    lu += u[c][l].ln();
                }
            }
            let w = 1.0 / (1.0 + (lu - lm).exp());
            total_w += w * n;
            total += n;
            for &c in free {
                let l = level_of(p, c);
                if l > 0 {
                    acc[c][usize::from(l) - 1] += w * n;
                }
            }
        }
        let mut change = (total_w / total - lambda).abs();
        lambda = (total_w / total).clamp(1e-9, 1.0 - 1e-9);
        for &c in free {
            let s: f64 = acc[c].iter().sum();
            matches[c] = s;
            if s > 0.0 {
                for l in 0..acc[c].len() {
                    let new = acc[c][l] / s;
                    change = change.max((new - m[c][l]).abs());
                    m[c][l] = new;
                }
            }
        }
        if change < 1e-5 {
            break;
        }
    }
    (m, matches)
}

/// The prior share of matches among `all_pairs`, given the Bayes factors (in bits,
/// without prior) of the candidate pairs.
pub(crate) fn estimate_prior(bits: &[f32], all_pairs: f64) -> f64 {
    if bits.is_empty() || all_pairs <= 0.0 {
        return 1e-6;
    }
    // A histogram of the weights in twentieths of a bit keeps each step cheap.
    const LO: f64 = -80.0;
    const STEP: f64 = 0.05;
    let bins = ((160.0 / STEP) as usize) + 1;
    let mut hist = vec![0f64; bins];
    for &b in bits {
        let i = ((f64::from(b) - LO) / STEP)
            .round()
            .clamp(0.0, (bins - 1) as f64) as usize;
        hist[i] += 1.0;
    }
    let mut expected: f64 = bits.iter().filter(|&&b| b > 0.0).count().max(1) as f64;
    for _ in 0..100 {
        let pi = (expected / all_pairs).clamp(1e-15, 0.5);
        let prior_bits = (pi / (1.0 - pi)).log2();
        let mut sum = 0.0;
        for (i, &n) in hist.iter().enumerate() {
            if n > 0.0 {
                let w = LO + i as f64 * STEP + prior_bits;
                sum += n / (1.0 + (-w).exp2());
            }
        }
        let done = (sum - expected).abs() < 0.01 * expected.max(1.0) * 1e-3;
        expected = sum.max(1e-3);
        if done {
            break;
        }
    }
    (expected / all_pairs).clamp(1e-15, 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sharing no word, like any "different", is never evidence for a match, however
    /// rarely random pairs reach it (notes in which nearly every pair shares a word).
    #[test]
    fn sharing_no_word_is_never_evidence_for_a_match() {
        use crate::LevelName::*;
        let text = ComparisonModel {
            field: "note".into(),
            names: vec![SameWords, HalfTheWordsShared, SomeWordsShared, NoWordShared],
            m: vec![0.6, 0.3, 0.095, 0.005],
            u: vec![0.01, 0.2, 0.789, 0.001],
            estimated: true,
            tf_shift: Vec::new(),
        };
        assert!(text.bits(1) > 0.0);
        assert_eq!(text.bits(4), 0.0, "m/u would give +2.3 bits");
    }

    /// A level random pairs never reached has only the half pair's u; "different"
    /// there must still not count for a match.
    #[test]
    fn disagreeing_never_counts_for_a_match() {
        let c = ComparisonModel {
            field: "place".into(),
            names: vec![crate::LevelName::SamePlace, crate::LevelName::Different],
            m: vec![0.995, 0.005],
            u: vec![0.2, 1e-7],
            estimated: true,
            tf_shift: Vec::new(),
        };
        assert!(c.bits(1) > 2.0);
        assert_eq!(c.bits(2), 0.0);
        let c = ComparisonModel {
            u: vec![0.2, 0.8],
            ..c
        };
        assert!(c.bits(2) < -7.0);
    }
}
