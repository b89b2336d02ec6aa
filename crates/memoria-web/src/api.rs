//! `/api/v1`: every kind of record as JSON, for scripts holding a bearer token.
//!
//! A record travels as an envelope: `{"id", "kind", "version", "deleted", "collection",
//! "updated_at", "body"}`, where `body` is the record's own JSON (the same shape the
//! JSON Lines export writes) with the fields the account may not read removed.
//! Reads carry `ETag: "<version>"`; writes must send it back in `If-Match`, and a stale
//! one gets 412 rather than overwriting a newer version. Lists page with an opaque
//! cursor (`next`): incidents come from the search index, newest first, with a `total`;
//! other kinds come in id order. Errors are `{"error": {"code", "message", "field"?}}`
//! with the codes of [`crate::error`], whatever went wrong (a query, path or body that
//! does not parse included). The OpenAPI document says all of this (`api/openapi.rs`),
//! and schemathesis holds the server to it (`tests/it/validators.rs`). The transparency
//! log's checkpoint, receipts and consistency proofs are under `/log/` (`api/log.rs`);
//! evidence items are read under `/evidence/` (`api/evidence.rs`) and their files
//! arrive as resumable tus uploads under `/uploads` (`api/tus.rs`).

mod evidence;
mod log;
mod openapi;
mod tus;

use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use memoria_auth::roles::{Permission, redact};
use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_search::{IncidentFilter, IncidentSort};
use memoria_store::{ListQuery, Stored};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, WebError};
use crate::extract::{ApiUser, User};
use crate::page;
use crate::state::AppState;

/// The API's collections: URL segment and record kind.
pub const RESOURCES: [(&str, EntityKind); 15] = [
    ("collections", EntityKind::Collection),
    ("incidents", EntityKind::Incident),
    ("acts", EntityKind::Act),
    ("persons", EntityKind::Person),
    ("organizations", EntityKind::Organization),
    ("sources", EntityKind::Source),
    ("claims", EntityKind::Claim),
    ("interventions", EntityKind::Intervention),
    ("source-lists", EntityKind::SourceList),
    ("records", EntityKind::Record),
    ("places", EntityKind::Place),
    ("vocabularies", EntityKind::Vocabulary),
    ("match-decisions", EntityKind::MatchDecision),
    ("consents", EntityKind::Consent),
    ("publication-policies", EntityKind::PublicationPolicy),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(document))
        .merge(log::router())
        .merge(evidence::router())
        .merge(tus::router())
        .route("/{resource}", get(list).post(create))
        .route("/{resource}/{id}", get(read).put(replace).delete(delete))
        .fallback(|| async { ApiError(WebError::NotFound) })
}

/// The OpenAPI document, with the term codes of the vocabularies in force.
async fn document(State(state): State<AppState>) -> Result<Response, ApiError> {
    let vocabs = state.blocking(|s| Ok(s.vocabs())).await?;
    Ok(Json(openapi::document(&vocabs)).into_response())
}

/// The path's segments. One that does not decode (not UTF-8) names nothing here.
fn segments<T>(path: Result<Path<T>, PathRejection>) -> Result<T, ApiError> {
    path.map(|Path(t)| t)
        .map_err(|_| ApiError(WebError::NotFound))
}

/// The request body's bytes: 413 past the server's limit, in the API's error shape.
fn body_bytes(
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<axum::body::Bytes, ApiError> {
    body.map_err(|e| {
        ApiError(if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::PayloadTooLarge
        } else {
            WebError::BadRequest("the request body could not be read".into())
        })
    })
}

/// A record id as the API writes it: the hyphenated UUID form, and nothing looser.
fn record_id(s: &str) -> Option<RecordId> {
    if s.len() == 36 { s.parse().ok() } else { None }
}

fn kind_of(resource: &str) -> Result<EntityKind, ApiError> {
    RESOURCES
        .iter()
        .find(|(r, _)| *r == resource)
        .map(|(_, k)| *k)
        .ok_or(ApiError(WebError::NotFound))
}

