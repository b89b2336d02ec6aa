//! One documentation project, start to finish, through the `Store` API only.

use memoria_core::entity::{
    Act, Claim, Collection, Entity, EntityKind, Incident, Person, PersonName, Place, Role,
    Sensitivity, Source, Status,
};
use memoria_core::grade::{Credibility, Reliability};
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_core::revision::Action;
use memoria_core::text::MultiText;
use memoria_store::{
    Account, AccountId, Actor, AuditEntry, ListQuery, Revision, Store, StoreError, Stored,
};
use serde_json::json;

fn text(s: &str) -> MultiText {
    MultiText::single("en", s)
}

/// The actor that creates the first accounts, before any account exists.
fn setup_actor() -> Actor {
    Actor {
        account: AccountId(uuid::Uuid::nil()),
        name: "setup".into(),
        is_admin: true,
    }
}

fn incident(collection: RecordId, place: RecordId, title: &str) -> Incident {
    Incident {
        collection,
        title: text(title),
        narrative: MultiText::new(),
        public_narrative: memoria_core::text::MultiText::new(),
        date: None,
        place: Some(place),
        point: None,
        status: Status::Draft,
        confidentiality: Sensitivity::Internal,
        external_id: None,
    }
}

fn person(collection: RecordId, name: &str, roles: Vec<Role>) -> Person {
    Person {
        collection,
        names: vec![PersonName::primary(name)],
        roles,
        sex: None,
        birth_date: None,
        age: None,
        group_size: None,
        sensitive: Default::default(),
        sensitivity: Sensitivity::Restricted,
    }
}

fn place(collection: RecordId, name: &str, level: PlaceLevel, parent: Option<RecordId>) -> Place {
    Place {
        collection,
        name: text(name),
        level,
        parent,
        iso_code: None,
        point: None,
    }
}

fn all_records(store: &dyn Store) -> Vec<Stored> {
    let mut out = Vec::new();
    store
        .scan_records(&mut |s| {
            out.push(s);
            Ok(())
        })
        .unwrap();
    out
}

fn all_revisions(store: &dyn Store) -> Vec<Revision> {
    let mut out = Vec::new();
    store
        .scan_revisions(&mut |r| {
            out.push(r);
            Ok(())
        })
        .unwrap();
    out
}

fn all_audit(store: &dyn Store) -> Vec<AuditEntry> {
    store.audit_log(0, 1_000_000).unwrap()
}

fn actions(audit: &[AuditEntry]) -> Vec<&str> {
    audit.iter().map(|a| a.action.as_str()).collect()
}

