//! The publication page: the collection's policy as a form (saved as a versioned record,
//! a stale save refused with the differences, bad input refused with how to fix it),
//! and its consents (recorded for a person of the collection, withdrawn as a new
//! revision), each action for the roles that may take it.

use axum::http::StatusCode;
use memoria_core::entity::{Entity, EntityKind, Sensitivity};
use memoria_core::id::RecordId;
use memoria_core::publication::{ConsentGiver, Rule};
use memoria_store::ListQuery;

use crate::harness::{Backend, Client, World, victim_name};

/// The form as the page gives it to an editor, with `changes` over its values.
fn policy_form(
    page: &str,
    csrf: &str,
    collection: RecordId,
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    let version = hidden_after(page, "action=\"/publication\"", "version");
    let mut form: Vec<(String, String)> = vec![
        ("csrf".into(), csrf.into()),
        ("collection".into(), collection.to_string()),
        ("version".into(), version),
    ];
    for spec in memoria_core::publication::FIELDS {
        let name = format!("rule_{}", spec.key);
        let rule = changes
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
            .unwrap_or_else(|| spec.default.as_str().to_string());
        form.push((name, rule));
    }
    let mut set = |name: &str, default: &[&str]| {
        let given: Vec<&str> = changes
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| *v)
            .collect();
        for v in if given.is_empty() {
            default.to_vec()
        } else {
            given
        } {
            form.push((name.into(), v.into()));
        }
    };
    set("statuses", &["verified", "closed"]);
    set("up_to", &["restricted"]);
    set("consent_from", &["person", "family", "representative"]);
    set("threshold", &["5"]);
    set("licence", &["CC-BY-4.0"]);
    form
}

/// The value of hidden input `name` in the first form after `marker`.
fn hidden_after(page: &str, marker: &str, name: &str) -> String {
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in page"));
    let rest = &page[at..];
    let needle = format!("name=\"{name}\" value=\"");
    let start = rest.find(&needle).unwrap() + needle.len();
    rest[start..start + rest[start..].find('"').unwrap()].to_string()
}

fn post(c: &mut Client, path: &str, form: &[(String, String)]) -> crate::harness::Reply {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post_form(path, &fields)
}

fn policies(w: &World) -> Vec<memoria_store::Stored> {
    w.store()
        .list(&ListQuery {
            kind: Some(EntityKind::PublicationPolicy),
            ..Default::default()
        })
        .unwrap()
}

