//! The run: block ([`plan`]), then compare, estimate, score and cluster
//! ([`Plan::run`]), and the result ([`Linkage`]) with its clusters, review band and
//! explanations.

use std::collections::{HashMap, HashSet};
use std::fmt;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::block::{BlockingReport, block, default_rules, pairs_allowed};
use crate::cluster::{DECIDED, cluster, pair_key};
use crate::compare::{Compared, Comparer, level_counts, level_of, same_value_shares};
use crate::error::{ConfigError, LinkageError};
use crate::model::{ComparisonModel, Model, Patterns, estimate_m, estimate_prior, estimate_u};
use crate::records::{RecordRef, Records};
use crate::schema::{BlockingRule, FieldKind, KeyHow, Mode, Settings};

/// Below this many records the model has little to learn from, and callers should
/// say so. What tells people apart (how often strangers share a name, an age, a
/// place) is learnt from the records themselves, from pairs drawn at random: among
/// two or three records those pairs are mostly the very matches to be found, and two
/// records of one person, alike in every field, are left apart. Seven records of
/// four people link well; one person's two records alone are not linked.
pub const FEW_RECORDS: usize = 10;

/// Where [`Plan::run_reporting`] is, in the order the stages come. At a million
/// records (the benchmark prints each stage's time) comparing takes about three fifths
/// of the run, estimating a fifth, scoring and clustering a tenth each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Every candidate pair compared field by field.
    Comparing,
    /// Random pairs compared for u, and m estimated by EM.
    Estimating,
    /// Every pair's weight, and the prior.
    Scoring,
    /// Pairs joined into clusters, strongest first.
    Clustering,
}

/// Blocking done and checked: the report can be shown before anything is scored.
pub struct Plan<'r> {
    records: &'r Records,
    settings: Settings,
    mode: Mode,
    rules: Vec<BlockingRule>,
    pairs: Vec<u64>,
    pair_rules: Vec<u16>,
    report: BlockingReport,
    /// Taken by [`Plan::run`].
    comparer: Option<Comparer<'r>>,
    /// The exact shares of the levels that count them (see [`same_value_shares`]).
    same_value: Vec<Vec<(u8, f64)>>,
}

/// Blocks `records`, or refuses a configuration that would make too many pairs (see
/// [`crate::block`]), and prepares what comparing the pairs needs.
pub fn plan<'r>(records: &'r Records, settings: &Settings) -> Result<Plan<'r>, LinkageError> {
    settings.check()?;
    if records.is_empty() {
        return Err(LinkageError::NoRecords);
    }
    let inputs = records.inputs();
    let mode = settings.mode.unwrap_or(if inputs.len() > 1 {
        Mode::Link
    } else {
        Mode::Dedupe
    });
    if mode == Mode::Link && inputs.len() < 2 {
        return Err(LinkageError::OneInput);
    }
    if !records.schema().fields().iter().any(|f| f.compare) {
        return Err(LinkageError::NothingCompared);
    }
    // Records that hold nothing to compare would all be told apart by nothing: the
    // model could not be estimated and every record would stand alone, which looks
    // like a result. Say so instead.
    let compared: Vec<usize> = (0..records.schema().fields().len())
        .filter(|&f| records.schema().fields()[f].compare)
        .collect();
    if !(0..records.len()).any(|r| compared.iter().any(|&f| records.has_value(f, r))) {
        return Err(LinkageError::NothingKnown);
    }
    let rules = if settings.blocking.is_empty() {
        default_rules(records.schema())
    } else {
        settings.blocking.clone()
    };
    if rules.is_empty() {
        return Err(LinkageError::NoRules);
    }
    {
        for (f, levels) in level_counts(records) {
            let field = &records.schema().fields()[f];
            if field.m.as_ref().is_some_and(|m| m.len() != levels) {
                return Err(ConfigError::Invalid {
                    field: field.name.clone(),
                    what: "m needs one probability per comparison level",
                }
                .into());
            }
        }
    }
    // The comparisons' tables do not depend on the pairs: they are made while blocking,
    // which leaves a core idle for much of its time.
    let (blocked, prepared) = std::thread::scope(|s| {
        let prepared = s.spawn(|| {
            let comparer = Comparer::new(records);
            let same_value = same_value_shares(records, &comparer.comps, mode);
            (comparer, same_value)
        });
        let blocked = block(records, &rules, mode, settings.max_pairs);
        (
            blocked,
            prepared.join().expect("preparing the comparisons panicked"),
        )
    });
    let blocked = blocked?;
    let (comparer, same_value) = prepared;
    for (i, rule) in settings.training.iter().enumerate() {
        if rule.parts.is_empty() {
            return Err(LinkageError::EveryoneWithEveryone {
                rule: rules.len() + i + 1,
                text: rule.text.clone(),
            });
        }
    }
    Ok(Plan {
        records,
        settings: settings.clone(),
        mode,
        rules,
        pairs: blocked.pairs,
        pair_rules: blocked.rules,
        report: blocked.report,
        comparer: Some(comparer),
        same_value,
    })
}