/// The whole API in the order a documentation team would use it. `store` must be new.
pub fn story(store: &dyn Store) {
    // An empty store.
    assert_eq!(
        store
            .count(&ListQuery {
                include_deleted: true,
                ..Default::default()
            })
            .unwrap(),
        0
    );
    assert!(store.accounts().unwrap().is_empty());
    assert!(all_audit(store).is_empty());

    // Accounts: an administrator and a documentalist.
    let mut tx = store.begin(&setup_actor()).unwrap();
    let admin = tx
        .add_account(
            "admin",
            Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
            true,
        )
        .unwrap();
    let doc = tx.add_account("documentalist", None, false).unwrap();
    let dup = tx.add_account("admin", None, false);
    assert!(matches!(dup, Err(StoreError::AccountExists(n)) if n == "admin"));
    tx.commit().unwrap();
    assert_eq!(store.accounts().unwrap(), vec![admin.clone(), doc.clone()]);
    assert_eq!(
        store.account_by_name("documentalist").unwrap(),
        Some(doc.clone())
    );
    assert_eq!(store.account(admin.id).unwrap(), Some(admin.clone()));
    assert_eq!(store.account_by_name("nobody").unwrap(), None);
    assert!(!doc.is_admin && admin.is_admin && !admin.disabled);
    let (admin_actor, doc_actor) = (Actor::from(&admin), Actor::from(&doc));

    // The project and its records, in one transaction.
    let mut tx = store.begin(&admin_actor).unwrap();
    let coll = tx
        .create(Entity::Collection(Collection {
            name: "detentions-2021".into(),
            title: text("Detentions in region X since 2021"),
            description: MultiText::new(),
        }))
        .unwrap();
    let c = coll.id;
    assert_eq!(
        (coll.version, coll.collection, coll.parent, coll.deleted),
        (1, Some(c), None, false)
    );
    let country = tx
        .create(Entity::Place(place(
            c,
            "Country",
            PlaceLevel::Country,
            None,
        )))
        .unwrap();
    let region = tx
        .create(Entity::Place(place(
            c,
            "Region",
            PlaceLevel::Region,
            Some(country.id),
        )))
        .unwrap();
    let town = tx
        .create(Entity::Place(place(
            c,
            "Town",
            PlaceLevel::Locality,
            Some(region.id),
        )))
        .unwrap();
    assert_eq!((town.parent, town.collection), (Some(region.id), Some(c)));
    let inc = tx
        .create(Entity::Incident(incident(
            c,
            town.id,
            "Arrests at the market",
        )))
        .unwrap();
    let victim = tx
        .create(Entity::Person(person(c, "Victim One", vec![Role::Victim])))
        .unwrap();
    let witness = tx
        .create(Entity::Person(person(
            c,
            "Witness One",
            vec![Role::Witness, Role::Source],
        )))
        .unwrap();
    let act_body = |violation: &str| Act {
        incident: inc.id,
        violation: violation.into(),
        victims: vec![victim.id],
        perpetrators: vec![],
        date: None,
        place: Some(town.id),
        method: None,
        rights_violated: vec![],
    };
    let act1 = tx
        .create(Entity::Act(act_body("arbitrary-detention")))
        .unwrap();
    // A caller-chosen id, as seeded generators and imports use.
    let act2_id = RecordId::from_random_bytes([7; 16]);
    let act2 = tx
        .create_with_id(act2_id, Entity::Act(act_body("torture")))
        .unwrap();
    assert_eq!(act2.id, act2_id);
    // Acts belong to their incident's collection.
    assert_eq!((act1.parent, act1.collection), (Some(inc.id), Some(c)));
    let source = tx
        .create(Entity::Source(Source {
            collection: c,
            title: text("Interview with a witness"),
            kind: Some("testimony".into()),
            reliability: Reliability::B,
            credibility: Credibility::new(2).unwrap(),
            date: None,
            informant: Some(witness.id),
            reference: None,
            sensitivity: Sensitivity::Confidential,
        }))
        .unwrap();
    let claim = |value: &str, preferred: bool| Claim {
        source: source.id,
        subject: victim.id,
        field: "age".into(),
        value: value.into(),
        preferred,
        note: None,
    };
    let claim1 = tx.create(Entity::Claim(claim("17", true))).unwrap();
    let claim2 = tx.create(Entity::Claim(claim("19", false))).unwrap();
    assert_eq!(
        (claim1.parent, claim1.collection),
        (Some(victim.id), Some(c))
    );
    // The transaction reads its own writes.
    assert_eq!(tx.get(act1.id).unwrap(), Some(act1.clone()));
    tx.commit().unwrap();
    assert_eq!(store.get(inc.id).unwrap(), Some(inc.clone()));
    assert_eq!(store.get(act2_id).unwrap(), Some(act2.clone()));
    assert_eq!(store.get(RecordId::random()).unwrap(), None);

    // A taken id fails the transaction: at once, or at the latest when committing.
    let audit_before = all_audit(store);
    let mut tx = store.begin(&admin_actor).unwrap();
    let lost = tx
        .create(Entity::Person(person(c, "Never Saved", vec![])))
        .unwrap();
    let err = match tx.create_with_id(act2_id, Entity::Act(act_body("killing"))) {
        Err(e) => {
            assert!(tx.commit().is_err(), "a failed transaction does not commit");
            e
        }
        Ok(_) => tx.commit().unwrap_err(),
    };
    assert!(
        matches!(err, StoreError::AlreadyExists(id) if id == act2_id),
        "{err:?}"
    );
    assert_eq!(store.get(lost.id).unwrap(), None);
    assert_eq!(store.get(act2_id).unwrap(), Some(act2.clone()));
    assert_eq!(all_audit(store), audit_before);

    // The documentalist reviews the incident: a correct version.
    let mut reviewed = incident(c, town.id, "Arrests at the market");
    reviewed.status = Status::UnderReview;
    reviewed.narrative = text("Twelve people were taken away.");
    let mut tx = store.begin(&doc_actor).unwrap();
    let inc2 = tx
        .update(inc.id, 1, Entity::Incident(reviewed.clone()))
        .unwrap();
    tx.commit().unwrap();
    assert_eq!(
        (inc2.version, inc2.updated_by, inc2.created_at),
        (2, doc.id, inc.created_at)
    );

    // The administrator, still holding version 1, is told who changed it and when.
    let mut stale = incident(c, town.id, "Arrests at the central market");
    stale.status = Status::Verified;
    let mut tx = store.begin(&admin_actor).unwrap();
    let err = tx.update(inc.id, 1, Entity::Incident(stale)).unwrap_err();
    match &err {
        StoreError::Conflict {
            id,
            expected,
            actual,
            changed_by,
            changed_at,
        } => {
            assert_eq!((*id, *expected, *actual), (inc.id, 1, 2));
            assert_eq!(changed_by, "documentalist");
            assert_eq!(changed_at, &inc2.updated_at.to_string());
        }
        e => panic!("expected a conflict, got {e:?}"),
    }
    assert!(err.to_string().contains("documentalist"));
    // A write that changes nothing makes no revision.
    let same = tx
        .update(inc.id, 2, Entity::Incident(reviewed.clone()))
        .unwrap();
    assert_eq!(same, inc2);
    // A record does not change kind, and a missing record is named.
    assert!(matches!(
        tx.update(inc.id, 2, Entity::Person(person(c, "X", vec![]))),
        Err(StoreError::KindChange(EntityKind::Incident))
    ));
    let ghost = RecordId::random();
    let missing = tx.update(ghost, 1, Entity::Incident(reviewed.clone()));
    assert!(matches!(missing, Err(StoreError::NotFound(g)) if g == ghost));
    tx.commit().unwrap();

    // History, field by field.
    let h = store.history(inc.id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0].version, h[0].action, h[0].account),
        (1, Action::Create, admin.id)
    );
    assert!(h[0].changes.iter().all(|c| c.before.is_none()));
    assert!(
        h[0].changes
            .iter()
            .any(|c| c.field == "title" && c.after == Some(json!({"en": "Arrests at the market"})))
    );
    assert_eq!(
        (h[1].version, h[1].action, h[1].account, h[1].at),
        (2, Action::Update, doc.id, inc2.updated_at)
    );
    let fields: Vec<_> = h[1]
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.clone(), c.after.clone()))
        .collect();
    assert_eq!(
        fields,
        vec![
            (
                "narrative",
                None,
                Some(json!({"en": "Twelve people were taken away."}))
            ),
            ("status", Some(json!("draft")), Some(json!("under_review"))),
        ]
    );

    // Restore the first version, as a new revision.
    let mut tx = store.begin(&admin_actor).unwrap();
    assert!(matches!(
        tx.restore(inc.id, 0, 2),
        Err(StoreError::NoSuchVersion { version: 0, .. })
    ));
    assert!(matches!(
        tx.restore(inc.id, 3, 2),
        Err(StoreError::NoSuchVersion { version: 3, .. })
    ));
    assert!(matches!(
        tx.restore(inc.id, 1, 1),
        Err(StoreError::Conflict { .. })
    ));
    let inc3 = tx.restore(inc.id, 1, 2).unwrap();
    tx.commit().unwrap();
    assert_eq!((inc3.version, &inc3.entity), (3, &inc.entity));
    let h = store.history(inc.id).unwrap();
    assert_eq!(h[2].action, Action::Restore);
    assert_eq!(
        h[2].changes
            .iter()
            .map(|c| c.field.as_str())
            .collect::<Vec<_>>(),
        ["narrative", "status"]
    );

    // Delete and undelete.
    let mut tx = store.begin(&doc_actor).unwrap();
    let inc4 = tx.delete(inc.id, 3).unwrap();
    assert!(inc4.deleted && inc4.version == 4);
    assert!(matches!(tx.delete(inc.id, 4), Err(StoreError::Deleted(_))));
    assert!(matches!(
        tx.update(inc.id, 4, Entity::Incident(reviewed.clone())),
        Err(StoreError::Deleted(_))
    ));
    assert!(matches!(
        tx.restore(inc.id, 2, 4),
        Err(StoreError::Deleted(_))
    ));
    tx.commit().unwrap();
    let incidents = ListQuery {
        kind: Some(EntityKind::Incident),
        ..Default::default()
    };
    assert!(store.list(&incidents).unwrap().is_empty());
    assert_eq!(
        store
            .count(&ListQuery {
                include_deleted: true,
                ..incidents.clone()
            })
            .unwrap(),
        1
    );
    assert_eq!(store.get(inc.id).unwrap().map(|s| s.deleted), Some(true));
    let mut tx = store.begin(&doc_actor).unwrap();
    let inc5 = tx.undelete(inc.id, 4).unwrap();
    assert!(matches!(
        tx.undelete(inc.id, 5),
        Err(StoreError::NotDeleted(_))
    ));
    tx.commit().unwrap();
    assert!(!inc5.deleted && inc5.version == 5 && inc5.entity == inc.entity);
    let h = store.history(inc.id).unwrap();
    let acts: Vec<_> = h.iter().map(|r| (r.version, r.action)).collect();
    assert_eq!(
        acts,
        [
            (1, Action::Create),
            (2, Action::Update),
            (3, Action::Restore),
            (4, Action::Delete),
            (5, Action::Undelete)
        ]
    );
    assert!(h[3].changes.is_empty() && h[4].changes.is_empty());

    // More people, to page through.
    let mut tx = store.begin(&doc_actor).unwrap();
    for i in 0..5 {
        tx.create(Entity::Person(person(
            c,
            &format!("Victim {i}"),
            vec![Role::Victim],
        )))
        .unwrap();
    }
    tx.commit().unwrap();
    let people = ListQuery {
        kind: Some(EntityKind::Person),
        collection: Some(c),
        ..Default::default()
    };
    let everyone = store.list(&people).unwrap();
    assert_eq!(everyone.len(), 7);
    assert!(
        everyone.windows(2).all(|w| w[0].id < w[1].id),
        "listed in id order"
    );
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list(&ListQuery {
                after,
                limit: 3,
                ..people.clone()
            })
            .unwrap();
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        paged.extend(page);
    }
    assert_eq!(paged, everyone);
    assert_eq!(
        store
            .count(&ListQuery {
                after: Some(everyone[3].id),
                limit: 1,
                ..people.clone()
            })
            .unwrap(),
        7
    );

    // Each filter.
    let ids = |q: ListQuery| -> Vec<RecordId> {
        store.list(&q).unwrap().into_iter().map(|s| s.id).collect()
    };
    let mut acts_of_inc = vec![act1.id, act2.id];
    acts_of_inc.sort();
    assert_eq!(
        ids(ListQuery {
            parent: Some(inc.id),
            ..Default::default()
        }),
        acts_of_inc
    );
    assert_eq!(
        store
            .count(&ListQuery {
                kind: Some(EntityKind::Act),
                ..Default::default()
            })
            .unwrap(),
        2
    );
    assert_eq!(
        ids(ListQuery {
            kind: Some(EntityKind::Collection),
            ..Default::default()
        }),
        vec![c]
    );
    let mut claims = vec![claim1.id, claim2.id];
    claims.sort();
    assert_eq!(
        ids(ListQuery {
            kind: Some(EntityKind::Claim),
            collection: Some(c),
            ..Default::default()
        }),
        claims
    );
    assert_eq!(
        ids(ListQuery {
            parent: Some(victim.id),
            kind: Some(EntityKind::Claim),
            ..Default::default()
        }),
        claims
    );
    assert_eq!(
        ids(ListQuery {
            parent: Some(region.id),
            ..Default::default()
        }),
        vec![town.id]
    );
    // collection only: everything in the project (1 collection, 3 places, 1 incident,
    // 2 acts, 7 people, 1 source, 2 claims).
    assert_eq!(
        store
            .count(&ListQuery {
                collection: Some(c),
                ..Default::default()
            })
            .unwrap(),
        17
    );
    assert_eq!(
        store
            .count(&ListQuery {
                collection: Some(RecordId::random()),
                ..Default::default()
            })
            .unwrap(),
        0
    );
    assert_eq!(store.list(&ListQuery::default()).unwrap().len(), 17);
    assert_eq!(
        store
            .list(&ListQuery {
                limit: 4,
                ..Default::default()
            })
            .unwrap()
            .len(),
        4
    );

    // Purge: refused to a documentalist, done by an administrator, and audited.
    let mut tx = store.begin(&doc_actor).unwrap();
    match tx.purge(claim2.id, "entered twice") {
        Err(StoreError::Forbidden(m)) => {
            assert!(m.contains("only administrators can purge"), "{m}")
        }
        r => panic!("expected Forbidden, got {r:?}"),
    }
    drop(tx);
    let mut tx = store.begin(&admin_actor).unwrap();
    assert!(matches!(
        tx.purge(RecordId::random(), "nothing"),
        Err(StoreError::NotFound(_))
    ));
    tx.purge(claim2.id, "entered twice by mistake").unwrap();
    tx.audit("export", None, "3 records to a file with sha256 0000")
        .unwrap();
    tx.commit().unwrap();
    assert_eq!(store.get(claim2.id).unwrap(), None);
    assert!(store.history(claim2.id).unwrap().is_empty());

    // The audit log: every write, in order, with who and what (never content).
    let audit = all_audit(store);
    let mut expected = vec!["account-add", "account-add"];
    expected.extend(["create"; 12]);
    expected.extend(["update", "restore", "delete", "undelete"]);
    expected.extend(["create"; 5]);
    expected.extend(["purge", "export"]);
    assert_eq!(actions(&audit), expected);
    assert!(
        audit
            .windows(2)
            .all(|w| w[0].seq < w[1].seq && w[0].at <= w[1].at)
    );
    assert_eq!(audit[0].account, setup_actor().account);
    assert!(audit[0].detail.contains("admin") && !audit[0].detail.contains("argon2"));
    let upd = &audit[14];
    assert_eq!(
        (upd.account, upd.record, upd.detail.as_str()),
        (doc.id, Some(inc.id), "fields: narrative, status")
    );
    let purge = &audit[audit.len() - 2];
    assert_eq!((purge.account, purge.record), (admin.id, Some(claim2.id)));
    assert_eq!(purge.detail, "entered twice by mistake");
    let last = audit.last().unwrap();
    assert_eq!(
        (last.record, last.detail.as_str()),
        (None, "3 records to a file with sha256 0000")
    );
    // Paging through the log.
    let page = store.audit_log(audit[4].seq, 3).unwrap();
    assert_eq!(page, audit[5..8].to_vec());

    // A transaction dropped without commit leaves nothing behind.
    let (records, revisions, audit) = (all_records(store), all_revisions(store), all_audit(store));
    let mut tx = store.begin(&admin_actor).unwrap();
    let lost = tx
        .create(Entity::Person(person(c, "Never Saved", vec![])))
        .unwrap();
    tx.update(inc.id, 5, Entity::Incident(reviewed.clone()))
        .unwrap();
    tx.delete(victim.id, 1).unwrap();
    tx.add_account("ghost", None, false).unwrap();
    tx.audit("read-sensitive", Some(victim.id), "field: names")
        .unwrap();
    assert_eq!(tx.get(inc.id).unwrap().map(|s| s.version), Some(6));
    // Nobody else sees it meanwhile.
    assert_eq!(store.get(lost.id).unwrap(), None);
    assert_eq!(store.get(inc.id).unwrap().map(|s| s.version), Some(5));
    drop(tx);
    assert_eq!(all_records(store), records);
    assert_eq!(all_revisions(store), revisions);
    assert_eq!(all_audit(store), audit);
    assert_eq!(store.account_by_name("ghost").unwrap(), None);

    // Scans: every record in id order, every revision by record then version.
    assert!(records.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(records.len(), 16);
    assert!(
        revisions
            .windows(2)
            .all(|w| (w[0].record, w[0].version) < (w[1].record, w[1].version))
    );
    let total: usize = records
        .iter()
        .map(|r| store.history(r.id).unwrap().len())
        .sum();
    assert_eq!(revisions.len(), total);
    assert_eq!(total, 16 + 4);
    // A scan stops at the first error of its visitor.
    let mut seen = 0;
    let r = store.scan_records(&mut |_| {
        seen += 1;
        if seen == 3 {
            Err(StoreError::Backend("stop".into()))
        } else {
            Ok(())
        }
    });
    assert!(matches!(r, Err(StoreError::Backend(m)) if m == "stop"));
    assert_eq!(seen, 3);
}

