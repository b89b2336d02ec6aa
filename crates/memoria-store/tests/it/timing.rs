//! How long a list import takes: opt-in, prints and asserts nothing about speed.
//!
//! `MEMORIA_TEST_IMPORT_RECORDS=100000 cargo test --release -p memoria-store import_timing -- --nocapture`
//! imports that many list records through one transaction with `create_with_id`, on
//! SQLite and, with `MEMORIA_TEST_POSTGRES_URL`, on PostgreSQL. The benchmarks proper
//! belong to the benchmark suite; this is the quick check while working on the store.

use std::collections::BTreeMap;
use std::time::Instant;

use memoria_core::entity::{AgeRange, Collection, Entity, Record, SourceList};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_store::{AccountId, Actor, ListQuery, Store};

use crate::postgres::TestDb;

fn records_wanted() -> Option<usize> {
    std::env::var("MEMORIA_TEST_IMPORT_RECORDS").ok()?.parse().ok()
}

fn import(label: &str, store: &dyn Store, n: usize) {
    let actor = Actor { account: AccountId(uuid::Uuid::nil()), name: "import".into(), is_admin: true };
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
            extra,
        };
        let id = RecordId::random();
        tx.create_with_id(id, Entity::Record(rec)).unwrap();
        if i == n / 2 {
            some_id = Some(id);
        }
    }
    tx.commit().unwrap();
    let import = started.elapsed();

    let started = Instant::now();
    let history = store.history(some_id.unwrap()).unwrap();
    let history_time = started.elapsed();
    let counted = store.count(&ListQuery { parent: Some(list.id), ..Default::default() }).unwrap();
    assert_eq!((history.len(), counted), (1, n as u64));
    println!(
        "{label}: imported {n} list records in {:.1} s ({:.0} records/s); history of one in {:?}",
        import.as_secs_f64(),
        n as f64 / import.as_secs_f64(),
        history_time
    );
}

#[test]
fn import_timing() {
    let Some(n) = records_wanted() else { return };
    let dir = tempfile::tempdir().unwrap();
    let store = memoria_store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
    import("sqlite", store.as_ref(), n);
    if let Some(db) = TestDb::create() {
        let store = db.open();
        import("postgres", store.as_ref(), n);
    }
}
