//! The whole path a caller takes: CSV in, a report per stratum out, as JSON.

use memoria_estimate::{
    CsvOptions, LcmcrOptions, LoglinearSpec, SearchOptions, WarningKind, lcmcr, loglinear,
    read_csv_bytes,
};

/// Two regions; in "north" list C recorded no one.
const TABLE: &[u8] = b"A,B,C,region,count
1,0,0,south,60
0,1,0,south,50
0,0,1,south,40
1,1,0,south,15
1,0,1,south,12
0,1,1,south,10
1,1,1,south,4
1,0,0,north,30
0,1,0,north,25
1,1,0,north,9
";

fn table() -> memoria_estimate::CaptureTable {
    let options = CsvOptions {
        strata: vec!["region".into()],
        ..Default::default()
    };
    read_csv_bytes(TABLE, &options).unwrap().table
}

#[test]
fn loglinear_report_per_stratum_with_dropped_lists() {
    let report = loglinear(&table(), &LoglinearSpec::Formula("A*B + C".into())).unwrap();
    assert_eq!(report.estimates.len(), 2);
    let north = &report.estimates[0];
    assert_eq!(north.label, "region=north");
    assert_eq!(north.documented, 64);
    assert_eq!(north.lists, ["A", "B"]);
    // Only A and B are left, and A:B over two lists is the saturated model, which
    // leaves the unobserved cell undetermined: words, not a number.
    let codes: Vec<&WarningKind> = north.warnings.iter().map(|w| &w.kind).collect();
    assert!(matches!(codes[0], WarningKind::ListsDropped { lists } if lists == &["C"]));
    assert!(
        north.estimate.is_none(),
        "a saturated two-list model gives no number"
    );
    assert!(matches!(codes[1], WarningKind::FitFailed { .. }));
    let south = &report.estimates[1];
    assert!(south.estimate.is_some() && south.lower95.is_some() && south.upper95.is_some());
    assert!(south.warnings.is_empty(), "{:?}", south.warnings);
    assert!(south.assumptions.contains("A:B"));

    let json: serde_json::Value = serde_json::to_value(&report).unwrap();
    let first = &json["estimates"][0];
    assert_eq!(first["documented"], 64);
    assert_eq!(first["estimate"], serde_json::Value::Null);
    assert_eq!(first["method"]["name"], "loglinear");
    assert_eq!(first["warnings"][0]["code"], "lists_dropped");
    assert!(
        first["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("C recorded no one")
    );
    assert!(json["estimates"][1]["lower95"].is_number());
}

#[test]
fn selection_in_each_stratum_and_independence_with_two_lists() {
    let report = loglinear(&table(), &LoglinearSpec::Select(SearchOptions::default())).unwrap();
    let north = &report.estimates[0];
    // With two lists only independence is searched: Lincoln–Petersen, n + n10·n01/n11.
    let n_hat = north.estimate.unwrap();
    assert!((n_hat - (64.0 + 30.0 * 25.0 / 9.0)).abs() < 1e-6, "{n_hat}");
    assert!(north.lower95.unwrap() < n_hat && n_hat < north.upper95.unwrap());
}

#[test]
fn a_divergent_formula_gives_words_not_a_number() {
    let t = read_csv_bytes(
        b"A,B,C,D,count\n1,0,0,0,50\n0,1,0,0,40\n0,0,1,0,30\n0,0,0,1,35\n1,1,0,0,12\n0,1,1,0,8\n1,0,0,1,6\n0,0,1,1,7\n0,1,0,1,5\n1,1,0,1,2\n",
        &CsvOptions::default(),
    )
    .unwrap()
    .table;
    // A and C never overlap: A:C has no finite estimate.
    let report = loglinear(&t, &LoglinearSpec::Formula("A*B + A*C + B*C + D".into())).unwrap();
    let e = &report.estimates[0];
    assert!(e.estimate.is_none() && e.lower95.is_none() && e.upper95.is_none());
    assert!(
        matches!(&e.warnings[0].kind, WarningKind::DivergentTerms { terms } if terms == &["A:C"])
    );
    assert!(e.warnings[0].message.contains("A:C"));
}

#[test]
fn lcmcr_strata_and_their_total() {
    let options = LcmcrOptions {
        burn_in: 500,
        samples: 300,
        thinning: 2,
        seed: 3,
        ..Default::default()
    };
    let report = lcmcr(&table(), &options).unwrap();
    let total = report.total.as_ref().unwrap();
    let north = &report.estimates[0];
    let south = &report.estimates[1];
    assert!(
        north
            .warnings
            .iter()
            .any(|w| matches!(w.kind, WarningKind::FewListsForLatentClasses { lists: 2 }))
    );
    assert_eq!(total.documented, north.documented + south.documented);
    // The total's draws are the strata's, added draw by draw.
    let (n, s, t) = (
        north.draws.as_ref().unwrap(),
        south.draws.as_ref().unwrap(),
        total.draws.as_ref().unwrap(),
    );
    assert_eq!(t[1][7], n[1][7] + s[1][7]);
    assert!(total.estimate.unwrap() >= total.documented as f64);
    // Adding a stratum does not change another's draws: seeds follow the key.
    let again = lcmcr(&table(), &options).unwrap();
    assert_eq!(again.estimates[1].draws, south.draws);
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"name\":\"lcmcr\"") && json.contains("\"r_hat\""));
}
