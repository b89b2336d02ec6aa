//! Poisson log-linear models of a capture table, fitted as R's `glm` fits them.
//!
//! The 2^k − 1 observable cells, zeros included, are Poisson counts with
//! `log μ = Σ_{T ⊆ cell} β_T` over the model's terms; the unobserved all-zero cell's
//! expected count is `exp(β_∅)`, so `N̂ = n + exp(intercept)`. Fitting is IRLS from
//! `glm`'s start (`μ = y + 0.1`), continued to a tighter tolerance than `glm`'s so the
//! numbers agree with R's to well past six significant digits. Deviance, AIC (with
//! the log-factorial constant), both BICs and Rcapture's standard error are as in the
//! reference file; the 95% interval profiles the multinomial likelihood of N over
//! the model's other parameters, as Rcapture's `closedpCI.t` and SparseMSE do.
//!
//! Divergence is decided from the data, not guessed from large coefficients: when no
//! one is on all the lists of a term (an empty margin), that term's MLE is −∞ and
//! every cell containing it is fitted as 0. Such terms and cells are set aside before
//! fitting, which gives the limit `glm` creeps towards, and the fit is marked
//! divergent ([`LoglinearFit::divergent`]): the numbers are kept for comparison, but
//! callers must not present them as an estimate ([`LoglinearFit::is_reliable`]).
//! Terms the remaining cells cannot separate make the model non-identifiable, an
//! error naming them.
//!
//! What this module does not do: choose a model (see [`mod@crate::select`]) or word
//! results for people (see [`crate::report`]).

use serde::Serialize;

use crate::model::{Model, term_name};
use crate::numeric::{
    CHI2_1_95, Z_975, aliased_columns, cholesky, cholesky_solve, ln_factorial, ln_gamma,
    subset_sums, superset_sums,
};
use crate::table::Captures;

/// A fitted log-linear model.
#[derive(Clone, Debug, Serialize)]
pub struct LoglinearFit {
    pub lists: Vec<String>,
    #[serde(skip)]
    pub model: Model,
    /// The model as a formula over the list names.
    pub formula: String,
    /// The model in Rcapture's notation (`[12,13,24]`).
    pub notation: String,
    /// Observed individuals, n.
    pub documented: u64,
    /// Observable cells, 2^k − 1.
    pub cells: usize,
    /// Parameters, intercept included (divergent terms count, as in `glm`).
    pub parameters: usize,
    /// Residual degrees of freedom, cells − parameters.
    pub df: i64,
    /// Intercept first, then the terms in model order. A divergent term has no
    /// standard error, and an estimate of −∞ (empty margin) or NaN (a boundary
    /// where it runs off together with other terms).
    pub coefficients: Vec<Coefficient>,
    /// The expected count of the unobserved cell, exp(intercept).
    pub unobserved: f64,
    /// N̂ = n + exp(intercept).
    pub n_hat: f64,
    /// Rcapture's SE(N̂) = sqrt(exp(b0) + exp(2 b0) Var(b0)).
    pub se: f64,
    pub deviance: f64,
    pub log_likelihood: f64,
    /// −2 log L + 2p, with the log-factorial constant (R's `AIC()` on the glm).
    pub aic: f64,
    /// Rcapture's BIC: penalty log(n), n the documented individuals.
    pub bic_n: f64,
    /// R's `BIC()` on the glm: penalty log(number of cells).
    pub bic_cells: f64,
    /// The profile-likelihood 95% interval of N: the multinomial likelihood of N
    /// profiled over the model (Cormack 1992), as Rcapture's `closedpCI.t` and
    /// SparseMSE compute it.
    pub profile: ProfileInterval,
    /// The multinomial MLE of N, at the profile's peak (Rcapture's "abundance" in
    /// `closedpCI.t`; close to, but not, the Poisson N̂).
    pub n_hat_multinomial: f64,
    /// Wald 95% interval on the log scale of the unobserved cell, as SparseMSE gives.
    pub wald_log: (f64, f64),
    /// Terms without a finite MLE: those no one is on all the lists of (the
    /// smallest; a term containing one diverges with it), then those a boundary of
    /// the likelihood leaves inseparable (e.g. everyone on A is also on B).
    pub divergent: Vec<String>,
    pub iterations: usize,
}