fn consents(w: &World) -> Vec<memoria_store::Stored> {
    w.store()
        .list(&ListQuery {
            kind: Some(EntityKind::Consent),
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn the_policy_form_saves_and_a_stale_save_shows_the_conflict() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut coordinator = w.signed_in("coordinator");
        let page = coordinator.get("/publication");
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        // Every field with only its allowed rules, the safe default chosen; what is never
        // published, with its reason; confidential never offered.
        assert!(page.text.contains("No policy saved yet"));
        assert!(
            page.text
                .contains("<select id=\"rule-incident-point\" name=\"rule_incident.point\"")
        );
        let point = &page.text[page.text.find("rule_incident.point").unwrap()..];
        let point = &point[..point.find("</select>").unwrap()];
        assert!(
            !point.contains("value=\"publish\""),
            "a point is never published exactly"
        );
        assert!(
            point.contains("<option value=\"withhold\" selected>Withhold (safe default)</option>")
        );
        assert!(page.text.contains("Witnesses are never named."));
        assert!(page.text.contains("Never published"));
        let up_to = &page.text[page.text.find("name=\"up_to\"").unwrap()..];
        let up_to = &up_to[..up_to.find("</select>").unwrap()];
        assert!(!up_to.contains("confidential"));
        assert!(page.text.contains("No regional boundaries are set"));
        let csrf = page.hidden("csrf");

        // The first save creates the policy under the coordinator's account.
        let first = policy_form(
            &page.text,
            &csrf,
            w.collection,
            &[
                ("rule_incident.point", "coarsen"),
                ("rule_perpetrator.person", "publish"),
                ("statuses", "verified"),
                ("up_to", "internal"),
                ("consent_from", "person"),
                ("threshold", "10"),
                ("licence", "CC-BY-SA-4.0"),
            ],
        );
        let r = post(&mut coordinator, "/publication", &first);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(
            r.location(),
            format!("/publication?collection={}&saved=policy", w.collection)
        );
        let saved = policies(&w);
        assert_eq!(saved.len(), 1);
        let Entity::PublicationPolicy(p) = &saved[0].entity else {
            unreachable!()
        };
        assert_eq!(saved[0].version, 1);
        assert_eq!(p.rule("incident.point"), Rule::Coarsen);
        assert_eq!(p.rule("perpetrator.person"), Rule::Publish);
        assert_eq!(p.threshold, 10);
        assert_eq!(p.up_to, Sensitivity::Internal);
        assert_eq!(p.consent_from, vec![ConsentGiver::Person]);
        assert_eq!(p.licence, "CC-BY-SA-4.0");
        let history = w.store().history(saved[0].id).unwrap();
        assert_eq!(history.len(), 1);
        let coordinator_id = w
            .store()
            .account_by_name("coordinator")
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(
            history[0].account, coordinator_id,
            "the write is the coordinator's"
        );
        let shown = coordinator.get(r.location());
        assert!(shown.text.contains("The policy was saved"));
        assert!(
            shown
                .text
                .contains("<option value=\"coarsen\" selected>Coarsen</option>")
        );
        assert!(shown.text.contains("value=\"10\""));

        // Someone who read the page before that save saves over it: refused, with the
        // differences, and the stored policy is untouched.
        let stale = policy_form(&page.text, &csrf, w.collection, &[("threshold", "20")]);
        let r = post(&mut coordinator, "/publication", &stale);
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
        assert!(
            r.text
                .contains("Someone else saved this policy while you were editing")
        );
        assert!(r.text.contains("The policy is now at version 1"));
        assert!(
            r.text.contains("value=\"20\""),
            "the edit stays in the form"
        );
        let after = w.store().get(saved[0].id).unwrap().unwrap();
        assert_eq!(after.version, 1);
        let Entity::PublicationPolicy(p) = &after.entity else {
            unreachable!()
        };
        assert_eq!(p.threshold, 10);

        // Saved again from the conflict page (now at the version it names): applied.
        let again = policy_form(&r.text, &csrf, w.collection, &[("threshold", "20")]);
        let r = post(&mut coordinator, "/publication", &again);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(policies(&w).len(), 1, "one policy per collection");
        assert_eq!(w.store().history(saved[0].id).unwrap().len(), 2);
    }
}

#[test]
fn an_invalid_threshold_is_refused_with_how_to_fix_it_and_changes_nothing() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut admin = w.signed_in("administrator");
        let page = admin.get("/publication");
        let csrf = page.hidden("csrf");
        let before = w.store().changes_since(0, 1_000_000).unwrap().len();
        for (threshold, field) in [
            ("0", "threshold"),
            ("1001", "threshold"),
            ("five", "threshold"),
        ] {
            let form = policy_form(&page.text, &csrf, w.collection, &[("threshold", threshold)]);
            let r = post(&mut admin, "/publication", &form);
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{threshold}");
            assert!(
                r.text
                    .contains("Give a whole number from 1 to 1000 (5 is usual).")
            );
            assert!(r.text.contains(&format!("id=\"{field}\" name=\"{field}\"")));
            assert!(r.text.contains("aria-invalid=\"true\""));
            assert!(
                r.text.contains(&format!("value=\"{threshold}\"")),
                "kept as typed"
            );
        }
        // Neither is a confidential level, nor a rule a field does not allow.
        let form = policy_form(
            &page.text,
            &csrf,
            w.collection,
            &[
                ("up_to", "confidential"),
                ("rule_incident.point", "publish"),
            ],
        );
        let r = post(&mut admin, "/publication", &form);
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text
                .contains("confidential incidents are never published")
        );
        assert!(r.text.contains("Choose one of: Coarsen / Withhold."));
        assert!(policies(&w).is_empty(), "no policy was made");
        assert_eq!(w.store().changes_since(0, 1_000_000).unwrap().len(), before);
    }
}