/// [`plan`] and [`Plan::run`] in one.
pub fn link<'r>(records: &'r Records, settings: &Settings) -> Result<Linkage<'r>, LinkageError> {
    Ok(plan(records, settings)?.run())
}

/// Sets `out[i]` to `f(&items[i])` for every item, on `threads` threads.
fn par_fill<T: Sync, R: Send>(
    items: &[T],
    out: &mut [R],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) {
    let chunk = items.len().div_ceil(threads.max(1)).max(10_000);
    let f = &f;
    std::thread::scope(|s| {
        for (from, to) in items.chunks(chunk).zip(out.chunks_mut(chunk)) {
            s.spawn(move || {
                for (x, y) in from.iter().zip(to) {
                    *y = f(x);
                }
            });
        }
    });
}

impl<'r> Plan<'r> {
    pub fn report(&self) -> &BlockingReport {
        &self.report
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Every candidate pair `(a, b)` with a bit per blocking rule that made it; for
    /// benchmarks and diagnostics.
    #[doc(hidden)]
    pub fn candidates(&self) -> impl Iterator<Item = (usize, usize, u16)> + '_ {
        self.pairs
            .iter()
            .zip(&self.pair_rules)
            .map(|(&p, &r)| ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize, r))
    }

    /// Compares the candidate pairs, estimates the model, scores and clusters.
    pub fn run(self) -> Linkage<'r> {
        self.run_reporting(|_| {})
    }

    /// [`Plan::run`], telling `stage` as each [`Stage`] begins, so that a caller can
    /// show where a long run is.
    pub fn run_reporting(mut self, mut stage: impl FnMut(Stage)) -> Linkage<'r> {
        stage(Stage::Comparing);
        let records = self.records;
        let mut comparer = self.comparer.take().expect("a plan runs once");
        let same_value = std::mem::take(&mut self.same_value);
        let threads = self.settings.threads;
        // Compare every candidate pair once.
        let compared: Vec<Compared> = comparer.compare_all(&self.pairs, threads);
        // u from random pairs.
        stage(Stage::Estimating);
        let random = random_pairs(
            records,
            self.mode,
            self.settings
                .u_sample
                .unwrap_or((3 * records.len()).max(crate::schema::U_SAMPLE_LEAST)),
            self.settings.seed,
        );
        let mut random_patterns: Vec<u64> = comparer.patterns(&random, threads);
        drop(random);
        // Reviewers' "different" pairs are non-matches observed: each counts once
        // beside the random pairs, as their "same" pairs do beside EM's matches in m.
        random_patterns.extend(
            self.settings
                .decisions
                .iter()
                .filter(|d| !d.same && d.a != d.b && d.a.max(d.b) < records.len())
                .map(|d| comparer.compare(d.a, d.b).0),
        );
        let u = estimate_u(&comparer.comps, &random_patterns, &same_value);
        let random_count = random_patterns.len();
        drop(random_patterns);
        // m by EM per blocking rule, on a sample of each rule's pairs.
        let mut masked: Vec<u32> = self
            .rules
            .iter()
            .map(|rule| mask_of(rule, &comparer))
            .collect();
        let mut tables: Vec<Patterns> = vec![Patterns::default(); self.rules.len()];
        let strides: Vec<u64> = self
            .report
            .rules
            .iter()
            .map(|r| (r.pairs / self.settings.em_sample.max(1) as u64).max(1))
            .collect();
        let mut seen = vec![0u64; self.rules.len()];
        for (i, &Compared { pattern, .. }) in compared.iter().enumerate() {
            let mut bits = self.pair_rules[i];
            while bits != 0 {
                let r = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                seen[r] += 1;
                if seen[r].is_multiple_of(strides[r]) {
                    let mut p = pattern;
                    for c in 0..comparer.comps.len() {
                        if masked[r] & (1 << c) != 0 {
                            p &= !(0xF << (4 * c));
                        }
                    }
                    *tables[r].entry(p).or_insert(0.0) += 1.0;
                }
            }
        }
        let fixed: Vec<Option<Vec<f64>>> = comparer
            .comps
            .iter()
            .map(|c| records.schema().fields()[c.field].m.clone())
            .collect();
        self.train(&comparer, &mut tables, &mut masked);
        let within: Vec<Vec<(usize, Vec<f64>)>> = self
            .rules
            .iter()
            .chain(&self.settings.training)
            .map(|rule| {
                bearing(rule, &comparer)
                    .1
                    .into_iter()
                    .map(|(c, k)| {
                        let depth = comparer.comps[c].levels() - 2;
                        (c, u_within(&u[c], depth, k))
                    })
                    .collect()
            })
            .collect();
        // Reviewers' "same" pairs train m too (see [`estimate_m`]).
        let labelled_matches: Vec<u64> = self
            .settings
            .decisions
            .iter()
            .filter(|d| d.same && d.a != d.b && d.a.max(d.b) < records.len())
            .map(|d| comparer.compare(d.a, d.b).0)
            .collect();
        let (m, estimated) = estimate_m(
            &comparer.comps,
            &u,
            &tables,
            &masked,
            &within,
            &fixed,
            &labelled_matches,
        );

        let mut model = Model {
            prior: 0.0,
            comparisons: comparer
                .comps
                .iter()
                .enumerate()
                .map(|(c, comp)| ComparisonModel {
                    field: records.schema().fields()[comp.field].name.clone(),
                    names: comp.names.clone(),
                    m: m[c].clone(),
                    u: u[c].clone(),
                    estimated: estimated[c],
                    tf_shift: Vec::new(),
                })
                .collect(),
        };
        let mut sizes = vec![0u64; usize::from(u16::MAX) + 1];
        for r in 0..records.len() {
            sizes[usize::from(records.input_of(r))] += 1;
        }
        let all = pairs_allowed(self.mode, &sizes) as f64;
        // Bits of every level, then every pair's Bayes factor and the prior. Random
        // pairs include a few true matches (when lists overlap much, enough to matter):
        // once the prior is known, their share is taken out of u and the scores redone.
        stage(Stage::Scoring);
        let mut weights: Vec<f32> = Vec::new();
        let mut table: Vec<Vec<f32>> = Vec::new();
        for round in 0..2 {
            if round == 1 {
                // A level random pairs never reached has only the half pair added to
                // every level: taking matches out of that would leave a share no data
                // supports (at a million records, "same names, some missing" at +23
                // bits, which outweighed a different birth date), so no level is
                // taken below it.
                let unseen = 0.5 / random_count.max(1) as f64;
                for c in &mut model.comparisons {
                    let pi = model.prior;
                    let corrected: Vec<f64> = c
                        .u
                        .iter()
                        .zip(&c.m)
                        .map(|(&u, &m)| ((u - pi * m) / (1.0 - pi)).max(u * 0.1).max(u.min(unseen)))
                        .collect();
                    let sum: f64 = corrected.iter().sum();
                    c.u = corrected.iter().map(|x| x / sum).collect();
                }
                if let Some(c) = comparer.apart {
                    let centres =
                        name_centres(&comparer.comps[c], c, &compared, &weights, model.prior);
                    let centre = comparer.comps[c].centre;
                    model.comparisons[c].tf_shift =
                        centres.iter().map(|&l| f64::from(l - centre)).collect();
                    comparer.comps[c].level_centres = centres;
                }
            }
            table = model
                .comparisons
                .iter()
                .map(|c| {
                    (0..=c.names.len())
                        .map(|l| c.bits(l as u8) as f32)
                        .collect()
                })
                .collect();
            let (table, comparer) = (&table, &comparer);
            weights.resize(compared.len(), 0.0);
            par_fill(&compared, &mut weights, threads, |x| {
                let mut w = x.tf;
                for (c, bits) in table.iter().enumerate() {
                    w += bits[usize::from(level_of(x.pattern, c))];
                }
                if let Some(c) = comparer.apart
                    && !x.rarity.is_nan()
                {
                    w += comparer.comps[c].adjustment(level_of(x.pattern, c), x.rarity);
                }
                w
            });
            model.prior = estimate_prior(&weights, all);
        }
        let prior_bits = (model.prior / (1.0 - model.prior)).log2() as f32;
        for w in &mut weights {
            *w += prior_bits;
        }
        drop(tables);
        drop(compared);
        // Reviewers' answers over the model: a decided candidate pair takes the weight
        // of its verdict (and so leaves the review band); a pair decided "same" that
        // blocking did not find is added.
        let decided: HashMap<(u32, u32), bool> = self
            .settings
            .decisions
            .iter()
            .filter(|d| d.a != d.b && d.a.max(d.b) < records.len())
            .map(|d| (pair_key(d.a as u32, d.b as u32), d.same))
            .collect();
        let verdict_weight = |same: bool| if same { DECIDED } else { -DECIDED };
        let mut candidates: HashSet<(u32, u32)> = HashSet::new();
        if !decided.is_empty() {
            for (&p, w) in self.pairs.iter().zip(weights.iter_mut()) {
                let key = pair_key((p >> 32) as u32, p as u32);
                if let Some(&same) = decided.get(&key) {
                    *w = verdict_weight(same);
                    candidates.insert(key);
                }
            }
        }
        // Clusters of the pairs at or above the match probability.
        stage(Stage::Clustering);
        let threshold = probability_to_weight(self.settings.match_probability) as f32;
        let mut edges: Vec<(u32, u32, f32)> = self
            .pairs
            .iter()
            .zip(&weights)
            .filter(|&(_, &w)| w >= threshold)
            .map(|(&p, &w)| ((p >> 32) as u32, p as u32, w))
            .collect();
        edges.extend(
            decided
                .iter()
                .filter(|&(key, &same)| same && !candidates.contains(key))
                .map(|(&(a, b), _)| (a, b, DECIDED)),
        );
        let apart: HashSet<(u32, u32)> = decided
            .iter()
            .filter(|&(_, &same)| !same)
            .map(|(&key, _)| key)
            .collect();
        let score = |x: u32, y: u32| {
            if let Some(&same) = decided.get(&pair_key(x, y)) {
                return if same { 1.0 } else { 0.0 };
            }
            let (pattern, tf) = comparer.compare(x as usize, y as usize);
            let mut w = f64::from(tf) + f64::from(prior_bits);
            for (c, bits) in table.iter().enumerate() {
                w += f64::from(bits[usize::from(level_of(pattern, c))]);
            }
            weight_to_probability(w)
        };
        let clusters = cluster(
            records,
            self.mode,
            edges,
            &apart,
            self.settings.min_cluster_density,
            self.settings.max_cluster_size,
            score,
        );
        Linkage {
            records,
            comparer,
            model,
            report: self.report,
            mode: self.mode,
            pairs: self.pairs,
            weights,
            clusters,
            settings: self.settings,
        }
    }
}