/// One coefficient of a fit.
#[derive(Clone, Debug, Serialize)]
pub struct Coefficient {
    /// `(Intercept)` or the term, e.g. `LA:NG`.
    pub term: String,
    pub estimate: f64,
    pub se: Option<f64>,
}

/// A profile-likelihood interval for N.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct ProfileInterval {
    pub lower: f64,
    /// `None` when the likelihood never falls far enough: the data put no upper
    /// bound on N under this model.
    pub upper: Option<f64>,
}

/// A model that could not be fitted to a table.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error(
        "{lists} list(s) with captures; multiple systems estimation needs at least two overlapping lists"
    )]
    TooFewLists { lists: usize },
    #[error("no one is documented; there is nothing to estimate from")]
    NoData,
    #[error(
        "the model is not identifiable: the observable cells cannot separate {}; remove {} from the model",
        terms.join(", "), if terms.len() == 1 { "it" } else { "them" }
    )]
    NotIdentifiable { terms: Vec<String> },
    #[error(
        "the model leaves the number of unobserved individuals undetermined (its intercept cannot be separated from the other terms); use a simpler model"
    )]
    InterceptNotIdentifiable,
    #[error(
        "the fit did not converge (a coefficient ran off towards infinity); the data cannot support this model, use a simpler one"
    )]
    DidNotConverge,
    #[error("the model is over {model} lists but the table has {table}")]
    ListMismatch { model: usize, table: usize },
}

impl LoglinearFit {
    /// Whether the fit is one to report: no divergent term. A divergent fit's N̂ is a
    /// limit reached by fitting structural zeros, and depends on a term the data
    /// cannot estimate.
    pub fn is_reliable(&self) -> bool {
        self.divergent.is_empty()
    }
}

/// The data of one table laid out on the lattice of patterns, shared by all the
/// fits of a model search.
pub(crate) struct Lattice {
    k: usize,
    /// Counts indexed by pattern; `y[0] = 0`.
    y: Vec<f64>,
    /// `margin[m]` = individuals on every list of `m`.
    margin: Vec<f64>,
    n: u64,
    /// Σ ln(y!) over the cells: the constant in R's Poisson log-likelihood.
    ln_fact: f64,
    lists: Vec<String>,
}

impl Lattice {
    pub(crate) fn new(captures: &Captures) -> Lattice {
        let k = captures.lists().len();
        let y = captures.dense();
        let mut margin = y.clone();
        superset_sums(&mut margin, k);
        let ln_fact = y.iter().map(|&v| ln_factorial(v)).sum();
        Lattice {
            k,
            y,
            margin,
            n: captures.documented(),
            ln_fact,
            lists: captures.lists().to_vec(),
        }
    }
}

/// Result of IRLS on the active cells.
struct Irls {
    beta: Vec<f64>,
    deviance: f64,
    /// Σ (y log μ − μ) over active cells (the constant is added later).
    kernel: f64,
    iterations: usize,
    converged: bool,
    /// The largest coefficient change of the last step: still large once the
    /// deviance has settled means the coefficients are running off to infinity.
    last_step: f64,
    /// `XᵀWX` at the final fitted values.
    info: Vec<f64>,
}

/// A model prepared on a lattice: which terms diverge, which cells are active.
pub(crate) struct Prepared {
    /// The intercept (∅) first, then the terms with a non-empty margin.
    params: Vec<u32>,
    active: Vec<bool>,
    /// Terms with no finite estimate: the smallest with an empty margin, then those
    /// a boundary of the likelihood made inseparable (see [`solve_model`]).
    divergent: Vec<u32>,
}

