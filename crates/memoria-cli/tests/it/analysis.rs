//! `memoria link` and `memoria estimate` as an analyst uses them: lists in, clusters
//! out, clusters in, estimates with their intervals and warnings out.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::{Backend, fails, memoria, ok};

/// Pairs of ids that share a group.
fn pairs(groups: &HashMap<String, Vec<String>>) -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    for g in groups.values() {
        for (i, a) in g.iter().enumerate() {
            for b in &g[i + 1..] {
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                out.insert((x.clone(), y.clone()));
            }
        }
    }
    out
}

fn read_clusters(path: &std::path::Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["input", "id", "cluster"],
        "the documented contract"
    );
    r.records()
        .map(|row| {
            let row = row.unwrap();
            (row[0].to_string(), row[1].to_string(), row[2].to_string())
        })
        .collect()
}

#[test]
fn two_csv_lists_are_linked_into_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    // Fictional people; b spells them differently and gives an age for a birth date.
    std::fs::write(
        &a,
        "id,name,born,sex\n\
         a1,Tomas Verlaine Oduya,1981-04-02,m\n\
         a2,Marisol Quenby,1990-11-17,f\n\
         a3,Hakim Zoltarev,1975-01-30,m\n\
         a4,Ines Barrowclough,2001-06-09,f\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "id,name,born,sex\n\
         b1,Thomas Oduya Verlaine,1981-04-02,male\n\
         b2,Marisol Quenbey,1990-11-17,F\n\
         b3,Petra Lindqvist,1968-08-08,f\n",
    )
    .unwrap();
    let out = dir.path().join("clusters.csv");
    let (_, err) = ok(memoria()
        .args(["link", "--input"])
        .arg(&a)
        .arg("--input")
        .arg(&b)
        .args(["--id", "id", "--field", "name:name", "--field", "born:date"])
        .args(["--field", "sex:sex", "--out"])
        .arg(&out));
    assert!(
        err.contains("union:"),
        "the blocking report is shown: {err}"
    );
    assert!(
        err.contains("7 records give the model little to learn from"),
        "so few records are said to be few: {err}"
    );
    for name in ["Oduya", "Marisol", "Zoltarev", "Lindqvist"] {
        assert!(!err.contains(name), "no name from the lists is printed");
    }
    assert!(
        err.contains("people by number of records: "),
        "cluster sizes are reported: {err}"
    );
    let rows = read_clusters(&out);
    assert_eq!(rows.len(), 7, "every record has a cluster");
    assert!(rows.iter().any(|(input, id, _)| input == "2" && id == "b3"));
    assert!(rows.iter().any(|(input, id, _)| input == "1" && id == "a4"));

    // The clusters feed the estimation as they are.
    let (table, _) = ok(memoria()
        .args(["estimate", "loglinear", "--input"])
        .arg(&out)
        .args(["--model", "A+B", "--lists", "A,B"]));
    assert!(table.contains("documented"), "{table}");

    // Mistakes are explained and nothing is written.
    let err = fails(
        memoria()
            .args(["link", "--input"])
            .arg(&a)
            .args(["--field", "name:person", "--out"])
            .arg(dir.path().join("x.csv")),
    );
    assert!(err.contains("not a kind"), "{err}");
    let err = fails(
        memoria()
            .args(["link", "--input"])
            .arg(&a)
            .args(["--field", "name:name"]),
    );
    assert!(err.contains("--out"), "{err}");
    let err = fails(
        memoria()
            .args(["link", "--input"])
            .arg(&a)
            .args(["--id", "nope", "--field", "name:name", "--out"])
            .arg(dir.path().join("y.csv")),
    );
    assert!(err.contains("nope") || err.contains("column"), "{err}");
    assert!(!dir.path().join("x.csv").exists() && !dir.path().join("y.csv").exists());

    // A column empty in every record of one list is said (the run goes on, taking it
    // as missing there), naming the column and the input, never a value.
    let c = dir.path().join("c.csv");
    std::fs::write(
        &c,
        "id,name,born,sex\nc1,Tomas Oduya,,m\nc2,Ines Barrowclough,unknown,f\n",
    )
    .unwrap();
    let (_, err) = ok(memoria()
        .args(["link", "--input"])
        .arg(&a)
        .arg("--input")
        .arg(&c)
        .args(["--id", "id", "--field", "name:name", "--field", "born:date"])
        .args(["--field", "sex:sex", "--out"])
        .arg(dir.path().join("z.csv")));
    assert!(
        err.contains("`born` (date) has no value in any of the 2 record(s) of input 2"),
        "{err}"
    );
    assert!(
        !err.contains("has no value in any of the 4"),
        "input 1 has dates: {err}"
    );
    assert!(
        !err.contains("Oduya") && !err.contains("Barrowclough"),
        "{err}"
    );
    // Nothing to compare at all: refused, with what to check.
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "id,name\nz1,\nz2,Name withheld\n").unwrap();
    let err = fails(
        memoria()
            .args(["link", "--input"])
            .arg(&empty)
            .args(["--field", "name:name", "--out"])
            .arg(dir.path().join("w.csv")),
    );
    assert!(
        err.contains("no record has a value in any compared field"),
        "{err}"
    );
    assert!(!dir.path().join("w.csv").exists());
}

