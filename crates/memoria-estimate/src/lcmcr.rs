//! LCMCR: the Bayesian non-parametric latent-class model of Manrique-Vallier (2016).
//!
//! Individuals fall into latent classes; within a class the lists capture
//! independently. The class weights come from a stick-breaking prior truncated at
//! `K` classes, so heterogeneity of capture (the reason lists overlap more or less
//! than independence predicts) is modelled without choosing a log-linear model. The
//! unobserved individuals are imputed, which gives draws of N under the prior
//! p(N) ∝ 1/N.
//!
//! The Gibbs sampler follows the package LCMCR 0.4.14 step by step, as written in
//! `mse-reference.md` §4: the data enter only as the counts of the observed
//! patterns, so a sweep costs O(cells · K · J) whatever the number of individuals.
//! Its generator is Xoshiro256++ seeded from [`LcmcrOptions::seed`]; chain `c`
//! starts `c` jumps (2^128 draws) along the stream, so chains never overlap and a run
//! is reproducible whatever the number of threads.
//!
//! What this module does not do: reproduce R's random stream (compare in
//! distribution), or decide what a result means for people (see [`crate::report`]).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

use crate::diagnostics::{PosteriorSummary, summarise};
use crate::sampling::{
    beta_counts_pair, gamma_variate, ln_beta_variate, ln_gamma_variate, multinomial, open01,
    poisson,
};
use crate::table::Captures;

/// How to run the sampler. The defaults are the package's: K = 5,
/// a_α = b_α = 0.25, and `lcmCR_PostSampl`'s 10,000 burn-in sweeps then 1,000
/// draws kept one in ten; here on two chains, so R-hat can be computed.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct LcmcrOptions {
    /// Truncation K of the stick-breaking prior (the most latent classes).
    pub classes: usize,
    /// Shape of the Gamma prior on the concentration α.
    pub a_alpha: f64,
    /// Rate of the Gamma prior on α.
    pub b_alpha: f64,
    /// Sweeps discarded after the warm-up, per chain.
    pub burn_in: usize,
    /// Draws kept per chain.
    pub samples: usize,
    /// Sweeps between kept draws.
    pub thinning: usize,
    pub chains: usize,
    pub seed: u64,
    /// Sweeps before the classes are relabelled by weight (the package's 500).
    pub warm_up: usize,
    /// Threads to run chains on; 0 means one per available core.
    pub threads: usize,
}

impl Default for LcmcrOptions {
    fn default() -> Self {
        LcmcrOptions {
            classes: 5,
            a_alpha: 0.25,
            b_alpha: 0.25,
            burn_in: 10_000,
            samples: 1_000,
            thinning: 10,
            chains: 2,
            seed: 19_481_210,
            warm_up: 500,
            threads: 0,
        }
    }
}

/// Why the sampler could not run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LcmcrError {
    #[error("{what}")]
    Options { what: &'static str },
    #[error(
        "{lists} list(s) with captures; a latent-class model needs at least two overlapping lists"
    )]
    TooFewLists { lists: usize },
    #[error("no one is documented; there is nothing to estimate from")]
    NoData,
}

impl LcmcrOptions {
    fn check(&self) -> Result<(), LcmcrError> {
        let bad = |what| Err(LcmcrError::Options { what });
        if self.classes == 0 || self.classes > 200 {
            return bad("the number of classes must be between 1 and 200");
        }
        if !(self.a_alpha > 0.0 && self.b_alpha > 0.0) {
            return bad("the prior on alpha needs a positive shape and rate");
        }
        if self.samples < 4 || self.thinning == 0 || self.chains == 0 {
            return bad("use at least 4 samples, a thinning of 1 or more and at least one chain");
        }
        Ok(())
    }
}

/// The posterior of N for one table.
#[derive(Clone, Debug, Serialize)]
pub struct Posterior {
    pub documented: u64,
    /// Draws of N, one vector per chain.
    #[serde(skip)]
    pub draws: Vec<Vec<u64>>,
    pub summary: PosteriorSummary,
    /// Sweeps where the draw of unobserved individuals exceeded 20·n and was redrawn
    /// (the package's guard against a runaway chain); many mean the model barely
    /// bounds N.
    pub runaway_redraws: u64,
}