pub(crate) fn prepare(lat: &Lattice, model: &Model) -> Result<Prepared, FitError> {
    if model.lists() != lat.k {
        return Err(FitError::ListMismatch {
            model: model.lists(),
            table: lat.k,
        });
    }
    if lat.k < 2 {
        return Err(FitError::TooFewLists { lists: lat.k });
    }
    if lat.n == 0 {
        return Err(FitError::NoData);
    }
    let zero: Vec<u32> = model
        .terms()
        .iter()
        .copied()
        .filter(|&t| lat.margin[t as usize] == 0.0)
        .collect();
    let divergent: Vec<u32> = zero
        .iter()
        .copied()
        .filter(|&t| !zero.iter().any(|&s| s != t && s & t == s))
        .collect();
    let active: Vec<bool> = (0..lat.y.len())
        .map(|c| c != 0 && divergent.iter().all(|&d| c as u32 & d != d))
        .collect();
    let mut params = vec![0u32];
    params.extend(
        model
            .terms()
            .iter()
            .copied()
            .filter(|&t| lat.margin[t as usize] > 0.0),
    );
    // Identifiability: XᵀX over the active cells, with the intercept last so that
    // aliasing of the intercept (N not determined) is told apart from aliasing of a
    // term.
    let mut order: Vec<u32> = params[1..].to_vec();
    order.push(0);
    let ones: Vec<f64> = active.iter().map(|&a| if a { 1.0 } else { 0.0 }).collect();
    let gram = gram_matrix(&ones, &order, lat.k);
    let aliased = aliased_columns(&gram, order.len());
    if !aliased.is_empty() {
        let terms: Vec<String> = aliased
            .iter()
            .filter(|&&i| i + 1 < order.len())
            .map(|&i| term_name(order[i], &lat.lists))
            .collect();
        if terms.is_empty() {
            return Err(FitError::InterceptNotIdentifiable);
        }
        return Err(FitError::NotIdentifiable { terms });
    }
    Ok(Prepared {
        params,
        active,
        divergent,
    })
}

/// `G[a][b] = Σ_{cell ⊇ T_a ∪ T_b} w[cell]` for the terms `params`.
fn gram_matrix(w: &[f64], params: &[u32], k: usize) -> Vec<f64> {
    let mut s = w.to_vec();
    superset_sums(&mut s, k);
    let p = params.len();
    let mut g = vec![0.0; p * p];
    for a in 0..p {
        for b in 0..=a {
            let v = s[(params[a] | params[b]) as usize];
            g[a * p + b] = v;
            g[b * p + a] = v;
        }
    }
    g
}

/// Linear predictors `Σ_{T ⊆ cell} β_T` of every cell.
fn linear_predictors(params: &[u32], beta: &[f64], k: usize, out: &mut [f64]) {
    out.iter_mut().for_each(|v| *v = 0.0);
    for (&t, &b) in params.iter().zip(beta) {
        out[t as usize] += b;
    }
    subset_sums(out, k);
}

fn deviance_and_kernel(lat: &Lattice, active: &[bool], eta: &[f64]) -> (f64, f64) {
    let mut dev = 0.0;
    let mut kernel = 0.0;
    for c in 0..lat.y.len() {
        if !active[c] {
            continue;
        }
        let y = lat.y[c];
        let mu = eta[c].exp();
        if y > 0.0 {
            dev += y * (y / mu).ln();
            kernel += y * eta[c];
        }
        dev -= y - mu;
        kernel -= mu;
    }
    (2.0 * dev, kernel)
}