#[test]
fn the_demonstration_lists_are_linked_and_estimated_from_the_store() {
    for backend in Backend::all() {
        ok(backend
            .memoria()
            .args(["demo", "--no-serve", "--incidents", "400"]));
        let out = backend.dir().join("clusters.csv");
        let review = backend.dir().join("review.csv");
        let (_, err) = ok(backend
            .memoria()
            .args(["link", "--out"])
            .arg(&out)
            .arg("--review")
            .arg(&review));
        assert!(err.contains("input 3:"), "three lists: {err}");
        assert!(!err.contains("little to learn from"), "{err}");
        assert!(err.contains("next: memoria estimate lcmcr"), "{err}");
        let rows = read_clusters(&out);

        // Ground truth: the generator notes which person each list record was drawn
        // from, in a column linkage never reads.
        let export = String::from_utf8(backend.export()).unwrap();
        let mut truth: HashMap<String, Vec<String>> = HashMap::new();
        for line in export.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["kind"] == "record"
                && let Some(p) = v["body"]["extra"]["demo_person"].as_str()
            {
                truth
                    .entry(p.to_string())
                    .or_default()
                    .push(v["id"].as_str().unwrap().to_string());
            }
        }
        let mut found: HashMap<String, Vec<String>> = HashMap::new();
        for (_, id, c) in &rows {
            found.entry(c.clone()).or_default().push(id.clone());
        }
        let (t, f) = (pairs(&truth), pairs(&found));
        let hits = t.intersection(&f).count() as f64;
        let (precision, recall) = (hits / f.len() as f64, hits / t.len() as f64);
        assert!(
            precision >= 0.9 && recall >= 0.75,
            "demo lists: precision {precision:.3}, recall {recall:.3}"
        );
        // The review file names pairs by id and explains them without values.
        let text = std::fs::read_to_string(&review).unwrap();
        assert!(text.starts_with("input_a,id_a,input_b,id_b,probability"));

        // Reading the lists' names was audited.
        let store = match &backend {
            Backend::Sqlite(d) => {
                memoria_store::open(d.path().join("memoria.sqlite").to_str().unwrap()).unwrap()
            }
            Backend::Postgres(_, pg) => memoria_store::open(&pg.url).unwrap(),
        };
        let audited = store
            .audit_log(0, 1_000_000)
            .unwrap()
            .into_iter()
            .filter(|e| e.detail.contains("linkage read the list"))
            .count();
        assert_eq!(audited, 3, "each list read is audited");

        let (json, _) = ok(backend
            .memoria()
            .args(["estimate", "lcmcr", "--input"])
            .arg(&out)
            .args(["--lists", "church,ngo,press", "--burn-in", "500"])
            .args([
                "--samples",
                "300",
                "--thinning",
                "2",
                "--seed",
                "3",
                "--json",
            ]));
        let e: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
        let documented = e["documented"].as_u64().unwrap();
        assert_eq!(documented as usize, found.len());
        let (lo, mid, hi) = (
            e["lower95"].as_f64().unwrap(),
            e["estimate"].as_f64().unwrap(),
            e["upper95"].as_f64().unwrap(),
        );
        assert!(documented as f64 <= lo && lo <= mid && mid <= hi, "{e}");
        assert_eq!(e["method"]["name"], "lcmcr");
        assert!(e["warnings"].is_array());

        // Straight from the store, per sex: one object per stratum and the total,
        // whose draws are the strata's summed draw by draw.
        let (json, err) = ok(backend
            .memoria()
            .args(["estimate", "lcmcr", "--by", "sex", "--burn-in", "500"])
            .args(["--samples", "300", "--thinning", "2", "--json"]));
        assert!(err.contains("linked into"), "{err}");
        let objects: Vec<serde_json::Value> = json
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(objects.len() >= 3, "strata and a total: {json}");
        let total = objects.last().unwrap();
        assert_eq!(total["label"], "total");
        let strata: u64 = objects[..objects.len() - 1]
            .iter()
            .map(|o| o["documented"].as_u64().unwrap())
            .sum();
        assert_eq!(total["documented"].as_u64().unwrap(), strata);
    }
}

