//! The story on PostgreSQL, and several processes sharing one database.
//!
//! Runs only when `MEMORIA_TEST_POSTGRES_URL` names a server where the user may create
//! databases; each test works in a database of its own, dropped at the end.

use std::sync::Barrier;
use std::time::Duration;

use memoria_core::entity::{Collection, Entity};
use memoria_core::text::MultiText;
use memoria_store::{AccountId, Actor, Backend, SCHEMA_VERSION, Store, StoreError};

use crate::access::{
    SCHEMA_1_AT, access_story, changes_story, check_upgraded, counter_race, counters, schema_1_rows,
};
use crate::story::{copy_story, story};

const URL_VAR: &str = "MEMORIA_TEST_POSTGRES_URL";

/// A database created for one test and dropped when the test ends, even by a panic.
pub struct TestDb {
    admin_url: String,
    name: String,
    pub url: String,
}

impl TestDb {
    /// `None` (with a note) when no server is configured.
    pub fn create() -> Option<TestDb> {
        let Ok(admin_url) = std::env::var(URL_VAR) else {
            eprintln!("note: {URL_VAR} is not set; skipping the PostgreSQL test");
            return None;
        };
        let name = format!("memoria_test_{}", uuid::Uuid::new_v4().simple());
        let mut client = postgres::Client::connect(&admin_url, postgres::NoTls)
            .expect("connect to the test server");
        // An identifier cannot be a parameter; this one is made of hex digits only.
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let url = with_database(&admin_url, &name);
        Some(TestDb {
            admin_url,
            name,
            url,
        })
    }

    pub fn open(&self) -> Box<dyn Store> {
        memoria_store::open(&self.url).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// The URL with its database name replaced.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{host_part}/{db}{query}")
}

fn collection(name: &str) -> Entity {
    Entity::Collection(Collection {
        name: name.into(),
        title: MultiText::single("en", name),
        description: MultiText::new(),
    })
}

fn setup() -> Actor {
    Actor {
        account: AccountId(uuid::Uuid::nil()),
        name: "setup".into(),
        is_admin: true,
    }
}

#[test]
fn story_postgres() {
    let Some(db) = TestDb::create() else { return };
    let store = db.open();
    assert_eq!(store.backend(), Backend::Postgres);
    story(store.as_ref());
    let Some(copy_db) = TestDb::create() else {
        return;
    };
    let copy = copy_db.open();
    copy_story(store.as_ref(), copy.as_ref());
    drop((store, copy));

    // Reopening finds the schema recorded once, and does not migrate again.
    let store = db.open();
    assert_eq!(store.count(&Default::default()).unwrap(), 16);
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    let rows = client
        .query(
            "SELECT version, name FROM memoria_schema ORDER BY version",
            &[],
        )
        .unwrap();
    let applied: Vec<(i64, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(
        applied,
        vec![
            (1, "0001_initial".to_string()),
            (2, "0002_accounts_web".to_string()),
            (SCHEMA_VERSION, "0003_transparency_log".to_string())
        ]
    );
}

#[test]
fn two_processes_conflict_properly() {
    let Some(db) = TestDb::create() else { return };
    // Two stores on one database stand for two Memoria processes; they start together
    // on an empty database, and the schema is created once.
    let barrier = Barrier::new(2);
    let (a, b) = std::thread::scope(|s| {
        let open = || {
            barrier.wait();
            db.open()
        };
        let a = s.spawn(open);
        let b = s.spawn(open);
        (a.join().unwrap(), b.join().unwrap())
    });

    let mut tx = a.begin(&setup()).unwrap();
    let alice = Actor::from(&tx.add_account("alice", None, false).unwrap());
    let bob = Actor::from(&tx.add_account("bob", None, false).unwrap());
    let rec = tx.create(collection("one")).unwrap();
    tx.commit().unwrap();
    assert_eq!(b.get(rec.id).unwrap(), Some(rec.clone()));

    // Alice holds the row in an open transaction while Bob, who also read version 1,
    // saves: Bob waits for Alice, then learns that she changed it.
    let locked = Barrier::new(2);
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut tx = a.begin(&alice).unwrap();
            tx.update(rec.id, 1, collection("alice's name")).unwrap();
            locked.wait();
            std::thread::sleep(Duration::from_millis(300));
            tx.commit().unwrap();
        });
        locked.wait();
        let mut tx = b.begin(&bob).unwrap();
        let err = tx.update(rec.id, 1, collection("bob's name")).unwrap_err();
        match err {
            StoreError::Conflict {
                expected: 1,
                actual: 2,
                changed_by,
                ..
            } => assert_eq!(changed_by, "alice"),
            e => panic!("expected a conflict naming alice, got {e:?}"),
        }
        // The conflict does not spoil Bob's transaction.
        tx.create(collection("two")).unwrap();
        tx.commit().unwrap();
    });
    let now = a.get(rec.id).unwrap().unwrap();
    assert_eq!((now.version, now.updated_by), (2, alice.account));

    // Both save from version 2 at once: exactly one wins.
    let go = Barrier::new(2);
    let save = |store: &dyn Store, who: &Actor, name: &str| {
        let mut tx = store.begin(who).unwrap();
        go.wait();
        let r = tx.update(rec.id, 2, collection(name));
        if r.is_ok() {
            tx.commit().unwrap();
        }
        r.map(|s| s.version)
    };
    let results: Vec<_> = std::thread::scope(|s| {
        let ha = s.spawn(|| save(a.as_ref(), &alice, "a3"));
        let hb = s.spawn(|| save(b.as_ref(), &bob, "b3"));
        vec![ha.join().unwrap(), hb.join().unwrap()]
    });
    assert_eq!(
        results.iter().filter(|r| matches!(r, Ok(3))).count(),
        1,
        "{results:?}"
    );
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r, Err(StoreError::Conflict { .. })))
            .count(),
        1,
        "{results:?}"
    );
    assert_eq!(a.history(rec.id).unwrap().len(), 3);
}

