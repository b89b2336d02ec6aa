//! The transparency log beside the audit table, through the `Store` API only: every
//! committed audit entry has exactly one place, the stored hashes are the ones an
//! independent rebuild of the tree gives, proofs from the store verify, a rolled-back
//! transaction leaves the log as it was, and checkpoints are kept once per size.
//! Written once against `&dyn Store`, run on both backends by `sqlite` and `postgres`.

use memoria_core::entity::{Collection, Entity};
use memoria_core::text::MultiText;
use memoria_store::log::leaf_bytes;
use memoria_store::{Actor, LogCheckpoint, LogReader, Store, StoreError};
use memoria_tlog::{
    Hash, prove_consistency, prove_inclusion, stored_hashes, tree_hash, verify_consistency,
    verify_inclusion,
};

fn collection(name: &str) -> Entity {
    Entity::Collection(Collection {
        name: name.into(),
        title: MultiText::single("en", name),
        description: MultiText::new(),
    })
}

/// Rebuilds the tree from the entries alone and compares every stored hash and the
/// root; returns the root. Also checks that every audit entry has its place.
pub fn check_log(store: &dyn Store) -> Hash {
    let size = store.log_size().unwrap();
    let audit = store.audit_log(0, usize::MAX >> 1).unwrap();
    assert_eq!(audit.len() as u64, size, "every audit entry is in the log");
    let entries = store.log_entries(0, size as usize + 10).unwrap();
    assert_eq!(entries.len() as u64, size);
    let mut rebuilt: Vec<Hash> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(
            e.log_index,
            Some(i as u64),
            "log indexes run 0, 1, 2, … without gaps"
        );
        let new = stored_hashes(i as u64, &leaf_bytes(e), &rebuilt).unwrap();
        rebuilt.extend(new);
    }
    let indexes: Vec<u64> = (0..rebuilt.len() as u64).collect();
    let stored: Vec<Hash> = store
        .log_hashes(&indexes)
        .unwrap()
        .into_iter()
        .map(Hash)
        .collect();
    assert_eq!(stored, rebuilt, "stored hashes are those of the entries");
    let root = tree_hash(size, &rebuilt).unwrap();
    assert_eq!(tree_hash(size, &LogReader(store)).unwrap(), root);
    root
}

