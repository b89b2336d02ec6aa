//! Creating and editing persons, organisations, sources and source lists through their
//! forms, field by field, as a documentalist would.

use axum::http::StatusCode;
use memoria_core::EntityKind;
use memoria_core::entity::{Entity, NameUse};
use memoria_core::id::RecordId;

use crate::harness::{Backend, Client, World};

fn stored(w: &World, id: &str) -> Entity {
    w.store()
        .get(id.parse::<RecordId>().unwrap())
        .unwrap()
        .unwrap()
        .entity
}

fn created_id(location: &str) -> String {
    location.trim_start_matches("/records/").to_string()
}

fn post(c: &mut Client, path: &str, fields: &[(&str, &str)]) -> crate::harness::Reply {
    c.post_form(path, fields)
}

#[test]
fn a_person_is_created_with_every_field_then_edited_and_conflicts_are_shown() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut c = w.signed_in("documentalist");
        let list = c.get("/persons");
        assert!(list.text.contains("href=\"/persons/new\""), "{}", list.text);
        let form = c.get("/persons/new");
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.text.contains("name=\"names\""));
        assert!(form.text.contains("name=\"sensitive.contact\""));
        assert!(
            !form.text.contains("sensitive.ethnicity"),
            "a documentalist may not read ethnicity, so the form does not ask for it"
        );
        let csrf = form.hidden("csrf");
        let collection = w.collection.to_string();
        let before = w.count(EntityKind::Person);

        // Every problem at once, nothing written, what was typed kept.
        let r = post(
            &mut c,
            "/persons/new",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("names", "Yusra Test"),
                ("age", "about thirty"),
                ("birth_date", "1990-14"),
                ("group_size", "-3"),
                ("sex", "not-a-term"),
                ("sensitivity", "internal"),
            ],
        );
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");
        assert!(r.text.contains("Write an age in years"), "{}", r.text);
        assert!(r.text.contains("This is not a date Memoria understands"));
        assert!(r.text.contains("Write a whole number greater than 0"));
        assert!(
            r.text.contains("value=\"about thirty\""),
            "the input is kept"
        );
        assert_eq!(w.count(EntityKind::Person), before);

        let r = post(
            &mut c,
            "/persons/new",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("names", "يسرى تست / Yusra Test\nUmm Test"),
                ("roles", "victim"),
                ("roles", "witness"),
                ("age", "25-30"),
                ("birth_date", "1996?"),
                ("sensitive.contact", "+000 555 0100"),
                ("sensitivity", "restricted"),
            ],
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{backend:?}: {}", r.text);
        let path = r.location().to_string();
        let id = created_id(&path);
        let Entity::Person(p) = stored(&w, &id) else {
            panic!("a person")
        };
        assert_eq!(p.names.len(), 2);
        assert_eq!(p.names[0].text, "يسرى تست");
        assert_eq!(p.names[0].transliteration.as_deref(), Some("Yusra Test"));
        assert_eq!(p.names[0].usage, NameUse::Primary);
        assert_eq!(p.names[1].usage, NameUse::Alias);
        assert_eq!(p.roles.len(), 2);
        assert_eq!(p.age.map(|a| (a.min, a.max)), Some((25, 30)));
        assert_eq!(p.birth_date.unwrap().to_string(), "1996?");
        assert_eq!(p.sensitive.contact.as_deref(), Some("+000 555 0100"));

        // Found by search at once, in either script.
        let s = c.get("/search?q=yusra");
        assert!(s.text.contains(&path), "{}", s.text);

        // The record page offers the edit form, which shows what is stored.
        let page = c.get(&path);
        assert!(page.text.contains(&format!("{path}/edit")));
        let edit = c.get(&format!("{path}/edit"));
        assert_eq!(edit.status, StatusCode::OK);
        assert_eq!(edit.hidden("version"), "1");
        assert!(edit.text.contains("يسرى تست / Yusra Test"), "{}", edit.text);
        assert!(edit.text.contains("value=\"25-30\""));
        let fields = |age: &'static str, version: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("version", version.to_string()),
                ("names", "يسرى تست / Yusra Test".to_string()),
                ("roles", "victim".to_string()),
                ("age", age.to_string()),
                ("birth_date", "1996?".to_string()),
                ("sensitive.contact", String::new()),
                ("sensitivity", "restricted".to_string()),
            ]
        };
        let f = fields("27", "1");
        let f: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let r = post(&mut c, &format!("{path}/edit"), &f);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let Entity::Person(p) = stored(&w, &id) else {
            panic!()
        };
        assert_eq!(p.names.len(), 1);
        assert_eq!(p.age.map(|a| a.min), Some(27));
        assert_eq!(p.sensitive.contact, None, "a cleared field is cleared");

        // A second edit based on version 1 is stale: the conflict is shown, not saved.
        let f = fields("99", "1");
        let f: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let r = post(&mut c, &format!("{path}/edit"), &f);
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
        assert!(
            r.text.contains("The record is now at version 2"),
            "{}",
            r.text
        );
        assert!(
            r.text.contains("value=\"99\""),
            "the edit is kept in the form"
        );
        assert_eq!(
            r.hidden("version"),
            "2",
            "saving again overrides, knowingly"
        );
        let Entity::Person(p) = stored(&w, &id) else {
            panic!()
        };
        assert_eq!(p.age.map(|a| a.min), Some(27));

        // The history shows the edit; a viewer may not edit.
        let h = c.get(&format!("{path}/history"));
        assert!(h.text.contains("25") && h.text.contains("27"), "{}", h.text);
        let mut viewer = w.signed_in("viewer");
        assert_eq!(
            viewer.get(&format!("{path}/edit")).status,
            StatusCode::NOT_FOUND,
            "a restricted person does not exist for a viewer"
        );
        let public_victim = w.victim(memoria_core::entity::Sensitivity::Public);
        let r = viewer.get(&format!("/records/{public_victim}/edit"));
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let vcsrf = viewer.csrf();
        let r = viewer.post_form(
            &format!("/records/{public_victim}/edit"),
            &[("csrf", &vcsrf), ("version", "1"), ("age", "50")],
        );
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

