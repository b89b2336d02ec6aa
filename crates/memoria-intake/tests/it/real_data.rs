//! The real data sets with the shipped mappings: they import cleanly, the counts are
//! the files' rows, and values land where they belong, checked row by row against the
//! files themselves. Names are compared, never printed.

use std::collections::HashMap;
use std::path::Path;

use memoria_core::entity::{AgeRange, Entity, EntityKind, Record};
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_store::Store;

use crate::{
    all, entities, export, import, mapping, problem_lines, shared_data, sqlite_store, workspace,
};

const WAPO: &str = "us-police-killings/wapo-fatal-police-shootings-2015-2020-07.csv";
const MPV: &str = "us-police-killings/mpv-2013-2018-07.csv";
const UCDP: &str = "ucdp-ged-car/GEDEvent_v23_1_CAR.geojson";

/// The file's rows as header → value maps, in order.
fn raw_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        // The importer trims values; so does this reading of the file.
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(|v| v.trim().to_string()))
                .collect()
        })
        .collect()
}

fn records(store: &dyn Store) -> Vec<Record> {
    entities(store, EntityKind::Record)
        .into_iter()
        .map(|e| match e {
            Entity::Record(r) => r,
            _ => unreachable!(),
        })
        .collect()
}

/// The place and its ancestors, from the place up: (level, name, iso code).
fn place_path(
    store: &dyn Store,
    id: Option<RecordId>,
) -> Vec<(PlaceLevel, String, Option<String>)> {
    let mut out = Vec::new();
    let mut cur = id;
    while let Some(id) = cur {
        let Entity::Place(p) = store.get(id).unwrap().unwrap().entity else {
            panic!("not a place")
        };
        out.push((
            p.level,
            p.name.best("en").unwrap().to_string(),
            p.iso_code.clone(),
        ));
        cur = p.parent;
    }
    out
}

fn import_clean(
    store: &dyn Store,
    actor: &memoria_store::Actor,
    file: &Path,
    mapping_file: &str,
) -> memoria_intake::ImportReport {
    let m = mapping(&workspace().join("mappings").join(mapping_file));
    let dry = import(store, actor, file, &m, true);
    assert!(
        dry.is_clean(),
        "{mapping_file}: {} problems, first: {:?}",
        dry.problems.len(),
        problem_lines(&dry).iter().take(10).collect::<Vec<_>>()
    );
    let real = import(store, actor, file, &m, false);
    assert!(real.committed && real.is_clean());
    assert_eq!(real.rows, dry.rows);
    assert_eq!(real.created, dry.created);
    real
}

