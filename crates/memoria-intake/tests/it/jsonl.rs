//! JSON Lines: export → import into an empty store → export gives the same bytes,
//! on SQLite always and on PostgreSQL when `MEMORIA_TEST_POSTGRES_URL` is set.

use memoria_core::entity::{Entity, EntityKind};
use memoria_intake::{Input, JsonlError, NoProgress, import_jsonl, import_table};
use memoria_store::{Actor, Store, StoreExt};

use crate::{all, export, first_account, mapping, options, test_data};

const EVENTS: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":1,"side_a":"Army","side_b":"Civilians","t":3,"d":"2001-05-06","e":"2001-05-09","best":4,"adm_1":"North","prec":2},"geometry":{"type":"Point","coordinates":[18.5582,4.3612]}},
{"type":"Feature","properties":{"id":2,"side_a":"Army","side_b":"Rebels","t":1,"d":"2001-06-01","e":"2001-06-01","best":0,"adm_1":"North","prec":6},"geometry":{"type":"Point","coordinates":[20.1,6.00000001]}}
]}"#;

const EVENTS_MAPPING: &str = r#"
target = "incidents"
collection = "fixtures"
[incident]
external_id = { column = "id" }
title = { template = "Event {id}" }
date = { start = "d", end = "e", format = "%Y-%m-%d" }
[act]
violation = { column = "t", map = { "1" = "killing", "3" = "killing-of-civilians" } }
[act.victim]
group_size = { column = "best" }
[[act.perpetrators]]
organization = { column = "side_a" }
[[act.perpetrators]]
organization = { column = "side_b", missing = ["Civilians"] }
[place]
country = { value = "Centralia" }
region = { column = "adm_1" }
[point]
lat = { column = "geometry.lat" }
lon = { column = "geometry.lon" }
precision_m = { column = "prec", map = { "2" = "25000", "6" = "700000" } }
"#;

/// A store with records of several kinds, updates, a deletion and an account with a
/// password hash.
fn populate(store: &dyn Store) -> Actor {
    let actor = first_account(store);
    let mut tx = store.begin(&actor).unwrap();
    tx.add_account(
        "analyst",
        Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
        false,
    )
    .unwrap();
    tx.commit().unwrap();
    let people = mapping(&test_data("people.toml"));
    let r = import_table(
        store,
        &actor,
        Input::Path(&test_data("good.csv")),
        &people,
        &options(false),
        &mut NoProgress,
    )
    .unwrap();
    assert!(r.committed, "{:?}", crate::problem_lines(&r));
    let events = memoria_intake::Mapping::from_toml(EVENTS_MAPPING).unwrap();
    let r = import_table(
        store,
        &actor,
        Input::Bytes {
            name: "events.geojson",
            bytes: EVENTS.as_bytes(),
        },
        &events,
        &options(false),
        &mut NoProgress,
    )
    .unwrap();
    assert!(r.committed, "{:?}", crate::problem_lines(&r));
    let recs = all(store, EntityKind::Record);
    let Entity::Record(mut changed) = recs[0].entity.clone() else {
        unreachable!()
    };
    changed.extra.insert("checked".into(), "yes".into());
    changed.age = None;
    changed.violation = Some("killing".into());
    changed.perpetrator = Some("police".into());
    store
        .update(&actor, recs[0].id, recs[0].version, Entity::Record(changed))
        .unwrap();
    store.delete(&actor, recs[1].id, recs[1].version).unwrap();
    actor
}

