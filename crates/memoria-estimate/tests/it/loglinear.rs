//! Log-linear fits against base R `glm` and Rcapture (reference file §1–2).

use memoria_estimate::loglinear::fit;
use memoria_estimate::select::select;
use memoria_estimate::{Criterion, Model, SearchOptions};

use crate::{assert_sig, captures};

struct Glm {
    formula: &'static str,
    n_hat: f64,
    se: f64,
    deviance: f64,
    df: i64,
    aic: f64,
    bic_cells: Option<f64>,
    bic_n: Option<f64>,
}

fn check(table: &str, lists: &[&str], r: &Glm) -> memoria_estimate::LoglinearFit {
    let c = captures(table);
    let names: Vec<String> = lists.iter().map(|s| s.to_string()).collect();
    assert_eq!(c.lists(), names.as_slice());
    let model = match r.formula {
        "independence" => Model::independence(lists.len()),
        "all_two_way" => Model::all_up_to(lists.len(), 2),
        f => Model::parse(f, &names).unwrap(),
    };
    let f = fit(&c, &model).unwrap();
    let what = |x: &str| format!("{table} {}: {x}", r.formula);
    eprintln!(
        "{}: N {} se {} dev {} aic {} bicn {} bicc {} profile {:?} mult {} wald {:?} div {:?}",
        what(""),
        f.n_hat,
        f.se,
        f.deviance,
        f.aic,
        f.bic_n,
        f.bic_cells,
        f.profile,
        f.n_hat_multinomial,
        f.wald_log,
        f.divergent
    );
    assert_sig(f.n_hat, r.n_hat, 6, &what("N-hat"));
    // glm prints the SE's ingredients to 5–7 digits, Rcapture the SE to 2 decimals.
    let se_digits = if r.se > 100.0 { 6 } else { 3 };
    assert_sig(f.se, r.se, se_digits, &what("SE"));
    assert_sig(f.deviance, r.deviance, 6, &what("deviance"));
    assert_eq!(f.df, r.df, "{}", what("df"));
    assert_sig(f.aic, r.aic, 6, &what("AIC"));
    if let Some(b) = r.bic_cells {
        assert_sig(f.bic_cells, b, 6, &what("BIC_cells"));
    }
    if let Some(b) = r.bic_n {
        assert_sig(f.bic_n, b, 6, &what("BIC_n"));
    }
    f
}

const UK: [&str; 5] = ["LA", "NG", "PFNCA", "GO", "GP"];
const HOME_OFFICE: &str = "LA:NG + LA:PFNCA + NG:GO + NG:GP + PFNCA:GP + GO:GP";

#[test]
fn uk_matches_glm() {
    let table = "uk-2013.csv";
    let f = check(
        table,
        &UK,
        &Glm {
            formula: "independence",
            n_hat: 13444.13,
            se: 806.930,
            deviance: 118.5316,
            df: 25,
            aic: 217.7789,
            bic_cells: Some(226.3828),
            bic_n: Some(253.2819),
        },
    );
    assert!(f.is_reliable());
    let f = check(
        table,
        &UK,
        &Glm {
            formula: "all_two_way",
            n_hat: 11232.53,
            se: 3526.894,
            deviance: 10.5299,
            df: 15,
            aic: 129.7772,
            bic_cells: Some(152.7210),
            bic_n: Some(224.4519),
        },
    );
    // LA and GP never overlap: LA:GP has no finite estimate, and the fit says so.
    assert_eq!(f.divergent, ["LA:GP"]);
    assert!(!f.is_reliable());
    let f = check(
        table,
        &UK,
        &Glm {
            formula: HOME_OFFICE,
            n_hat: 11312.99,
            se: 802.726,
            deviance: 16.3514,
            df: 19,
            aic: 127.5986,
            bic_cells: Some(144.8065),
            bic_n: Some(198.6047),
        },
    );
    assert!(f.is_reliable());
    // Coefficients of the Home Office model (glm's summary).
    let expected = [
        ("(Intercept)", 9.05591, 0.09305),
        ("LA", -5.08848, 0.15254),
        ("NG", -2.90507, 0.09507),
        ("PFNCA", -2.14852, 0.08809),
        ("GO", -2.52177, 0.09129),
        ("GP", -3.30533, 0.10827),
        ("LA:NG", 1.52395, 0.27625),
        ("LA:PFNCA", 0.92243, 0.26209),
        ("NG:GO", -0.55335, 0.22399),
        ("NG:GP", -2.92170, 1.00582),
        ("PFNCA:GP", -1.24675, 0.31883),
        ("GO:GP", -1.19052, 0.36926),
    ];
    for (term, est, se) in expected {
        let c = f.coefficients.iter().find(|c| c.term == term).unwrap();
        assert!((c.estimate - est).abs() < 6e-6, "{term}: {}", c.estimate);
        assert!((c.se.unwrap() - se).abs() < 6e-6, "{term} se: {:?}", c.se);
    }
    // SparseMSE's intervals for this model: profile [9889.2, 13063.1], Wald on the
    // log scale [9884.4, 13027.4].
    assert!((f.profile.lower - 9889.2).abs() < 0.1, "{:?}", f.profile);
    assert!(
        (f.profile.upper.unwrap() - 13063.1).abs() < 0.1,
        "{:?}",
        f.profile
    );
    // Rcapture's multinomial estimate and profile interval for Mt + all two-way.
    let all = fit(&captures(table), &Model::all_up_to(5, 2)).unwrap();
    assert_sig(all.n_hat_multinomial, 11051.61, 6, "multinomial N");
    profile(&all, 6154.73, 20761.44);
    let mt = fit(&captures(table), &Model::independence(5)).unwrap();
    profile(&mt, 11985.12, 15165.90);
    assert!(
        (f.wald_log.0 - 9884.4).abs() < 0.3 && (f.wald_log.1 - 13027.4).abs() < 0.3,
        "{:?}",
        f.wald_log
    );
}

