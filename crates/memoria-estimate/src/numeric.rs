//! Small numerical kernels: log-gamma, dense Cholesky, and sums over the lattice of
//! capture patterns.
//!
//! The lattice sums are what make log-linear fitting cheap: a column of the design
//! matrix for term `T` is the indicator "cell ⊇ T", so every entry of `XᵀWX` is a
//! sum of weights over the cells containing `T ∪ U`, and all such sums come from one
//! superset-sum transform of the weights (O(k·2^k)) instead of an O(cells·p²) product.

/// ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error below 1e-14).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, &c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// ln(n!) — exact summation for small n, where the sum is both cheap and free of
/// the series' rounding.
pub fn ln_factorial(n: f64) -> f64 {
    if n < 2.0 {
        return 0.0;
    }
    if n <= 30.0 && n.fract() == 0.0 {
        let mut s = 0.0;
        let mut k = 2.0;
        while k <= n {
            s += f64::ln(k);
            k += 1.0;
        }
        return s;
    }
    ln_gamma(n + 1.0)
}

/// The 0.95 quantile of χ² with one degree of freedom (1.959964² ).
pub const CHI2_1_95: f64 = 3.841_458_820_694_124;
/// The 0.975 quantile of the standard normal.
pub const Z_975: f64 = 1.959_963_984_540_054;

/// In place: `a[m] = Σ_{s ⊆ m} a[s]` over masks of `k` bits.
pub fn subset_sums(a: &mut [f64], k: usize) {
    for b in 0..k {
        let bit = 1usize << b;
        for m in 0..a.len() {
            if m & bit != 0 {
                a[m] += a[m ^ bit];
            }
        }
    }
}

/// In place: `a[m] = Σ_{s ⊇ m} a[s]` over masks of `k` bits.
pub fn superset_sums(a: &mut [f64], k: usize) {
    for b in 0..k {
        let bit = 1usize << b;
        for m in 0..a.len() {
            if m & bit == 0 {
                a[m] += a[m | bit];
            }
        }
    }
}

/// Cholesky factor `L` (row-major, lower) of a symmetric positive definite `p×p`
/// matrix, or `None` when a pivot is not positive.
pub fn cholesky(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            if i == j {
                if s.is_nan() || s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i * p + i] = s.sqrt();
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    Some(l)
}

/// Solves `L Lᵀ x = b`.
pub fn cholesky_solve(l: &[f64], p: usize, b: &[f64]) -> Vec<f64> {
    let mut y = b.to_vec();
    for i in 0..p {
        let mut s = y[i];
        for k in 0..i {
            s -= l[i * p + k] * y[k];
        }
        y[i] = s / l[i * p + i];
    }
    for i in (0..p).rev() {
        let mut s = y[i];
        for k in i + 1..p {
            s -= l[k * p + i] * y[k];
        }
        y[i] = s / l[i * p + i];
    }
    y
}

/// The columns of a Gram matrix `XᵀX` that are (numerically) linear combinations of
/// the columns before them: a Cholesky that skips instead of failing. A column whose
/// remaining squared norm is below `1e-9` of its own norm is aliased.
pub fn aliased_columns(a: &[f64], p: usize) -> Vec<usize> {
    let mut l = vec![0.0; p * p];
    let mut aliased = Vec::new();
    for i in 0..p {
        let mut d = a[i * p + i];
        for k in 0..i {
            d -= l[i * p + k] * l[i * p + k];
        }
        if d.is_nan() || d <= 1e-9 * a[i * p + i].abs() {
            aliased.push(i);
            continue; // its row of L stays zero, so later columns ignore it
        }
        let dsqrt = d.sqrt();
        l[i * p + i] = dsqrt;
        for r in i + 1..p {
            let mut s = a[r * p + i];
            for k in 0..i {
                s -= l[r * p + k] * l[i * p + k];
            }
            l[r * p + i] = s / dsqrt;
        }
    }
    aliased
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_known_values() {
        assert!((ln_gamma(1.0)).abs() < 1e-14);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
        assert!((ln_factorial(10.0) - 3_628_800f64.ln()).abs() < 1e-12);
        // ln(100!) = 363.73937555556349...
        assert!((ln_factorial(100.0) - 363.739_375_555_563_5).abs() < 1e-10);
    }

    #[test]
    fn lattice_sums_invert_each_other_in_count() {
        let mut a = vec![1.0; 8];
        subset_sums(&mut a, 3);
        assert_eq!(a, [1.0, 2.0, 2.0, 4.0, 2.0, 4.0, 4.0, 8.0]);
        let mut b = vec![1.0; 8];
        superset_sums(&mut b, 3);
        assert_eq!(b, [8.0, 4.0, 4.0, 2.0, 4.0, 2.0, 2.0, 1.0]);
    }

    #[test]
    fn cholesky_solves_and_detects_aliasing() {
        let a = [4.0, 2.0, 2.0, 3.0];
        let l = cholesky(&a, 2).unwrap();
        let x = cholesky_solve(&l, 2, &[6.0, 5.0]);
        assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 1.0).abs() < 1e-12);
        // Column 2 = column 0 + column 1.
        let g = [2.0, 1.0, 3.0, 1.0, 2.0, 3.0, 3.0, 3.0, 6.0];
        assert_eq!(aliased_columns(&g, 3), [2]);
    }
}