impl Posterior {
    /// Summarises draws given per chain.
    pub fn from_draws(documented: u64, draws: Vec<Vec<u64>>, runaway_redraws: u64) -> Posterior {
        let f: Vec<Vec<f64>> = draws
            .iter()
            .map(|c| c.iter().map(|&x| x as f64).collect())
            .collect();
        Posterior {
            documented,
            summary: summarise(&f),
            draws,
            runaway_redraws,
        }
    }

    /// The posterior of the total over strata: draws added draw by draw (chain c,
    /// draw i of each), as HRDAG sums strata. `None` when the posteriors do not
    /// have the same number of chains and draws.
    pub fn sum(parts: &[&Posterior]) -> Option<Posterior> {
        let first = parts.first()?;
        let shape: Vec<usize> = first.draws.iter().map(Vec::len).collect();
        if parts
            .iter()
            .any(|p| p.draws.iter().map(Vec::len).collect::<Vec<_>>() != shape)
        {
            return None;
        }
        let mut total: Vec<Vec<u64>> = shape.iter().map(|&n| vec![0; n]).collect();
        for p in parts {
            for (t, c) in total.iter_mut().zip(&p.draws) {
                for (a, b) in t.iter_mut().zip(c) {
                    *a += b;
                }
            }
        }
        Some(Posterior::from_draws(
            parts.iter().map(|p| p.documented).sum(),
            total,
            parts.iter().map(|p| p.runaway_redraws).sum(),
        ))
    }
}

/// Runs the sampler on one table.
pub fn sample(captures: &Captures, options: &LcmcrOptions) -> Result<Posterior, LcmcrError> {
    sample_many(&[(captures, options.seed)], options)
        .pop()
        .unwrap_or(Err(LcmcrError::NoData))
}

/// Runs the sampler on several tables (strata), each with its own seed, sharing one
/// pool of threads over all their chains. Results come back in input order.
pub fn sample_many(
    tables: &[(&Captures, u64)],
    options: &LcmcrOptions,
) -> Vec<Result<Posterior, LcmcrError>> {
    if let Err(e) = options.check() {
        return tables.iter().map(|_| Err(e.clone())).collect();
    }
    let mut results: Vec<Option<Result<Posterior, LcmcrError>>> = Vec::new();
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    for (t, (captures, _)) in tables.iter().enumerate() {
        let j = captures.lists().len();
        if captures.documented() == 0 {
            results.push(Some(Err(LcmcrError::NoData)));
        } else if j < 2 {
            results.push(Some(Err(LcmcrError::TooFewLists { lists: j })));
        } else {
            results.push(None);
            jobs.extend((0..options.chains).map(|c| (t, c)));
        }
    }
    let outputs: Mutex<Vec<Option<ChainOutput>>> = Mutex::new(vec![None; jobs.len()]);
    let next = AtomicUsize::new(0);
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(jobs.len())
    .max(1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(t, c)) = jobs.get(i) else { break };
                    let (captures, seed) = tables[t];
                    let out = run_chain(captures, options, seed, c);
                    if let Ok(mut o) = outputs.lock() {
                        o[i] = Some(out);
                    }
                }
            });
        }
    });
    let outputs = outputs.into_inner().unwrap_or_default();
    let mut per_table: Vec<Vec<ChainOutput>> = vec![Vec::new(); tables.len()];
    for (&(t, _), out) in jobs.iter().zip(outputs) {
        if let Some(out) = out {
            per_table[t].push(out);
        }
    }
    results
        .into_iter()
        .zip(per_table)
        .zip(tables)
        .map(|((done, chains), (captures, _))| {
            done.unwrap_or_else(|| {
                let redraws = chains.iter().map(|c| c.runaway_redraws).sum();
                Ok(Posterior::from_draws(
                    captures.documented(),
                    chains.into_iter().map(|c| c.draws).collect(),
                    redraws,
                ))
            })
        })
        .collect()
}