fn envelope(store: &dyn memoria_store::Store, stored: &Stored, user: &User) -> Value {
    let (entity, mut withheld) = redact(&stored.entity, &user.access, stored.collection);
    let mut body = entity.to_body();
    withheld.extend(crate::references::withhold(
        store,
        user,
        stored.kind,
        &mut body,
    ));
    let mut v = json!({
        "id": stored.id.to_string(),
        "kind": stored.kind.as_str(),
        "version": stored.version,
        "deleted": stored.deleted,
        "collection": stored.collection.map(|c| c.to_string()),
        "updated_at": stored.updated_at.to_string(),
        "body": body,
    });
    if !withheld.is_empty() {
        v["withheld"] = json!(withheld);
    }
    v
}

fn etag(version: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits")
}

/// The version an `If-Match` header names: one ETag as a read gave it (`"3"`, or weak
/// `W/"3"`). `*` and lists are refused, since they would defeat the point.
fn if_match(headers: &HeaderMap) -> Result<u64, ApiError> {
    let raw = headers
        .get(header::IF_MATCH)
        .ok_or(ApiError(WebError::PreconditionRequired))?
        .to_str()
        .map_err(|_| ApiError(WebError::BadRequest("If-Match is not text".into())))?
        .trim();
    let tag = raw.strip_prefix("W/").unwrap_or(raw);
    tag.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .filter(|d| (1..=18).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| {
            ApiError(WebError::BadRequest(
                "If-Match must be the ETag of a read, like \"3\"".into(),
            ))
        })
}

fn parse_id(id: &str) -> Result<RecordId, ApiError> {
    record_id(id).ok_or(ApiError(WebError::NotFound))
}

/// The query of a list. Every value is read as text and checked here, so that a bad one
/// gets the API's error shape naming its parameter; an empty value is no value (forms
/// and scripts send `status=` for "any").
#[derive(Deserialize, Default)]
struct ListParams {
    after: Option<String>,
    limit: Option<String>,
    collection: Option<String>,
    // Incident filters, as in the interface.
    from: Option<String>,
    to: Option<String>,
    violation: Option<String>,
    status: Option<String>,
    confidentiality: Option<String>,
    place: Option<String>,
    perpetrator: Option<String>,
    q: Option<String>,
}

/// The largest offset an incident cursor may carry (`o` and at most 18 digits).
const MAX_CURSOR_DIGITS: usize = 18;

/// A list's query string, or why it cannot be read.
fn query_params<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(params)| params).map_err(|_| {
        ApiError(WebError::BadRequest(
            "the query string cannot be read; give each parameter at most once".into(),
        ))
    })
}

/// A list's `limit`: 50 by default, at most 500.
fn page_limit(limit: Option<&str>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(50),
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|n| l.bytes().all(|b| b.is_ascii_digit()) && (1..=500).contains(n))
            .ok_or_else(|| bad("limit", "a whole number between 1 and 500")),
    }
}

fn bad(field: &str, message: &str) -> ApiError {
    ApiError(WebError::Invalid(vec![crate::error::FieldProblem {
        field: field.into(),
        message: message.into(),
    }]))
}

async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let kind = kind_of(&segments(path)?)?;
    let params = query_params(query)?;
    let limit = page_limit(params.limit.as_deref())?;
    let collection = match params.collection.as_deref() {
        Some(c) => Some(record_id(c).ok_or_else(|| bad("collection", "a record id"))?),
        None => None,
    };
    let value = state
        .blocking(move |s| {
            // Incidents come from the search index, newest first, filtered or not, so
            // that one kind of cursor pages every incident list.
            if kind == EntityKind::Incident {
                return incident_search(s, &user, &params, collection, limit);
            }
            let after = match params.after.as_deref().filter(|a| !a.is_empty()) {
                Some(a) => Some(record_id(a).ok_or_else(|| {
                    WebError::Invalid(vec![crate::error::FieldProblem {
                        field: "after".into(),
                        message: "a cursor from a previous page's next".into(),
                    }])
                })?),
                None => None,
            };
            let batch = s.store.list(&ListQuery {
                kind: Some(kind),
                collection,
                after,
                limit,
                ..Default::default()
            })?;
            let next = (batch.len() == limit).then(|| batch[limit - 1].id.to_string());
            let items: Vec<Value> = batch
                .iter()
                .filter(|st| page::visible(s.store.as_ref(), &user, st.id).is_ok())
                .map(|st| envelope(s.store.as_ref(), st, &user))
                .collect();
            Ok(json!({ "items": items, "next": next }))
        })
        .await?;
    Ok(Json(value).into_response())
}

