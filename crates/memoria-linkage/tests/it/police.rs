//! The Washington Post's list of people shot dead by US police against Mapping Police
//! Violence's: MPV carries the Post's id for most of its rows. That id is the ground
//! truth here and is never given to the linkage.

use std::collections::HashMap;
use std::fs::File;

use memoria_linkage::eval::PairwiseScore;
use memoria_linkage::{Config, Records, link, read_csv_renamed};

use crate::assert_scores;

const CONFIG: &str = r#"
mode = "link"

[[field]]
name = "name"
kind = "name"

[[field]]
name = "date"
kind = "date"
format = "m/d/y"
within_days = [1, 10, 366]

[[field]]
name = "age"
kind = "age"

[[field]]
name = "sex"
kind = "sex"

[[field]]
name = "place"
kind = "place"
columns = ["state", "city"]

[[block]]
on = ["name:first", "name:last"]
[[block]]
on = ["date:day", "place:1"]
[[block]]
on = ["name:last", "date:year"]
[[block]]
on = ["name:pairs", "place:1"]
"#;

const WAPO: u16 = 1;
const MPV: u16 = 2;

#[test]
fn washington_post_and_mapping_police_violence() {
    let (Some(wapo), Some(mpv)) = (
        memoria_testkit::shared_file(
            "us-police-killings/wapo-fatal-police-shootings-2015-2020-07.csv",
        ),
        memoria_testkit::shared_file("us-police-killings/mpv-2013-2018-07.csv"),
    ) else {
        return;
    };
    let config = Config::from_toml(CONFIG).expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    let w = read_csv_renamed(
        File::open(&wapo).expect("wapo"),
        WAPO,
        "id",
        &[("sex", "gender")],
        &mut records,
    )
    .expect("reading the Post's list");
    let wapo_rows = records.len();
    // MPV's own row number is its id here; the Post's id column is read separately
    // below, for the truth only.
    let mpv_ids = mpv_with_row_ids(&mpv);
    let m = read_csv_renamed(
        mpv_ids.as_bytes(),
        MPV,
        "row",
        &[
            ("name", "Victim's name"),
            ("age", "Victim's age"),
            ("sex", "Victim's gender"),
            ("date", "Date of Incident (month/day/year)"),
            ("state", "State"),
            ("city", "City"),
        ],
        &mut records,
    )
    .expect("reading MPV");
    eprintln!(
        "read {} + {} rows; unreadable cells {} + {}",
        w.rows, m.rows, w.problem_count, m.problem_count
    );
    let started = std::time::Instant::now();
    let linkage = link(&records, &config.settings).expect("linking");
    eprintln!("{}", linkage.report());
    eprintln!("{}", linkage.model());
    eprintln!("linked in {:?}", started.elapsed());

    // Truth: MPV row -> the Post's id, where the id is in the Post's file.
    let truth = mpv_truth(&mpv);
    let wapo_index: HashMap<&str, usize> =
        (0..wapo_rows).map(|r| (records.record(r).id, r)).collect();
    let mut true_pairs: Vec<(usize, usize)> = Vec::new();
    for r in wapo_rows..records.len() {
        let row = records.record(r).id;
        if let Some(wid) = truth.get(row)
            && let Some(&w) = wapo_index.get(wid.as_str())
        {
            true_pairs.push((w, r));
        }
    }
    let known: std::collections::HashSet<usize> = true_pairs.iter().map(|p| p.1).collect();
    // Predicted links: Post and MPV records in one cluster, MPV side with known truth.
    let mut by_cluster: HashMap<u32, Vec<usize>> = HashMap::new();
    for r in 0..records.len() {
        by_cluster.entry(linkage.cluster_of(r)).or_default().push(r);
    }
    let mut predicted: Vec<(usize, usize)> = Vec::new();
    for members in by_cluster.values() {
        for &a in members {
            for &b in members {
                if a < wapo_rows && b >= wapo_rows && known.contains(&b) {
                    predicted.push((a, b));
                }
            }
        }
    }
    let truth_set: std::collections::HashSet<(usize, usize)> = true_pairs.iter().copied().collect();
    let correct = predicted.iter().filter(|p| truth_set.contains(p)).count() as u64;
    let score = PairwiseScore {
        true_links: correct,
        linked: predicted.len() as u64,
        actual: true_pairs.len() as u64,
    };
    // Ids of a few misses and false links, for whoever debugs (ids only).
    let predicted_set: std::collections::HashSet<(usize, usize)> =
        predicted.iter().copied().collect();
    let misses: Vec<String> = true_pairs
        .iter()
        .filter(|p| !predicted_set.contains(p))
        .take(15)
        .map(|&(a, b)| format!("{}~{}", records.record(a).id, records.record(b).id))
        .collect();
    let wrong: Vec<String> = predicted
        .iter()
        .filter(|p| !truth_set.contains(p))
        .take(15)
        .map(|&(a, b)| format!("{}~{}", records.record(a).id, records.record(b).id))
        .collect();
    eprintln!("missed (post id~mpv row): {misses:?}\nwrong: {wrong:?}");
    if std::env::var_os("MEMORIA_LINKAGE_EXPLAIN").is_some() {
        for &(a, b) in true_pairs
            .iter()
            .filter(|p| !predicted_set.contains(p))
            .take(5)
        {
            eprintln!("{}", linkage.explain(a, b));
        }
    }
    assert_scores("post-mpv", score, 0.97, 0.97);
}

/// MPV's file with a first column `row` (its data row number): MPV has no id of its own.
fn mpv_with_row_ids(path: &std::path::Path) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .expect("mpv");
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let header = reader.headers().expect("header").clone();
    let mut h = vec!["row".to_string()];
    h.extend(
        header
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_string()),
    );
    out.write_record(&h).expect("write");
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.expect("mpv row");
        let mut row = vec![(i + 1).to_string()];
        row.extend(rec.iter().map(str::to_string));
        out.write_record(&row).expect("write");
    }
    String::from_utf8(out.into_inner().expect("flush")).expect("utf-8")
}

/// MPV row number -> the Post's id it names.
fn mpv_truth(path: &std::path::Path) -> HashMap<String, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .expect("mpv");
    let header = reader.headers().expect("header").clone();
    let col = header
        .iter()
        .position(|h| h.starts_with("WaPo ID"))
        .expect("the Post's id column");
    let mut truth = HashMap::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.expect("mpv row");
        let id = rec.get(col).unwrap_or("").trim();
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) {
            truth.insert((i + 1).to_string(), id.to_string());
        }
    }
    truth
}