const MANILA: [&str; 8] = [
    "police",
    "news",
    "chr",
    "tfdp",
    "philr",
    "riseup",
    "academics",
    "parish",
];
const QUEZON: [&str; 9] = [
    "police",
    "news",
    "chr",
    "philr",
    "tfdp",
    "riseup",
    "parish",
    "academics",
    "bpso",
];

#[track_caller]
fn intercept(f: &memoria_estimate::LoglinearFit, est: f64, se: f64) {
    let c = &f.coefficients[0];
    assert!((c.estimate - est).abs() < 6e-6, "intercept {}", c.estimate);
    assert!((c.se.unwrap() - se).abs() < 6e-6, "intercept se {:?}", c.se);
}

#[track_caller]
fn profile(f: &memoria_estimate::LoglinearFit, lower: f64, upper: f64) {
    // Rcapture prints two decimals and stops its root search a little early:
    // agreement to 0.02 is agreement to the printed figures.
    assert!((f.profile.lower - lower).abs() < 0.02, "{:?}", f.profile);
    assert!(
        (f.profile.upper.unwrap() - upper).abs() < 0.02,
        "{:?}",
        f.profile
    );
}

/// Rcapture profiles a divergent fit where `glm` stopped (coefficients near ±20),
/// not at the limit fitted here; the two agree to about 0.05%.
#[track_caller]
fn divergent_profile(f: &memoria_estimate::LoglinearFit, lower: f64, upper: f64) {
    assert!(
        (f.profile.lower / lower - 1.0).abs() < 5e-4,
        "{:?}",
        f.profile
    );
    assert!(
        (f.profile.upper.unwrap() / upper - 1.0).abs() < 5e-4,
        "{:?}",
        f.profile
    );
}

#[test]
fn manila_matches_glm_and_flags_divergence() {
    let c = captures("manila-police.csv");
    assert_eq!(c.documented(), 488);
    assert_eq!(c.list_totals(), [380, 372, 12, 23, 4, 4, 203, 24]);
    let f = check(
        "manila-police.csv",
        &MANILA,
        &Glm {
            formula: "independence",
            n_hat: 505.266,
            se: 4.83,
            deviance: 266.0826,
            df: 246,
            aic: 381.3203,
            bic_cells: None,
            bic_n: None,
        },
    );
    intercept(&f, 2.84874, 0.14298);
    profile(&f, 496.29, 515.18);
    let f = check(
        "manila-police.csv",
        &MANILA,
        &Glm {
            formula: "all_two_way",
            n_hat: 582.0515,
            se: 63.41,
            deviance: 32.6724,
            df: 218,
            aic: 203.9101,
            bic_cells: None,
            bic_n: None,
        },
    );
    intercept(&f, 4.54384, 0.66627);
    divergent_profile(&f, 505.17, 777.07);
    assert!(!f.is_reliable());
    assert!(
        f.divergent.iter().any(|t| t == "philr:riseup"),
        "{:?}",
        f.divergent
    );
}