#[test]
fn a_consent_recorded_then_withdrawn_shows_as_withdrawn_and_keeps_both_versions() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let person = w.victim(Sensitivity::Public);
        let mut doc = w.signed_in("documentalist");
        let page = doc.get("/publication");
        assert!(page.text.contains("No consent is recorded"));
        let csrf = page.hidden("csrf");
        let consent = |person: &str| {
            vec![
                ("csrf".to_string(), csrf.clone()),
                ("collection".into(), w.collection.to_string()),
                ("person".into(), person.to_string()),
                ("uses".into(), "publication".into()),
                ("uses".into(), "media".into()),
                ("given_by".into(), "family".into()),
                ("given_on".into(), "2024-03-01".into()),
                ("recorded".into(), "written".into()),
                ("note".into(), "Binder 4".into()),
            ]
        };
        let r = post(
            &mut doc,
            "/publication/consents",
            &consent(&person.to_string()),
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let [stored] = consents(&w).try_into().unwrap();
        let Entity::Consent(c) = &stored.entity else {
            unreachable!()
        };
        assert_eq!(c.person, person);
        assert_eq!(c.given_by, ConsentGiver::Family);
        assert!(c.withdrawn_on.is_none());

        // The documentalist reads names; a viewer sees the person by a short id only.
        let page = doc.get(r.location());
        assert!(page.text.contains("The consent was recorded."));
        assert!(page.text.contains(&victim_name(Sensitivity::Public)));
        assert!(page.text.contains("In force"));
        assert!(page.text.contains("site and open data, Media"));
        let viewed = w.signed_in("viewer").get("/publication");
        assert_eq!(viewed.status, StatusCode::OK);
        assert!(!viewed.text.contains("Zorava"), "no names for a viewer");
        assert!(viewed.text.contains(&person.to_string()[..8]));
        assert!(
            !viewed.text.contains("/withdraw"),
            "a viewer may not withdraw"
        );

        // Withdrawn: a new revision dated today, never a deletion.
        let withdraw = format!("/publication/consents/{}/withdraw", stored.id);
        let r = doc.post_form(&withdraw, &[("csrf", &csrf), ("version", "1")]);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let after = w.store().get(stored.id).unwrap().unwrap();
        assert!(!after.deleted);
        assert_eq!(after.version, 2);
        let Entity::Consent(c) = &after.entity else {
            unreachable!()
        };
        let today = time::OffsetDateTime::now_utc().date();
        let today = format!(
            "{:04}-{:02}-{:02}",
            today.year(),
            u8::from(today.month()),
            today.day()
        );
        assert_eq!(
            c.withdrawn_on.as_ref().map(|d| d.to_string()),
            Some(today.clone())
        );
        assert_eq!(w.store().history(stored.id).unwrap().len(), 2);
        let page = doc.get(r.location());
        assert!(page.text.contains(&format!("Withdrawn on {today}")));
        assert!(!page.text.contains("In force"));
        assert!(!page.text.contains(&withdraw), "nothing left to withdraw");
        let history = doc.get(&format!("/records/{}/history", stored.id));
        assert_eq!(history.status, StatusCode::OK);

        // A person who does not exist, of another collection, or hidden from the reader
        // (a restricted victim, for a field researcher): the same answer, nothing made.
        let foreign = w
            .store()
            .list(&ListQuery {
                kind: Some(EntityKind::Person),
                collection: w
                    .store()
                    .get(w.foreign_incident)
                    .unwrap()
                    .unwrap()
                    .collection,
                ..Default::default()
            })
            .unwrap()[0]
            .id;
        let mut field = w.signed_in("field_researcher");
        let field_csrf = field.csrf();
        for (by_field, person) in [
            (false, RecordId::random()),
            (false, foreign),
            (true, w.victim(Sensitivity::Restricted)),
        ] {
            let (c, csrf) = if by_field {
                (&mut field, &field_csrf)
            } else {
                (&mut doc, &csrf)
            };
            let mut form = consent(&person.to_string());
            form[0].1 = csrf.clone();
            let r = post(c, "/publication/consents", &form);
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                r.text.contains(
                    "There is no person with this id in this collection that you may see."
                )
            );
            assert!(!r.text.contains("Zorava Quintel Restricted"));
        }
        // No use named, or a date that is not one: refused, saying how to fix it.
        let mut form = consent(&person.to_string());
        form.retain(|(k, _)| k != "uses");
        for (k, v) in &mut form {
            if k == "given_on" {
                *v = "last spring".into();
            }
        }
        let r = post(&mut doc, "/publication/consents", &form);
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text
                .contains("Tick at least one use the person agreed to.")
        );
        assert!(r.text.contains("This is not a date Memoria understands."));
        assert!(r.text.contains("value=\"last spring\""));
        assert_eq!(consents(&w).len(), 1);
    }
}