/// The store behind a backend, opened beside the command line.
fn open_store(backend: &Backend) -> Box<dyn memoria_store::Store> {
    match backend {
        Backend::Sqlite(d) => {
            memoria_store::open(d.path().join("memoria.sqlite").to_str().unwrap()).unwrap()
        }
        Backend::Postgres(_, pg) => memoria_store::open(&pg.url).unwrap(),
    }
}

/// The record id in "… as record ID (version N) …".
fn kept_id_and_version(said: &str) -> (String, u64) {
    let rest = said
        .split("as record ")
        .nth(1)
        .unwrap_or_else(|| panic!("no kept record in: {said}"));
    let id = rest.split_whitespace().next().unwrap().to_string();
    let version = rest
        .split("(version ")
        .nth(1)
        .and_then(|v| v.split(')').next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    (id, version)
}

/// The partition of record ids a kept linkage makes, as same-cluster pairs.
fn kept_pairs(l: &memoria_core::entity::LinkageResult) -> HashSet<(String, String)> {
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    for (r, c) in l.records.iter().zip(&l.clusters) {
        groups.entry(c.to_string()).or_default().push(r.to_string());
    }
    pairs(&groups)
}

/// How many people (clusters) a kept linkage makes.
fn kept_pairs_people(l: &memoria_core::entity::LinkageResult) -> usize {
    l.clusters.iter().collect::<HashSet<_>>().len()
}

#[test]
fn a_linkage_kept_in_the_store_is_a_revision_that_estimates_take_while_current() {
    use memoria_core::entity::{Entity, EntityKind, MatchDecision, Verdict};
    for backend in Backend::all() {
        // Enough incidents for the lists to leave some pairs to review.
        ok(backend
            .memoria()
            .args(["demo", "--no-serve", "--incidents", "600"]));
        // Linked into a file and kept in the store: the same clusters.
        let out = backend.dir().join("clusters.csv");
        ok(backend.memoria().args(["link", "--out"]).arg(&out));
        let mut in_file: HashMap<String, Vec<String>> = HashMap::new();
        for (_, id, c) in read_clusters(&out) {
            in_file.entry(c).or_default().push(id);
        }
        let (_, said) = ok(backend.memoria().arg("link"));
        let (id, version) = kept_id_and_version(&said);
        assert_eq!(version, 1, "{said}");
        let store = open_store(&backend);
        let kept_id: memoria_core::RecordId = id.parse().unwrap();
        let first = match store.get(kept_id).unwrap().unwrap().entity {
            Entity::LinkageResult(l) => l,
            other => panic!("not a linkage: {other:?}"),
        };
        assert_eq!(first.lists.len(), 3);
        assert_eq!(kept_pairs(&first), pairs(&in_file));
        // It keeps the pairs left for review, as many as the command said.
        let to_review: usize = said
            .split(" uncertain pair")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count of uncertain pairs in: {said}"));
        assert_eq!(first.review.len(), to_review, "{said}");
        assert!(
            to_review > 0,
            "the demo lists leave pairs to review: {said}"
        );
        // Writing it was audited under the acting account, by id.
        assert!(
            store
                .audit_log(0, 1_000_000)
                .unwrap()
                .iter()
                .any(|e| e.record == Some(kept_id)),
            "the kept linkage's write is in the audit log"
        );

        // While nothing changed, estimates take the kept linkage.
        let estimate = || ok(backend.memoria().args(["estimate", "loglinear", "--json"])).1;
        let said = estimate();
        assert!(
            said.contains("using the linkage kept in the store"),
            "{said}"
        );

        // The capture-history table handed to estimation can be written out, per
        // stratum, and read back as it is: the same estimates either way.
        let table = backend.dir().join("captures.csv");
        let (from_store, said) = ok(backend
            .memoria()
            .args([
                "estimate",
                "loglinear",
                "--by",
                "sex",
                "--json",
                "--write-table",
            ])
            .arg(&table));
        assert!(said.contains("capture-history table written to"), "{said}");
        let text = std::fs::read_to_string(&table).unwrap();
        let header = text.lines().next().unwrap();
        assert!(header.ends_with(",sex,count"), "{header}");
        assert_eq!(
            header.split(',').count(),
            5,
            "three lists, sex, count: {header}"
        );
        let documented: u64 = text
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().parse::<u64>().unwrap())
            .sum();
        assert_eq!(documented as usize, kept_pairs_people(&first));
        let (from_file, _) = ok(backend
            .memoria()
            .args([
                "estimate",
                "loglinear",
                "--stratum",
                "sex",
                "--json",
                "--input",
            ])
            .arg(&table));
        assert_eq!(from_store, from_file);

        // A reviewer splits a linked pair: the kept linkage is out of date…
        let (a, b) = kept_pairs(&first).into_iter().min().unwrap();
        let collection = first.collection;
        let mut tx = store.begin(&memoria_store::Actor::system()).unwrap();
        tx.create(Entity::MatchDecision(MatchDecision {
            collection,
            records: [a.parse().unwrap(), b.parse().unwrap()],
            verdict: Verdict::Different,
            note: None,
        }))
        .unwrap();
        tx.commit().unwrap();
        let said = estimate();
        assert!(said.contains("out of date"), "{said}");
        // …until it is linked again: a second revision of the same record, which
        // keeps the two records apart.
        let (_, said) = ok(backend.memoria().arg("link"));
        assert_eq!(kept_id_and_version(&said), (id.clone(), 2), "{said}");
        let second = match store.get(kept_id).unwrap().unwrap().entity {
            Entity::LinkageResult(l) => l,
            other => panic!("not a linkage: {other:?}"),
        };
        assert!(!kept_pairs(&second).contains(&(a.clone(), b.clone())));
        assert_eq!(second.decisions, 1);
        assert!(estimate().contains("using the linkage kept in the store"));

        // The first linkage can be restored: a third revision with its clusters.
        ok(backend.memoria().args(["restore", &id, "--to", "1"]));
        let restored = store.get(kept_id).unwrap().unwrap();
        assert_eq!(restored.version, 3);
        let Entity::LinkageResult(restored) = restored.entity else {
            panic!("not a linkage")
        };
        assert_eq!(kept_pairs(&restored), kept_pairs(&first));
        // It was made before the decision, so estimates do not take it.
        assert!(estimate().contains("out of date"));
        assert_eq!(
            store
                .list(&memoria_store::ListQuery {
                    kind: Some(EntityKind::LinkageResult),
                    limit: 10,
                    ..Default::default()
                })
                .unwrap()
                .len(),
            1,
            "one kept linkage per collection"
        );
    }
}