#[test]
fn quezon_city_matches_glm_and_flags_divergence() {
    let c = captures("quezon-city-police.csv");
    assert_eq!(c.documented(), 337);
    assert_eq!(c.list_totals(), [312, 283, 18, 5, 19, 16, 32, 139, 23]);
    let f = check(
        "quezon-city-police.csv",
        &QUEZON,
        &Glm {
            formula: "independence",
            n_hat: 338.8483,
            se: 1.43,
            deviance: 326.7081,
            df: 501,
            aic: 445.7464,
            bic_cells: None,
            bic_n: None,
        },
    );
    intercept(&f, 0.61428, 0.24820);
    // Rcapture: [337, 341.75] with infoCI = 5 (the lower limit is at n).
    assert_eq!(f.profile.lower, 337.0);
    let f = check(
        "quezon-city-police.csv",
        &QUEZON,
        &Glm {
            formula: "all_two_way",
            n_hat: 387.7609,
            se: 46.88,
            deviance: 74.6921,
            df: 465,
            aic: 265.7304,
            bic_cells: None,
            bic_n: None,
        },
    );
    intercept(&f, 3.92713, 0.91280);
    divergent_profile(&f, 340.03, 551.74);
    assert!(!f.is_reliable());
    // Everyone the parishes recorded, the police recorded too: a boundary no single
    // margin shows, found from the fit itself.
    assert!(
        f.divergent.iter().any(|t| t == "police:parish"),
        "{:?}",
        f.divergent
    );
}

#[test]
fn uk_model_search_matches_rcapture() {
    let c = captures("uk-2013.csv");
    let aic = select(&c, &SearchOptions::default()).unwrap();
    assert_eq!(aic.ranking.len(), 1024, "all hierarchical two-way models");
    // Rcapture's closedpMS.t ranking by AIC, divergent models included.
    let top: Vec<&str> = aic.ranking[..3]
        .iter()
        .map(|c| c.notation.as_str())
        .collect();
    assert_eq!(
        top,
        [
            "[12,13,15,24,25,35,45]",
            "[12,13,15,23,24,25,35,45]",
            "[12,13,15,24,25,34,35,45]"
        ]
    );
    assert_sig(aic.ranking[0].aic, 125.12, 5, "best AIC");
    assert_sig(aic.ranking[0].n_hat, 11174.83, 6, "N of the best AIC model");
    // All three put LA with GP, who never overlap: the chosen model is the best
    // that does not diverge, the Home Office model.
    assert!(aic.ranking[..3].iter().all(|c| c.divergent));
    let chosen = aic.chosen.unwrap();
    assert_eq!(chosen.formula, HOME_OFFICE);
    assert_sig(chosen.n_hat, 11312.99, 7, "chosen N");
    // Rcapture lists only the top three; one more divergent model falls between
    // them and the Home Office model.
    assert!(aic.passed_over >= 3);
    assert!(aic.ranking[..aic.passed_over].iter().all(|c| c.divergent));

    let bic = select(
        &c,
        &SearchOptions {
            criterion: Criterion::Bic,
            ..Default::default()
        },
    )
    .unwrap();
    let top: Vec<(&str, f64)> = bic.ranking[..4]
        .iter()
        .map(|c| (c.notation.as_str(), c.n_hat))
        .collect();
    let expected = [
        ("[12,13,23,25,34]", 22991.33),
        ("[12,13,25,35,45]", 12262.41),
        ("[12,13,23,34,5]", 25978.17),
        ("[12,13,24,25,35,45]", 11312.99),
    ];
    for ((got, n), (want, wn)) in top.iter().zip(expected) {
        assert_eq!(*got, want);
        assert_sig(*n, wn, 6, want);
    }
    assert_sig(bic.ranking[0].bic_n, 196.54, 5, "best BIC");
    assert_eq!(bic.chosen.unwrap().notation, "[12,13,23,25,34]");
    assert_eq!(bic.passed_over, 0);
}
