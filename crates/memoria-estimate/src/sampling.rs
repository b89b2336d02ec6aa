//! The random variates the LCMCR sampler draws, made cheap.
//!
//! A sweep draws hundreds of gamma variates with a different shape each time, so a
//! distribution object per draw (with its set-up and `Result`) would dominate the
//! run. These are plain functions over a caller's generator: Marsaglia–Tsang for
//! gamma (which needs no logarithm on ~98% of draws; a ziggurat exponential for
//! shape 1; a log-space variant stays finite for tiny shapes), Beta from two gammas
//! (one uniform for Beta(1, 1)), multinomials as categorical draws for small counts
//! and as conditional binomials for large ones. Binomial and
//! Poisson variates come from `rand_distr`, whose algorithms (BTPE, PTRS) are
//! exact for any parameters.
//!
//! What this module does not do: own a generator or decide seeds (see
//! [`mod@crate::lcmcr`]).

use rand::Rng;
use rand_distr::{Binomial, Distribution, Exp1, Poisson, StandardNormal};

/// A uniform variate in the open interval (0, 1), so its logarithm is finite.
#[inline]
pub fn open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// G ~ Gamma(shape, 1) for shape ≥ 1 (Marsaglia & Tsang 2000). The squeeze
/// accepts ~98% of draws with no logarithm at all: one normal, one uniform and a
/// square root per draw.
///
/// Shape 1, the gamma of an empty latent class, is the standard exponential, which
/// a ziggurat draws from one random word in about half the time.
#[inline]
pub fn gamma_variate<R: Rng + ?Sized>(rng: &mut R, shape: f64) -> f64 {
    debug_assert!(shape >= 1.0);
    if shape == 1.0 {
        return rng.sample(Exp1);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x: f64 = rng.sample(StandardNormal);
        let t = 1.0 + c * x;
        if t <= 0.0 {
            continue;
        }
        let v = t * t * t;
        let u = open01(rng);
        let x2 = x * x;
        if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
            return d * v;
        }
    }
}

/// ln G for G ~ Gamma(shape, 1), any shape > 0. Below 1 it uses the boost
/// Gamma(a) = Gamma(a + 1)·U^(1/a) in logs, so a tiny shape gives a very negative
/// number instead of an underflowed zero.
#[inline]
pub fn ln_gamma_variate<R: Rng + ?Sized>(rng: &mut R, shape: f64) -> f64 {
    if shape < 1.0 {
        return gamma_variate(rng, shape + 1.0).ln() + open01(rng).ln() / shape;
    }
    gamma_variate(rng, shape).ln()
}

/// Two positive numbers (x, y) with x / (x + y) ~ Beta(1 + a, 1 + b), for whole
/// counts a and b: the shapes of a capture probability's full conditional.
///
/// With K = 10 most latent classes are empty in most sweeps (70% of the draws on
/// the 4-list reference table, 54% on the 9-list one), and Beta(1, 1) is the uniform,
/// so (U, 1 − U) replaces two gamma draws. Otherwise two gammas, as the package does.
#[inline]
pub fn beta_counts_pair<R: Rng + ?Sized>(rng: &mut R, a: u64, b: u64) -> (f64, f64) {
    if a == 0 && b == 0 {
        let u = open01(rng);
        return (u, 1.0 - u);
    }
    (
        gamma_variate(rng, 1.0 + a as f64),
        gamma_variate(rng, 1.0 + b as f64),
    )
}

/// (ln V, ln(1 − V)) for V ~ Beta(a, b), a ≥ 1, b > 0, from two gammas; exact in
/// logs even when b is tiny and 1 − V underflows.
///
/// Beta(1, b), the stick of an empty latent class, is drawn by inversion instead
/// ([`ln_beta_one_variate`]): three elementary functions, where two gammas with a
/// tiny b cost five or six and two gamma variates besides.
#[inline]
pub fn ln_beta_variate<R: Rng + ?Sized>(rng: &mut R, a: f64, b: f64) -> (f64, f64) {
    if a == 1.0 {
        return ln_beta_one_variate(rng, b);
    }
    if b >= 1.0 {
        let g1 = gamma_variate(rng, a);
        let g2 = gamma_variate(rng, b);
        let s = g1 + g2;
        return ((g1 / s).ln(), (g2 / s).ln());
    }
    let g1 = ln_gamma_variate(rng, a);
    let g2 = ln_gamma_variate(rng, b);
    let m = g1.max(g2);
    let lse = m + ((g1 - m).exp() + (g2 - m).exp()).ln();
    (g1 - lse, g2 - lse)
}

/// (ln V, ln(1 − V)) for V ~ Beta(1, b), b > 0, by inversion: 1 − V = U^(1/b).
/// ln(1 − e^t) is taken as ln(−expm1 t) near t = 0 and as ln_1p(−e^t) below
/// −ln 2, the split that keeps it accurate at both ends (Mächler 2012).
#[inline]
fn ln_beta_one_variate<R: Rng + ?Sized>(rng: &mut R, b: f64) -> (f64, f64) {
    let ln_1m = open01(rng).ln() / b;
    let ln_v = if ln_1m > -std::f64::consts::LN_2 {
        (-ln_1m.exp_m1()).ln()
    } else {
        (-ln_1m.exp()).ln_1p()
    };
    (ln_v, ln_1m)
}

