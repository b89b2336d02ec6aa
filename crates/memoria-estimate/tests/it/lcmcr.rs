//! LCMCR against the reference runs of the R package (reference file §2, §4).
//!
//! R's random stream cannot be reproduced, so results are compared in
//! distribution: each tolerance below is the across-seed spread the reference file
//! reports, widened by the Monte Carlo error of a run of this length.

use memoria_estimate::lcmcr::sample;
use memoria_estimate::{LcmcrOptions, Posterior};

use crate::captures;

/// The reference configuration: K = 10, 10,000 burn-in, 10,000 samples, thinning 10.
pub fn reference(seed: u64) -> LcmcrOptions {
    LcmcrOptions {
        classes: 10,
        burn_in: 10_000,
        samples: 10_000,
        thinning: 10,
        chains: 2,
        seed,
        ..Default::default()
    }
}

#[track_caller]
fn within(p: &Posterior, median: (f64, f64), lower: (f64, f64), upper: (f64, f64)) {
    let s = p.summary;
    eprintln!(
        "median {} [{}, {}] mean {} r_hat {} ess {}",
        s.median, s.lower95, s.upper95, s.mean, s.r_hat, s.ess
    );
    assert!(s.median >= median.0 && s.median <= median.1, "median {s:?}");
    assert!(s.lower95 >= lower.0 && s.lower95 <= lower.1, "lower {s:?}");
    assert!(s.upper95 >= upper.0 && s.upper95 <= upper.1, "upper {s:?}");
    assert!(s.r_hat < 1.05, "r_hat {s:?}");
}

#[test]
fn manila_police_matches_the_package() {
    // R: median 569–570, 2.5% 534–535, 97.5% 649–651 over three seeds.
    let p = sample(&captures("manila-police.csv"), &reference(20240601)).unwrap();
    within(&p, (565.0, 574.0), (530.0, 538.0), (638.0, 662.0));
}

#[test]
fn quezon_city_police_matches_the_package() {
    // R: median 346, 2.5% 338, 97.5% 365–368 over three seeds.
    let p = sample(&captures("quezon-city-police.csv"), &reference(20240601)).unwrap();
    within(&p, (344.0, 348.0), (337.0, 340.0), (362.0, 372.0));
}

#[test]
fn runs_are_reproducible_and_chains_differ() {
    let o = LcmcrOptions {
        burn_in: 100,
        samples: 50,
        thinning: 2,
        ..reference(5)
    };
    let c = captures("manila-police.csv");
    let a = sample(&c, &o).unwrap();
    let b = sample(&c, &LcmcrOptions { threads: 1, ..o }).unwrap();
    assert_eq!(
        a.draws, b.draws,
        "same seed, same draws, whatever the threads"
    );
    assert_ne!(a.draws[0], a.draws[1]);
    let c2 = sample(&c, &LcmcrOptions { seed: 6, ..o }).unwrap();
    assert_ne!(a.draws, c2.draws);
}

#[test]
fn uk_long_chains_find_the_upper_mode() {
    // R, burn-in 100,000 and 100,000 samples thinned by 10, three seeds: medians
    // 22,228–22,395, 2.5% 15,725–15,946, 97.5% 33,951–34,633. The posterior has a
    // second mode near 12k that short chains can stick in, hence the wide band.
    let o = LcmcrOptions {
        burn_in: 100_000,
        samples: 100_000,
        ..reference(20240601)
    };
    let p = sample(&captures("uk-2013.csv"), &o).unwrap();
    within(
        &p,
        (21_000.0, 23_600.0),
        (14_500.0, 17_000.0),
        (32_000.0, 36_500.0),
    );
}