/// IRLS for the Poisson model with log link on the active cells, from `glm`'s
/// start or from `start`; convergence is not tested before `min_iterations`.
fn irls(
    lat: &Lattice,
    active: &[bool],
    params: &[u32],
    start: Option<&[f64]>,
    min_iterations: usize,
) -> Irls {
    let k = lat.k;
    let ncell = lat.y.len();
    let p = params.len();
    let mut eta = vec![0.0; ncell];
    let mut beta = vec![0.0; p];
    let mut dev_old;
    match start {
        Some(b) => {
            beta.copy_from_slice(b);
            linear_predictors(params, &beta, k, &mut eta);
            dev_old = deviance_and_kernel(lat, active, &eta).0;
        }
        None => {
            // glm's start for the Poisson family.
            for (e, y) in eta.iter_mut().zip(&lat.y) {
                *e = (y + 0.1).ln();
            }
            dev_old = f64::INFINITY;
        }
    }
    let mut w = vec![0.0; ncell];
    let mut wz = vec![0.0; ncell];
    let mut new_eta = vec![0.0; ncell];
    let mut converged = false;
    let mut iterations = 0;
    let mut last_step = f64::INFINITY;
    let mut deviance = dev_old;
    while iterations < 100 {
        iterations += 1;
        for c in 0..ncell {
            if active[c] {
                let mu = eta[c].exp();
                let z = eta[c] + (lat.y[c] - mu) / mu;
                w[c] = mu;
                wz[c] = mu * z;
            } else {
                w[c] = 0.0;
                wz[c] = 0.0;
            }
        }
        let g = gram_matrix(&w, params, k);
        superset_sums(&mut wz, k);
        let r: Vec<f64> = params.iter().map(|&t| wz[t as usize]).collect();
        let Some(l) = cholesky(&g, p) else {
            break;
        };
        let proposal = cholesky_solve(&l, p, &r);
        // Step-halving guards against an overshooting Newton step; for the canonical
        // link it is rarely needed, and never changes the optimum.
        let mut step = 1.0;
        let mut trial = proposal.clone();
        let mut dev_new;
        loop {
            linear_predictors(params, &trial, k, &mut new_eta);
            dev_new = deviance_and_kernel(lat, active, &new_eta).0;
            if dev_new.is_finite() && (dev_new <= dev_old * (1.0 + 1e-10) + 1e-10 || step < 1e-3) {
                break;
            }
            if !dev_old.is_finite() && dev_new.is_finite() {
                break;
            }
            step *= 0.5;
            for i in 0..p {
                trial[i] = beta[i] + step * (proposal[i] - beta[i]);
            }
        }
        let max_change = trial
            .iter()
            .zip(&beta)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        beta = trial;
        std::mem::swap(&mut eta, &mut new_eta);
        deviance = dev_new;
        let rel = (dev_new - dev_old).abs() / (dev_new.abs() + 0.1);
        dev_old = dev_new;
        last_step = max_change;
        if iterations >= min_iterations && (rel < 1e-13 || (rel < 1e-10 && max_change < 1e-9)) {
            converged = true;
            break;
        }
    }
    for c in 0..ncell {
        w[c] = if active[c] { eta[c].exp() } else { 0.0 };
    }
    let info = gram_matrix(&w, params, k);
    let (_, kernel) = deviance_and_kernel(lat, active, &eta);
    Irls {
        beta,
        deviance,
        kernel,
        iterations,
        converged,
        last_step,
        info,
    }
}

/// What a model search needs from a fit, without the interval.
pub(crate) struct Score {
    pub deviance: f64,
    pub aic: f64,
    pub bic_n: f64,
    pub bic_cells: f64,
    pub n_hat: f64,
    pub divergent: bool,
}

/// Fits a prepared model, setting aside the cells whose fitted counts run to zero.
///
/// Empty margins are found before fitting. A boundary can also come from a pattern
/// of zeros no single margin shows (everyone on list A is also on B, so "A without
/// B" is empty): the MLE of some combination of terms is then infinite, and IRLS
/// shows it by settling the deviance while a coefficient keeps moving. Each further
/// Newton step then lowers the linear predictor of exactly the cells at the
/// boundary by about 1 and leaves every other cell alone, which identifies them.
/// They are set aside like the cells of an empty margin, the terms they alone
/// determined are marked divergent, and the rest is refitted: the limit `glm`
/// approaches.
fn solve_model(lat: &Lattice, model: &Model) -> Result<(Prepared, Irls), FitError> {
    let mut prep = prepare(lat, model)?;
    for _ in 0..4 {
        let fit = irls(lat, &prep.active, &prep.params, None, 0);
        // At a finite optimum the last Newton step is tiny (convergence is
        // quadratic); along a recession it stays near 1.
        if fit.converged && fit.last_step < 1e-2 {
            return Ok((prep, fit));
        }
        let more = irls(lat, &prep.active, &prep.params, Some(&fit.beta), 8);
        let mut before = vec![0.0; lat.y.len()];
        let mut after = vec![0.0; lat.y.len()];
        linear_predictors(&prep.params, &fit.beta, lat.k, &mut before);
        linear_predictors(&prep.params, &more.beta, lat.k, &mut after);
        let mut found = false;
        for c in 1..lat.y.len() {
            if prep.active[c] && lat.y[c] == 0.0 && after[c] - before[c] < -2.0 {
                prep.active[c] = false;
                found = true;
            }
        }
        if !found {
            return Err(FitError::DidNotConverge);
        }
        let mut order: Vec<u32> = prep.params[1..].to_vec();
        order.push(0);
        let ones: Vec<f64> = prep
            .active
            .iter()
            .map(|&a| if a { 1.0 } else { 0.0 })
            .collect();
        let aliased = aliased_columns(&gram_matrix(&ones, &order, lat.k), order.len());
        if aliased.contains(&(order.len() - 1)) {
            return Err(FitError::InterceptNotIdentifiable);
        }
        for &i in &aliased {
            prep.divergent.push(order[i]);
            prep.params.retain(|&t| t != order[i]);
        }
    }
    Err(FitError::DidNotConverge)
}

