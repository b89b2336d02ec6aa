//! The authorisation matrix: every route × every role × a record of each sensitivity.
//!
//! The expectations are written out here as tables, not derived from the permission
//! code, so that a change to who may do what has to change this file too.

use axum::http::StatusCode;
use memoria_core::entity::Sensitivity;

use crate::harness::{Backend, World, victim_name};

pub(crate) const ACCOUNTS: [&str; 8] = [
    "root", // installation administrator
    "administrator",
    "coordinator",
    "analyst",
    "documentalist",
    "field_researcher",
    "viewer",
    "outsider", // no role in the collection
];

pub(crate) const SENSITIVITIES: [Sensitivity; 4] = [
    Sensitivity::Public,
    Sensitivity::Internal,
    Sensitivity::Restricted,
    Sensitivity::Confidential,
];

/// May the account learn that a record of this sensitivity exists?
pub(crate) fn sees(account: &str, s: Sensitivity) -> bool {
    let row: [bool; 4] = match account {
        "root" | "administrator" | "coordinator" => [true, true, true, true],
        "analyst" | "documentalist" => [true, true, true, false],
        "field_researcher" | "viewer" => [true, true, false, false],
        "outsider" => [false, false, false, false],
        _ => unreachable!(),
    };
    row[SENSITIVITIES.iter().position(|x| *x == s).unwrap()]
}

pub(crate) fn edits(account: &str) -> bool {
    matches!(
        account,
        "root" | "administrator" | "coordinator" | "documentalist" | "field_researcher"
    )
}

pub(crate) fn restores(account: &str) -> bool {
    matches!(
        account,
        "root" | "administrator" | "coordinator" | "documentalist"
    )
}

pub(crate) fn deletes(account: &str) -> bool {
    restores(account)
}

fn reads_names(account: &str) -> bool {
    !matches!(account, "viewer" | "outsider")
}

pub(crate) fn reads_contact(account: &str) -> bool {
    matches!(
        account,
        "root" | "administrator" | "coordinator" | "documentalist"
    )
}

fn expect(allowed: bool, visible: bool, status: StatusCode, what: &str) {
    if allowed {
        assert!(
            status == StatusCode::OK || status == StatusCode::SEE_OTHER,
            "{what}: expected allowed, got {status}"
        );
    } else if !visible {
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{what}: a record the account may not see answers 404"
        );
    } else {
        assert_eq!(status, StatusCode::FORBIDDEN, "{what}: expected forbidden");
    }
}