#[test]
fn connection_errors_name_the_reason_but_never_the_password() {
    if std::env::var(URL_VAR).is_err() {
        return;
    }
    let err = memoria_store::open("postgres://nobody:s3cret-pw@127.0.0.1:1/none")
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Connect(_)), "{err:?}");
    assert!(!msg.contains("s3cret-pw"), "{msg}");
}

#[test]
fn a_database_from_a_newer_memoria_is_refused() {
    let Some(db) = TestDb::create() else { return };
    drop(db.open());
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    client
        .execute(
            "INSERT INTO memoria_schema (version, name, applied_at) VALUES ($1, $2, $3)",
            &[
                &(SCHEMA_VERSION + 1),
                &"9999_future",
                &"2099-01-01T00:00:00.000000Z",
            ],
        )
        .unwrap();
    let err = memoria_store::open(&db.url).err().unwrap();
    assert!(
        matches!(err, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1),
        "{err:?}"
    );

    // And one that holds someone else's tables is not touched.
    let Some(other) = TestDb::create() else {
        return;
    };
    let mut client = postgres::Client::connect(&other.url, postgres::NoTls).unwrap();
    client
        .batch_execute("CREATE TABLE records (x int)")
        .unwrap();
    assert!(matches!(
        memoria_store::open(&other.url),
        Err(StoreError::NotMemoria(_))
    ));
}

#[test]
fn access_postgres() {
    let Some(db) = TestDb::create() else { return };
    let store = db.open();
    access_story(store.as_ref());
    counters(store.as_ref());
    // Two stores on one database stand for two processes.
    let other = db.open();
    counter_race(&[store.as_ref(), other.as_ref()]);
}

#[test]
fn changes_postgres() {
    let Some(db) = TestDb::create() else { return };
    changes_story(db.open().as_ref());
}

#[test]
fn a_schema_1_database_is_upgraded() {
    let Some(db) = TestDb::create() else { return };
    let (account, record, entity, body) = schema_1_rows();
    let (a, r) = (account.to_string(), record.to_string());
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    client
        .batch_execute(include_str!("../../migrations/postgres/0001_initial.sql"))
        .unwrap();
    let rows: [(&str, &[&(dyn postgres::types::ToSql + Sync)]); 5] = [
        (
            "INSERT INTO memoria_schema (version, name, applied_at) VALUES (1, '0001_initial', $1)",
            &[&SCHEMA_1_AT],
        ),
        (
            "INSERT INTO accounts (id, name, password_hash, is_admin, disabled, created_at) \
             VALUES ($1::text::uuid, 'keeper', NULL, true, false, $2)",
            &[&a, &SCHEMA_1_AT],
        ),
        (
            "INSERT INTO records (id, kind, collection, parent, version, deleted, body, \
             created_at, updated_at, updated_by) VALUES ($1::text::uuid, 'collection', \
             $1::text::uuid, NULL, 1, false, $2::text::json, $3, $3, $4::text::uuid)",
            &[&r, &body, &SCHEMA_1_AT, &a],
        ),
        (
            "INSERT INTO revisions (record_id, version, account, at, action, changes) \
             VALUES ($1::text::uuid, 1, $2::text::uuid, $3, 'create', '[]')",
            &[&r, &a, &SCHEMA_1_AT],
        ),
        (
            "INSERT INTO audit (at, account, action, record_id, detail) \
             VALUES ($1, $2::text::uuid, 'create', $3::text::uuid, 'collection')",
            &[&SCHEMA_1_AT, &a, &r],
        ),
    ];
    for (sql, values) in rows {
        client.execute(sql, values).unwrap();
    }

    let store = db.open();
    check_upgraded(store.as_ref(), account, record, &entity);
    let applied: Vec<(i64, String)> = client
        .query(
            "SELECT version, name FROM memoria_schema ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        applied,
        vec![
            (1, "0001_initial".to_string()),
            (2, "0002_accounts_web".to_string()),
            (SCHEMA_VERSION, "0003_transparency_log".to_string())
        ]
    );
}

#[test]
fn log_postgres() {
    use crate::log::{log_race, log_story};
    let Some(db) = TestDb::create() else { return };
    let store = db.open();
    log_story(store.as_ref());
    let (other, third) = (db.open(), db.open());
    log_race(&[store.as_ref(), other.as_ref(), third.as_ref()]);
}

#[test]
fn log_audit_postgres() {
    use crate::log::audit_story;
    let Some(db) = TestDb::create() else { return };
    let store = db.open();
    let url = db.url.clone();
    let tamper = move |index: u64| {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let n = client
            .execute(
                "UPDATE audit SET detail = 'changed' WHERE log_index = $1",
                &[&(index as i64)],
            )
            .unwrap();
        assert_eq!(n, 1);
    };
    audit_story(store.as_ref(), &tamper);
}