/// X ~ Binomial(n, p).
///
/// With a small mean, by geometric skipping: the gaps between successes are
/// geometric, so X costs about n·p + 2 logarithms, and a class with a negligible
/// weight costs two (most of a multinomial's binomials are such). Otherwise
/// `rand_distr`'s BTPE.
#[inline]
pub fn binomial<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial(rng, n, 1.0 - p);
    }
    if (n as f64) * p < 10.0 {
        let ln_q = (-p).ln_1p();
        let mut position = 0.0;
        let mut x = 0;
        loop {
            position += (open01(rng).ln() / ln_q).floor() + 1.0;
            if position > n as f64 {
                return x;
            }
            x += 1;
        }
    }
    match Binomial::new(n, p) {
        Ok(b) => b.sample(rng),
        Err(_) => 0, // unreachable: p is in (0, 1)
    }
}

/// X ~ Poisson(lambda); `None` when lambda is too large to draw (beyond 1e15,
/// which no population count reaches).
#[inline]
pub fn poisson<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> Option<u64> {
    if lambda <= 0.0 {
        return Some(0);
    }
    if lambda.is_nan() || lambda >= 1e15 {
        return None;
    }
    let p = Poisson::new(lambda).ok()?;
    Some(p.sample(rng) as u64)
}

/// Up to this many trials a multinomial is drawn as that many categorical draws:
/// a uniform and a scan that usually stops at the first classes (the sampler keeps
/// the heavy classes first), cheaper than K binomials, which each need logarithms
/// or powers. Measured on the reference tables with K = 10: 16 to 48 are alike
/// within noise; 64 is about 10% slower on the 4-list table, whose big cells put
/// nearly all their weight on one class, where one binomial beats dozens of draws.
const CATEGORICAL_MAX: u64 = 32;

/// `out ~ Multinomial(n, weights / total)`, `weights` non-negative and summing to
/// `total` > 0.
///
/// Conditional binomials (class k gets Binomial(left, w_k / Σ_{i≥k} w_i)) only while
/// many trials are left, then categorical draws for the rest over the remaining
/// classes: exact, since what is left is itself multinomial over them. With the
/// heavy classes first, a cell of hundreds takes one or two binomials instead of K.
#[inline]
pub fn multinomial<R: Rng + ?Sized>(
    rng: &mut R,
    n: u64,
    weights: &[f64],
    total: f64,
    out: &mut [u64],
) {
    out.iter_mut().for_each(|o| *o = 0);
    let classes = weights.len();
    let mut left = n;
    let mut first = 0;
    let mut rest = total;
    if left > CATEGORICAL_MAX {
        while left > CATEGORICAL_MAX && first + 1 < classes {
            let p = if rest > 0.0 {
                (weights[first] / rest).min(1.0)
            } else {
                1.0
            };
            let x = binomial(rng, left, p);
            out[first] = x;
            left -= x;
            first += 1;
            rest = sum_of(&weights[first..]);
        }
        if first + 1 == classes || rest.is_nan() || rest <= 0.0 {
            out[classes - 1] += left;
            return;
        }
    }
    categorical_counts(rng, left, &weights[first..], rest, &mut out[first..]);
}

/// The weight left for the classes not yet drawn, summed afresh rather than by
/// subtracting from the total again and again, so each conditional probability is
/// exact. With the heavy classes first, a multinomial takes one or two binomials
/// before few enough trials are left for categorical draws, so these sums cost less
/// than keeping a table of suffix sums.
#[inline]
fn sum_of(weights: &[f64]) -> f64 {
    weights.iter().sum()
}

