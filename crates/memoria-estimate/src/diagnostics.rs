//! Summaries and convergence diagnostics of posterior draws.
//!
//! Quantiles are R's type 7 (the default of `quantile()`), so intervals are
//! computed the way the reference numbers were. R-hat is the split-chain potential
//! scale reduction of Gelman et al. (BDA3, 11.4); the effective sample size is
//! BDA3's multi-chain estimate with Geyer's initial monotone sequence, as Stan
//! computes it.

use serde::Serialize;

/// What the draws of N say.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PosteriorSummary {
    pub median: f64,
    pub lower95: f64,
    pub upper95: f64,
    pub mean: f64,
    pub sd: f64,
    /// Split-chain R-hat; near 1 when the chains agree (above 1.05: do not trust).
    pub r_hat: f64,
    /// Effective sample size over all chains.
    pub ess: f64,
    pub draws: usize,
}

/// Summarises draws given per chain (chains of equal length).
pub fn summarise(chains: &[Vec<f64>]) -> PosteriorSummary {
    let mut all: Vec<f64> = chains.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let n = all.len();
    let mean = all.iter().sum::<f64>() / n.max(1) as f64;
    let sd = if n > 1 {
        (all.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    PosteriorSummary {
        median: quantile_sorted(&all, 0.5),
        lower95: quantile_sorted(&all, 0.025),
        upper95: quantile_sorted(&all, 0.975),
        mean,
        sd,
        r_hat: split_r_hat(chains),
        ess: effective_sample_size(chains),
        draws: n,
    }
}

/// R's type-7 quantile of sorted data.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
    (m, v)
}

/// Split-R-hat: each chain cut in halves, then the ratio of the pooled to the
/// within-chain variance. 1 for constant draws.
pub fn split_r_hat(chains: &[Vec<f64>]) -> f64 {
    let mut halves: Vec<&[f64]> = Vec::new();
    for c in chains {
        let h = c.len() / 2;
        if h < 2 {
            return f64::NAN;
        }
        halves.push(&c[..h]);
        halves.push(&c[c.len() - h..]);
    }
    r_hat(&halves)
}

fn r_hat(chains: &[&[f64]]) -> f64 {
    let m = chains.len() as f64;
    let n = chains[0].len() as f64;
    let stats: Vec<(f64, f64)> = chains.iter().map(|c| mean_var(c)).collect();
    let w = stats.iter().map(|s| s.1).sum::<f64>() / m;
    let grand = stats.iter().map(|s| s.0).sum::<f64>() / m;
    let b = n / (m - 1.0) * stats.iter().map(|s| (s.0 - grand).powi(2)).sum::<f64>();
    if w <= 0.0 {
        return if b <= 0.0 { 1.0 } else { f64::INFINITY };
    }
    let var_plus = (n - 1.0) / n * w + b / n;
    (var_plus / w).sqrt()
}

/// Multi-chain effective sample size (BDA3 11.5, Geyer's initial monotone sequence).
pub fn effective_sample_size(chains: &[Vec<f64>]) -> f64 {
    let m = chains.len();
    let n = chains.iter().map(Vec::len).min().unwrap_or(0);
    if m == 0 || n < 4 {
        return f64::NAN;
    }
    let stats: Vec<(f64, f64)> = chains.iter().map(|c| mean_var(&c[..n])).collect();
    let w = stats.iter().map(|s| s.1).sum::<f64>() / m as f64;
    let grand = stats.iter().map(|s| s.0).sum::<f64>() / m as f64;
    let b = if m > 1 {
        n as f64 / (m as f64 - 1.0) * stats.iter().map(|s| (s.0 - grand).powi(2)).sum::<f64>()
    } else {
        0.0
    };
    let var_plus = (n as f64 - 1.0) / n as f64 * w + b / n as f64;
    let total = (m * n) as f64;
    if var_plus <= 0.0 {
        return total;
    }
    // Autocovariance of every chain at one lag (biased estimator, divided by n).
    let acov = |lag: usize| -> f64 {
        let mut s = 0.0;
        for (c, st) in chains.iter().zip(&stats) {
            let x = &c[..n];
            let mut a = 0.0;
            for i in 0..n - lag {
                a += (x[i] - st.0) * (x[i + lag] - st.0);
            }
            s += a / n as f64;
        }
        s / m as f64
    };
    // Within-chain variances above use n − 1; the lag-0 autocovariance uses n.
    let w_biased = acov(0);
    let rho = |lag: usize| 1.0 - (w_biased - acov(lag)) / var_plus;
    let mut sum = 0.0;
    let mut prev_pair = f64::INFINITY;
    let mut t = 0;
    while t + 1 < n {
        let r0 = if t == 0 { 1.0 } else { rho(t) };
        let pair = r0 + rho(t + 1);
        if pair <= 0.0 {
            break;
        }
        let pair = pair.min(prev_pair); // initial monotone sequence
        prev_pair = pair;
        sum += pair;
        t += 2;
    }
    let tau = (-1.0 + 2.0 * sum).max(1.0 / total.log10().max(1.0));
    total / tau
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_quantiles_match_r() {
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        // quantile(c(1,2,3,4,10), c(.025,.5,.975)) = 1.1, 3.0, 9.4
        assert!((quantile_sorted(&x, 0.025) - 1.1).abs() < 1e-12);
        assert_eq!(quantile_sorted(&x, 0.5), 3.0);
        assert!((quantile_sorted(&x, 0.975) - 9.4).abs() < 1e-12);
    }

    #[test]
    fn diagnostics_tell_mixed_from_stuck_chains() {
        let mut state = 1u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let a: Vec<f64> = (0..2000).map(|_| next()).collect();
        let b: Vec<f64> = (0..2000).map(|_| next()).collect();
        let good = summarise(&[a.clone(), b.clone()]);
        assert!((good.r_hat - 1.0).abs() < 0.01);
        assert!(good.ess > 2500.0, "{}", good.ess);
        let shifted: Vec<f64> = b.iter().map(|x| x + 3.0).collect();
        assert!(summarise(&[a, shifted]).r_hat > 1.5);
        let constant = summarise(&[vec![5.0; 100], vec![5.0; 100]]);
        assert_eq!(constant.r_hat, 1.0);
    }
}
