//! The story on SQLite, and what opening a file that is not (or not yet) ours does.

use memoria_store::{Backend, SCHEMA_VERSION, StoreError};
use rusqlite::params;

use crate::access::{
    SCHEMA_1_AT, access_story, changes_story, check_upgraded, counter_race, counters, schema_1_rows,
};
use crate::story::{copy_story, story};

#[test]
fn story_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memoria.db");
    let store = memoria_store::open(&format!("sqlite:{}", path.display())).unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    story(store.as_ref());
    let copy = memoria_store::open(dir.path().join("copy.db").to_str().unwrap()).unwrap();
    copy_story(store.as_ref(), copy.as_ref());

    // Reopening finds everything, in WAL mode, marked as Memoria's.
    let before = store.count(&Default::default()).unwrap();
    drop(store);
    let store = memoria_store::open(path.to_str().unwrap()).unwrap();
    assert_eq!(store.count(&Default::default()).unwrap(), before);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let applied: Vec<String> = conn
        .prepare("SELECT name FROM memoria_schema")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        (mode.as_str(), version, applied),
        (
            "wal",
            SCHEMA_VERSION,
            vec![
                "0001_initial".to_string(),
                "0002_accounts_web".to_string(),
                "0003_transparency_log".to_string()
            ]
        )
    );
}

#[test]
fn a_file_from_a_newer_memoria_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memoria.db");
    drop(memoria_store::open(path.to_str().unwrap()).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let err = memoria_store::open(path.to_str().unwrap()).err().unwrap();
    assert!(
        matches!(err, StoreError::NewerSchema { found, supported }
            if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION),
        "{err:?}"
    );
    assert!(err.to_string().contains("upgrade Memoria"));
}

#[test]
fn a_garbage_file_is_named_as_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let junk: Vec<u8> = b"these are not the pages of a database\n"
        .iter()
        .copied()
        .cycle()
        .take(8192)
        .collect();
    std::fs::write(&path, &junk).unwrap();
    let err = memoria_store::open(path.to_str().unwrap()).err().unwrap();
    assert!(matches!(err, StoreError::NotMemoria(_)), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("not an SQLite database") && msg.contains("not a Memoria database"),
        "{msg}"
    );
    // Left exactly as it was.
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

#[test]
fn another_applications_database_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x');")
        .unwrap();
    drop(conn);
    let err = memoria_store::open(path.to_str().unwrap()).err().unwrap();
    assert!(matches!(err, StoreError::NotMemoria(_)), "{err:?}");

    // Another application id, even without tables, is someone else's too.
    let path2 = dir.path().join("other2.db");
    let conn = rusqlite::Connection::open(&path2).unwrap();
    conn.pragma_update(None, "application_id", 42).unwrap();
    drop(conn);
    assert!(matches!(
        memoria_store::open(path2.to_str().unwrap()),
        Err(StoreError::NotMemoria(_))
    ));

    // Untouched: no Memoria tables, not switched to WAL.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!((tables, mode.as_str()), (1, "delete"));
}

#[test]
fn a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("memoria.db");
    let err = memoria_store::open(path.to_str().unwrap()).err().unwrap();
    assert!(
        matches!(&err, StoreError::Connect(m) if m.contains("does not exist")),
        "{err:?}"
    );
}

#[test]
fn readers_are_not_blocked_by_an_open_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = memoria_store::open(dir.path().join("m.db").to_str().unwrap()).unwrap();
    let actor = memoria_store::Actor {
        account: memoria_store::AccountId(uuid::Uuid::nil()),
        name: "t".into(),
        is_admin: true,
    };
    let tx = store.begin(&actor).unwrap();
    let counted = std::thread::scope(|s| {
        s.spawn(|| store.count(&Default::default()).unwrap())
            .join()
            .unwrap()
    });
    assert_eq!(counted, 0);
    tx.commit().unwrap();
}

#[test]
fn a_damaged_file_is_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memoria.db");
    let store = memoria_store::open(path.to_str().unwrap()).unwrap();
    let actor = memoria_store::Actor {
        account: memoria_store::AccountId(uuid::Uuid::nil()),
        name: "t".into(),
        is_admin: true,
    };
    let mut tx = store.begin(&actor).unwrap();
    for i in 0..200 {
        tx.create(memoria_core::Entity::Collection(
            memoria_core::entity::Collection {
                name: format!("c{i}"),
                title: memoria_core::text::MultiText::single(
                    "en",
                    "a title long enough to fill pages",
                ),
                description: Default::default(),
            },
        ))
        .unwrap();
    }
    tx.commit().unwrap();
    drop(store); // the last connection checkpoints the WAL into the file

    // Overwrite everything after the first page (the header and the schema).
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192 * 3, "the file should span several pages");
    for b in &mut bytes[8192..] {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();

    let result = memoria_store::open(path.to_str().unwrap()).and_then(|s| {
        s.scan_records(&mut |_| Ok(()))?;
        Ok(())
    });
    match result {
        Err(StoreError::Corrupt(m)) => assert!(!m.is_empty()),
        other => panic!("expected Corrupt, got {:?}", other.err()),
    }
}