#[test]
fn pages_by_role_and_sensitivity() {
    let w = World::new(Backend::Sqlite);
    for account in ACCOUNTS {
        let mut c = w.signed_in(account);
        let csrf = c.csrf();
        for s in SENSITIVITIES {
            let id = w.incident(s);
            let what = |route: &str| format!("{account} {route} {s:?}");
            let visible = sees(account, s);
            let r = c.get(&format!("/incidents/{id}"));
            expect(visible, visible, r.status, &what("GET /incidents/ID"));
            if visible {
                assert_eq!(
                    r.text.contains(&victim_name(s)),
                    reads_names(account),
                    "{}",
                    what("victim name on incident page")
                );
            } else {
                assert!(!r.text.contains(&victim_name(s)));
            }
            let r = c.get(&format!("/incidents/{id}/history"));
            expect(visible, visible, r.status, &what("GET history"));
            let r = c.get(&format!("/incidents/{id}/edit"));
            expect(
                visible && edits(account),
                visible,
                r.status,
                &what("GET edit"),
            );
            let victim = w.victim(s);
            let r = c.get(&format!("/records/{victim}"));
            expect(visible, visible, r.status, &what("GET person"));
            if visible {
                assert_eq!(
                    r.text.contains(&victim_name(s)),
                    reads_names(account),
                    "{}",
                    what("person name")
                );
                assert_eq!(
                    r.text.contains("+00 0000 0000"),
                    reads_contact(account),
                    "{}",
                    what("contact")
                );
                assert!(r.text.contains("withheld") || account != "viewer");
            }
            // Adding an act or a source to the incident.
            let r = c.post_form(
                &format!("/incidents/{id}/acts"),
                &[("csrf", &csrf), ("violation", "torture")],
            );
            expect(
                visible && edits(account),
                visible,
                r.status,
                &what("POST act"),
            );
            let r = c.post_form(
                &format!("/incidents/{id}/sources"),
                &[
                    ("csrf", &csrf),
                    ("title", "A statement"),
                    ("reliability", "C"),
                    ("credibility", "3"),
                ],
            );
            expect(
                visible && edits(account),
                visible,
                r.status,
                &what("POST source"),
            );
            // Saving the edit form unchanged (version taken from the store).
            let version = w.store().get(id).unwrap().unwrap().version.to_string();
            let r = c.post_form(
                &format!("/incidents/{id}"),
                &[
                    ("csrf", &csrf),
                    ("version", &version),
                    ("title_en", &format!("Detention at the {s:?} checkpoint")),
                    ("narrative_en", "A fictional narrative for tests."),
                    ("date", "2021-03-05"),
                    ("status", "under_review"),
                    ("confidentiality", crate::harness::sensitivity_code(s)),
                ],
            );
            expect(
                visible && edits(account),
                visible,
                r.status,
                &what("POST edit"),
            );
            // Restore to version 1 (a no-op write) is allowed or refused.
            let r = c.post_form(
                &format!("/records/{id}/restore"),
                &[("csrf", &csrf), ("to_version", "1"), ("version", "1")],
            );
            if visible && restores(account) {
                // Restoring the current version is refused as a bad request, not a permission.
                assert!(
                    r.status != StatusCode::FORBIDDEN && r.status != StatusCode::NOT_FOUND,
                    "{} got {}",
                    what("restore"),
                    r.status
                );
            } else {
                expect(false, visible, r.status, &what("POST restore"));
            }
        }
        let r = c.get("/incidents/new");
        expect(
            edits(account),
            true,
            r.status,
            &format!("{account} new incident form"),
        );
        for list in [
            "/persons",
            "/organizations",
            "/sources",
            "/interventions",
            "/source-lists",
            "/places",
            "/collections",
            "/vocabularies",
            "/account",
            "/",
            "/search?q=x",
        ] {
            let r = c.get(list);
            assert_eq!(r.status, StatusCode::OK, "{account} {list}");
            for s in SENSITIVITIES {
                if !sees(account, s) {
                    assert!(
                        !r.text.contains(&w.victim(s).to_string()),
                        "{account} {list} shows a person it may not see"
                    );
                }
            }
        }
        // The other collection's incident: only the installation administrator sees it.
        let r = c.get(&format!("/incidents/{}", w.foreign_incident));
        expect(
            account == "root",
            account == "root",
            r.status,
            &format!("{account} foreign incident"),
        );
        let r = c.get("/audit");
        expect(
            account == "root",
            true,
            r.status,
            &format!("{account} audit"),
        );
        // Lists and search never show what the account may not see, not even as a count.
        let list = c.get("/incidents");
        for s in SENSITIVITIES {
            assert_eq!(
                list.text.contains(&w.incident(s).to_string()),
                sees(account, s),
                "{account} list {s:?}"
            );
        }
        let search = c.get("/search?q=checkpoint");
        for s in SENSITIVITIES {
            assert_eq!(
                search.text.contains(&w.incident(s).to_string()),
                sees(account, s),
                "{account} search {s:?}"
            );
        }
        let visible_count = SENSITIVITIES.iter().filter(|s| sees(account, **s)).count()
            + usize::from(account == "root");
        if visible_count > 0 {
            assert!(
                list.text.contains(&format!("of {visible_count}")),
                "{account}: total counts only visible incidents: {}",
                list.text
            );
        }
        let names = c.get("/search?q=Quintel");
        for s in SENSITIVITIES {
            assert_eq!(
                names.text.contains(&w.victim(s).to_string()),
                sees(account, s) && reads_names(account),
                "{account} name search {s:?}"
            );
        }
    }
}