#[derive(Clone, Debug)]
struct ChainOutput {
    draws: Vec<u64>,
    runaway_redraws: u64,
}

fn run_chain(captures: &Captures, options: &LcmcrOptions, seed: u64, chain: usize) -> ChainOutput {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    for _ in 0..chain {
        rng.jump();
    }
    let mut s = Sampler::new(captures, options, &mut rng);
    for _ in 0..options.warm_up {
        s.sweep(&mut rng, false);
    }
    s.relabel();
    for _ in 0..options.burn_in {
        s.sweep(&mut rng, true);
    }
    let mut draws = Vec::with_capacity(options.samples);
    for _ in 0..options.samples {
        for _ in 0..options.thinning {
            s.sweep(&mut rng, true);
        }
        draws.push(s.n + s.n0);
    }
    ChainOutput {
        draws,
        runaway_redraws: s.runaway_redraws,
    }
}

/// The state of one chain, laid out flat so a sweep allocates nothing.
///
/// Class weights are kept in linear space, not in logs as the package does: a cell's
/// weight for class k is `π_k ∏_j (1 − λ_jk) · ∏_{j captured} λ_jk / (1 − λ_jk)`,
/// all products, so a sweep takes no `exp` or `log` for them, and Beta draws for λ
/// need only divisions. The products cannot underflow for the tables this crate
/// takes (at most 15 factors, each far from 0); a cell whose weights still do is
/// recomputed in logs ([`Sampler::cell_weights_in_logs`]).
struct Sampler {
    j: usize,
    k: usize,
    n: u64,
    /// Per observed cell: its count, and where its captured lists sit in `on`.
    counts: Vec<u64>,
    spans: Vec<(usize, usize)>,
    /// The captured lists of every cell, concatenated.
    on: Vec<usize>,
    /// 1 − λ_jk at `[j * K + k]`.
    miss: Vec<f64>,
    /// λ_jk / (1 − λ_jk).
    odds: Vec<f64>,
    ln_pi: Vec<f64>,
    pi: Vec<f64>,
    alpha: f64,
    a_alpha: f64,
    b_alpha: f64,
    n0: u64,
    m0: Vec<u64>,
    runaway_redraws: u64,
    // Scratch, overwritten every sweep.
    /// Per class: how many observed individuals, and per list how many captured.
    class_obs: Vec<u64>,
    captured: Vec<u64>,
    /// π_k ∏_j (1 − λ_jk): the weight of the all-zero pattern in class k.
    base: Vec<f64>,
    weights: Vec<f64>,
    alloc: Vec<u64>,
}

impl Sampler {
    fn new(captures: &Captures, options: &LcmcrOptions, rng: &mut Xoshiro256PlusPlus) -> Sampler {
        let j = captures.lists().len();
        let k = options.classes;
        let n = captures.documented();
        let mut counts = Vec::new();
        let mut spans = Vec::new();
        let mut on = Vec::new();
        for &(p, c) in captures.cells() {
            let start = on.len();
            on.extend((0..j).filter(|&l| p >> l & 1 == 1));
            spans.push((start, on.len()));
            counts.push(c);
        }
        // λ_jk starts at list j's share of the documented, in every class. The clamp
        // only matters for a list that recorded everyone, where 1 − λ would be 0.
        let totals = captures.list_totals();
        let mut miss = vec![0.0; j * k];
        let mut odds = vec![0.0; j * k];
        for l in 0..j {
            let p = (totals[l] as f64 / n as f64).clamp(1e-6, 1.0 - 1e-6);
            for c in 0..k {
                miss[l * k + c] = 1.0 - p;
                odds[l * k + c] = p / (1.0 - p);
            }
        }
        // One stick-breaking draw with V ~ Beta(1, 1) = Uniform.
        let mut ln_pi = vec![0.0; k];
        let mut acc = 0.0;
        for (c, lp) in ln_pi.iter_mut().enumerate() {
            if c + 1 == k {
                *lp = acc;
            } else {
                let v = open01(rng);
                *lp = v.ln() + acc;
                acc += (1.0 - v).ln();
            }
        }
        Sampler {
            j,
            k,
            n,
            counts,
            spans,
            on,
            miss,
            odds,
            pi: ln_pi.iter().map(|l| l.exp()).collect(),
            ln_pi,
            alpha: 0.3 / k as f64,
            a_alpha: options.a_alpha,
            b_alpha: options.b_alpha,
            n0: 0,
            m0: vec![0; k],
            runaway_redraws: 0,
            class_obs: vec![0; k],
            captured: vec![0; j * k],
            base: vec![0.0; k],
            weights: vec![0.0; k],
            alloc: vec![0; k],
        }
    }

