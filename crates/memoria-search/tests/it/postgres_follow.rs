//! Following a real PostgreSQL store whose audit entries become visible out of order.
//!
//! On PostgreSQL an audit entry's `seq` is taken when the row is written, before its
//! transaction commits, so a reader can see seq N + 1 while N is still invisible. The
//! store's own writers append under one lock and commit in order, but any other writer
//! of the same database (an older Memoria, a migration, an administrator's script) need
//! not: this test plays that writer with plain SQL in an open transaction, and checks
//! that the index neither skips its change nor applies it before it is committed.

use memoria_core::entity::{Collection, Entity, Person, PersonName, Sensitivity};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_search::{Index, Scope, SearchQuery};
use memoria_store::{Actor, StoreExt, Timestamp};

fn person(collection: RecordId, name: &str) -> Entity {
    Entity::Person(Person {
        collection,
        names: vec![PersonName::primary(name)],
        roles: vec![],
        sex: None,
        birth_date: None,
        age: None,
        group_size: None,
        sensitive: Default::default(),
        sensitivity: Sensitivity::Internal,
    })
}

fn find(index: &Index, text: &str) -> Vec<RecordId> {
    index
        .search(
            &SearchQuery {
                text: text.into(),
                kinds: vec![],
                offset: 0,
                limit: 100,
            },
            &Scope::everything(),
        )
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// Starts, in `sql`, a transaction that renames the person `id` (replacing `from` by
/// `to` in its stored body) and writes the audit entry of that change, and leaves it
/// open: its entry has a seq but nobody else sees it yet.
fn late_rename<'a>(
    sql: &'a mut postgres::Client,
    id: RecordId,
    from: &str,
    to: &str,
) -> postgres::Transaction<'a> {
    let mut tx = sql.transaction().unwrap();
    let id = id.to_string();
    let row = tx
        .query_one(
            "SELECT body::text FROM records WHERE id = $1::text::uuid",
            &[&id],
        )
        .unwrap();
    let body: String = row.get(0);
    assert!(body.contains(from));
    let body = body.replace(from, to);
    tx.execute(
        "UPDATE records SET body = $1::text::json, version = version + 1 \
         WHERE id = $2::text::uuid",
        &[&body, &id],
    )
    .unwrap();
    tx.execute(
        "INSERT INTO audit (at, account, action, record_id, detail) \
         VALUES ($1, $2::text::uuid, 'update', $3::text::uuid, 'renamed by another writer')",
        &[&Timestamp::now().to_string(), &uuid_nil(), &id],
    )
    .unwrap();
    tx
}

fn uuid_nil() -> String {
    "00000000-0000-0000-0000-000000000000".to_string()
}

#[test]
fn a_write_committed_after_a_later_one_is_neither_skipped_nor_seen_early() {
    let Some(pg) = memoria_testkit::fresh_postgres() else {
        return;
    };
    let store = memoria_store::open(&pg.url).unwrap();
    let actor = Actor::system();
    let collection = store
        .create(
            &actor,
            Entity::Collection(Collection {
                name: "main".into(),
                title: MultiText::single("en", "Main"),
                description: MultiText::new(),
            }),
        )
        .unwrap()
        .id;
    let nadia = store
        .create(&actor, person(collection, "Nadia Vorenne"))
        .unwrap()
        .id;
    let index = Index::in_ram().unwrap();
    index.rebuild(store.as_ref(), &mut |_, _| {}).unwrap();
    assert_eq!(index.follow(store.as_ref()).unwrap(), 0);
    assert_eq!(find(&index, "vorenne"), [nadia]);

    // Another writer takes a seq and holds its transaction open; the store then commits
    // a later one.
    let mut sql = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
    let late = late_rename(&mut sql, nadia, "Vorenne", "Castellane");
    let omar = store
        .create(&actor, person(collection, "Omar Tesselin"))
        .unwrap()
        .id;
    assert_eq!(index.follow(store.as_ref()).unwrap(), 1, "the later write");
    assert_eq!(find(&index, "tesselin"), [omar]);
    assert_eq!(
        find(&index, "vorenne"),
        [nadia],
        "the uncommitted change is not seen"
    );
    assert_eq!(index.follow(store.as_ref()).unwrap(), 0, "nothing new yet");

    // It commits: the next follow applies it, though its seq is below the cursor.
    late.commit().unwrap();
    assert_eq!(index.follow(store.as_ref()).unwrap(), 1, "the late write");
    assert_eq!(find(&index, "castellane"), [nadia]);
    assert!(find(&index, "vorenne").is_empty());
    assert_eq!(index.follow(store.as_ref()).unwrap(), 0, "and only once");

    // A writer that rolls back leaves its seq missing for good: later writes are still
    // followed, and the hole costs no refresh.
    let aborted = late_rename(&mut sql, nadia, "Castellane", "Brunau");
    aborted.rollback().unwrap();
    let lina = store
        .create(&actor, person(collection, "Lina Marrow"))
        .unwrap()
        .id;
    assert_eq!(index.follow(store.as_ref()).unwrap(), 1);
    assert_eq!(find(&index, "marrow"), [lina]);
    assert_eq!(find(&index, "castellane"), [nadia]);
    assert_eq!(index.follow(store.as_ref()).unwrap(), 0);
}