pub(crate) fn score(lat: &Lattice, model: &Model) -> Result<Score, FitError> {
    let (prep, fit) = solve_model(lat, model)?;
    let (aic, bic_n, bic_cells) = criteria(lat, model, fit.kernel);
    Ok(Score {
        deviance: fit.deviance,
        aic,
        bic_n,
        bic_cells,
        n_hat: lat.n as f64 + fit.beta[0].exp(),
        divergent: !prep.divergent.is_empty(),
    })
}

fn criteria(lat: &Lattice, model: &Model, kernel: f64) -> (f64, f64, f64) {
    let loglik = kernel - lat.ln_fact;
    let p = model.parameters() as f64;
    let aic = -2.0 * loglik + 2.0 * p;
    let cells = (lat.y.len() - 1) as f64;
    (
        aic,
        aic + ((lat.n as f64).ln() - 2.0) * p,
        aic + (cells.ln() - 2.0) * p,
    )
}

/// Fits `model` to the table, with the profile-likelihood interval.
pub fn fit(captures: &Captures, model: &Model) -> Result<LoglinearFit, FitError> {
    let lat = Lattice::new(captures);
    fit_on(&lat, model)
}

pub(crate) fn fit_on(lat: &Lattice, model: &Model) -> Result<LoglinearFit, FitError> {
    let (prep, fit) = solve_model(lat, model)?;
    let p = prep.params.len();
    let l = cholesky(&fit.info, p).ok_or(FitError::DidNotConverge)?;
    let mut e0 = vec![0.0; p];
    e0[0] = 1.0;
    let var_b0 = cholesky_solve(&l, p, &e0)[0];
    let b0 = fit.beta[0];
    let unobserved = b0.exp();
    let n = lat.n as f64;
    let se = (unobserved + unobserved * unobserved * var_b0).sqrt();
    let mut coefficients = Vec::with_capacity(model.parameters());
    let std_errors: Vec<f64> = (0..p)
        .map(|i| {
            let mut e = vec![0.0; p];
            e[i] = 1.0;
            cholesky_solve(&l, p, &e)[i].sqrt()
        })
        .collect();
    coefficients.push(Coefficient {
        term: "(Intercept)".into(),
        estimate: b0,
        se: Some(std_errors[0]),
    });
    for &t in model.terms() {
        let name = term_name(t, &lat.lists);
        match prep.params.iter().position(|&q| q == t) {
            Some(i) => coefficients.push(Coefficient {
                term: name,
                estimate: fit.beta[i],
                se: Some(std_errors[i]),
            }),
            None => coefficients.push(Coefficient {
                term: name,
                // An empty margin sends the term to −∞; a term made inseparable by a
                // boundary runs off together with others, in no fixed direction.
                estimate: if lat.margin[t as usize] == 0.0 {
                    f64::NEG_INFINITY
                } else {
                    f64::NAN
                },
                se: None,
            }),
        }
    }
    let (aic, bic_n, bic_cells) = criteria(lat, model, fit.kernel);
    let half = Z_975 * var_b0.sqrt();
    let (n_hat_multinomial, profile) = multinomial_interval(lat, &prep, &fit.beta);
    Ok(LoglinearFit {
        lists: lat.lists.clone(),
        model: model.clone(),
        formula: model.formula(&lat.lists),
        notation: model.rcapture_notation(),
        documented: lat.n,
        cells: lat.y.len() - 1,
        parameters: model.parameters(),
        df: (lat.y.len() - 1) as i64 - model.parameters() as i64,
        coefficients,
        unobserved,
        n_hat: n + unobserved,
        se,
        deviance: fit.deviance,
        log_likelihood: fit.kernel - lat.ln_fact,
        aic,
        bic_n,
        bic_cells,
        profile,
        n_hat_multinomial,
        wald_log: (n + (b0 - half).exp(), n + (b0 + half).exp()),
        divergent: prep
            .divergent
            .iter()
            .map(|&t| term_name(t, &lat.lists))
            .collect(),
        iterations: fit.iterations,
    })
}