#[test]
fn estimate_prints_a_table_or_json_and_refuses_bad_tables() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("table.csv");
    std::fs::write(
        &table,
        "region,A,B,C,count\n\
         north,1,0,0,50\nnorth,0,1,0,40\nnorth,0,0,1,30\nnorth,1,1,0,12\n\
         north,1,0,1,9\nnorth,0,1,1,8\nnorth,1,1,1,3\n\
         south,1,0,0,20\nsouth,0,1,0,25\nsouth,1,1,0,6\nsouth,0,0,1,0\n",
    )
    .unwrap();
    let (out, _) = ok(memoria()
        .args(["estimate", "loglinear", "--input"])
        .arg(&table)
        .args(["--stratum", "region", "--select", "bic"]));
    assert!(
        out.contains("95% interval") && out.contains("region=north"),
        "{out}"
    );
    assert!(out.contains("assumptions:"), "{out}");
    assert!(
        out.contains("C recorded no one here"),
        "the empty list is dropped with a notice: {out}"
    );

    let (json, _) = ok(memoria()
        .args(["estimate", "loglinear", "--input"])
        .arg(&table)
        .args(["--stratum", "region", "--model", "A*B + C", "--json"]));
    let objects: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 2, "one object per stratum");
    let by: BTreeMap<String, &serde_json::Value> = objects
        .iter()
        .map(|o| (o["label"].as_str().unwrap().to_string(), o))
        .collect();
    let north = by.values().find(|o| o["documented"] == 152).unwrap();
    for key in [
        "documented",
        "estimate",
        "lower95",
        "upper95",
        "method",
        "warnings",
    ] {
        assert!(north.get(key).is_some(), "{key} in {north}");
    }
    // Base R glm on this table (A*B + C, Poisson): N-hat = 152 + exp(intercept).
    let n = north["estimate"].as_f64().unwrap();
    assert!((n - 305.0).abs() < 0.5, "{n}");

    std::fs::write(dir.path().join("bad.csv"), "A,B\n1,yes\n").unwrap();
    let err = fails(
        memoria()
            .args(["estimate", "lcmcr", "--input"])
            .arg(dir.path().join("bad.csv")),
    );
    assert!(err.contains("line 2") && err.contains("0 or 1"), "{err}");
    let err = fails(
        memoria()
            .args(["estimate", "loglinear", "--input"])
            .arg(&table)
            .args(["--stratum", "region", "--model", "A*Q"]),
    );
    assert!(err.contains("is not a list"), "{err}");
}

