//! Recording and finding incidents through the pages, as a documentalist would.

use axum::http::StatusCode;
use memoria_core::EntityKind;
use memoria_core::entity::Sensitivity;

use memoria_store::StoreExt;

use crate::harness::{Backend, World};

#[test]
fn record_an_incident_find_it_edit_it_and_see_its_history() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut c = w.signed_in("documentalist");
        let form = c.get("/incidents/new");
        assert_eq!(form.status, StatusCode::OK);
        let csrf = form.hidden("csrf");
        let collection = w.collection.to_string();

        // Invalid input: every problem named, nothing written.
        let before = w.count(EntityKind::Incident);
        let r = c.post_form(
            "/incidents",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("title_en", ""),
                ("date", "1999-13-45"),
                ("status", "draft"),
                ("confidentiality", "internal"),
            ],
        );
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");
        assert!(r.text.contains("Give the incident a title"), "{}", r.text);
        assert!(r.text.contains("This is not a date Memoria understands"));
        assert!(r.text.contains("value=\"1999-13-45\""), "the input is kept");
        assert_eq!(w.count(EntityKind::Incident), before);

        let r = c.post_form(
            "/incidents",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("title_en", "Raid on the <script>alert(1)</script> market"),
                ("title_ar", "مداهمة السوق"),
                ("narrative_en", "Soldiers entered at dawn.\nTwo were taken."),
                ("date", "2021-06~"),
                ("status", "draft"),
                ("confidentiality", "internal"),
            ],
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{backend:?}: {}", r.text);
        let page_path = r.location().to_string();
        let id = page_path.trim_start_matches("/incidents/").to_string();
        let page = c.get(&page_path);
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text
                .contains("Raid on the &#60;script&#62;alert(1)&#60;/script&#62; market"),
            "escaped: {}",
            page.text
        );
        assert!(!page.text.contains("<script>alert(1)"), "never executed");

        // The list finds it by a word of its title, and the index saw the write at once.
        let list = c.get("/incidents?q=market");
        assert!(
            list.text.contains(&format!("/incidents/{id}")),
            "{backend:?}: {}",
            list.text
        );
        let search = c.get("/search?q=markett");
        assert!(
            search.text.contains(&format!("/incidents/{id}")),
            "misspelled search finds it"
        );

        // Edit it.
        let edit = c.get(&format!("/incidents/{id}/edit"));
        let version = edit.hidden("version");
        assert_eq!(version, "1");
        let fields = |title: &'static str, version: &str| {
            vec![
                ("csrf".to_string(), csrf.clone()),
                ("version".to_string(), version.to_string()),
                ("title_en".to_string(), title.to_string()),
                ("date".to_string(), "2021-06-14".to_string()),
                ("status".to_string(), "under_review".to_string()),
                ("confidentiality".to_string(), "internal".to_string()),
            ]
        };
        let as_refs = |v: &Vec<(String, String)>| {
            v.iter()
                .map(|(a, b)| (a.clone(), b.clone()))
                .collect::<Vec<_>>()
        };
        let f = as_refs(&fields("Raid on the market", "1"));
        let f: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let r = c.post_form(&page_path, &f);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);

        // A second edit based on version 1 is stale: the conflict is shown, not saved.
        let f = as_refs(&fields("Someone else's older view", "1"));
        let f: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let r = c.post_form(&page_path, &f);
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.text.contains("Someone else saved this incident"));
        assert!(
            r.text.contains("Someone else&#39;s older view"),
            "the edit is kept in the form: {}",
            r.text
        );
        let stored = w.store().get(id.parse().unwrap()).unwrap().unwrap();
        assert_eq!(stored.version, 2);

        // History shows the change, readable, and can restore version 1.
        let h = c.get(&format!("/incidents/{id}/history"));
        assert_eq!(h.status, StatusCode::OK);
        assert!(
            h.text.contains("2021-06~") && h.text.contains("2021-06-14"),
            "{}",
            h.text
        );
        assert!(h.text.contains("Restore version 1"));
        let r = c.post_form(
            &format!("/records/{id}/restore"),
            &[("csrf", &csrf), ("to_version", "1"), ("version", "2")],
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let stored = w.store().get(id.parse().unwrap()).unwrap().unwrap();
        assert_eq!(stored.version, 3);
        assert!(stored.entity.to_body()["date"] == "2021-06~");
    }
}