/// The centre per level of name comparison `c` (see [`ComparisonModel::tf_shift`]):
/// `log2` of the mean term frequency of the part that adjusts matches' weights at
/// that level. If matches at a level hold a value with chance ∝ `tf` and random pairs
/// with chance ∝ `tf²`, sharing `v` there is worth `log2(mean tf / tf(v))` beyond the
/// level's bits, with the mean over that level's matches; the record's rarest part,
/// which the comparison's own centre averages, is what same names share, but where
/// names share one part that part is mostly a given name.
///
/// Matches are the candidate pairs weighted by their probability, over the pairs at
/// 0.001 or more with the comparison's own centre. A pair's probability depends on
/// the centre being estimated, so it is found as a fixed point, from that centre. A
/// level with less than 20 matches' weight keeps the comparison's centre.
fn name_centres(
    comp: &crate::compare::Comparison,
    c: usize,
    compared: &[Compared],
    weights: &[f32],
    prior: f64,
) -> Vec<f32> {
    let prior_bits = (prior / (1.0 - prior)).log2() as f32;
    let mut centres = vec![comp.centre; comp.levels()];
    // (the weight without this comparison's adjustment, its level, its rarity)
    let likely: Vec<(f32, u8, f32)> = compared
        .iter()
        .zip(weights)
        .filter(|&(x, &w)| {
            !x.rarity.is_nan() && weight_to_probability(f64::from(w + prior_bits)) >= 0.001
        })
        .map(|(x, &w)| {
            let level = level_of(x.pattern, c);
            (
                w - comp.adjustment(level, x.rarity) + prior_bits,
                level,
                x.rarity,
            )
        })
        .collect();
    let cap = crate::compare::TF_CAP;
    for _ in 0..20 {
        // Per level: the matches' weight, and their weight × tf.
        let mut sums = vec![(0f64, 0f64); comp.levels()];
        for &(rest, level, rarity) in &likely {
            let l = usize::from(level) - 1;
            let adjustment = (centres[l] - rarity).clamp(-cap, cap);
            let probability = weight_to_probability(f64::from(rest + adjustment));
            sums[l].0 += probability;
            sums[l].1 += probability * f64::from(rarity).exp2();
        }
        let mut moved = 0f32;
        for (centre, &(weight, tf)) in centres.iter_mut().zip(&sums) {
            let next = if weight < 20.0 {
                comp.centre
            } else {
                ((tf / weight).log2() as f32).clamp(comp.centre - cap, comp.centre + cap)
            };
            moved = moved.max((next - *centre).abs());
            *centre = next;
        }
        if moved < 0.01 {
            break;
        }
    }
    centres
}