/// Evidence items, one on each incident with the incident's confidentiality: their page,
/// the original (which carries where it was made, so it needs the permission of contact
/// details) and the copy without metadata (for every reader of the item).
#[test]
fn evidence_by_role_and_sensitivity() {
    const PHOTO: &[u8] = include_bytes!("../../../memoria-media/tests/data/photo.jpg");
    let w = World::new(Backend::Sqlite);
    let items: Vec<_> = SENSITIVITIES
        .into_iter()
        .map(|s| {
            let id = w.add_evidence(w.incident(s), s, PHOTO, "photo.jpg", "A photograph");
            (s, id)
        })
        .collect();
    for account in ACCOUNTS {
        let mut c = w.signed_in(account);
        for &(s, id) in &items {
            let visible = sees(account, s);
            let what = |route: &str| format!("{account} {route} {s:?}");
            let r = c.get(&format!("/incidents/{}", w.incident(s)));
            assert_eq!(
                r.text.contains(&format!("/evidence/{id}")),
                visible,
                "{}",
                what("item on the incident page")
            );
            let r = c.get(&format!("/evidence/{id}"));
            expect(visible, visible, r.status, &what("GET /evidence/ID"));
            if visible {
                assert_eq!(
                    r.text.contains("-20.250000"),
                    reads_contact(account),
                    "{}",
                    what("capture position")
                );
            }
            let r = c.get(&format!("/evidence/{id}/download"));
            expect(
                visible && reads_contact(account),
                visible,
                r.status,
                &what("GET download"),
            );
            let r = c.get(&format!("/evidence/{id}/download?copy=stripped"));
            expect(visible, visible, r.status, &what("GET download stripped"));
        }
    }
}

#[test]
fn api_by_role_and_sensitivity() {
    let w = World::new(Backend::Sqlite);
    for account in ACCOUNTS {
        let mut c = w.api(account);
        for s in SENSITIVITIES {
            let id = w.incident(s);
            let visible = sees(account, s);
            let what = |route: &str| format!("{account} {route} {s:?}");
            let r = c.json("GET", &format!("/api/v1/incidents/{id}"), None, None);
            expect(visible, visible, r.status, &what("GET"));
            if !visible {
                continue;
            }
            let etag = r.headers.get("etag").unwrap().to_str().unwrap().to_string();
            let body = r.json()["body"].clone();
            let r = c.json(
                "PUT",
                &format!("/api/v1/incidents/{id}"),
                Some(serde_json::json!({"body": body})),
                Some(&etag),
            );
            expect(edits(account), true, r.status, &what("PUT"));
            let etag = r
                .headers
                .get("etag")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or(etag);
            let victim = w.victim(s);
            let r = c.json("GET", &format!("/api/v1/persons/{victim}"), None, None);
            expect(true, true, r.status, &what("GET person"));
            assert_eq!(
                r.text.contains(&victim_name(s)),
                reads_names(account),
                "{}",
                what("person name via API")
            );
            if !reads_names(account) {
                assert!(
                    r.json()["withheld"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| f == "names")
                );
            }
            if s == Sensitivity::Public {
                let r = c.json(
                    "DELETE",
                    &format!("/api/v1/incidents/{id}"),
                    None,
                    Some(&etag),
                );
                expect(deletes(account), true, r.status, &what("DELETE"));
                if r.status == StatusCode::OK {
                    // Undo through the store so the next account finds it again.
                    let v = r.json()["version"].as_u64().unwrap();
                    let mut tx = w.store().begin(&memoria_store::Actor::system()).unwrap();
                    tx.undelete(id, v).unwrap();
                    tx.commit().unwrap();
                }
            }
        }
    }
}

/// The transparency log: its checkpoint, hash tiles and consistency proofs for every
/// active account (hashes say how busy the installation is, nothing more); entry
/// bundles and receipts, which name accounts, records and actions, for the installation
/// administrator only, as the audit log page is.
pub(crate) fn reads_log_entries(account: &str) -> bool {
    account == "root"
}

