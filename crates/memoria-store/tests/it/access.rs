//! What a server keeps to let people in, through the `Store` API only: sessions, API
//! tokens, memberships, settings, passwords, disabling, sign-in counters; and the
//! change feed that followers read. Written once against `&dyn Store`, run on both
//! backends by `sqlite` and `postgres`.

use memoria_core::entity::{Collection, Entity, Incident, Sensitivity, Status};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_store::{
    Account, AccountId, AccountSettings, Actor, ApiToken, AuditEntry, Membership, Session,
    SignInCounter, Store, StoreError, Timestamp,
};

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn collection(name: &str) -> Entity {
    Entity::Collection(Collection {
        name: name.into(),
        title: MultiText::single("en", name),
        description: MultiText::new(),
    })
}

fn incident(collection: RecordId) -> Entity {
    Entity::Incident(Incident {
        collection,
        title: MultiText::single("en", "an incident"),
        narrative: MultiText::new(),
        public_narrative: memoria_core::text::MultiText::new(),
        date: None,
        place: None,
        point: None,
        status: Status::Draft,
        confidentiality: Sensitivity::Internal,
        external_id: None,
    })
}

fn session(digest: [u8; 32], account: AccountId) -> Session {
    Session {
        digest,
        account,
        created_at: at("2030-01-01T00:00:00.000000Z"),
        last_seen_at: at("2030-01-01T00:00:00.000000Z"),
        ended_at: None,
        second_factor_done: false,
        csrf_key: vec![0xC5; 32],
    }
}