impl Plan<'_> {
    /// Adds a table of level patterns per training rule: pairs made by the rule (and
    /// checked against the pair limit like any rule), a sample of them compared.
    fn train(&self, comparer: &Comparer<'_>, tables: &mut Vec<Patterns>, masked: &mut Vec<u32>) {
        for rule in &self.settings.training {
            let Ok(blocked) = block(
                self.records,
                std::slice::from_ref(rule),
                self.mode,
                self.settings.max_pairs,
            ) else {
                // Refused rules were reported by `plan`; nothing to learn from them here
                // (an empty table keeps the tables in the order of the rules).
                tables.push(Patterns::default());
                masked.push(mask_of(rule, comparer));
                continue;
            };
            let stride = (blocked.pairs.len() / self.settings.em_sample.max(1)).max(1);
            let sample: Vec<(u32, u32)> = blocked
                .pairs
                .iter()
                .step_by(stride)
                .map(|&p| ((p >> 32) as u32, p as u32))
                .collect();
            drop(blocked);
            let bits = mask_of(rule, comparer);
            let patterns = comparer.patterns(&sample, self.settings.threads);
            let mut table = Patterns::default();
            for mut p in patterns {
                for c in 0..comparer.comps.len() {
                    if bits & (1 << c) != 0 {
                        p &= !(0xF << (4 * c));
                    }
                }
                *table.entry(p).or_insert(0.0) += 1.0;
            }
            tables.push(table);
            masked.push(bits);
        }
    }
}