#[test]
fn access_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memoria.db");
    let store = memoria_store::open(path.to_str().unwrap()).unwrap();
    access_story(store.as_ref());
    counters(store.as_ref());
    counter_race(&[store.as_ref()]);
    // Two stores on one file stand for two processes.
    let other = memoria_store::open(path.to_str().unwrap()).unwrap();
    counter_race(&[store.as_ref(), other.as_ref()]);
}

#[test]
fn changes_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = memoria_store::open(dir.path().join("m.db").to_str().unwrap()).unwrap();
    changes_story(store.as_ref());
}

#[test]
fn touches_do_not_wait_for_a_write_of_this_process() {
    let dir = tempfile::tempdir().unwrap();
    let store = memoria_store::open(dir.path().join("m.db").to_str().unwrap()).unwrap();
    let mut tx = store.begin(&memoria_store::Actor::system()).unwrap();
    let account = tx.add_account("a", None, false).unwrap();
    tx.commit().unwrap();
    let digest = [7; 32];
    let created = memoria_store::Timestamp::parse("2030-01-01T00:00:00.000000Z").unwrap();
    let session = memoria_store::Session {
        digest,
        account: account.id,
        created_at: created,
        last_seen_at: created,
        ended_at: None,
        second_factor_done: true,
        csrf_key: vec![1; 32],
    };
    let mut tx = store.begin(&memoria_store::Actor::from(&account)).unwrap();
    tx.start_session(&session).unwrap();
    tx.commit().unwrap();

    // While this thread holds the writer, a touch is skipped at once rather than
    // waiting for a transaction that cannot end first.
    let tx = store.begin(&memoria_store::Actor::system()).unwrap();
    let later = memoria_store::Timestamp::parse("2030-01-01T00:10:00.000000Z").unwrap();
    let started = std::time::Instant::now();
    store.touch_session(&digest, later).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    drop(tx);
    assert_eq!(
        store.session(&digest).unwrap().unwrap().last_seen_at,
        created
    );
    store.touch_session(&digest, later).unwrap();
    assert_eq!(store.session(&digest).unwrap().unwrap().last_seen_at, later);
}

#[test]
fn a_schema_1_file_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let (account, record, entity, body) = schema_1_rows();
    let (a, r) = (account.0.as_bytes(), record.as_uuid().as_bytes());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("../../migrations/sqlite/0001_initial.sql"))
        .unwrap();
    conn.pragma_update(None, "application_id", 0x4D45_4D4F)
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    for (sql, values) in [
        (
            "INSERT INTO memoria_schema (version, name, applied_at) VALUES (1, '0001_initial', ?1)",
            params![SCHEMA_1_AT],
        ),
        (
            "INSERT INTO accounts (id, name, password_hash, is_admin, disabled, created_at) \
             VALUES (?1, 'keeper', NULL, 1, 0, ?2)",
            params![a, SCHEMA_1_AT],
        ),
        (
            "INSERT INTO records (id, kind, collection, parent, version, deleted, body, \
             created_at, updated_at, updated_by) \
             VALUES (?1, 'collection', ?1, NULL, 1, 0, ?2, ?3, ?3, ?4)",
            params![r, body, SCHEMA_1_AT, a],
        ),
        (
            "INSERT INTO revisions (record_id, version, account, at, action, changes) \
             VALUES (?1, 1, ?2, ?3, 'create', '[]')",
            params![r, a, SCHEMA_1_AT],
        ),
        (
            "INSERT INTO audit (at, account, action, record_id, detail) \
             VALUES (?1, ?2, 'create', ?3, 'collection')",
            params![SCHEMA_1_AT, a, r],
        ),
    ] {
        conn.execute(sql, values).unwrap();
    }
    drop(conn);

    let store = memoria_store::open(path.to_str().unwrap()).unwrap();
    check_upgraded(store.as_ref(), account, record, &entity);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let applied: Vec<String> = conn
        .prepare("SELECT name FROM memoria_schema ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(
        applied,
        ["0001_initial", "0002_accounts_web", "0003_transparency_log"]
    );
}

#[test]
fn log_sqlite() {
    use crate::log::{log_race, log_story};
    let dir = tempfile::tempdir().unwrap();
    let store = memoria_store::open(dir.path().join("log.db").to_str().unwrap()).unwrap();
    log_story(store.as_ref());
    let other = memoria_store::open(dir.path().join("log.db").to_str().unwrap()).unwrap();
    log_race(&[store.as_ref(), other.as_ref()]);
}

#[test]
fn log_audit_sqlite() {
    use crate::log::audit_story;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.db");
    let store = memoria_store::open(path.to_str().unwrap()).unwrap();
    let tamper = |index: u64| {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let n = conn
            .execute(
                "UPDATE audit SET detail = 'changed' WHERE log_index = ?1",
                [index as i64],
            )
            .unwrap();
        assert_eq!(n, 1);
    };
    audit_story(store.as_ref(), &tamper);
}