/// The multinomial profile log-likelihood of N (Cormack 1992, Rcapture's
/// `closedpCI.t`): the model fitted to all 2^k cells with N − n in the unobserved
/// one, plus the terms that turn a Poisson into a multinomial likelihood.
fn multinomial_profile(
    lat: &Lattice,
    prep: &Prepared,
    big_n: f64,
    start: &[f64],
) -> (f64, Vec<f64>) {
    let z = big_n - lat.n as f64;
    let mut y = lat.y.clone();
    y[0] = z;
    let full = Lattice {
        k: lat.k,
        y,
        margin: Vec::new(),
        n: lat.n,
        ln_fact: 0.0,
        lists: Vec::new(),
    };
    let mut active = prep.active.clone();
    active[0] = true;
    let f = irls(&full, &active, &prep.params, Some(start), 0);
    let ll = f.kernel - big_n * big_n.ln() + big_n + ln_gamma(big_n + 1.0) - ln_gamma(z + 1.0);
    (ll, f.beta)
}

/// The multinomial profile interval and the multinomial MLE of N, searched on
/// t = ln(N − n).
fn multinomial_interval(
    lat: &Lattice,
    prep: &Prepared,
    beta_hat: &[f64],
) -> (f64, ProfileInterval) {
    let n = lat.n as f64;
    let ll = |t: f64| multinomial_profile(lat, prep, n + t.exp(), beta_hat).0;
    // Golden-section search for the maximum around the Poisson estimate.
    let t_hat = beta_hat[0];
    let (mut a, mut b) = (t_hat - 3.0, t_hat + 3.0);
    let g = 0.618_033_988_749_895;
    let mut c = b - g * (b - a);
    let mut d = a + g * (b - a);
    let (mut fc, mut fd) = (ll(c), ll(d));
    while (b - a).abs() > 1e-9 {
        if fc > fd {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = ll(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = ll(d);
        }
    }
    let t_max = 0.5 * (a + b);
    let l_max = ll(t_max);
    let excess = |t: f64| 2.0 * (l_max - ll(t)) - CHI2_1_95;
    let lower = match bracket(&excess, t_max, -0.05, 80) {
        Some((i, o)) => n + solve(&excess, i, o).exp(),
        None => n,
    };
    let upper = bracket(&excess, t_max, 0.05, 80).map(|(i, o)| n + solve(&excess, i, o).exp());
    (n + t_max.exp(), ProfileInterval { lower, upper })
}

/// Walks from `from` by growing steps until `f` turns positive; returns the last
/// point inside and the first outside. The walk stops at |c − from| ≈ 40 (a factor
/// e^40 on the unobserved cell): beyond that the interval is unbounded.
fn bracket(f: &impl Fn(f64) -> f64, from: f64, step: f64, max: usize) -> Option<(f64, f64)> {
    let mut inside = from;
    let mut s = step;
    for _ in 0..max {
        let x = inside + s;
        if (x - from).abs() > 40.0 {
            return None;
        }
        if f(x) > 0.0 {
            return Some((inside, x));
        }
        inside = x;
        s *= 1.6;
    }
    None
}

/// Root of `f` between `a` (f < 0) and `b` (f > 0): bisection polished by secant
/// steps (the Illinois variant, which keeps the bracket).
fn solve(f: &impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    let (mut a, mut b) = (a, b);
    let (mut fa, mut fb) = (f(a), f(b));
    let mut side = 0;
    for _ in 0..100 {
        let c = (a * fb - b * fa) / (fb - fa);
        let c = if c.is_finite() && c > a.min(b) && c < a.max(b) {
            c
        } else {
            0.5 * (a + b)
        };
        let fc = f(c);
        if fc.abs() < 1e-10 || (b - a).abs() < 1e-12 {
            return c;
        }
        if (fc < 0.0) == (fa < 0.0) {
            a = c;
            fa = fc;
            if side == -1 {
                fb *= 0.5;
            }
            side = -1;
        } else {
            b = c;
            fb = fc;
            if side == 1 {
                fa *= 0.5;
            }
            side = 1;
        }
    }
    0.5 * (a + b)
}
