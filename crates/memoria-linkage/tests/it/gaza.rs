//! Two releases of the Gaza Ministry of Health's list of named people killed, linked
//! by Arabic name, age and sex alone. The id number is the ground truth, never a
//! linking field. Names in these releases change between releases (corrections, and
//! lam-alef ligatures broken by PDF extraction); ages move by a year.

use std::collections::{HashMap, HashSet};
use std::fs::File;

use memoria_linkage::eval::PairwiseScore;
use memoria_linkage::{Config, Records, link, read_csv};

use crate::assert_scores;

const CONFIG: &str = r#"
mode = "link"

[[field]]
name = "name"
kind = "name"

[[field]]
name = "age"
kind = "age"

[[field]]
name = "sex"
kind = "sex"

[[block]]
on = ["name:first", "name:last"]
[[block]]
on = ["name:pairs", "age:near"]
"#;

fn nine_digits(id: &str) -> bool {
    id.len() == 9 && id.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn two_releases_of_the_gaza_list() {
    let (Some(august), Some(september)) = (
        memoria_testkit::shared_file("gaza-moh-killed-list-releases/20240808-killed-in-gaza.csv"),
        memoria_testkit::shared_file("gaza-moh-killed-list-releases/20240921-killed-in-gaza.csv"),
    ) else {
        return;
    };
    let config = Config::from_toml(CONFIG).expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    read_csv(File::open(&august).expect("august"), 1, "id", &mut records).expect("august");
    let first = records.len();
    read_csv(
        File::open(&september).expect("september"),
        2,
        "id",
        &mut records,
    )
    .expect("september");
    let started = std::time::Instant::now();
    let linkage = link(&records, &config.settings).expect("linking");
    eprintln!("{}", linkage.report());
    eprintln!("{}", linkage.model());
    eprintln!("linked in {:?}", started.elapsed());

    // Truth: the same 9-digit id in both releases (ids are unique within a release).
    let mut in_first: HashMap<&str, usize> = HashMap::new();
    for r in 0..first {
        let id = records.record(r).id;
        if nine_digits(id) {
            in_first.insert(id, r);
        }
    }
    let mut truth: HashSet<(usize, usize)> = HashSet::new();
    for r in first..records.len() {
        if let Some(&a) = in_first.get(records.record(r).id) {
            truth.insert((a, r));
        }
    }
    let mut by_cluster: HashMap<u32, Vec<usize>> = HashMap::new();
    for r in 0..records.len() {
        by_cluster.entry(linkage.cluster_of(r)).or_default().push(r);
    }
    let mut predicted: Vec<(usize, usize)> = Vec::new();
    for members in by_cluster.values() {
        for &a in members {
            for &b in members {
                if a < first
                    && b >= first
                    && nine_digits(records.record(a).id)
                    && nine_digits(records.record(b).id)
                {
                    predicted.push((a, b));
                }
            }
        }
    }
    let correct = predicted.iter().filter(|p| truth.contains(p)).count() as u64;
    let score = PairwiseScore {
        true_links: correct,
        linked: predicted.len() as u64,
        actual: truth.len() as u64,
    };
    let predicted: HashSet<(usize, usize)> = predicted.into_iter().collect();
    let candidates: HashSet<(usize, usize)> = linkage.pairs().map(|p| (p.a, p.b)).collect();
    let blocked = truth.iter().filter(|p| candidates.contains(p)).count();
    eprintln!(
        "blocking kept {blocked} of {} true pairs; missed after scoring {}",
        truth.len(),
        truth
            .iter()
            .filter(|p| candidates.contains(p) && !predicted.contains(p))
            .count()
    );
    if std::env::var_os("MEMORIA_LINKAGE_EXPLAIN").is_some() {
        let mut levels: HashMap<(String, String), usize> = HashMap::new();
        for &(a, b) in &truth {
            for f in linkage.explain(a, b).fields {
                *levels.entry((f.field, f.label)).or_default() += 1;
            }
        }
        let mut levels: Vec<_> = levels.into_iter().collect();
        levels.sort();
        eprintln!("levels of true pairs: {levels:?}");
        for &(a, b) in truth
            .iter()
            .filter(|p| candidates.contains(p) && !predicted.contains(p))
            .take(8)
        {
            eprintln!("{}", linkage.explain(a, b));
        }
    }
    assert_scores("gaza august-september", score, 0.95, 0.95);
}