/// Filtered incident lists go through the index, paged by a cursor: the place of the
/// page's last row in the order, so that any depth is reached and rows written between
/// two requests neither repeat nor go missing from the ones already ordered.
fn incident_search(
    s: &AppState,
    user: &User,
    p: &ListParams,
    collection: Option<RecordId>,
    limit: usize,
) -> Result<Value, WebError> {
    let invalid = |field: &str, message: &str| {
        WebError::Invalid(vec![crate::error::FieldProblem {
            field: field.into(),
            message: message.into(),
        }])
    };
    let date = |v: &Option<String>, field: &str| -> Result<Option<memoria_core::Edtf>, WebError> {
        match v.as_deref().filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(t) => memoria_core::Edtf::parse(t)
                .map(Some)
                .map_err(|_| invalid(field, "an EDTF date such as 1999, 1999-03 or 1999-03-05")),
        }
    };
    // `k…`: the rows after a place in the order, as deep as the list goes (what `next`
    // gives). `o…`: an offset, as cursors of earlier versions were.
    let bad_cursor = || invalid("after", "a cursor from a previous page's next");
    let (offset, after) = match p.after.as_deref().filter(|a| !a.is_empty()) {
        None => (0, None),
        Some(a) => match (a.strip_prefix('k'), a.strip_prefix('o')) {
            (Some(k), _) => {
                let c: memoria_search::IncidentCursor = k.parse().map_err(|_| bad_cursor())?;
                if c.sort() != IncidentSort::DateDesc {
                    return Err(bad_cursor());
                }
                (0, Some(c))
            }
            (_, Some(n)) => (
                Some(n)
                    .filter(|n| {
                        (1..=MAX_CURSOR_DIGITS).contains(&n.len())
                            && n.bytes().all(|b| b.is_ascii_digit())
                    })
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(bad_cursor)?,
                None,
            ),
            _ => return Err(bad_cursor()),
        },
    };
    let filter = IncidentFilter {
        collection,
        date_from: date(&p.from, "from")?.and_then(|d| d.earliest()),
        date_to: date(&p.to, "to")?.and_then(|d| d.latest()),
        place: match p.place.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(t) => Some(record_id(t).ok_or_else(|| invalid("place", "a place's record id"))?),
        },
        violation: p.violation.clone().filter(|s| !s.is_empty()),
        perpetrator: p.perpetrator.clone().filter(|s| !s.is_empty()),
        status: match p.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(t) => Some(
                memoria_core::entity::Status::ALL
                    .into_iter()
                    .find(|st| st.as_str() == t)
                    .ok_or_else(|| {
                        invalid("status", "one of draft, under_review, verified, closed")
                    })?,
            ),
        },
        confidentiality: match p.confidentiality.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(t) => Some(page::parse_sensitivity(t).ok_or_else(|| {
                invalid(
                    "confidentiality",
                    "one of public, internal, restricted, confidential",
                )
            })?),
        },
        text: p.q.clone().filter(|s| !s.is_empty()),
        sort: IncidentSort::DateDesc,
        after,
        offset,
        // One more than the page, to know whether another follows.
        limit: limit + 1,
    };
    let mut found = s.index.incidents(&filter, &user.scope())?;
    let more = found.rows.len() > limit;
    found.rows.truncate(limit);
    let items: Vec<Value> = found
        .rows
        .iter()
        .filter_map(|r| page::visible(s.store.as_ref(), user, r.id).ok())
        .map(|st| envelope(s.store.as_ref(), &st, user))
        .collect();
    let next = found
        .rows
        .last()
        .filter(|_| more)
        .map(|r| format!("k{}", r.cursor));
    Ok(json!({ "items": items, "next": next, "total": found.total }))
}