pub fn log_story(store: &dyn Store) {
    assert_eq!(store.log_size().unwrap(), 0);
    assert_eq!(check_log(store), memoria_tlog::empty_root());
    assert!(store.latest_log_checkpoint().unwrap().is_none());

    let admin = {
        let mut tx = store.begin(&Actor::system()).unwrap();
        let a = tx.add_account("log-admin", None, true).unwrap();
        tx.commit().unwrap();
        a
    };
    let actor = Actor::from(&admin);
    let mut roots = vec![check_log(store)];
    let mut sizes = vec![store.log_size().unwrap()];
    for round in 0..5 {
        let mut tx = store.begin(&actor).unwrap();
        let c = tx.create(collection(&format!("log {round}"))).unwrap();
        for k in 0..(round * 7 + 1) {
            tx.audit("read-sensitive", Some(c.id), &format!("fields: {k}"))
                .unwrap();
        }
        tx.commit().unwrap();
        roots.push(check_log(store));
        sizes.push(store.log_size().unwrap());
    }
    assert!(sizes.windows(2).all(|w| w[0] < w[1]));
    // One record's entries, oldest first (an evidence item's custody).
    let first = store
        .list(&memoria_store::ListQuery {
            kind: Some(memoria_core::entity::EntityKind::Collection),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|c| matches!(&c.entity, Entity::Collection(x) if x.name == "log 1"))
        .unwrap();
    let of = store.audit_of(first.id).unwrap();
    assert_eq!(of.len(), 1 + 8, "create and 8 reads");
    assert!(of.iter().all(|e| e.record == Some(first.id)));
    assert!(of.windows(2).all(|w| w[0].seq < w[1].seq));

    // Sealing in the middle of a transaction, then writing more, keeps one sequence.
    {
        let mut tx = store.begin(&actor).unwrap();
        tx.audit("export", None, "before sealing").unwrap();
        let sealed = tx.seal_log().unwrap();
        tx.audit("export", None, "after sealing").unwrap();
        tx.commit().unwrap();
        assert_eq!(store.log_size().unwrap(), sealed + 1);
        roots.push(check_log(store));
        sizes.push(sealed + 1);
    }

    // A transaction with more audit entries than PostgreSQL holds back until commit
    // (20,000) sends them early and places them at commit: one sequence all the same,
    // in the order they were written.
    {
        let before = store.log_size().unwrap();
        let mut tx = store.begin(&actor).unwrap();
        for k in 0..21_000 {
            tx.audit("export", None, &format!("bulk {k}")).unwrap();
        }
        tx.create(collection("after the bulk")).unwrap();
        tx.audit("export", None, "last").unwrap();
        tx.commit().unwrap();
        let size = store.log_size().unwrap();
        assert_eq!(size, before + 21_002);
        let written = store.log_entries(before, 21_002).unwrap();
        assert!(written.windows(2).all(|w| w[0].seq < w[1].seq));
        assert_eq!(written[0].detail, "bulk 0");
        assert_eq!(written[21_001].detail, "last");
        roots.push(check_log(store));
        sizes.push(size);
    }

    // A transaction that does not commit leaves no trace in the log.
    let before = store.log_size().unwrap();
    {
        let mut tx = store.begin(&actor).unwrap();
        tx.create(collection("rolled back")).unwrap();
        tx.audit("export", None, "all").unwrap();
        drop(tx);
    }
    assert_eq!(store.log_size().unwrap(), before);
    check_log(store);

    // Proofs made from the store verify against the independently rebuilt roots.
    let reader = LogReader(store);
    let size = store.log_size().unwrap();
    let root = *roots.last().unwrap();
    for index in [0, 1, size / 2, size - 1] {
        let proof = prove_inclusion(size, index, &reader).unwrap();
        let entry = &store.log_entries(index, 1).unwrap()[0];
        let leaf = memoria_tlog::leaf_hash(&leaf_bytes(entry));
        verify_inclusion(&proof, size, index, &leaf, &root).unwrap();
    }
    for (old, old_root) in sizes.iter().zip(&roots).skip(1) {
        let proof = prove_consistency(*old, size, &reader).unwrap();
        verify_consistency(&proof, *old, size, old_root, &root).unwrap();
    }
    // An index beyond the log is an error, not a made-up hash.
    let beyond = memoria_tlog::stored_hash_count(size).unwrap();
    assert!(matches!(
        store.log_hashes(&[beyond]),
        Err(StoreError::Corrupt(_))
    ));

    // Checkpoints: kept once per size; the newest is the largest.
    let first = LogCheckpoint {
        size: sizes[1],
        signed_at: "2030-01-01T00:00:00.000000Z".into(),
        note: "first\n".into(),
    };
    let second = LogCheckpoint {
        size,
        signed_at: "2030-01-02T00:00:00.000000Z".into(),
        note: "second\n".into(),
    };
    store.keep_log_checkpoint(&second).unwrap();
    store.keep_log_checkpoint(&first).unwrap();
    store
        .keep_log_checkpoint(&LogCheckpoint {
            note: "a second signature for the same size".into(),
            ..second.clone()
        })
        .unwrap();
    assert_eq!(store.latest_log_checkpoint().unwrap(), Some(second.clone()));
    assert_eq!(store.log_checkpoint(sizes[1]).unwrap(), Some(first));
    assert_eq!(store.log_checkpoint(size + 1).unwrap(), None);
    // Keeping a checkpoint writes no audit entry: the log does not grow.
    assert_eq!(store.log_size().unwrap(), size);
}

/// Several stores on one database (processes) writing at once: the log stays one
/// gapless sequence whose hashes are those of its entries.
pub fn log_race(stores: &[&dyn Store]) {
    let actor = {
        let mut tx = stores[0].begin(&Actor::system()).unwrap();
        let a = tx.add_account("racer", None, true).unwrap();
        tx.commit().unwrap();
        Actor::from(&a)
    };
    std::thread::scope(|s| {
        for (n, store) in stores.iter().enumerate() {
            let actor = actor.clone();
            s.spawn(move || {
                for round in 0..20 {
                    let mut tx = store.begin(&actor).unwrap();
                    tx.create(collection(&format!("race {n} {round}"))).unwrap();
                    tx.audit("export", None, "race").unwrap();
                    tx.commit().unwrap();
                }
            });
        }
    });
    check_log(stores[0]);
}

/// Signing, receipts and the audit of the log, including what tampering looks like.
/// `tamper` changes one audit entry's detail behind the store's back.
pub fn audit_story(store: &dyn Store, tamper: &dyn Fn(u64)) {
    use memoria_store::Timestamp;
    use memoria_store::log::{audit, receipt, sign_checkpoint};
    use memoria_tlog::{NoteSigner, Receipt};

    let signer = NoteSigner::from_seed("memoria.test/log", &[3; 32]).unwrap();
    let trusted = [signer.verifier()];
    let actor = {
        let mut tx = store.begin(&Actor::system()).unwrap();
        let a = tx.add_account("auditor", None, true).unwrap();
        tx.create(collection("audited")).unwrap();
        tx.commit().unwrap();
        Actor::from(&a)
    };
    let early = sign_checkpoint(store, &signer, Timestamp::now()).unwrap();
    // Signing twice at one size gives the kept checkpoint back.
    assert_eq!(
        sign_checkpoint(store, &signer, Timestamp::now()).unwrap(),
        early
    );
    for k in 0..30 {
        let mut tx = store.begin(&actor).unwrap();
        tx.audit("export", None, &format!("batch {k}")).unwrap();
        tx.commit().unwrap();
    }
    let now = sign_checkpoint(store, &signer, Timestamp::now()).unwrap();
    assert!(now.size > early.size);

    // A receipt for an entry verifies with the log key, for that entry only.
    let index = early.size + 3;
    let text = receipt(store, index, &now).unwrap().to_text();
    let parsed = Receipt::parse(&text).unwrap();
    let entry = leaf_bytes(&store.log_entries(index, 1).unwrap()[0]);
    parsed
        .verify(&entry, &trusted, Some("memoria.test/log"))
        .unwrap();
    let other = leaf_bytes(&store.log_entries(index + 1, 1).unwrap()[0]);
    assert!(parsed.verify(&other, &trusted, None).is_err());

    let clean = audit(
        store,
        &trusted,
        &[("early".into(), early.note.clone())],
        |_, _| {},
    )
    .unwrap();
    assert!(clean.problems.is_empty(), "{:?}", clean.problems);
    assert_eq!((clean.size, clean.checkpoints), (now.size, 2));

    // A checkpoint signed by another key is refused by name.
    let stranger = NoteSigner::from_seed("memoria.test/log", &[4; 32]).unwrap();
    let forged = memoria_tlog::Checkpoint::parse_text(
        memoria_tlog::note::open(now.note.as_bytes(), &trusted)
            .unwrap()
            .text(),
    )
    .unwrap()
    .sign(&[&stranger])
    .unwrap();
    let report = audit(store, &trusted, &[("forged.txt".into(), forged)], |_, _| {}).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].starts_with("forged.txt"));

    // An entry changed in the database is found, by log index.
    tamper(index);
    let report = audit(store, &trusted, &[], |_, _| {}).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("differs")),
        "{:?}",
        report.problems
    );
}