#[test]
fn a_synthetic_list_is_deduplicated_with_a_configuration_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("people.csv");
    let config = memoria_linkage::synth::SynthConfig::new(3000, 11);
    let truth =
        memoria_linkage::synth::write_csv(&config, std::fs::File::create(&input).unwrap()).unwrap();
    let toml = dir.path().join("link.toml");
    std::fs::write(&toml, memoria_linkage::synth::CONFIG).unwrap();
    let out = dir.path().join("clusters.csv");
    ok(memoria()
        .args(["link", "--input"])
        .arg(&input)
        .arg("--config")
        .arg(&toml)
        .arg("--out")
        .arg(&out));
    let mut persons: HashMap<String, Vec<String>> = HashMap::new();
    for (row, person) in truth.iter().enumerate() {
        persons
            .entry(person.to_string())
            .or_default()
            .push(row.to_string());
    }
    let mut found: HashMap<String, Vec<String>> = HashMap::new();
    for (_, id, c) in read_clusters(&out) {
        found.entry(c).or_default().push(id);
    }
    let (t, f) = (pairs(&persons), pairs(&found));
    let hits = t.intersection(&f).count() as f64;
    let (p, r) = (hits / f.len() as f64, hits / t.len() as f64);
    let f1 = 2.0 * p * r / (p + r);
    assert!(f1 >= 0.95, "precision {p:.3}, recall {r:.3}, F1 {f1:.3}");
}

/// Three fictional lists written as CSV files, one mapping each, that say who did it in
/// their own words: the police or the army, or nothing. Returns the files (mapping,
/// list, …) and how many people each perpetrator stratum must hold.
fn write_lists_with_perpetrators(
    dir: &std::path::Path,
) -> (Vec<std::path::PathBuf>, BTreeMap<String, u64>) {
    // A fixed linear congruential stream decides who is on which list: about half of
    // the people on each, so that every stratum's table has all its cells.
    let mut state: u64 = 12345;
    let mut coin = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % 100 < 55
    };
    let mut rows: [Vec<String>; 3] = Default::default();
    let mut strata: BTreeMap<String, u64> = BTreeMap::new();
    for i in 0..160usize {
        let lists: Vec<bool> = (0..3).map(|_| coin()).collect();
        if !lists.contains(&true) {
            continue;
        }
        let name = format!(
            "{} {}",
            memoria_testkit::GIVEN_NAMES[i % 20],
            memoria_testkit::FAMILY_NAMES[(7 * i + i / 20) % 20]
        );
        let date = format!("2021-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
        let by = if i % 2 == 0 { "Police" } else { "Army" };
        // The press (the third list) often does not say who did it; a person only it
        // holds is then in no perpetrator's stratum.
        let press_silent = i % 5 == 0;
        let stratum = match (by, press_silent && lists == [false, false, true]) {
            (_, true) => "unknown",
            ("Police", _) => "police",
            _ => "military",
        };
        *strata.entry(format!("perpetrator={stratum}")).or_default() += 1;
        for (j, on) in lists.into_iter().enumerate() {
            if on {
                let said = if j == 2 && press_silent { "" } else { by };
                rows[j].push(format!("{j}-{i},{name},{date},{},{said}", 20 + i % 50));
            }
        }
    }
    let mut mappings = Vec::new();
    for (j, list) in ["church", "ngo", "press"].into_iter().enumerate() {
        let csv = dir.join(format!("{list}.csv"));
        std::fs::write(
            &csv,
            format!("id,name,date,age,by\n{}\n", rows[j].join("\n")),
        )
        .unwrap();
        let toml = dir.join(format!("{list}.toml"));
        std::fs::write(
            &toml,
            format!(
                "target = \"records\"\ncollection = \"cli-strata\"\nlist = \"{list}\"\n\
                 [record]\nexternal_id = {{ column = \"id\" }}\nname = {{ column = \"name\" }}\n\
                 date = {{ column = \"date\", format = \"iso\" }}\nage = {{ column = \"age\" }}\n\
                 perpetrator = {{ column = \"by\", map = {{ \"Army\" = \"military\" }} }}\n"
            ),
        )
        .unwrap();
        mappings.push(toml);
        mappings.push(csv);
    }
    (mappings, strata)
}