/// Adds to `out` the classes of `draws` independent categorical draws with
/// probabilities `weights / total`. The first class, the heaviest in the sampler's
/// order, is counted in a register: most draws land there, and incrementing `out[0]`
/// again and again would chain every draw to the previous one's store.
#[inline]
fn categorical_counts<R: Rng + ?Sized>(
    rng: &mut R,
    draws: u64,
    weights: &[f64],
    total: f64,
    out: &mut [u64],
) {
    let last = weights.len() - 1;
    if last == 0 {
        out[0] += draws;
        return;
    }
    let mut in_first = 0;
    for _ in 0..draws {
        let mut u = open01(rng) * total - weights[0];
        if u < 0.0 {
            in_first += 1;
            continue;
        }
        let mut k = 1;
        while k < last {
            u -= weights[k];
            if u < 0.0 {
                break;
            }
            k += 1;
        }
        out[k] += 1;
    }
    out[0] += in_first;
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn moments(xs: &[f64]) -> (f64, f64) {
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64;
        (m, v)
    }

    /// The draws' mean is within 5 standard errors of `mean`, and their variance within
    /// 5% of `variance`.
    fn assert_moments(xs: &[f64], mean: f64, variance: f64, what: &str) {
        let (m, v) = moments(xs);
        let se = (variance / xs.len() as f64).sqrt();
        assert!(
            (m - mean).abs() < 5.0 * se,
            "{what}: mean {m}, expected {mean}"
        );
        assert!(
            (v / variance - 1.0).abs() < 0.05,
            "{what}: variance {v}, expected {variance}"
        );
    }

    #[test]
    fn gamma_has_the_right_moments() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        for shape in [0.05, 0.3, 1.0, 2.5, 40.0, 3000.0] {
            let xs: Vec<f64> = (0..200_000)
                .map(|_| ln_gamma_variate(&mut rng, shape).exp())
                .collect();
            // Mean and variance are both `shape`.
            assert_moments(&xs, shape, shape, &format!("shape {shape}"));
        }
    }

    #[test]
    fn binomial_has_the_right_moments() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for (n, p) in [
            (5u64, 0.01),
            (40, 0.1),
            (1000, 0.003),
            (1000, 0.3),
            (7, 0.9),
        ] {
            let xs: Vec<f64> = (0..100_000)
                .map(|_| binomial(&mut rng, n, p) as f64)
                .collect();
            let (em, ev) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert_moments(&xs, em, ev, &format!("n {n} p {p}"));
        }
    }

    #[test]
    fn multinomial_both_regimes_have_the_right_means() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        let w = [0.5, 0.0, 1.5, 2.0];
        for n in [5u64, 400] {
            let mut sum = [0u64; 4];
            let mut out = [0u64; 4];
            for _ in 0..20_000 {
                multinomial(&mut rng, n, &w, 4.0, &mut out);
                assert_eq!(out.iter().sum::<u64>(), n);
                for k in 0..4 {
                    sum[k] += out[k];
                }
            }
            for k in 0..4 {
                let mean = sum[k] as f64 / 20_000.0;
                let expect = n as f64 * w[k] / 4.0;
                assert!((mean - expect).abs() < 0.02 * n as f64, "n {n} k {k}");
            }
            assert_eq!(sum[1], 0);
        }
    }

    #[test]
    fn multinomial_with_a_dominant_class_has_the_right_moments() {
        // The sampler's usual case: one class holds nearly all the weight, so the
        // first binomial takes almost everyone and categorical draws share the rest.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        let w = [0.94, 0.03, 0.02, 0.01, 0.0];
        let reps = 50_000;
        for n in [1u64, 20, 33, 300, 20_000] {
            let mut draws: Vec<Vec<f64>> = (0..5).map(|_| Vec::with_capacity(reps)).collect();
            let mut out = [0u64; 5];
            for _ in 0..reps {
                multinomial(&mut rng, n, &w, 1.0, &mut out);
                assert_eq!(out.iter().sum::<u64>(), n);
                for k in 0..5 {
                    draws[k].push(out[k] as f64);
                }
            }
            for k in 0..4 {
                let (em, ev) = (n as f64 * w[k], n as f64 * w[k] * (1.0 - w[k]));
                assert_moments(&draws[k], em, ev, &format!("n {n} k {k}"));
            }
            assert!(draws[4].iter().all(|&x| x == 0.0));
        }
    }

    #[test]
    fn beta_counts_pair_has_the_right_moments() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        for (a, b) in [(0u64, 0u64), (0, 3), (2, 0), (5, 40)] {
            let xs: Vec<f64> = (0..200_000)
                .map(|_| {
                    let (x, y) = beta_counts_pair(&mut rng, a, b);
                    x / (x + y)
                })
                .collect();
            let (a, b) = (1.0 + a as f64, 1.0 + b as f64);
            let em = a / (a + b);
            let ev = a * b / ((a + b) * (a + b) * (a + b + 1.0));
            assert_moments(&xs, em, ev, &format!("Beta({a}, {b})"));
        }
    }

    #[test]
    fn ln_beta_has_the_right_moments_on_both_paths() {
        // a = 1 is drawn by inversion, the others from two gammas; b < 1 is the
        // stick-breaking of the last classes, where 1 − V gets very small.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(6);
        for (a, b) in [(1.0, 0.05), (1.0, 0.7), (1.0, 30.0), (3.0, 0.2), (3.0, 5.0)] {
            let mut vs = Vec::with_capacity(200_000);
            for _ in 0..200_000 {
                let (ln_v, ln_1m) = ln_beta_variate(&mut rng, a, b);
                assert!((ln_v.exp() + ln_1m.exp() - 1.0).abs() < 1e-9);
                vs.push(ln_v.exp());
            }
            let em = a / (a + b);
            let ev = a * b / ((a + b) * (a + b) * (a + b + 1.0));
            assert_moments(&vs, em, ev, &format!("Beta({a}, {b})"));
        }
        // Far in the tail the inversion still gives a finite, tiny 1 − V.
        let (ln_v, ln_1m) = ln_beta_variate(&mut rng, 1.0, 1e-4);
        assert!(ln_1m.is_finite() && ln_1m < 0.0 && ln_v.is_finite() && ln_v <= 0.0);
    }
}
