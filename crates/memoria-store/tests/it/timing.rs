//! How long a list import takes: opt-in, prints and asserts nothing about speed.
//!
//! `MEMORIA_TEST_IMPORT_RECORDS=100000` imports that many list records through one
//! transaction with `create_with_id`, on SQLite and, with `MEMORIA_TEST_POSTGRES_URL`,
//! on PostgreSQL (`MEMORIA_TEST_IMPORT_BACKENDS=sqlite` or `postgres` narrows it). Run
//! it with `cargo test --release -p memoria-store import_timing -- --nocapture`. The
//! benchmarks proper belong to the benchmark suite; this is the quick check while
//! working on the store.

use std::collections::BTreeMap;
use std::time::Instant;

use memoria_core::entity::{AgeRange, Collection, Entity, Record, SourceList};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_store::{AccountId, Actor, ListQuery, Store};

use crate::postgres::TestDb;

fn records_wanted() -> Option<usize> {
    std::env::var("MEMORIA_TEST_IMPORT_RECORDS")
        .ok()?
        .parse()
        .ok()
}

/// CPU seconds this process has used (Linux only; 0 elsewhere). The machine may be
/// busy with other work, so wall time alone can mislead.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses: utime is the 12th, stime the 13th.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|t| t.parse::<f64>().ok()).sum()
    });
    ticks / 100.0
}

fn import(label: &str, store: &dyn Store, n: usize) {
    let actor = Actor {
        account: AccountId(uuid::Uuid::nil()),
        name: "import".into(),
        is_admin: true,
    };
    let mut tx = store.begin(&actor).unwrap();
    let coll = tx
        .create(Entity::Collection(Collection {
            name: "c".into(),
            title: MultiText::single("en", "c"),
            description: MultiText::new(),
        }))
        .unwrap();
    let list = tx
        .create(Entity::SourceList(SourceList {
            collection: coll.id,
            name: "list".into(),
            description: MultiText::new(),
            source: None,
        }))
        .unwrap();
    tx.commit().unwrap();

    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let mut tx = store.begin(&actor).unwrap();
    let mut some_id = None;
    for i in 0..n {
        let mut extra = BTreeMap::new();
        extra.insert("district".to_string(), format!("district {}", i % 97));
        extra.insert("source_row".to_string(), i.to_string());
        let rec = Record {
            list: list.id,
            external_id: Some(format!("row-{i}")),
            name: Some(format!("Given{} Family{}", i % 1000, i % 7919)),
            given_name: Some(format!("Given{}", i % 1000)),
            family_name: Some(format!("Family{}", i % 7919)),
            sex: Some(if i % 2 == 0 { "male" } else { "female" }.into()),
            age: Some(AgeRange::exact((i % 90) as u16)),
            birth_date: None,
            date: None,
            place: None,
            violation: None,
            perpetrator: None,
            extra,
        };
        let id = RecordId::random();
        tx.create_with_id(id, Entity::Record(rec)).unwrap();
        if i == n / 2 {
            some_id = Some(id);
        }
    }
    let before_commit = started.elapsed();
    tx.commit().unwrap();
    let import = started.elapsed();
    let cpu = cpu_seconds() - cpu_started;

    let started = Instant::now();
    let history = store.history(some_id.unwrap()).unwrap();
    let history_time = started.elapsed();
    let counted = store
        .count(&ListQuery {
            parent: Some(list.id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((history.len(), counted), (1, n as u64));
    println!(
        "{label}: imported {n} list records in {:.1} s (commit {:.1} s; \
         this process's CPU {cpu:.1} s; {:.0} records/s); history of one in {:?}",
        import.as_secs_f64(),
        (import - before_commit).as_secs_f64(),
        n as f64 / import.as_secs_f64(),
        history_time
    );
}

#[test]
fn import_timing() {
    let Some(n) = records_wanted() else { return };
    // MEMORIA_TEST_IMPORT_BACKENDS=postgres times one backend only.
    let only = std::env::var("MEMORIA_TEST_IMPORT_BACKENDS").unwrap_or_default();
    let wanted = |b: &str| only.is_empty() || only.split(',').any(|o| o.trim() == b);
    if wanted("sqlite") {
        let dir = tempfile::tempdir().unwrap();
        let store = memoria_store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
        import("sqlite", store.as_ref(), n);
    }
    if wanted("postgres")
        && let Some(db) = TestDb::create()
    {
        let store = db.open();
        import("postgres", store.as_ref(), n);
    }
}
