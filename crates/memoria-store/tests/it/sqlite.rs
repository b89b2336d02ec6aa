//! The story on SQLite, and what opening a file that is not (or not yet) ours does.

use memoria_store::{Backend, SCHEMA_VERSION, StoreError};

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
        ("wal", SCHEMA_VERSION, vec!["0001_initial".to_string()])
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