fn token(account: AccountId, label: &str, created_at: &str) -> ApiToken {
    ApiToken {
        id: uuid::Uuid::new_v4(),
        account,
        label: label.into(),
        created_at: at(created_at),
        last_used_at: None,
        revoked_at: None,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs one write in a transaction of its own and commits it.
fn write<T>(
    store: &dyn Store,
    actor: &Actor,
    f: impl FnOnce(&mut dyn memoria_store::Tx) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut tx = store.begin(actor)?;
    let r = f(tx.as_mut())?;
    tx.commit()?;
    Ok(r)
}

fn audit_after(store: &dyn Store, seq: i64) -> Vec<AuditEntry> {
    store.audit_log(seq, 1_000_000).unwrap()
}

fn last_seq(store: &dyn Store) -> i64 {
    audit_after(store, 0).last().map_or(0, |a| a.seq)
}

struct People {
    admin: Account,
    alice: Account,
    bob: Account,
}

fn people(store: &dyn Store) -> People {
    write(store, &Actor::system(), |tx| {
        Ok(People {
            admin: tx.add_account("admin", None, true)?,
            alice: tx.add_account("alice", Some("$argon2id$v=19$old"), false)?,
            bob: tx.add_account("bob", None, false)?,
        })
    })
    .unwrap()
}

/// Sessions, tokens, memberships, settings, passwords and disabling, with the audit
/// entries each leaves. `store` must be new.
pub fn access_story(store: &dyn Store) {
    let People { admin, alice, bob } = people(store);
    let (admin_a, alice_a, bob_a) = (Actor::from(&admin), Actor::from(&alice), Actor::from(&bob));
    let (c1, c2, inc) = write(store, &admin_a, |tx| {
        let c1 = tx.create(collection("one"))?.id;
        let c2 = tx.create(collection("two"))?.id;
        let inc = tx.create(incident(c1))?.id;
        Ok((c1, c2, inc))
    })
    .unwrap();
    let start = last_seq(store);

    // Settings: defaults without a row, then a round trip naming what changed.
    assert_eq!(
        store.account_settings(alice.id).unwrap(),
        AccountSettings::default()
    );
    assert_eq!(
        AccountSettings::default(),
        AccountSettings {
            language: "en".into(),
            totp_secret: None,
            totp_enabled: false,
            totp_last_step: None
        }
    );
    assert_eq!(
        store
            .account_settings(AccountId(uuid::Uuid::new_v4()))
            .unwrap(),
        AccountSettings::default()
    );
    let totp_secret = "JBSWY3DPEHPK3PXPSECRET";
    let enrolling = AccountSettings {
        language: "es".into(),
        totp_secret: Some(totp_secret.into()),
        ..AccountSettings::default()
    };
    write(store, &alice_a, |tx| {
        tx.set_account_settings(alice.id, &enrolling)?;
        // The same again changes nothing and is not audited.
        tx.set_account_settings(alice.id, &enrolling)
    })
    .unwrap();
    assert_eq!(store.account_settings(alice.id).unwrap(), enrolling);
    let enrolled = AccountSettings {
        totp_enabled: true,
        totp_last_step: Some(u64::from(u32::MAX) + 7),
        ..enrolling.clone()
    };
    write(store, &alice_a, |tx| {
        tx.set_account_settings(alice.id, &enrolled)
    })
    .unwrap();
    assert_eq!(store.account_settings(alice.id).unwrap(), enrolled);
    // Only the account itself or an administrator; a refusal leaves the transaction usable.
    let mut tx = store.begin(&bob_a).unwrap();
    assert!(matches!(
        tx.set_account_settings(alice.id, &AccountSettings::default()),
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        tx.set_account_settings(AccountId(uuid::Uuid::new_v4()), &AccountSettings::default()),
        Err(StoreError::Forbidden(_))
    ));
    tx.set_account_settings(
        bob.id,
        &AccountSettings {
            language: "ar".into(),
            ..AccountSettings::default()
        },
    )
    .unwrap();
    tx.commit().unwrap();
    assert_eq!(store.account_settings(bob.id).unwrap().language, "ar");
    let ghost = AccountId(uuid::Uuid::new_v4());
    assert!(matches!(
        write(store, &admin_a, |tx| tx
            .set_account_settings(ghost, &AccountSettings::default())),
        Err(StoreError::AccountNotFound(g)) if g == ghost
    ));

    // Sessions: start, second factor, touch (never backwards), end.
    let d1 = [0xD1; 32];
    write(store, &alice_a, |tx| {
        tx.start_session(&session(d1, alice.id))
    })
    .unwrap();
    assert_eq!(store.session(&d1).unwrap(), Some(session(d1, alice.id)));
    assert_eq!(store.session(&[0xEE; 32]).unwrap(), None);
    write(store, &alice_a, |tx| {
        tx.complete_second_factor(&d1)?;
        tx.complete_second_factor(&d1) // done already: nothing more
    })
    .unwrap();
    assert!(store.session(&d1).unwrap().unwrap().second_factor_done);
    store
        .touch_session(&d1, at("2030-01-01T00:05:00.000000Z"))
        .unwrap();
    store
        .touch_session(&d1, at("2029-12-31T00:00:00.000000Z"))
        .unwrap();
    store
        .touch_session(&[0xEE; 32], at("2030-01-01T00:06:00.000000Z"))
        .unwrap();
    let seen = store.session(&d1).unwrap().unwrap();
    assert_eq!(seen.last_seen_at, at("2030-01-01T00:05:00.000000Z"));
    assert_eq!(seen.created_at, at("2030-01-01T00:00:00.000000Z"));
    let shown = format!("{seen:?}");
    assert!(
        !shown.contains(&hex(&d1)) && !shown.contains(&hex(&seen.csrf_key)),
        "{shown}"
    );
    let ended = at("2030-01-01T01:00:00.000000Z");
    write(store, &alice_a, |tx| {
        tx.end_session(&d1, ended)?;
        // Signing out twice, or from an unknown session, does nothing.
        tx.end_session(&d1, at("2030-01-01T02:00:00.000000Z"))?;
        tx.end_session(&[0xEE; 32], ended)
    })
    .unwrap();
    store
        .touch_session(&d1, at("2030-01-01T03:00:00.000000Z"))
        .unwrap();
    let s = store.session(&d1).unwrap().unwrap();
    assert_eq!(
        (s.ended_at, s.last_seen_at),
        (Some(ended), at("2030-01-01T00:05:00.000000Z"))
    );
    let mut tx = store.begin(&alice_a).unwrap();
    assert!(matches!(
        tx.complete_second_factor(&d1),
        Err(StoreError::SessionNotFound)
    ));
    assert!(matches!(
        tx.complete_second_factor(&[0xEE; 32]),
        Err(StoreError::SessionNotFound)
    ));
    // Nobody starts a session for someone else, nor for a missing account.
    assert!(matches!(
        tx.start_session(&session([0xD9; 32], bob.id)),
        Err(StoreError::Forbidden(_))
    ));
    tx.commit().unwrap();
    assert!(matches!(
        write(store, &admin_a, |tx| tx
            .start_session(&session([0xD9; 32], ghost))),
        Err(StoreError::AccountNotFound(_))
    ));
    assert_eq!(store.session(&[0xD9; 32]).unwrap(), None);

    // Ending every session of an account, and only those.
    let (d2, d3, d4) = ([0xD2; 32], [0xD3; 32], [0xD4; 32]);
    write(store, &alice_a, |tx| {
        tx.start_session(&session(d2, alice.id))?;
        tx.start_session(&session(d3, alice.id))
    })
    .unwrap();
    write(store, &bob_a, |tx| tx.start_session(&session(d4, bob.id))).unwrap();
    let mut tx = store.begin(&bob_a).unwrap();
    assert!(matches!(
        tx.end_sessions_of(alice.id, ended),
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        tx.end_session(&d2, ended),
        Err(StoreError::Forbidden(_))
    ));
    drop(tx);
    let n = write(store, &alice_a, |tx| tx.end_sessions_of(alice.id, ended)).unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        write(store, &alice_a, |tx| tx.end_sessions_of(alice.id, ended)).unwrap(),
        0
    );
    for d in [d1, d2, d3] {
        assert_eq!(store.session(&d).unwrap().unwrap().ended_at, Some(ended));
    }
    assert_eq!(store.session(&d4).unwrap().unwrap().ended_at, None);
    // A digest used twice is a broken token generator: the transaction fails.
    let mut tx = store.begin(&alice_a).unwrap();
    let err = match tx.start_session(&session(d2, alice.id)) {
        Err(e) => {
            drop(tx);
            e
        }
        Ok(()) => tx.commit().unwrap_err(),
    };
    assert!(matches!(err, StoreError::Backend(_)), "{err:?}");
    assert!(!err.to_string().contains(&hex(&d2)), "{err}");

    // API tokens: add, find by digest, list, touch, revoke.
    let (td1, td2) = ([0xA1; 32], [0xA2; 32]);
    let t1 = token(alice.id, "laptop script", "2030-01-02T00:00:00.000000Z");
    let t2 = token(alice.id, "phone", "2030-01-03T00:00:00.000000Z");
    write(store, &alice_a, |tx| {
        tx.add_api_token(&t1, &td1)?;
        tx.add_api_token(&t2, &td2)
    })
    .unwrap();
    assert_eq!(store.api_token_by_digest(&td1).unwrap(), Some(t1.clone()));
    assert_eq!(store.api_token_by_digest(&[0xEE; 32]).unwrap(), None);
    assert_eq!(
        store.api_tokens(alice.id).unwrap(),
        vec![t1.clone(), t2.clone()]
    );
    assert!(store.api_tokens(bob.id).unwrap().is_empty());
    let used = at("2030-01-04T00:00:00.000000Z");
    store.touch_api_token(t1.id, used).unwrap();
    store
        .touch_api_token(t1.id, at("2030-01-03T00:00:00.000000Z"))
        .unwrap();
    assert_eq!(
        store
            .api_token_by_digest(&td1)
            .unwrap()
            .unwrap()
            .last_used_at,
        Some(used)
    );
    let mut tx = store.begin(&bob_a).unwrap();
    assert!(matches!(
        tx.revoke_api_token(t1.id, used),
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        tx.add_api_token(
            &token(alice.id, "x", "2030-01-05T00:00:00.000000Z"),
            &[0xA9; 32]
        ),
        Err(StoreError::Forbidden(_))
    ));
    let missing = uuid::Uuid::new_v4();
    assert!(matches!(
        tx.revoke_api_token(missing, used),
        Err(StoreError::TokenNotFound(m)) if m == missing
    ));
    tx.commit().unwrap();
    let revoked = at("2030-01-05T00:00:00.000000Z");
    write(store, &alice_a, |tx| {
        tx.revoke_api_token(t1.id, revoked)?;
        tx.revoke_api_token(t1.id, at("2030-01-06T00:00:00.000000Z"))
    })
    .unwrap();
    store
        .touch_api_token(t1.id, at("2030-01-07T00:00:00.000000Z"))
        .unwrap();
    let t1_now = store.api_token_by_digest(&td1).unwrap().unwrap();
    assert_eq!(
        (t1_now.revoked_at, t1_now.last_used_at),
        (Some(revoked), Some(used))
    );
    // An administrator may revoke anyone's token.
    write(store, &admin_a, |tx| tx.revoke_api_token(t2.id, revoked)).unwrap();

    // Memberships: set, replace, remove, listed both ways.
    write(store, &admin_a, |tx| {
        tx.set_membership(alice.id, c1, Some("documentalist"))?;
        tx.set_membership(alice.id, c2, Some("viewer"))?;
        tx.set_membership(bob.id, c1, Some("coordinator"))?;
        tx.set_membership(bob.id, c2, Some("analyst"))
    })
    .unwrap();
    let member = |account: &Account, collection: RecordId, role: &str| Membership {
        account: account.id,
        collection,
        role: role.into(),
    };
    let mut expected = vec![
        member(&alice, c1, "documentalist"),
        member(&alice, c2, "viewer"),
    ];
    expected.sort_by_key(|m| m.collection);
    assert_eq!(store.memberships(alice.id).unwrap(), expected);
    let mut expected = vec![
        member(&alice, c1, "documentalist"),
        member(&bob, c1, "coordinator"),
    ];
    expected.sort_by_key(|m| m.account);
    assert_eq!(store.members(c1).unwrap(), expected);
    write(store, &admin_a, |tx| {
        tx.set_membership(alice.id, c1, Some("analyst"))?;
        tx.set_membership(alice.id, c1, Some("analyst"))?; // no change, no entry
        tx.set_membership(alice.id, c2, None)?;
        tx.set_membership(alice.id, c2, None) // not a member: nothing
    })
    .unwrap();
    assert_eq!(
        store.memberships(alice.id).unwrap(),
        vec![member(&alice, c1, "analyst")]
    );
    let mut tx = store.begin(&admin_a).unwrap();
    assert!(matches!(
        tx.set_membership(alice.id, inc, Some("viewer")),
        Err(StoreError::NotACollection(i)) if i == inc
    ));
    let nowhere = RecordId::random();
    assert!(matches!(
        tx.set_membership(alice.id, nowhere, Some("viewer")),
        Err(StoreError::NotFound(n)) if n == nowhere
    ));
    assert!(matches!(
        tx.set_membership(ghost, c1, Some("viewer")),
        Err(StoreError::AccountNotFound(_))
    ));
    // Purging a collection takes its memberships with it.
    tx.purge(c2, "made by mistake").unwrap();
    tx.commit().unwrap();
    assert!(store.members(c2).unwrap().is_empty());
    assert_eq!(
        store.memberships(bob.id).unwrap(),
        vec![member(&bob, c1, "coordinator")]
    );

    // Passwords.
    let new_phc = "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA";
    assert!(matches!(
        write(store, &bob_a, |tx| tx
            .set_password(alice.id, "$argon2id$bob")),
        Err(StoreError::Forbidden(_))
    ));
    write(store, &alice_a, |tx| tx.set_password(alice.id, new_phc)).unwrap();
    assert_eq!(
        store
            .account(alice.id)
            .unwrap()
            .unwrap()
            .password_hash
            .as_deref(),
        Some(new_phc)
    );

    // Disabling: administrators only; it ends the account's sessions and refuses new
    // ones and new tokens.
    assert!(matches!(
        write(store, &alice_a, |tx| tx.set_account_disabled(bob.id, true)),
        Err(StoreError::Forbidden(_))
    ));
    write(store, &admin_a, |tx| {
        tx.set_account_disabled(bob.id, true)?;
        tx.set_account_disabled(bob.id, true) // already: nothing
    })
    .unwrap();
    assert!(store.account(bob.id).unwrap().unwrap().disabled);
    assert!(store.session(&d4).unwrap().unwrap().ended_at.is_some());
    let mut tx = store.begin(&bob_a).unwrap();
    assert!(matches!(
        tx.start_session(&session([0xD5; 32], bob.id)),
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        tx.add_api_token(
            &token(bob.id, "x", "2030-01-05T00:00:00.000000Z"),
            &[0xA5; 32]
        ),
        Err(StoreError::Forbidden(_))
    ));
    drop(tx);
    write(store, &admin_a, |tx| {
        tx.set_account_disabled(bob.id, false)?;
        tx.audit_read(inc, "fields: narrative")
    })
    .unwrap();
    assert!(!store.account(bob.id).unwrap().unwrap().disabled);

    // The audit log: every write above, by whom, and never a secret.
    let audit = audit_after(store, start);
    let got: Vec<(AccountId, &str, Option<RecordId>, &str)> = audit
        .iter()
        .map(|a| (a.account, a.action.as_str(), a.record, a.detail.as_str()))
        .collect();
    let alice_s = format!("account {}", alice.id);
    let bob_s = format!("account {}", bob.id);
    let expected: Vec<(AccountId, &str, Option<RecordId>, String)> = vec![
        (
            alice.id,
            "settings",
            None,
            "fields: language, totp-secret".into(),
        ),
        (
            alice.id,
            "settings",
            None,
            "fields: totp-enabled, totp-last-step".into(),
        ),
        (bob.id, "settings", None, "fields: language".into()),
        (alice.id, "sign-in", None, "password".into()),
        (alice.id, "second-factor", None, "totp".into()),
        (alice.id, "sign-out", None, "".into()),
        (alice.id, "sign-in", None, "password".into()),
        (alice.id, "sign-in", None, "password".into()),
        (bob.id, "sign-in", None, "password".into()),
        (alice.id, "sessions-ended", None, "sessions: 2".into()),
        (alice.id, "token-create", None, t1.id.to_string()),
        (alice.id, "token-create", None, t2.id.to_string()),
        (alice.id, "token-revoke", None, t1.id.to_string()),
        (
            admin.id,
            "token-revoke",
            None,
            format!("{}; {alice_s}", t2.id),
        ),
        (
            admin.id,
            "member-set",
            Some(c1),
            format!("{alice_s}, role documentalist"),
        ),
        (
            admin.id,
            "member-set",
            Some(c2),
            format!("{alice_s}, role viewer"),
        ),
        (
            admin.id,
            "member-set",
            Some(c1),
            format!("{bob_s}, role coordinator"),
        ),
        (
            admin.id,
            "member-set",
            Some(c2),
            format!("{bob_s}, role analyst"),
        ),
        (
            admin.id,
            "member-set",
            Some(c1),
            format!("{alice_s}, role analyst"),
        ),
        (
            admin.id,
            "member-set",
            Some(c2),
            format!("{alice_s}, removed"),
        ),
        (admin.id, "purge", Some(c2), "made by mistake".into()),
        (alice.id, "password-change", None, "".into()),
        (
            admin.id,
            "account-disable",
            None,
            format!("{bob_s}; sessions ended: 1"),
        ),
        (admin.id, "account-enable", None, bob_s.clone()),
        (
            admin.id,
            "read-sensitive",
            Some(inc),
            "fields: narrative".into(),
        ),
    ];
    let expected: Vec<(AccountId, &str, Option<RecordId>, &str)> = expected
        .iter()
        .map(|(a, b, c, d)| (*a, *b, *c, d.as_str()))
        .collect();
    assert_eq!(got, expected);
    let secrets = [
        totp_secret.to_string(),
        new_phc.to_string(),
        "argon2".to_string(),
        hex(&[0xC5; 4]),
        hex(&d1[..4]),
        hex(&td1[..4]),
        "laptop".to_string(),
    ];
    for a in &audit {
        for s in &secrets {
            assert!(
                !a.detail.contains(s.as_str()),
                "{:?} holds a secret",
                a.action
            );
        }
    }
}

/// Sign-in counters: absent, written, replaced, deleted.
pub fn counters(store: &dyn Store) {
    let audited = last_seq(store);
    let key = format!("account:{}", uuid::Uuid::new_v4());
    assert_eq!(store.sign_in_counter(&key).unwrap(), None);
    let first = SignInCounter {
        window_start: 1_900_000_000,
        failures: 1,
        locked_until: None,
    };
    store.put_sign_in_counter(&key, Some(&first)).unwrap();
    assert_eq!(store.sign_in_counter(&key).unwrap(), Some(first));
    let locked = SignInCounter {
        window_start: 1_900_000_000,
        failures: 10,
        locked_until: Some(1_900_000_900),
    };
    store.put_sign_in_counter(&key, Some(&locked)).unwrap();
    assert_eq!(store.sign_in_counter(&key).unwrap(), Some(locked.clone()));
    let other = "address:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    store.put_sign_in_counter(other, Some(&locked)).unwrap();
    store.put_sign_in_counter(&key, None).unwrap();
    store.put_sign_in_counter(&key, None).unwrap(); // gone already: fine
    assert_eq!(store.sign_in_counter(&key).unwrap(), None);
    assert_eq!(store.sign_in_counter(other).unwrap(), Some(locked));
    // Bookkeeping, not audited.
    assert_eq!(last_seq(store), audited);
}

/// Many writers on one key at once, through `stores` (one per process): none fails,
/// and the counter ends as one of them wrote it.
pub fn counter_race(stores: &[&dyn Store]) {
    let key = "address:race";
    const THREADS: u32 = 8;
    const ROUNDS: u32 = 25;
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let store = stores[t as usize % stores.len()];
            s.spawn(move || {
                for r in 0..ROUNDS {
                    let c = SignInCounter {
                        window_start: 1_900_000_000 + u64::from(t),
                        failures: r,
                        locked_until: (r % 2 == 0).then_some(u64::from(t)),
                    };
                    let put = if r % 7 == 6 { None } else { Some(&c) };
                    store.put_sign_in_counter(key, put).unwrap();
                    store.sign_in_counter(key).unwrap();
                }
            });
        }
    });
    let last = SignInCounter {
        window_start: 1,
        failures: 2,
        locked_until: None,
    };
    stores[0].put_sign_in_counter(key, Some(&last)).unwrap();
    for s in stores {
        assert_eq!(s.sign_in_counter(key).unwrap(), Some(last.clone()));
    }
}