/// How a rule's key bears on the comparisons of its pairs: a bit per comparison whose
/// level the key fixes (the fields it blocks on, and an age and the birth date it is
/// worked out from, which move together), and the place comparisons whose paths the
/// key only makes share their first `k` levels, as `(comparison, k)`: the finer levels
/// stay free, and EM uses them with u taken among pairs that share those `k` levels.
fn bearing(rule: &BlockingRule, comparer: &Comparer<'_>) -> (u32, Vec<(usize, usize)>) {
    let fields = comparer.records.schema().fields();
    let linked = |x: usize, y: usize| {
        let from = |f: usize, g: usize| fields[f].age_from.as_deref() == Some(&*fields[g].name);
        from(x, y) || from(y, x)
    };
    let mut bits = 0u32;
    let mut within = Vec::new();
    for (c, comp) in comparer.comps.iter().enumerate() {
        let own: Vec<KeyHow> = rule
            .parts
            .iter()
            .filter(|p| p.field == comp.field)
            .map(|p| p.how)
            .collect();
        let through = rule.parts.iter().any(|p| linked(p.field, comp.field));
        if own.is_empty() && !through {
            continue;
        }
        let depth = comp.levels().saturating_sub(2);
        let shared = own
            .iter()
            .map(|h| match h {
                KeyHow::PlaceLevel(k) if usize::from(*k) < depth => usize::from(*k),
                _ => usize::MAX,
            })
            .max()
            .unwrap_or(usize::MAX);
        if comp.kind == FieldKind::Place && !through && shared != usize::MAX {
            within.push((c, shared));
        } else {
            bits |= 1 << c;
        }
    }
    (bits, within)
}

/// A bit per comparison whose level the rule's key fixes; see [`bearing`].
fn mask_of(rule: &BlockingRule, comparer: &Comparer<'_>) -> u32 {
    bearing(rule, comparer).0
}

/// The u of a place comparison among pairs that share the first `k` levels: the
/// levels that share fewer cannot occur.
fn u_within(u: &[f64], depth: usize, k: usize) -> Vec<f64> {
    let allowed = (2 + depth - k).min(u.len());
    let sum: f64 = u[..allowed].iter().sum();
    u.iter()
        .enumerate()
        .map(|(l, &x)| if l < allowed { x / sum } else { 1e-12 })
        .collect()
}