#[test]
fn estimates_from_the_store_are_split_by_perpetrator() {
    for backend in Backend::all() {
        ok(backend.memoria().arg("init"));
        let inputs = tempfile::tempdir().unwrap();
        let (files, strata) = write_lists_with_perpetrators(inputs.path());
        for pair in files.chunks(2) {
            ok(backend
                .memoria()
                .args(["import", "--mapping"])
                .arg(&pair[0])
                .arg(&pair[1]));
        }
        let (json, err) =
            ok(backend
                .memoria()
                .args(["estimate", "loglinear", "--by", "perpetrator", "--json"]));
        assert!(err.contains("linked into"), "{err}");
        let objects: Vec<serde_json::Value> = json
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let by_label: BTreeMap<&str, &serde_json::Value> = objects
            .iter()
            .map(|o| (o["label"].as_str().unwrap(), o))
            .collect();
        // One object per stratum, labelled with the code, each person in the stratum
        // their lists give (the press's silence is outvoted where another list speaks).
        // Log-linear intervals do not add up, so there is no total.
        let documented: BTreeMap<String, u64> = by_label
            .iter()
            .map(|(l, o)| (l.to_string(), o["documented"].as_u64().unwrap()))
            .collect();
        assert_eq!(documented, strata, "{json}");
        for (label, o) in &by_label {
            for key in ["documented", "estimate", "lower95", "upper95", "method"] {
                assert!(o.get(key).is_some(), "{key} in {label}: {o}");
            }
        }
        for label in ["perpetrator=military", "perpetrator=police"] {
            let o = by_label[label];
            let (documented, lo, mid, hi) = (
                o["documented"].as_f64().unwrap(),
                o["lower95"].as_f64().unwrap(),
                o["estimate"].as_f64().unwrap(),
                o["upper95"].as_f64().unwrap(),
            );
            assert!(documented <= lo && lo <= mid && mid <= hi, "{label}: {o}");
            assert_eq!(o["method"]["name"], "loglinear");
        }
        // Those only the press holds are on one list: no number, and the reason why.
        let unknown = by_label["perpetrator=unknown"];
        assert!(unknown["estimate"].is_null(), "{unknown}");
        assert!(
            unknown["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["code"] == "too_few_lists"),
            "{unknown}"
        );

        // A word the mapping does not know is refused with its row and nothing is
        // written; the estimate reads the same lists as before.
        let before = backend.export();
        let bad = inputs.path().join("bad.csv");
        std::fs::write(
            &bad,
            "id,name,date,age,by\nx1,Wren Tallis,2021-03-03,30,Navy\n",
        )
        .unwrap();
        let mapping = inputs.path().join("bad.toml");
        std::fs::write(
            &mapping,
            std::fs::read_to_string(&files[0])
                .unwrap()
                .replace("list = \"church\"", "list = \"other\""),
        )
        .unwrap();
        let err = fails(
            backend
                .memoria()
                .args(["import", "--mapping"])
                .arg(&mapping)
                .arg(&bad),
        );
        assert!(err.contains("row 2, column \"by\""), "{err}");
        assert!(err.contains("perpetrator-types"), "{err}");
        assert!(
            backend.export() == before,
            "a refused import changes nothing"
        );
    }
}