#[test]
fn a_viewer_reads_the_policy_but_may_not_change_it() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut viewer = w.signed_in("viewer");
        let page = viewer.get("/publication");
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("you may read it"));
        assert!(
            !page.text.contains("action=\"/publication\""),
            "no policy form"
        );
        assert!(
            !page.text.contains("action=\"/publication/consents\""),
            "no consent form"
        );
        assert!(page.text.contains("Withhold"));
        let csrf = viewer.csrf();
        let coordinator_page = w.signed_in("coordinator").get("/publication");
        let form = policy_form(
            &coordinator_page.text,
            &csrf,
            w.collection,
            &[("threshold", "7")],
        );
        let r = post(&mut viewer, "/publication", &form);
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Keeping records is not enough either: the policy is the coordinators' decision.
        let mut doc = w.signed_in("documentalist");
        let doc_csrf = doc.csrf();
        let mut form = form.clone();
        form[0].1 = doc_csrf;
        assert_eq!(
            post(&mut doc, "/publication", &form).status,
            StatusCode::FORBIDDEN
        );
        let r = viewer.post_form(
            "/publication/consents",
            &[
                ("csrf", &csrf),
                ("collection", &w.collection.to_string()),
                ("person", &w.victim(Sensitivity::Public).to_string()),
                ("uses", "publication"),
                ("given_by", "person"),
                ("given_on", "2024"),
                ("recorded", "written"),
            ],
        );
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(policies(&w).is_empty() && consents(&w).is_empty());
        // Someone outside the collection may not learn the policy exists.
        let r = w
            .signed_in("outsider")
            .get(&format!("/publication?collection={}", w.collection));
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

/// The policy decides what leaves the collection: the API, deletion and restoring are
/// held to the same rule as the page, so that a documentalist cannot change it there.
#[test]
fn only_those_who_manage_members_change_the_policy_through_the_api() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let body =
            serde_json::json!({"body": {"collection": w.collection.to_string(), "threshold": 2}});
        let mut documentalist = w.api("documentalist");
        let r = documentalist.json(
            "POST",
            "/api/v1/publication-policies",
            Some(body.clone()),
            None,
        );
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{backend:?}: {}", r.text);
        let mut coordinator = w.api("coordinator");
        let r = coordinator.json("POST", "/api/v1/publication-policies", Some(body), None);
        assert_eq!(r.status, StatusCode::CREATED, "{backend:?}: {}", r.text);
        let id = r.json()["id"].as_str().unwrap().to_string();
        let r = documentalist.json(
            "DELETE",
            &format!("/api/v1/publication-policies/{id}"),
            None,
            Some("\"1\""),
        );
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{backend:?}: {}", r.text);
        let stored = w.store().get(id.parse().unwrap()).unwrap().unwrap();
        assert_eq!((stored.version, stored.deleted), (1, false));
    }
}