    /// `base[k] = π_k ∏_j (1 − λ_jk)`.
    fn missing_weights(&mut self) {
        let k = self.k;
        self.base.copy_from_slice(&self.pi);
        for l in 0..self.j {
            let row = &self.miss[l * k..(l + 1) * k];
            for (b, m) in self.base.iter_mut().zip(row) {
                *b *= m;
            }
        }
    }

    /// A cell's class weights in logs, scaled so the largest is 1; for the rare cell
    /// whose linear weights underflow.
    fn cell_weights_in_logs(&mut self, start: usize, end: usize) -> f64 {
        let k = self.k;
        for c in 0..k {
            let mut w = self.ln_pi[c];
            for l in 0..self.j {
                w += self.miss[l * k + c].ln();
            }
            for &l in &self.on[start..end] {
                w += self.odds[l * k + c].ln();
            }
            self.weights[c] = w;
        }
        let max = self
            .weights
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        for w in self.weights.iter_mut() {
            *w = (*w - max).exp();
            total += *w;
        }
        total
    }

    /// One Gibbs sweep, in the package's order. Each step is kept out of line so a
    /// profile charges its time to the step (a call per step per sweep costs nothing
    /// measurable).
    fn sweep(&mut self, rng: &mut Xoshiro256PlusPlus, update_alpha: bool) {
        self.allocate_observed(rng);
        self.draw_capture_probabilities(rng);
        self.draw_class_weights(rng);
        // 4. Probability of the all-zero pattern.
        self.missing_weights();
        let p0: f64 = self.base.iter().sum::<f64>().min(1.0 - 1e-12);
        self.draw_unobserved(rng, p0);
        if update_alpha {
            self.draw_alpha(rng);
        }
    }

    /// Step 1: each observed cell's individuals, allocated to classes.
    #[inline(never)]
    fn allocate_observed(&mut self, rng: &mut Xoshiro256PlusPlus) {
        let k = self.k;
        self.missing_weights();
        self.class_obs.iter_mut().for_each(|x| *x = 0);
        self.captured.iter_mut().for_each(|x| *x = 0);
        for cell in 0..self.counts.len() {
            let (start, end) = self.spans[cell];
            self.weights.copy_from_slice(&self.base);
            for &l in &self.on[start..end] {
                let row = &self.odds[l * k..(l + 1) * k];
                for (w, o) in self.weights.iter_mut().zip(row) {
                    *w *= o;
                }
            }
            let mut total: f64 = self.weights.iter().sum();
            if !(total > 1e-280 && total.is_finite()) {
                total = self.cell_weights_in_logs(start, end);
            }
            multinomial(
                rng,
                self.counts[cell],
                &self.weights,
                total,
                &mut self.alloc,
            );
            for c in 0..k {
                let m = self.alloc[c];
                if m == 0 {
                    continue;
                }
                self.class_obs[c] += m;
                for &l in &self.on[start..end] {
                    self.captured[l * k + c] += m;
                }
            }
        }
    }