async fn read(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let (resource, id) = segments(path)?;
    let kind = kind_of(&resource)?;
    let id = parse_id(&id)?;
    let (value, version) = state
        .blocking(move |s| {
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            if stored.kind != kind {
                return Err(WebError::NotFound);
            }
            let value = envelope(s.store.as_ref(), &stored, &user);
            let names = matches!(stored.entity, Entity::Person(_) | Entity::Record(_))
                && user.can(stored.collection, Permission::ReadNames);
            if names
                || page::record_sensitivity(&stored.entity)
                    >= memoria_core::entity::Sensitivity::Restricted
            {
                let mut tx = s.store.begin(&user.actor)?;
                tx.audit("read-sensitive", Some(id), "api")?;
                tx.commit()?;
            }
            Ok((value, stored.version))
        })
        .await?;
    Ok(([(header::ETAG, etag(version))], Json(value)).into_response())
}

fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.starts_with("application/json") {
        return Err(ApiError(WebError::UnsupportedMediaType("application/json")));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError(WebError::BadRequest(format!(
            "the body is not valid JSON ({})",
            e.classify_name()
        )))
    })?;
    let mut body = value
        .get("body")
        .cloned()
        .filter(Value::is_object)
        .ok_or_else(|| bad("body", "send {\"body\": {…}} with the record's fields"))?;
    integral(&mut body);
    Ok(body)
}

/// Writes whole numbers sent as `2.0` as `2`: JSON Schema (and so the OpenAPI document)
/// counts them as integers, and a client's JSON library may write them so, but the
/// record types read integers only from integer syntax. Other numbers are left alone;
/// the change is exact (an integral float in range is an integer).
fn integral(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0) {
                if f >= 0.0 && f < u64::MAX as f64 {
                    *v = Value::from(f as u64);
                } else if f < 0.0 && f >= i64::MIN as f64 {
                    *v = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral),
        Value::Object(fields) => fields.values_mut().for_each(integral),
        _ => {}
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "ends too early",
        }
    }
}

/// The entity a body describes, if it has the kind's shape (fields and types).
fn entity_of(kind: EntityKind, body: Value) -> Result<Entity, WebError> {
    Entity::from_body(kind, body).map_err(|e| {
        WebError::Invalid(vec![crate::error::FieldProblem {
            field: "body".into(),
            message: e.reason,
        }])
    })
}

/// Every problem with the entity's values, each named by field. Checked once the
/// account is known to be allowed to write there, so that one who is not gets 403
/// whatever the body says.
fn check(entity: Entity, s: &AppState) -> Result<Entity, WebError> {
    let problems = memoria_core::validate::validate(&entity, &s.vocabs());
    if !problems.is_empty() {
        return Err(WebError::Invalid(
            problems
                .into_iter()
                .map(|p| crate::error::FieldProblem {
                    field: format!("body.{}", p.field),
                    message: p.message,
                })
                .collect(),
        ));
    }
    Ok(entity)
}

/// A write that names a record its author may not see is refused as if that record did
/// not exist.
fn unseen_references(
    s: &AppState,
    user: &User,
    entity: &Entity,
    kept: Option<&Entity>,
) -> Result<(), WebError> {
    let fields = crate::references::unseen(s.store.as_ref(), user, entity, kept);
    if fields.is_empty() {
        return Ok(());
    }
    Err(WebError::Invalid(
        fields
            .into_iter()
            .map(|f| crate::error::FieldProblem {
                field: f.into(),
                message: "refers to no record you can see".into(),
            })
            .collect(),
    ))
}

/// The collection a new or changed record would belong to (for permission checks).
fn collection_of(entity: &Entity, s: &AppState) -> Result<Option<RecordId>, WebError> {
    if let Some(c) = entity.collection() {
        return Ok(Some(c));
    }
    match entity.parent() {
        Some(p) => Ok(s.store.get(p)?.and_then(|p| p.collection)),
        None => Ok(None),
    }
}