/// Random pairs the mode allows (with replacement), for the u-probabilities.
fn random_pairs(records: &Records, mode: Mode, count: usize, seed: u64) -> Vec<(u32, u32)> {
    let n = records.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Records grouped by input, to draw a partner inside or outside one's own input.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&r| records.input_of(r as usize));
    let mut start = vec![0usize; usize::from(u16::MAX) + 2];
    for &r in &order {
        start[usize::from(records.input_of(r as usize)) + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    // Every pair the mode allows equally likely: a record is drawn, then its partner
    // among those it may pair with, so a record must be drawn in proportion to how
    // many those are. Where that is the same for every record (one input, inputs of
    // one size, or two inputs linked, whose cross pairs come out even anyway), every
    // draw is kept as it always was; otherwise a draw is kept with the chance of its
    // partners against the most any record has. (Before, with inputs of 1,000 and
    // 100,000 deduplicated, pairs of the small one came a hundred times too often.)
    let size = |input: usize| start[input + 1] - start[input];
    let partners = |input: usize| match mode {
        Mode::Dedupe => size(input).saturating_sub(1),
        Mode::Link => n - size(input),
        Mode::LinkAndDedupe => n - 1,
    };
    let inputs: Vec<usize> = (0..=usize::from(u16::MAX))
        .filter(|&i| size(i) > 0)
        .collect();
    let most = inputs.iter().map(|&i| partners(i)).max().unwrap_or(0);
    let uneven = match mode {
        Mode::Dedupe => inputs.iter().any(|&i| partners(i) != most),
        Mode::Link => inputs.len() > 2 && inputs.iter().any(|&i| partners(i) != most),
        Mode::LinkAndDedupe => false,
    };
    let mut out = Vec::with_capacity(count);
    let mut attempts = 0usize;
    let tries = if uneven { count * 64 } else { count * 4 };
    while out.len() < count && attempts < tries {
        attempts += 1;
        let a = rng.random_range(0..n);
        let input = usize::from(records.input_of(a));
        if uneven && rng.random_range(0..most) >= partners(input) {
            continue;
        }
        let (lo, hi) = (start[input], start[input + 1]);
        let b = match mode {
            Mode::Dedupe => {
                if hi - lo < 2 {
                    continue;
                }
                order[rng.random_range(lo..hi)] as usize
            }
            Mode::Link => {
                let others = n - (hi - lo);
                if others == 0 {
                    continue;
                }
                let k = rng.random_range(0..others);
                order[if k >= lo { k + (hi - lo) } else { k }] as usize
            }
            Mode::LinkAndDedupe => rng.random_range(0..n),
        };
        if a != b {
            out.push((a.min(b) as u32, a.max(b) as u32));
        }
    }
    out
}

fn probability_to_weight(p: f64) -> f64 {
    (p / (1.0 - p)).log2()
}

fn weight_to_probability(w: f64) -> f64 {
    1.0 / (1.0 + (-w).exp2())
}

/// A compared pair of records (positions in [`Records`]) and its score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoredPair {
    pub a: usize,
    pub b: usize,
    /// The match weight: log2 of the posterior odds (prior + every field's bits).
    pub weight: f64,
    pub probability: f64,
}

/// One field's part in a pair's score.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldContribution {
    pub field: String,
    /// The comparison level (from 1), or 0 when either value is missing.
    pub level: u8,
    /// What the level means, for wording it in the reader's language.
    pub name: crate::LevelName,
    /// The level's name in English; "missing" for level 0.
    pub label: String,
    /// `log2(m / u)` of the level.
    pub bits: f64,
    /// The term-frequency adjustment, in bits.
    pub tf_bits: f64,
    pub m: Option<f64>,
    pub u: Option<f64>,
}

/// Why a pair scores what it does, field by field; holds no value of either record.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// log2 of the prior odds of a match.
    pub prior_bits: f64,
    pub fields: Vec<FieldContribution>,
    /// Prior plus every field's bits and adjustments.
    pub weight: f64,
    pub probability: f64,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<16} {:<32} {:>8}", "prior", "", self.prior_bits)?;
        for c in &self.fields {
            write!(f, "{:<16} {:<32} {:>+8.2}", c.field, c.label, c.bits)?;
            if c.tf_bits != 0.0 {
                write!(f, " {:+.2} (term frequency)", c.tf_bits)?;
            }
            writeln!(f)?;
        }
        write!(
            f,
            "{:<16} {:<32} {:>+8.2}  probability {:.4}",
            "total", "", self.weight, self.probability
        )
    }
}