#[test]
fn the_list_filters_by_uncertain_date_overlap_and_marks_it() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("coordinator");
    let csrf = c.csrf();
    let collection = w.collection.to_string();
    for (title, date) in [
        ("Spring event", "2019-03/2019-05"),
        ("Known day", "2019-04-02"),
        ("Later", "2020-01-01"),
    ] {
        let r = c.post_form(
            "/incidents",
            &[
                ("csrf", &csrf),
                ("collection", &collection),
                ("title_en", title),
                ("date", date),
                ("status", "draft"),
                ("confidentiality", "internal"),
            ],
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let list = c.get("/incidents?from=2019-04&to=2019-04");
    assert!(list.text.contains("Spring event") && list.text.contains("Known day"));
    assert!(!list.text.contains("Later"));
    // The spring interval reaches outside April: marked uncertain. The known day is not.
    let row = |name: &str| {
        let start = list.text.find(name).unwrap();
        let end = list.text[start..].find("</tr>").unwrap() + start;
        list.text[start..end].to_string()
    };
    assert!(row("Spring event").contains("uncertain"));
    assert!(!row("Known day").contains("badge uncertain"));
    let bad = c.get("/incidents?from=last-spring");
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.text.contains("A date filter is not a date"));
}

/// Past the numbered pages the list goes on with links that carry the last row's place
/// in the order; such a link shows the rows after it, links on to the next, and one that
/// was tampered with (or made for another order) is said to be wrong, not obeyed.
#[test]
fn the_list_goes_on_past_its_numbered_pages_with_cursors() {
    let w = World::new(Backend::Sqlite);
    let root = w.store().account_by_name("root").unwrap().unwrap();
    let actor = memoria_store::Actor::from(&root);
    let mut ids = Vec::new();
    for n in 0..60 {
        let incident = memoria_core::entity::Incident {
            collection: w.collection,
            title: crate::harness::text(&format!("Listed event number {n:02}")),
            narrative: memoria_core::text::MultiText::new(),
            public_narrative: memoria_core::text::MultiText::new(),
            date: Some(
                memoria_core::edtf::Edtf::parse(&format!("2010-01-{:02}", n % 28 + 1)).unwrap(),
            ),
            place: None,
            point: None,
            status: memoria_core::entity::Status::Draft,
            confidentiality: Sensitivity::Internal,
            external_id: None,
        };
        ids.push(
            w.store()
                .create(&actor, memoria_core::entity::Entity::Incident(incident))
                .unwrap()
                .id,
        );
    }
    w.state.index.refresh(w.store(), &ids).unwrap();
    let rows = w
        .state
        .index
        .incidents(
            &memoria_search::IncidentFilter {
                collection: Some(w.collection),
                limit: 100,
                ..Default::default()
            },
            &memoria_search::Scope::everything(),
        )
        .unwrap()
        .rows;
    assert_eq!(rows.len(), 64, "sixty and the world's four");
    let mut c = w.signed_in("coordinator");
    // As if 100,000 rows came before: the rows after the first one, from the second.
    let page = c.get(&format!("/incidents?after={}&at=100001", rows[0].cursor));
    assert_eq!(page.status, StatusCode::OK);
    let shown = |text: &str| -> Vec<usize> {
        (0..rows.len())
            .filter(|&i| text.contains(&format!("/incidents/{}\"", rows[i].id)))
            .collect()
    };
    assert_eq!(
        shown(&page.text),
        (1..=50).collect::<Vec<_>>(),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("100,001") || page.text.contains("100001"),
        "its position"
    );
    // On to the next: the page's own link, with the 50th row's place.
    let at = page.text.find("at=100051").expect("a link onwards");
    let start = page.text[..at].rfind("href=\"").unwrap() + "href=\"".len();
    let next = page.text[start..at + "at=100051".len()].replace("&amp;", "&");
    assert!(next.starts_with("/incidents?after="), "{next}");
    let last = c.get(&next);
    assert_eq!(shown(&last.text), (51..64).collect::<Vec<_>>());
    assert!(!last.text.contains("after="), "no link past the end");
    // A cursor that is not one, or of another order: said, and the first page shown.
    for bad in [
        "not-a-cursor".to_string(),
        format!("{}&sort=date-asc", rows[0].cursor),
    ] {
        let r = c.get(&format!("/incidents?after={bad}"));
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text.contains("That link to a later page"), "{bad}");
        assert_eq!(shown(&r.text).len(), 50, "{bad}: the first page");
    }
}