#[test]
fn log_by_role() {
    let w = World::new(Backend::Sqlite);
    // The tiles of the newest checkpoint, asked for after each checkpoint request (a
    // sign-in adds entries, so each account's checkpoint is a newer one).
    let tile = |level: &str| {
        let size = w.store().latest_log_checkpoint().unwrap().unwrap().size;
        assert!(size < 256);
        format!("/log/tile/{level}/000.p/{size}")
    };
    for account in ACCOUNTS {
        let session = w.signed_in(account);
        let api = w.api(account);
        for (how, mut c) in [("session", session), ("token", api)] {
            let what = |route: &str| format!("{account} ({how}) {route}");
            let r = c.get("/log/checkpoint");
            assert_eq!(r.status, StatusCode::OK, "{}", what("checkpoint"));
            let r = c.get(&tile("0"));
            assert_eq!(r.status, StatusCode::OK, "{}", what("hash tile"));
            let r = c.get(&tile("entries"));
            let want = if reads_log_entries(account) {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(r.status, want, "{}", what("entry bundle"));
            if how == "session" {
                let r = c.get("/audit/receipt/0");
                assert_eq!(r.status, want, "{}", what("receipt download"));
                // The API takes bearer tokens only.
                let r = c.get("/api/v1/log/checkpoint");
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", what("API"));
                continue;
            }
            for path in ["/api/v1/log/checkpoint", "/api/v1/log/consistency?old=1"] {
                let r = c.get(path);
                assert_eq!(r.status, StatusCode::OK, "{}", what(path));
            }
            let r = c.get("/api/v1/log/proof?index=0");
            assert_eq!(r.status, want, "{}", what("API proof"));
        }
    }
}

/// A record the reader may see can point at one they may not: an intervention about a
/// confidential incident, an act whose victim is confidential, a claim from a
/// confidential source, a source whose informant is. The id is withheld wherever the
/// record is read, a write may not name a record its author cannot see, and neither a
/// form nor the API lets an editor drop a reference they cannot see.
#[test]
fn references_to_hidden_records_are_withheld() {
    use memoria_core::entity::{Claim, Entity, Intervention, Source};
    use memoria_core::grade::{Credibility, Reliability};
    use memoria_store::{Actor, StoreExt};

    let w = World::new(Backend::Sqlite);
    let root = w.store().account_by_name("root").unwrap().unwrap();
    let actor = Actor::from(&root);
    let secret_incident = w.incident(Sensitivity::Confidential);
    let secret_person = w.victim(Sensitivity::Confidential);
    let open_incident = w.incident(Sensitivity::Internal);
    let create = |e: Entity| w.store().create(&actor, e).unwrap().id;
    let intervention = create(Entity::Intervention(Intervention {
        collection: w.collection,
        kind: "urgent-appeal".into(),
        target: None,
        target_name: Some("A ministry".into()),
        about: vec![open_incident, secret_incident],
        submitted: None,
        status: "submitted".into(),
        response: None,
        response_date: None,
        next_follow_up: None,
    }));
    let secret_source = create(Entity::Source(Source {
        collection: w.collection,
        title: crate::harness::text("A confidential statement"),
        kind: None,
        reliability: Reliability::B,
        credibility: Credibility::new(2).unwrap(),
        date: None,
        informant: Some(secret_person),
        reference: None,
        sensitivity: Sensitivity::Confidential,
    }));
    let open_source = create(Entity::Source(Source {
        collection: w.collection,
        title: crate::harness::text("An ordinary statement"),
        kind: None,
        reliability: Reliability::C,
        credibility: Credibility::new(3).unwrap(),
        date: None,
        informant: Some(secret_person),
        reference: None,
        sensitivity: Sensitivity::Internal,
    }));
    let claim = create(Entity::Claim(Claim {
        source: secret_source,
        subject: open_incident,
        field: "date".into(),
        value: "2021-03-04".into(),
        preferred: false,
        note: None,
    }));
    let act = create(Entity::Act(memoria_core::entity::Act {
        incident: open_incident,
        violation: "torture".into(),
        victims: vec![w.victim(Sensitivity::Internal), secret_person],
        perpetrators: vec![memoria_core::entity::Perpetrator {
            person: Some(secret_person),
            organization: None,
            kind: Some("police".into()),
        }],
        date: None,
        place: None,
        method: None,
        rights_violated: vec![],
    }));
    w.state
        .index
        .refresh(
            w.store(),
            &[intervention, secret_source, open_source, claim, act],
        )
        .unwrap();
    let hidden = [secret_incident, secret_person, secret_source].map(|id| id.to_string());

    for account in ["documentalist", "field_researcher", "viewer"] {
        let mut page = w.signed_in(account);
        let mut api = w.api(account);
        for path in [
            format!("/records/{intervention}"),
            format!("/records/{open_source}"),
            format!("/records/{act}"),
            format!("/records/{claim}"),
            format!("/incidents/{open_incident}"),
            "/interventions".to_string(),
        ] {
            let r = page.get(&path);
            assert_eq!(r.status, StatusCode::OK, "{account} {path}");
            for id in &hidden {
                if let Some(at) = r.text.find(id.as_str()) {
                    panic!(
                        "{account} {path} names a hidden record: {}",
                        &r.text[at.saturating_sub(300)..at + 40]
                    );
                }
            }
        }
        for (resource, id, field) in [
            ("interventions", intervention, "about"),
            ("sources", open_source, "informant"),
            ("acts", act, "victims"),
            ("claims", claim, "source"),
        ] {
            let r = api.json("GET", &format!("/api/v1/{resource}/{id}"), None, None);
            assert_eq!(r.status, StatusCode::OK, "{account} {resource}");
            for h in &hidden {
                assert!(
                    !r.text.contains(h.as_str()),
                    "{account} API {resource}: {}",
                    r.text
                );
            }
            let v = r.json();
            assert!(
                v["withheld"].as_array().unwrap().iter().any(|f| f == field),
                "{account} {resource}: {field} is said to be withheld: {v}"
            );
            // Writing back what was read would drop the reference: refused.
            let r = api.json(
                "PUT",
                &format!("/api/v1/{resource}/{id}"),
                Some(serde_json::json!({"body": v["body"]})),
                Some(&format!("\"{}\"", v["version"])),
            );
            assert!(
                matches!(r.status.as_u16(), 403),
                "{account} PUT {resource}: {}",
                r.status
            );
        }
        // The visible victim and the perpetrator's kind are still there.
        let r = api.json("GET", &format!("/api/v1/acts/{act}"), None, None);
        assert!(
            r.text
                .contains(&w.victim(Sensitivity::Internal).to_string())
        );
        assert_eq!(r.json()["body"]["perpetrators"][0]["kind"], "police");
    }

    // A write that names a record its author cannot see is answered as if it did not
    // exist; the same write by a coordinator, who sees it, is taken.
    let act_naming = |victim: memoria_core::id::RecordId| {
        serde_json::json!({"body": {
            "incident": open_incident.to_string(),
            "violation": "torture",
            "victims": [victim.to_string()],
        }})
    };
    let mut field = w.api("field_researcher");
    let r = field.json(
        "POST",
        "/api/v1/acts",
        Some(act_naming(secret_person)),
        None,
    );
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json()["error"]["field"], "victims", "{}", r.text);
    let mut coordinator = w.api("coordinator");
    let r = coordinator.json(
        "POST",
        "/api/v1/acts",
        Some(act_naming(secret_person)),
        None,
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    // The source form of a field researcher neither shows nor drops the informant.
    let mut c = w.signed_in("field_researcher");
    let form = c.get(&format!("/records/{open_source}/edit"));
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.text.contains(&secret_person.to_string()));
    assert!(!form.text.contains("name=\"informant\""));
    let csrf = c.csrf();
    let version = w
        .store()
        .get(open_source)
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let r = c.post_form(
        &format!("/records/{open_source}/edit"),
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("title_en", "An ordinary statement, checked"),
            ("reliability", "C"),
            ("credibility", "3"),
            ("sensitivity", "internal"),
            // Posted by hand: ignored, as the field is not the researcher's to change.
            ("informant", ""),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let Entity::Source(after) = w.store().get(open_source).unwrap().unwrap().entity else {
        unreachable!()
    };
    assert_eq!(after.informant, Some(secret_person));
    assert_eq!(after.title.0["en"], "An ordinary statement, checked");
    // Naming a hidden person as the informant of another source: as if there were none.
    let r = c.post_form(
        "/sources/new",
        &[
            ("csrf", &csrf),
            ("collection", &w.collection.to_string()),
            ("title_en", "A new statement"),
            ("reliability", "C"),
            ("credibility", "3"),
            ("sensitivity", "internal"),
            ("informant", &secret_person.to_string()),
        ],
    );
    assert_ne!(r.status, StatusCode::SEE_OTHER, "refused");
    assert!(r.text.contains("informant"));
}