#[test]
fn fields_an_editor_may_not_read_are_neither_shown_nor_changed() {
    let w = World::new(Backend::Sqlite);
    let mut admin = w.signed_in("administrator");
    let csrf = admin.csrf();
    let collection = w.collection.to_string();
    let r = admin.post_form(
        "/persons/new",
        &[
            ("csrf", &csrf),
            ("collection", &collection),
            ("names", "Idris Test"),
            ("sensitive.ethnicity", "Group-E"),
            ("sensitive.religion", "Faith-R"),
            ("sensitive.contact", "contact-C"),
            ("sensitivity", "internal"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let path = r.location().to_string();
    let id = created_id(&path);

    // A field researcher reads names but neither contact nor ethnicity nor religion.
    let mut field = w.signed_in("field_researcher");
    let edit = field.get(&format!("{path}/edit"));
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    for secret in ["Group-E", "Faith-R", "contact-C", "sensitive."] {
        assert!(!edit.text.contains(secret), "{secret} leaked into the form");
    }
    let fcsrf = field.csrf();
    let r = field.post_form(
        &format!("{path}/edit"),
        &[
            ("csrf", &fcsrf),
            ("version", "1"),
            ("names", "Idris Test"),
            ("age", "40"),
            // Posted anyway, by hand: ignored, since the account may not see them.
            ("sensitive.contact", "overwritten"),
            ("sensitivity", "internal"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let Entity::Person(p) = stored(&w, &id) else {
        panic!()
    };
    assert_eq!(p.age.map(|a| a.min), Some(40));
    assert_eq!(p.sensitive.ethnicity.as_deref(), Some("Group-E"));
    assert_eq!(p.sensitive.religion.as_deref(), Some("Faith-R"));
    assert_eq!(p.sensitive.contact.as_deref(), Some("contact-C"));
}

#[test]
fn organisations_sources_and_lists_are_edited_with_checked_references() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut c = w.signed_in("documentalist");
        let csrf = c.csrf();
        let collection = w.collection.to_string();
        let org = |c: &mut Client, name: &str, parent: &str| {
            c.post_form(
                "/organizations/new",
                &[
                    ("csrf", &csrf),
                    ("collection", &collection),
                    ("name_en", name),
                    ("aliases", "Alias one\nAlias two"),
                    ("kind", ""),
                    ("parent", parent),
                ],
            )
        };
        let r = org(&mut c, "Third Brigade", "");
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{backend:?}: {}", r.text);
        let brigade = created_id(r.location());
        // A parent that is not a unit of the collection is refused with advice.
        let r = org(&mut c, "Second Battalion", &RecordId::random().to_string());
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text.contains("Copy the id from the record"), "{}", r.text);
        let r = org(&mut c, "Second Battalion", &brigade);
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let battalion = created_id(r.location());
        let Entity::Organization(o) = stored(&w, &battalion) else {
            panic!()
        };
        assert_eq!(o.parent.map(|p| p.to_string()), Some(brigade.clone()));
        assert_eq!(o.aliases, ["Alias one", "Alias two"]);

        // The brigade may not answer to its own battalion.
        let r = c.post_form(
            &format!("/records/{brigade}/edit"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("name_en", "Third Brigade"),
                ("parent", &battalion),
            ],
        );
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(r.text.contains("cannot answer to itself"));

        // A source with its grades; a list of victims drawn from it.
        let r = c.post_form(
            "/sources/new",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("title_en", "Hospital register"),
                ("reliability", "B"),
                ("credibility", "2"),
                ("date", "2023-04"),
                ("reference", "REG-7"),
                ("sensitivity", "internal"),
            ],
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let source = created_id(r.location());
        let Entity::Source(x) = stored(&w, &source) else {
            panic!()
        };
        assert_eq!(format!("{:?}{}", x.reliability, x.credibility.get()), "B2");
        let r = c.post_form(
            "/sources/new",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("title_en", "Bad grade"),
                ("reliability", "Z"),
                ("credibility", "9"),
            ],
        );
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text.contains("Choose a grade from the list"));

        let r = c.post_form(
            "/source-lists/new",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("name", "hospital-2023"),
                ("description_en", "Deaths registered by the hospital"),
                ("source", &source),
            ],
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let list = created_id(r.location());
        let edit = c.get(&format!("/records/{list}/edit"));
        assert!(edit.text.contains("value=\"hospital-2023\""));
        let r = c.post_form(
            &format!("/records/{list}/edit"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("name", "hospital-2023-b"),
                ("source", &brigade),
            ],
        );
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a unit is not a source"
        );
        let Entity::SourceList(l) = stored(&w, &list) else {
            panic!()
        };
        assert_eq!(l.name, "hospital-2023", "a refused form changes nothing");

        // Incidents keep their own form.
        let incident = w.incident(memoria_core::entity::Sensitivity::Internal);
        assert_eq!(
            c.get(&format!("/records/{incident}/edit")).status,
            StatusCode::NOT_FOUND
        );
    }
}