/// One row of the result: a record and its cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClusterRow<'a> {
    pub input: u16,
    pub id: &'a str,
    pub cluster: u32,
}

/// The result of a run.
pub struct Linkage<'r> {
    records: &'r Records,
    comparer: Comparer<'r>,
    model: Model,
    report: BlockingReport,
    mode: Mode,
    pairs: Vec<u64>,
    /// Per pair, the match weight with the prior.
    weights: Vec<f32>,
    clusters: Vec<u32>,
    settings: Settings,
}

impl<'r> Linkage<'r> {
    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn report(&self) -> &BlockingReport {
        &self.report
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn records(&self) -> &'r Records {
        self.records
    }

    /// Every record with its cluster, in the order pushed. Clusters are numbered from
    /// 0 in order of their first record; a record matching nothing is a cluster alone.
    pub fn clusters(&self) -> impl Iterator<Item = ClusterRow<'r>> + '_ {
        (0..self.records.len()).map(|r| {
            let RecordRef { input, id } = self.records.record(r);
            ClusterRow {
                input,
                id,
                cluster: self.clusters[r],
            }
        })
    }

    /// The cluster of record `r` (its position in [`Records`]).
    pub fn cluster_of(&self, r: usize) -> u32 {
        self.clusters[r]
    }

    /// How many clusters there are of each size: `(size, count)`, by size.
    pub fn cluster_sizes(&self) -> Vec<(usize, usize)> {
        let k = self.clusters.iter().max().map_or(0, |&c| c as usize + 1);
        let mut size = vec![0usize; k];
        for &c in &self.clusters {
            size[c as usize] += 1;
        }
        let mut hist: Vec<(usize, usize)> = Vec::new();
        size.sort_unstable();
        for s in size.chunk_by(|a, b| a == b) {
            hist.push((s[0], s.len()));
        }
        hist
    }