/// The change feed: record writes in order, and nothing else. `store` must be new.
pub fn changes_story(store: &dyn Store) {
    assert!(store.changes_since(0, 100).unwrap().is_empty());
    let People { admin, alice, .. } = people(store);
    let admin_a = Actor::from(&admin);
    let (c, p, gone) = write(store, &admin_a, |tx| {
        let c = tx.create(collection("feed"))?;
        let p = tx.create(incident(c.id))?;
        let gone = tx.create(incident(c.id))?;
        Ok((c, p, gone))
    })
    .unwrap();
    write(store, &admin_a, |tx| {
        let mut changed = incident(c.id);
        if let Entity::Incident(i) = &mut changed {
            i.status = Status::Verified;
        }
        tx.update(p.id, 1, changed)?;
        tx.delete(p.id, 2)?;
        tx.undelete(p.id, 3)?;
        tx.restore(p.id, 1, 4)?;
        // Not record writes: not in the feed.
        tx.set_membership(alice.id, c.id, Some("viewer"))?;
        tx.audit_read(p.id, "fields: narrative")?;
        tx.audit("export", None, "all records")?;
        tx.purge(gone.id, "duplicate")
    })
    .unwrap();
    let feed = store.changes_since(0, 100).unwrap();
    let ids: Vec<RecordId> = feed.iter().map(|(_, id)| *id).collect();
    assert_eq!(
        ids,
        vec![c.id, p.id, gone.id, p.id, p.id, p.id, p.id, gone.id]
    );
    assert!(feed.windows(2).all(|w| w[0].0 < w[1].0));
    // The seqs are the audit log's.
    let audit = store.audit_log(0, 1000).unwrap();
    for (seq, id) in &feed {
        let entry = audit.iter().find(|a| a.seq == *seq).unwrap();
        assert_eq!(entry.record, Some(*id));
    }
    // Paging.
    let first = store.changes_since(0, 3).unwrap();
    assert_eq!(first, feed[..3].to_vec());
    let rest = store.changes_since(first[2].0, 100).unwrap();
    assert_eq!(rest, feed[3..].to_vec());
    assert!(
        store
            .changes_since(feed.last().unwrap().0, 100)
            .unwrap()
            .is_empty()
    );
}