#[test]
fn every_response_carries_the_security_headers() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("viewer");
    let incident = w.incident(Sensitivity::Internal);
    for path in [
        "/",
        "/sign-in",
        "/incidents",
        &format!("/incidents/{incident}"),
        "/no-such-page",
        "/static/app.css",
        "/api/v1/incidents",
    ] {
        let r = c.get(path);
        let h = &r.headers;
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer", "{path}");
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
    }
    // No inline script or style in any page.
    for path in [
        "/",
        "/incidents",
        &format!("/incidents/{incident}"),
        "/account",
        "/search?q=x",
    ] {
        let r = c.get(path);
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.text.contains("<script"), "{path}");
        assert!(
            !r.text.contains("style=") && !r.text.contains("<style"),
            "{path}"
        );
    }
}

#[test]
fn huge_and_malformed_requests_are_refused_cleanly() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("documentalist");
    let csrf = c.csrf();
    let before = w.count(EntityKind::Incident);
    let huge = "x".repeat(2 * 1024 * 1024);
    let r = c.post_form("/incidents", &[("csrf", &csrf), ("title_en", &huge)]);
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let long_title = "y".repeat(600);
    let collection = w.collection.to_string();
    let r = c.post_form(
        "/incidents",
        &[
            ("csrf", &csrf),
            ("collection", &collection),
            ("title_en", &long_title),
            ("status", "draft"),
            ("confidentiality", "internal"),
        ],
    );
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text.contains("Too long"));
    // Invalid UTF-8 in a form body.
    let r = c.send(
        axum::http::Request::post("/incidents")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(vec![b't', b'=', 0xff, 0xfe]))
            .unwrap(),
    );
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(w.count(EntityKind::Incident), before);
}