fn round_trip(a: &dyn Store, b: &dyn Store) {
    populate(a);
    let first = export(a);
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(
        !text.contains("argon2"),
        "an export must never carry a password hash"
    );
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with(r#"{"type":"header","format":"memoria-jsonl","version":1,"#)
    );
    assert!(text.contains(r#""action":"delete""#) && text.contains(r#""action":"update""#));
    assert!(
        text.contains(r#""violation":"killing""#) && text.contains(r#""perpetrator":"police""#)
    );

    let report = import_jsonl(b, &Actor::system(), first.as_slice(), &mut NoProgress).unwrap();
    assert_eq!(report.accounts, 2);
    assert!(report.records > 10 && report.revisions > report.records);
    let second = export(b);
    assert!(
        first == second,
        "export → import → export changed the bytes"
    );
    // Imported accounts cannot sign in.
    assert!(
        b.accounts()
            .unwrap()
            .iter()
            .all(|a| a.password_hash.is_none())
    );
    assert!(
        b.audit_log(0, 100)
            .unwrap()
            .iter()
            .any(|e| e.action == "import" && e.detail.contains("records="))
    );
}

#[test]
fn round_trip_is_byte_identical_on_sqlite() {
    let (_d1, a, _) = empty_sqlite();
    let (_d2, b, _) = empty_sqlite();
    round_trip(a.as_ref(), b.as_ref());
}

fn empty_sqlite() -> (tempfile::TempDir, Box<dyn Store>, ()) {
    let dir = tempfile::tempdir().unwrap();
    let store = memoria_store::open(dir.path().join("m.db").to_str().unwrap()).unwrap();
    (dir, store, ())
}

#[test]
fn round_trip_is_byte_identical_on_postgres() {
    let (Some(a), Some(b)) = (
        memoria_testkit::fresh_postgres(),
        memoria_testkit::fresh_postgres(),
    ) else {
        return;
    };
    {
        let sa = memoria_store::open(&a.url).unwrap();
        let sb = memoria_store::open(&b.url).unwrap();
        round_trip(sa.as_ref(), sb.as_ref());
        // And across backends: the PostgreSQL export loads into SQLite unchanged.
        let (_d, sqlite, _) = empty_sqlite();
        let bytes = export(sa.as_ref());
        import_jsonl(
            sqlite.as_ref(),
            &Actor::system(),
            bytes.as_slice(),
            &mut NoProgress,
        )
        .unwrap();
        assert!(
            export(sqlite.as_ref()) == bytes,
            "PostgreSQL → SQLite changed the bytes"
        );
    }
}

#[test]
fn a_bad_line_names_its_number_and_writes_nothing() {
    let (_d1, a, _) = empty_sqlite();
    populate(a.as_ref());
    let good = String::from_utf8(export(a.as_ref())).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    let n = lines.len();
    lines[n - 2] = r#"{"type":"revision","record":"not an id"}"#;
    let bad = lines.join("\n") + "\n";

    let (_d2, b, _) = empty_sqlite();
    let before = export(b.as_ref());
    let err = import_jsonl(
        b.as_ref(),
        &Actor::system(),
        bad.as_bytes(),
        &mut NoProgress,
    )
    .unwrap_err();
    assert!(
        matches!(err, JsonlError::Line { line, .. } if line == (n - 1) as u64),
        "{err}"
    );
    assert!(export(b.as_ref()) == before, "a failed import wrote");

    // A record whose body does not fit its kind.
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    let i = lines
        .iter()
        .position(|l| l.contains(r#""kind":"record""#))
        .unwrap();
    lines[i] = lines[i].replace(r#""list":"#, r#""lost":"#);
    let err = import_jsonl(
        b.as_ref(),
        &Actor::system(),
        (lines.join("\n") + "\n").as_bytes(),
        &mut NoProgress,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with(&format!("line {}: ", i + 1)),
        "{err}"
    );
    assert!(export(b.as_ref()) == before);
}

#[test]
fn an_unknown_version_is_refused_clearly() {
    let (_d, b, _) = empty_sqlite();
    let header = r#"{"type":"header","format":"memoria-jsonl","version":7,"schema_version":1}"#;
    let err = import_jsonl(
        b.as_ref(),
        &Actor::system(),
        header.as_bytes(),
        &mut NoProgress,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1: this export is in version 7 of the format, and this Memoria reads only version 1; import it with a newer Memoria"
    );
    let err = import_jsonl(
        b.as_ref(),
        &Actor::system(),
        &b"id,name\n1,x\n"[..],
        &mut NoProgress,
    )
    .unwrap_err();
    assert!(matches!(err, JsonlError::NotMemoria));
    let err = import_jsonl(b.as_ref(), &Actor::system(), &b""[..], &mut NoProgress).unwrap_err();
    assert!(matches!(err, JsonlError::Empty));
}