/// What a database upgraded from schema 1 must show: the data written under schema 1
/// (an account and a collection with one revision and its audit entry), and the new
/// tables at work.
pub fn check_upgraded(store: &dyn Store, account: AccountId, record: RecordId, entity: &Entity) {
    let keeper = store.account(account).unwrap().unwrap();
    assert_eq!(keeper.name, "keeper");
    let stored = store.get(record).unwrap().unwrap();
    assert_eq!(
        (&stored.entity, stored.version, stored.updated_by),
        (entity, 1, account)
    );
    assert_eq!(store.history(record).unwrap().len(), 1);
    assert_eq!(
        store
            .changes_since(0, 10)
            .unwrap()
            .iter()
            .map(|c| c.1)
            .collect::<Vec<_>>(),
        vec![record]
    );

    // Entries written before the log existed get their places at the first audited
    // commit after the upgrade.
    assert_eq!(store.log_size().unwrap(), 0);
    let actor = Actor::from(&keeper);
    let digest = [0x42; 32];
    write(store, &actor, |tx| {
        tx.start_session(&session(digest, account))?;
        tx.set_membership(account, record, Some("coordinator"))?;
        tx.set_account_settings(
            account,
            &AccountSettings {
                language: "fr".into(),
                ..AccountSettings::default()
            },
        )
    })
    .unwrap();
    assert_eq!(
        store.session(&digest).unwrap(),
        Some(session(digest, account))
    );
    assert_eq!(store.members(record).unwrap().len(), 1);
    assert_eq!(store.account_settings(account).unwrap().language, "fr");
    crate::log::check_log(store);
    counters(store);
}

/// When the schema-1 rows of [`check_upgraded`] were written.
pub const SCHEMA_1_AT: &str = "2025-06-01T12:00:00.000000Z";

/// The rows a test writes by hand into a schema-1 database: an account, and a
/// collection (its id, entity and body as stored).
pub fn schema_1_rows() -> (AccountId, RecordId, Entity, String) {
    let entity = collection("kept from schema 1");
    let body = serde_json::to_string(&entity.to_body()).unwrap();
    (
        AccountId(uuid::Uuid::new_v4()),
        RecordId::random(),
        entity,
        body,
    )
}