#[test]
fn washington_post_and_mapping_police_violence() {
    let Some(data) = shared_data() else { return };
    let (_dir, store, actor) = sqlite_store();
    let store = store.as_ref();

    let wapo_raw = raw_rows(&data.join(WAPO));
    let r = import_clean(
        store,
        &actor,
        &data.join(WAPO),
        "wapo-fatal-police-shootings.toml",
    );
    assert_eq!(r.rows, wapo_raw.len() as u64);
    assert_eq!(r.rows, 5480);
    assert_eq!(r.created[&EntityKind::Record], 5480);

    let mpv_raw = raw_rows(&data.join(MPV));
    let r = import_clean(
        store,
        &actor,
        &data.join(MPV),
        "mapping-police-violence.toml",
    );
    assert_eq!(r.rows, mpv_raw.len() as u64);
    assert_eq!(r.rows, 6319);
    assert_eq!(r.created[&EntityKind::Record], 6319);
    // Both lists share one collection.
    assert_eq!(r.created.get(&EntityKind::Collection), None);

    let lists: HashMap<RecordId, String> = entities(store, EntityKind::SourceList)
        .into_iter()
        .zip(all(store, EntityKind::SourceList))
        .map(|(e, s)| match e {
            Entity::SourceList(l) => (s.id, l.name),
            _ => unreachable!(),
        })
        .collect();
    let recs = records(store);
    let (wapo, mpv): (Vec<&Record>, Vec<&Record>) = recs
        .iter()
        .partition(|r| lists[&r.list] == "wapo-fatal-force");
    assert_eq!((wapo.len(), mpv.len()), (5480, 6319));

    // WaPo, by the Post's id: every field against the file.
    let by_id: HashMap<&str, &Record> = wapo
        .iter()
        .map(|r| (r.external_id.as_deref().unwrap(), *r))
        .collect();
    assert_eq!(by_id.len(), 5480, "ids are unique");
    for raw in &wapo_raw {
        let rec = by_id[raw["id"].as_str()];
        let name_ok = match raw["name"].as_str() {
            // `missing` ignores case: two rows write "TK Tk".
            n if n.eq_ignore_ascii_case("TK TK") => rec.name.is_none(),
            n => rec.name.as_deref() == Some(n),
        };
        assert!(
            name_ok,
            "the name of WaPo id {} does not match the file",
            raw["id"]
        );
        assert_eq!(rec.date.as_ref().unwrap().as_str(), raw["date"]);
        assert_eq!(
            rec.age,
            raw["age"].parse().ok().map(AgeRange::exact),
            "WaPo id {}",
            raw["id"]
        );
        let sex = match raw["gender"].as_str() {
            "M" => Some("male"),
            "F" => Some("female"),
            _ => None,
        };
        assert_eq!(rec.sex.as_deref(), sex);
        assert_eq!(
            rec.extra.get("race").map(String::as_str).unwrap_or(""),
            raw["race"]
        );
        assert_eq!(
            rec.extra.get("flee").map(String::as_str).unwrap_or(""),
            raw["flee"]
        );
    }
    // Two rows in detail, places included.
    let tk = wapo_raw
        .iter()
        .filter(|r| r["name"].eq_ignore_ascii_case("TK TK"))
        .count();
    assert_eq!(tk, 194);
    assert_eq!(wapo.iter().filter(|r| r.name.is_none()).count(), tk);
    assert_eq!(wapo.iter().filter(|r| r.age.is_none()).count(), 237);
    let first = by_id["3"];
    let path = place_path(store, first.place);
    assert_eq!(path.len(), 3);
    assert_eq!(
        path[1],
        (
            PlaceLevel::Region,
            "WA".to_string(),
            Some("US-WA".to_string())
        )
    );
    assert_eq!(
        path[2],
        (
            PlaceLevel::Country,
            "United States".to_string(),
            Some("US".to_string())
        )
    );
    assert_eq!(path[0].0, PlaceLevel::Locality);
    assert!(path[0].1 == wapo_raw[0]["city"]);

    // MPV, by the WaPo id it carries: the linkage ground truth is kept.
    let with_wapo: Vec<&&Record> = mpv
        .iter()
        .filter(|r| r.extra.contains_key("wapo_id"))
        .collect();
    let raw_with_wapo = mpv_raw
        .iter()
        .filter(|r| !r["WaPo ID (If included in WaPo database)"].is_empty())
        .count();
    assert_eq!(with_wapo.len(), raw_with_wapo);
    let resolving = with_wapo
        .iter()
        .filter(|r| by_id.contains_key(r.extra["wapo_id"].as_str()))
        .count();
    // 3,442 rows carry an id that resolves (SOURCE.md); three ids appear twice.
    let distinct: std::collections::BTreeSet<&str> = with_wapo
        .iter()
        .map(|r| r.extra["wapo_id"].as_str())
        .filter(|id| by_id.contains_key(id))
        .collect();
    assert_eq!((resolving, distinct.len()), (3442, 3439));

    let raw = &mpv_raw[0];
    let rec = mpv
        .iter()
        .find(|r| {
            r.extra.get("wapo_id").map(String::as_str)
                == Some(raw["WaPo ID (If included in WaPo database)"].as_str())
        })
        .unwrap();
    assert!(
        rec.name.as_deref() == Some(raw["Victim's name"].as_str()),
        "the name of the first MPV row does not match the file"
    );
    assert_eq!(rec.date.as_ref().unwrap().as_str(), "2018-07-15");
    assert_eq!(
        rec.age,
        Some(AgeRange::exact(raw["Victim's age"].parse().unwrap()))
    );
    assert_eq!(rec.sex.as_deref(), Some("male"));
    let path = place_path(store, rec.place);
    let levels: Vec<PlaceLevel> = path.iter().map(|p| p.0).collect();
    assert_eq!(
        levels,
        [
            PlaceLevel::Locality,
            PlaceLevel::District,
            PlaceLevel::Region,
            PlaceLevel::Country
        ]
    );
    assert!(path[0].1 == raw["City"] && path[1].1 == raw["County"]);
    assert_eq!(
        path[2].2.as_deref(),
        Some(format!("US-{}", raw["State"]).as_str())
    );
    // Ages: "Unknown" and empty are absent, decades are ranges.
    let unknown = mpv_raw
        .iter()
        .filter(|r| matches!(r["Victim's age"].as_str(), "Unknown" | ""))
        .count();
    assert_eq!(mpv.iter().filter(|r| r.age.is_none()).count(), unknown);
    assert_eq!(
        mpv.iter()
            .filter(|r| r.age.is_some_and(|a| a.min != a.max))
            .count(),
        2
    );
    let withheld = mpv_raw
        .iter()
        .filter(|r| r["Victim's name"] == "Name withheld by police")
        .count();
    assert_eq!(mpv.iter().filter(|r| r.name.is_none()).count(), withheld);

    // A bad file afterwards leaves the store as it was, even when rows before the bad
    // one were already written in the transaction.
    let before = export(store);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("wapo-bad.csv");
    let text = std::fs::read_to_string(data.join(WAPO)).unwrap();
    let mut lines: Vec<&str> = text.lines().take(101).collect();
    lines.push("999999,Someone,2015-02-30,shot,gun,30,M,W,Town,WA,False,attack,Not fleeing,False");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let mut m = mapping(&workspace().join("mappings/wapo-fatal-police-shootings.toml"));
    m.append = true;
    let r = import(store, &actor, &bad, &m, false);
    assert!(!r.committed);
    assert_eq!(
        problem_lines(&r),
        ["102/date: 2015-02-30 is not a day of the calendar; fix the value or leave it empty"]
    );
    assert!(export(store) == before, "a failed import changed the store");
}

