//! The JSON API: tokens, ETags, stale writes, errors in one shape, bad input.

use axum::http::StatusCode;
use memoria_core::EntityKind;
use memoria_core::entity::Sensitivity;
use serde_json::json;

use crate::harness::{Backend, World};

#[test]
fn read_write_and_conflicts_on_every_backend() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut c = w.api("documentalist");
        let id = w.incident(Sensitivity::Internal);
        let r = c.json("GET", &format!("/api/v1/incidents/{id}"), None, None);
        assert_eq!(r.status, StatusCode::OK, "{backend:?}: {}", r.text);
        assert_eq!(r.headers.get("etag").unwrap(), "\"1\"");
        let mut body = r.json()["body"].clone();
        body["title"]["en"] = json!("Changed through the API");

        let r = c.json(
            "PUT",
            &format!("/api/v1/incidents/{id}"),
            Some(json!({"body": body})),
            None,
        );
        assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(r.json()["error"]["code"], "precondition_required");

        let r = c.json(
            "PUT",
            &format!("/api/v1/incidents/{id}"),
            Some(json!({"body": body})),
            Some("\"1\""),
        );
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.headers.get("etag").unwrap(), "\"2\"");

        // The same write based on version 1 again is stale.
        body["title"]["en"] = json!("A stale overwrite");
        let r = c.json(
            "PUT",
            &format!("/api/v1/incidents/{id}"),
            Some(json!({"body": body})),
            Some("\"1\""),
        );
        assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
        assert_eq!(r.json()["error"]["code"], "precondition_failed");
        let stored = w.store().get(id).unwrap().unwrap();
        assert_eq!(
            stored.entity.to_body()["title"]["en"],
            "Changed through the API"
        );

        // Create, then find it through a filtered list.
        let new = json!({"body": {
            "collection": w.collection.to_string(),
            "title": {"en": "Created by a script"},
            "date": "2022-02",
            "status": "draft",
            "confidentiality": "internal"
        }});
        let r = c.json("POST", "/api/v1/incidents", Some(new), None);
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let created = r.json()["id"].as_str().unwrap().to_string();
        let r = c.json("GET", "/api/v1/incidents?from=2022&to=2022", None, None);
        assert_eq!(r.status, StatusCode::OK);
        let items = r.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 1, "{}", r.text);
        assert_eq!(items[0]["id"], created.as_str());
    }
}

#[test]
fn errors_have_one_shape_and_change_nothing() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.api("documentalist");
    let before = w.count(EntityKind::Incident);
    // No token, a forged token.
    let mut anon = w.client();
    let r = anon.json("GET", "/api/v1/incidents", None, None);
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["code"], "not_signed_in");
    anon.bearer = Some("mat_forged".into());
    assert_eq!(
        anon.json("GET", "/api/v1/incidents", None, None).status,
        StatusCode::UNAUTHORIZED
    );
    // A session cookie does not open the API.
    let mut browser = w.signed_in("documentalist");
    assert_eq!(
        browser.json("GET", "/api/v1/incidents", None, None).status,
        StatusCode::UNAUTHORIZED
    );

    let r = c.send(
        axum::http::Request::post("/api/v1/incidents")
            .header("content-type", "text/plain")
            .body(axum::body::Body::from("{}"))
            .unwrap(),
    );
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.json()["error"]["code"], "unsupported_media_type");

    let r = c.send(
        axum::http::Request::post("/api/v1/incidents")
            .header("content-type", "application/json")
            .body(axum::body::Body::from("{\"body\": {"))
            .unwrap(),
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["code"], "bad_request");

    let huge = json!({"body": {"title": {"en": "x".repeat(2 << 20)}}});
    let r = c.json("POST", "/api/v1/incidents", Some(huge), None);
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    let invalid = json!({"body": {"collection": w.collection.to_string(), "title": {}, "date": "the spring", "status": "draft", "confidentiality": "internal"}});
    let r = c.json("POST", "/api/v1/incidents", Some(invalid), None);
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let e = r.json();
    assert_eq!(e["error"]["code"], "invalid");
    assert!(
        e["error"]["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["field"].as_str().unwrap().starts_with("body"))
    );

    let r = c.json("GET", "/api/v1/incidents/not-an-id", None, None);
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
    let r = c.json("GET", "/api/v1/unicorns", None, None);
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(w.count(EntityKind::Incident), before);
}

#[test]
fn the_openapi_document_lists_every_route() {
    let w = World::new(Backend::Sqlite);
    let r = w.client().json("GET", "/api/v1/openapi.json", None, None);
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    for resource in [
        "incidents",
        "persons",
        "organizations",
        "sources",
        "claims",
        "interventions",
        "source-lists",
        "records",
        "places",
        "collections",
        "acts",
        "vocabularies",
    ] {
        let p = &doc["paths"][format!("/api/v1/{resource}/{{id}}")];
        for m in ["get", "put", "delete"] {
            assert!(p[m].is_object(), "{resource} {m}");
        }
    }
}

#[test]
fn list_records_take_a_violation_and_a_perpetrator_type_from_their_vocabularies() {
    let w = World::new(Backend::Sqlite);
    // The document lists both fields with their vocabularies' codes, as for sex.
    let doc = w
        .client()
        .json("GET", "/api/v1/openapi.json", None, None)
        .json();
    let properties = &doc["components"]["schemas"]["ListRecordBody"]["properties"];
    for (field, code) in [("violation", "killing"), ("perpetrator", "police")] {
        let codes = &properties[field]["anyOf"][0]["enum"];
        assert!(
            codes.as_array().is_some_and(|c| c.contains(&json!(code))),
            "{field}: {}",
            properties[field]
        );
    }

    let mut c = w.api("documentalist");
    let r = c.json(
        "POST",
        "/api/v1/source-lists",
        Some(json!({"body": {"collection": w.collection.to_string(), "name": "committee"}})),
        None,
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let list = r.json()["id"].as_str().unwrap().to_string();
    let record = |violation: &str, perpetrator: &str| {
        json!({"body": {
            "list": list,
            "sex": "female",
            "violation": violation,
            "perpetrator": perpetrator
        }})
    };
    let r = c.json(
        "POST",
        "/api/v1/records",
        Some(record("enforced-disappearance", "military")),
        None,
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let created = r.json()["id"].as_str().unwrap().to_string();
    let r = c.json("GET", &format!("/api/v1/records/{created}"), None, None);
    assert_eq!(r.json()["body"]["violation"], "enforced-disappearance");
    assert_eq!(r.json()["body"]["perpetrator"], "military");

    // Codes swapped between the two vocabularies: refused, each field named, nothing
    // written.
    let before = w.count(EntityKind::Record);
    let r = c.json(
        "POST",
        "/api/v1/records",
        Some(record("military", "enforced-disappearance")),
        None,
    );
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let fields: Vec<String> = r.json()["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.iter().any(|f| f.contains("violation"))
            && fields.iter().any(|f| f.contains("perpetrator")),
        "{fields:?}"
    );
    assert_eq!(w.count(EntityKind::Record), before);
}