    /// Every candidate pair with its score, in record order.
    pub fn pairs(&self) -> impl Iterator<Item = ScoredPair> + '_ {
        self.pairs
            .iter()
            .zip(&self.weights)
            .map(|(&p, &w)| ScoredPair {
                a: (p >> 32) as usize,
                b: (p & 0xFFFF_FFFF) as usize,
                weight: f64::from(w),
                probability: weight_to_probability(f64::from(w)),
            })
    }

    /// The candidate pairs whose two records ended in one cluster.
    pub fn linked_pairs(&self) -> impl Iterator<Item = ScoredPair> + '_ {
        self.pairs()
            .filter(|p| self.clusters[p.a] == self.clusters[p.b])
    }

    /// The pairs for people to review: probability in `[low, high)`, most likely first.
    pub fn review_band(&self, low: f64, high: f64) -> Vec<ScoredPair> {
        let mut band: Vec<ScoredPair> = self
            .pairs()
            .filter(|p| p.probability >= low && p.probability < high)
            .collect();
        band.sort_by(|x, y| y.weight.total_cmp(&x.weight));
        band
    }

    /// [`Linkage::review_band`] with the settings' band.
    pub fn review(&self) -> Vec<ScoredPair> {
        self.review_band(self.settings.review.0, self.settings.review.1)
    }

    /// Why records `a` and `b` (positions in [`Records`]) score as they do; any two
    /// records may be explained, candidates or not.
    pub fn explain(&self, a: usize, b: usize) -> Explanation {
        let prior_bits = (self.model.prior / (1.0 - self.model.prior)).log2();
        let mut weight = prior_bits;
        let mut fields = Vec::with_capacity(self.comparer.comps.len());
        for (c, cm) in self.model.comparisons.iter().enumerate() {
            let (level, tf) = self.comparer.compare_one(c, a, b);
            let (bits, tf) = (cm.bits(level), f64::from(tf));
            weight += bits + tf;
            let l = usize::from(level);
            let name = if level == 0 {
                crate::LevelName::Missing
            } else {
                cm.names[l - 1].clone()
            };
            fields.push(FieldContribution {
                field: cm.field.clone(),
                level,
                label: name.to_string(),
                name,
                bits,
                tf_bits: tf,
                m: (level > 0).then(|| cm.m[l - 1]),
                u: (level > 0).then(|| cm.u[l - 1]),
            });
        }
        Explanation {
            prior_bits,
            fields,
            weight,
            probability: weight_to_probability(weight),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Comparison;

    fn name_comparison(centre: f32) -> Comparison {
        Comparison {
            field: 0,
            kind: FieldKind::Name,
            fuzzy: 0.9,
            days: Vec::new(),
            years: Vec::new(),
            edits: Vec::new(),
            jaro_winkler: Vec::new(),
            names: vec![crate::LevelName::Different; 10],
            log_tf: vec![0.0],
            centre,
            level_centres: Vec::new(),
            long_names: 0.0,
            born: None,
            given_name: Vec::new(),
        }
    }

    /// Pairs at `level` of comparison 0 with their value's `log2 tf`, each with `bits`
    /// of other evidence.
    fn pairs(level: u8, rarity: f32, bits: f32, n: usize) -> Vec<(Compared, f32)> {
        (0..n)
            .map(|_| {
                let x = Compared {
                    pattern: u64::from(level),
                    tf: 0.0,
                    rarity,
                };
                (x, bits)
            })
            .collect()
    }

    /// Random pairs are drawn evenly over the pairs the mode allows, whatever the
    /// inputs' sizes.
    #[test]
    fn random_pairs_are_even_over_the_pairs_allowed() {
        let schema = crate::Schema::new().field(crate::Field::new("name", FieldKind::Name));
        let mut records = Records::new(&schema).expect("schema");
        let sizes = [20usize, 200, 2000];
        for (input, &size) in sizes.iter().enumerate() {
            for r in 0..size {
                records
                    .push(input as u16, &format!("{input}-{r}"), &[""])
                    .expect("push");
            }
        }
        let n = records.len();
        for mode in [Mode::Dedupe, Mode::Link] {
            let drawn = random_pairs(&records, mode, 200_000, 7);
            assert_eq!(drawn.len(), 200_000, "{mode:?}");
            let mut seen = std::collections::HashMap::<(u16, u16), f64>::new();
            for &(a, b) in &drawn {
                let (x, y) = (records.input_of(a as usize), records.input_of(b as usize));
                *seen.entry((x.min(y), x.max(y))).or_default() += 1.0;
            }
            let pairs = |x: usize, y: usize| -> f64 {
                if x == y {
                    (sizes[x] * (sizes[x] - 1) / 2) as f64
                } else {
                    (sizes[x] * sizes[y]) as f64
                }
            };
            let kinds: Vec<(usize, usize)> = match mode {
                Mode::Dedupe => (0..3).map(|i| (i, i)).collect(),
                _ => vec![(0, 1), (0, 2), (1, 2)],
            };
            let all: f64 = kinds.iter().map(|&(x, y)| pairs(x, y)).sum();
            for (x, y) in kinds {
                let expected = pairs(x, y) / all;
                let got = seen.get(&(x as u16, y as u16)).copied().unwrap_or(0.0) / 200_000.0;
                assert!(
                    (got - expected).abs() < 0.01 + 0.1 * expected,
                    "{mode:?} inputs {x}-{y}: {got:.4} drawn, {expected:.4} of the pairs ({n} records)"
                );
            }
        }
    }

    /// Each level is centred on the values its matches share: level 6 on a common
    /// value, level 1 on a rare one; a level with too few matches keeps the
    /// comparison's centre, and so does one whose pairs are all non-matches.
    #[test]
    fn each_name_level_is_centred_on_what_its_matches_share() {
        let comp = name_comparison(-10.0);
        let mut all = pairs(6, -5.0, 60.0, 500);
        all.extend(pairs(1, -12.0, 60.0, 500));
        all.extend(pairs(3, -2.0, 60.0, 5));
        all.extend(pairs(4, -2.0, -60.0, 500));
        let (compared, weights): (Vec<Compared>, Vec<f32>) = all
            .into_iter()
            .map(|(x, bits)| (x, bits + comp.adjustment(level_of(x.pattern, 0), x.rarity)))
            .unzip();
        let centres = name_centres(&comp, 0, &compared, &weights, 1e-6);
        assert!((centres[5] - -5.0).abs() < 0.01, "{centres:?}");
        assert!((centres[0] - -12.0).abs() < 0.01, "{centres:?}");
        assert_eq!(centres[2], -10.0);
        assert_eq!(centres[3], -10.0);
        assert_eq!(centres[9], -10.0);
        // A centre never moves further than the cap from the comparison's.
        let far = pairs(6, -1.0, 60.0, 500);
        let (compared, weights): (Vec<Compared>, Vec<f32>) = far.into_iter().unzip();
        let centres = name_centres(&comp, 0, &compared, &weights, 1e-6);
        assert_eq!(centres[5], -10.0 + crate::compare::TF_CAP);
    }
}