#[test]
fn ucdp_events() {
    let Some(data) = shared_data() else { return };
    let (_dir, store, actor) = sqlite_store();
    let store = store.as_ref();
    let file = data.join(UCDP);
    let raw: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let features = raw["features"].as_array().unwrap();
    let r = import_clean(store, &actor, &file, "ucdp-ged.toml");
    assert_eq!(r.rows, 1848);
    assert_eq!(r.created[&EntityKind::Incident], 1848);
    assert_eq!(r.created[&EntityKind::Act], 1848);
    let with_dead = features
        .iter()
        .filter(|f| f["properties"]["best"].as_u64() != Some(0))
        .count();
    assert_eq!(r.created[&EntityKind::Person] as usize, with_dead);
    assert_eq!(with_dead, 1747);

    let incidents: HashMap<String, (RecordId, memoria_core::entity::Incident)> =
        all(store, EntityKind::Incident)
            .into_iter()
            .map(|s| match s.entity {
                Entity::Incident(i) => (i.external_id.clone().unwrap(), (s.id, i)),
                _ => unreachable!(),
            })
            .collect();
    let acts: HashMap<RecordId, memoria_core::entity::Act> = entities(store, EntityKind::Act)
        .into_iter()
        .map(|e| match e {
            Entity::Act(a) => (a.incident, a),
            _ => unreachable!(),
        })
        .collect();
    let org_name = |id: RecordId| match store.get(id).unwrap().unwrap().entity {
        Entity::Organization(o) => o.name.best("en").unwrap().to_string(),
        _ => panic!("not an organisation"),
    };

    // Event 36210: one day, imprecise location (where_prec 5), 3 dead, two sides.
    let (_, inc) = &incidents["36210"];
    assert_eq!(inc.date.as_ref().unwrap().as_str(), "2009-02-20");
    let pt = inc.point.unwrap();
    assert_eq!(
        (pt.lat, pt.lon, pt.precision_m),
        (5.399784, 26.486881, Some(300000.0))
    );
    assert_eq!(
        place_path(store, inc.place),
        [(
            PlaceLevel::Country,
            "Central African Republic".to_string(),
            Some("CF".to_string())
        )]
    );
    let act = &acts[&incidents["36210"].0];
    assert_eq!(act.violation, "killing");
    let Entity::Person(victim) = store.get(act.victims[0]).unwrap().unwrap().entity else {
        panic!()
    };
    assert_eq!(victim.group_size, Some(3));
    assert!(victim.names.is_empty());
    let sides: Vec<String> = act
        .perpetrators
        .iter()
        .map(|p| org_name(p.organization.unwrap()))
        .collect();
    assert_eq!(sides, ["Government of Uganda", "LRA"]);

    // Event 36211: known only to within five weeks.
    assert_eq!(
        incidents["36211"].1.date.as_ref().unwrap().as_str(),
        "2009-08-07/2009-09-10"
    );

    // Every event against the file: dates, types, sides, places.
    for f in features {
        let p = &f["properties"];
        let id = p["id"].to_string();
        let (iid, inc) = &incidents[&id];
        let act = &acts[iid];
        let start = &p["date_start"].as_str().unwrap()[..10];
        let end = &p["date_end"].as_str().unwrap()[..10];
        let want = if start == end {
            start.to_string()
        } else {
            format!("{start}/{end}")
        };
        assert_eq!(inc.date.as_ref().unwrap().as_str(), want, "event {id}");
        let violation = if p["type_of_violence"] == 3 {
            "killing-of-civilians"
        } else {
            "killing"
        };
        assert_eq!(act.violation, violation, "event {id}");
        let n_sides = if p["side_b"] == "Civilians" { 1 } else { 2 };
        assert_eq!(act.perpetrators.len(), n_sides, "event {id}");
        let path = place_path(store, inc.place);
        let has_locality = path[0].0 == PlaceLevel::Locality;
        assert_eq!(
            has_locality,
            p["where_prec"].as_u64().unwrap() <= 2,
            "event {id}"
        );
        assert!(
            inc.title
                .best("en")
                .unwrap()
                .contains(p["dyad_name"].as_str().unwrap())
        );
    }
}