/// After a committed write: the index follows it, and a changed vocabulary is in force
/// at once (for validation and for the OpenAPI document's term codes).
fn written(s: &AppState, kind: EntityKind, id: RecordId) -> Result<(), WebError> {
    s.index.refresh(s.store.as_ref(), &[id])?;
    if kind == EntityKind::Vocabulary {
        s.vocabularies_changed();
    }
    Ok(())
}

async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let resource = segments(path)?;
    let kind = kind_of(&resource)?;
    let body = json_body(&headers, &body_bytes(body)?)?;
    let (value, id, version) = state
        .blocking(move |s| {
            let entity = entity_of(kind, body)?;
            let collection = collection_of(&entity, s)?;
            if collection.is_none() && !user.access.is_admin {
                return Err(WebError::Forbidden);
            }
            user.require(collection, Permission::CreateRecords)?;
            page::require_for_kind(&user, collection, kind)?;
            unseen_references(s, &user, &entity, None)?;
            let entity = check(entity, s)?;
            let mut tx = s.store.begin(&user.actor)?;
            let stored = tx.create(entity)?;
            tx.commit()?;
            written(s, kind, stored.id)?;
            Ok((
                envelope(s.store.as_ref(), &stored, &user),
                stored.id,
                stored.version,
            ))
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        [
            (header::ETAG, etag(version)),
            (
                header::LOCATION,
                HeaderValue::from_str(&format!("/api/v1/{resource}/{id}")).expect("ascii"),
            ),
        ],
        Json(value),
    )
        .into_response())
}

async fn replace(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (resource, id) = segments(path)?;
    let kind = kind_of(&resource)?;
    let id = parse_id(&id)?;
    let expected = if_match(&headers)?;
    let body = json_body(&headers, &body_bytes(body)?)?;
    let (value, version) = state
        .blocking(move |s| {
            let current = page::visible(s.store.as_ref(), &user, id)?;
            if current.kind != kind {
                return Err(WebError::NotFound);
            }
            user.require(current.collection, Permission::EditRecords)?;
            page::require_for_kind(&user, current.collection, kind)?;
            let (_, withheld) = redact(&current.entity, &user.access, current.collection);
            if !withheld.is_empty()
                || crate::references::hides_any(s.store.as_ref(), &user, &current.entity)
            {
                // Writing back a redacted copy would erase what the account cannot see.
                return Err(WebError::Forbidden);
            }
            let entity = entity_of(kind, body)?;
            if collection_of(&entity, s)? != current.collection {
                return Err(WebError::CollectionFixed);
            }
            unseen_references(s, &user, &entity, Some(&current.entity))?;
            let entity = check(entity, s)?;
            let mut tx = s.store.begin(&user.actor)?;
            let stored = match tx.update(id, expected, entity) {
                Err(memoria_store::StoreError::Conflict { actual, .. }) => {
                    return Err(WebError::PreconditionFailed { current: actual });
                }
                other => other?,
            };
            tx.commit()?;
            written(s, kind, id)?;
            Ok((envelope(s.store.as_ref(), &stored, &user), stored.version))
        })
        .await?;
    Ok(([(header::ETAG, etag(version))], Json(value)).into_response())
}

async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (resource, id) = segments(path)?;
    let kind = kind_of(&resource)?;
    let id = parse_id(&id)?;
    let expected = if_match(&headers)?;
    let (value, version) = state
        .blocking(move |s| {
            let current = page::visible(s.store.as_ref(), &user, id)?;
            if current.kind != kind {
                return Err(WebError::NotFound);
            }
            user.require(current.collection, Permission::DeleteRecords)?;
            page::require_for_kind(&user, current.collection, kind)?;
            let mut tx = s.store.begin(&user.actor)?;
            // Deletion is a revision: the record stays, marked deleted, and can be undone.
            let stored = match tx.delete(id, expected) {
                Err(memoria_store::StoreError::Conflict { actual, .. }) => {
                    return Err(WebError::PreconditionFailed { current: actual });
                }
                other => other?,
            };
            tx.commit()?;
            written(s, kind, id)?;
            Ok((envelope(s.store.as_ref(), &stored, &user), stored.version))
        })
        .await?;
    Ok(([(header::ETAG, etag(version))], Json(value)).into_response())
}