#[test]
fn deleting_is_a_revision_that_can_be_undone() {
    let w = World::new(Backend::Sqlite);
    let id = w.incident(Sensitivity::Internal);
    let mut viewer = w.signed_in("viewer");
    let csrf = viewer.csrf();
    let r = viewer.post_form(
        &format!("/records/{id}/delete"),
        &[("csrf", &csrf), ("version", "1")],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a viewer cannot delete");
    let mut c = w.signed_in("documentalist");
    let page = c.get(&format!("/incidents/{id}"));
    assert!(page.text.contains(&format!("/records/{id}/delete")));
    let csrf = page.hidden("csrf");
    let r = c.post_form(
        &format!("/records/{id}/delete"),
        &[("csrf", &csrf), ("version", "1")],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    // Gone from the list and from what a viewer can open; still in the store.
    assert!(!c.get("/incidents").text.contains(&id.to_string()));
    assert_eq!(
        viewer.get(&format!("/incidents/{id}")).status,
        StatusCode::NOT_FOUND
    );
    let stored = w.store().get(id).unwrap().unwrap();
    assert!(stored.deleted && stored.version == 2);
    // Undone from its page.
    let page = c.get(&format!("/incidents/{id}"));
    assert!(page.text.contains("This record is deleted"));
    let r = c.post_form(
        &format!("/records/{id}/undelete"),
        &[("csrf", &csrf), ("version", "2")],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(c.get("/incidents").text.contains(&id.to_string()));
    assert_eq!(
        viewer.get(&format!("/incidents/{id}")).status,
        StatusCode::OK
    );
}

#[test]
fn an_intervention_recorded_on_an_incident_shows_its_follow_up_on_the_dashboard() {
    let w = World::new(Backend::Sqlite);
    let id = w.incident(Sensitivity::Internal);
    let mut c = w.signed_in("documentalist");
    let csrf = c.csrf();
    let soon = {
        let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(3);
        format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
    };
    let r = c.post_form(
        &format!("/incidents/{id}/interventions"),
        &[
            ("csrf", &csrf),
            ("kind", "urgent-appeal"),
            ("target_name", "Office of the Prosecutor"),
            ("submitted", "2021-03-07"),
            ("status", "submitted"),
            ("next_follow_up", &soon),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert!(
        c.get(&format!("/incidents/{id}"))
            .text
            .contains("Office of the Prosecutor")
    );
    let dashboard = c.get("/");
    assert!(
        dashboard.text.contains("Office of the Prosecutor") && dashboard.text.contains(&soon),
        "due soon"
    );
    // The interventions list opens with the same due list; an account of no collection
    // finds nothing due there.
    let list = c.get("/interventions");
    assert!(
        list.text.contains("Follow-ups due") && list.text.contains(&soon),
        "{}",
        list.text
    );
    let mut outsider = w.signed_in("outsider");
    assert!(!outsider.get("/interventions").text.contains(&soon));
    // A bad date is refused with its field named, and nothing is written.
    let before = w.count(memoria_core::EntityKind::Intervention);
    let r = c.post_form(
        &format!("/incidents/{id}/interventions"),
        &[
            ("csrf", &csrf),
            ("kind", "urgent-appeal"),
            ("status", "submitted"),
            ("next_follow_up", "next week"),
        ],
    );
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text.contains("next_follow_up"));
    assert_eq!(w.count(memoria_core::EntityKind::Intervention), before);
    // An analyst may not record one.
    let mut analyst = w.signed_in("analyst");
    let csrf = analyst.csrf();
    let r = analyst.post_form(
        &format!("/incidents/{id}/interventions"),
        &[
            ("csrf", &csrf),
            ("kind", "urgent-appeal"),
            ("status", "submitted"),
        ],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[test]
fn an_intervention_is_followed_up_from_its_page() {
    let w = World::new(Backend::Sqlite);
    let id = w.incident(Sensitivity::Internal);
    let mut c = w.signed_in("coordinator");
    let csrf = c.csrf();
    c.post_form(
        &format!("/incidents/{id}/interventions"),
        &[
            ("csrf", &csrf),
            ("kind", "urgent-appeal"),
            ("target_name", "Ministry of Interior"),
            ("status", "submitted"),
            ("next_follow_up", "2021-04-01"),
        ],
    );
    let intervention = w
        .store()
        .list(&memoria_store::ListQuery {
            kind: Some(memoria_core::EntityKind::Intervention),
            ..Default::default()
        })
        .unwrap()[0]
        .id;
    let page = c.get(&format!("/records/{intervention}"));
    assert!(
        page.text.contains("/follow-up"),
        "the follow-up form is offered"
    );
    let r = c.post_form(
        &format!("/records/{intervention}/follow-up"),
        &[
            ("csrf", &csrf),
            ("version", "1"),
            ("status", "response-received"),
            ("response", "The ministry denies the detention."),
            ("response_date", "2021-04-20"),
            ("next_follow_up", "2021-05"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let body = w
        .store()
        .get(intervention)
        .unwrap()
        .unwrap()
        .entity
        .to_body();
    assert_eq!(body["status"], "response-received");
    assert_eq!(body["next_follow_up"], "2021-05");
    // The same form again, based on version 1, is stale.
    let r = c.post_form(
        &format!("/records/{intervention}/follow-up"),
        &[
            ("csrf", &csrf),
            ("version", "1"),
            ("status", "closed-with-outcome"),
        ],
    );
    assert_eq!(r.status, StatusCode::CONFLICT);
    // A viewer sees the intervention but no form, and cannot post one.
    let mut viewer = w.signed_in("viewer");
    assert!(
        !viewer
            .get(&format!("/records/{intervention}"))
            .text
            .contains("/follow-up")
    );
    let csrf = viewer.csrf();
    let r = viewer.post_form(
        &format!("/records/{intervention}/follow-up"),
        &[("csrf", &csrf), ("version", "2"), ("status", "cancelled")],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