/// Restores everything `from` holds into the empty `to` with the raw `load_*` writes,
/// and checks that the two now scan alike.
pub fn copy_story(from: &dyn Store, to: &dyn Store) {
    let accounts: Vec<Account> = from.accounts().unwrap();
    let records = all_records(from);
    let revisions = all_revisions(from);
    let mut tx = to.begin(&setup_actor()).unwrap();
    for a in &accounts {
        tx.load_account(a).unwrap();
    }
    // An account already present with the same id and name is left alone; a different
    // account under a taken name is refused.
    tx.load_account(&accounts[0]).unwrap();
    let impostor = Account {
        id: AccountId(uuid::Uuid::new_v4()),
        ..accounts[0].clone()
    };
    assert!(matches!(
        tx.load_account(&impostor),
        Err(StoreError::AccountExists(_))
    ));
    for r in &records {
        tx.load_record(r).unwrap();
    }
    for r in &revisions {
        tx.load_revision(r).unwrap();
    }
    tx.commit().unwrap();
    // Loading a record twice fails that transaction.
    let mut tx = to.begin(&setup_actor()).unwrap();
    let err = match tx.load_record(&records[0]) {
        Err(e) => e,
        Ok(()) => tx.commit().unwrap_err(),
    };
    assert!(
        matches!(err, StoreError::AlreadyExists(id) if id == records[0].id),
        "{err:?}"
    );
    assert_eq!(to.accounts().unwrap(), accounts);
    assert_eq!(all_records(to), records);
    assert_eq!(all_revisions(to), revisions);
    // Raw loads write no audit entries of their own.
    assert!(all_audit(to).is_empty());
    for r in records.iter().take(3) {
        assert_eq!(to.history(r.id).unwrap(), from.history(r.id).unwrap());
    }
}