    /// Step 2: capture probabilities, with the unobserved of the previous sweep:
    /// λ = G1 / (G1 + G2), G1 ~ Gamma(1 + A), G2 ~ Gamma(1 + B) (or, for an empty
    /// class, G1 = U and G2 = 1 − U: the same uniform λ from one draw, not two gammas).
    #[inline(never)]
    fn draw_capture_probabilities(&mut self, rng: &mut Xoshiro256PlusPlus) {
        let k = self.k;
        for l in 0..self.j {
            for c in 0..k {
                let a = self.captured[l * k + c];
                let b = self.class_obs[c] - a + self.m0[c];
                let (g1, g2) = beta_counts_pair(rng, a, b);
                self.miss[l * k + c] = g2 / (g1 + g2);
                self.odds[l * k + c] = g1 / g2;
            }
        }
    }

    /// Step 3: class weights by stick-breaking.
    #[inline(never)]
    fn draw_class_weights(&mut self, rng: &mut Xoshiro256PlusPlus) {
        let k = self.k;
        let mut rest: u64 = (0..k).map(|c| self.class_obs[c] + self.m0[c]).sum();
        let mut acc = 0.0;
        for c in 0..k {
            if c + 1 == k {
                self.ln_pi[c] = acc;
                break;
            }
            let size = self.class_obs[c] + self.m0[c];
            rest -= size;
            let (ln_v, ln_1m) = ln_beta_variate(rng, 1.0 + size as f64, self.alpha + rest as f64);
            self.ln_pi[c] = ln_v + acc;
            acc += ln_1m;
        }
        for c in 0..k {
            self.pi[c] = self.ln_pi[c].exp();
        }
    }

    /// Steps 5 and 6: the unobserved count, NegBin(n, 1 − p0) drawn as
    /// Poisson(Gamma(n)·p0/(1 − p0)) and redrawn beyond 20·n as the package does;
    /// then their classes. `p0` is the probability of the all-zero pattern (step 4).
    #[inline(never)]
    fn draw_unobserved(&mut self, rng: &mut Xoshiro256PlusPlus, p0: f64) {
        let odds = p0 / (1.0 - p0);
        let cap = 20 * self.n;
        let mut n0 = None;
        for _ in 0..1000 {
            let lambda = gamma_variate(rng, self.n as f64) * odds;
            match poisson(rng, lambda) {
                Some(x) if x <= cap => {
                    n0 = Some(x);
                    break;
                }
                _ => self.runaway_redraws += 1,
            }
        }
        self.n0 = n0.unwrap_or(cap);
        if p0 > 0.0 {
            multinomial(rng, self.n0, &self.base, p0, &mut self.m0);
        } else {
            self.m0.iter_mut().for_each(|m| *m = 0);
        }
    }

    /// Step 7: concentration of the stick-breaking prior.
    #[inline(never)]
    fn draw_alpha(&mut self, rng: &mut Xoshiro256PlusPlus) {
        let shape = self.a_alpha + self.k as f64 - 1.0;
        let rate = self.b_alpha - self.ln_pi[self.k - 1];
        // The shape is below 1 only with K = 1 and a_α < 1; otherwise no need to
        // go through logs.
        let g = if shape >= 1.0 {
            gamma_variate(rng, shape)
        } else {
            ln_gamma_variate(rng, shape).exp()
        };
        self.alpha = g / rate;
    }

    /// Puts the classes in decreasing order of weight, as the package does after
    /// its warm-up (N does not depend on the labels; the order helps the
    /// stick-breaking prior mix).
    fn relabel(&mut self) {
        let k = self.k;
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| self.ln_pi[b].total_cmp(&self.ln_pi[a]));
        let permute = |v: &[f64]| -> Vec<f64> { order.iter().map(|&c| v[c]).collect() };
        self.ln_pi = permute(&self.ln_pi);
        self.pi = permute(&self.pi);
        self.m0 = order.iter().map(|&c| self.m0[c]).collect();
        for l in 0..self.j {
            let row = permute(&self.miss[l * k..(l + 1) * k]);
            self.miss[l * k..(l + 1) * k].copy_from_slice(&row);
            let row = permute(&self.odds[l * k..(l + 1) * k]);
            self.odds[l * k..(l + 1) * k].copy_from_slice(&row);
        }
    }
}
