//! `/api/v1` for evidence items: an incident's items, one item, its chain of custody
//! and its file. Items are read-only here; files come in through the resumable uploads
//! (`api/tus.rs`), the incident page's form or `memoria evidence add`.
//!
//! - `GET /incidents/{id}/evidence` → a page of item envelopes (`after`, `limit`, `next`
//!   as for other kinds, in id order).
//! - `GET /evidence/{id}` → the item's envelope, with `ETag`.
//! - `GET /evidence/{id}/custody` → `{"items": [{"at", "account", "action", "detail",
//!   "sha256", "copy", "log_index"}]}`, oldest first.
//! - `GET /evidence/{id}/content[?copy=original|stripped]` → the file, as the pages'
//!   downloads send it (an attachment of no declared type, `Memoria-Copy` naming which
//!   copy), recorded in the item's custody before the first byte. Without `copy`: the
//!   original when the account may read capture positions, else the copy without
//!   metadata.
//!
//! The rules are the pages': an item's capture position is withheld (`withheld:
//! ["metadata.gps"]`) from accounts that may not read contact details, and reading a
//! restricted item or a position is audited (`read-sensitive`); reading any other item
//! is a `custody-view` in its chain of custody.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use memoria_auth::roles::{POSITION, redact};
use memoria_core::entity::{Entity, EntityKind, Sensitivity};
use memoria_core::id::RecordId;
use memoria_store::{AccountId, ListQuery};
use serde::Deserialize;
use serde_json::json;

use super::{bad, envelope, etag, page_limit, parse_id, query_params, record_id, segments};
use crate::error::{ApiError, WebError};
use crate::extract::{ApiUser, User};
use crate::page;
use crate::routes::evidence::{Wanted, item_sensitivity, send_file, shows_position};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/incidents/{id}/evidence", get(list))
        .route("/evidence/{id}", get(read))
        .route("/evidence/{id}/custody", get(custody))
        .route("/evidence/{id}/content", get(content))
}

#[derive(Deserialize)]
struct ListParams {
    after: Option<String>,
    limit: Option<String>,
}

/// Whether reading `stored` (an item the reader may see) as the API shows it is a
/// sensitive read, and the audit detail to say so.
fn sensitive_read(
    s: &AppState,
    user: &User,
    stored: &memoria_store::Stored,
    what: &str,
) -> Result<Option<String>, WebError> {
    let Entity::Evidence(full) = &stored.entity else {
        return Ok(None);
    };
    let (redacted, withheld) = redact(&stored.entity, &user.access, stored.collection);
    let Entity::Evidence(evidence) = &redacted else {
        return Ok(None);
    };
    let position = !withheld.contains(&POSITION) && shows_position(evidence);
    if position && what != "api custody" {
        return Ok(Some(format!("{what}, position")));
    }
    if item_sensitivity(s.store.as_ref(), full)? >= Sensitivity::Restricted {
        return Ok(Some(what.to_string()));
    }
    Ok(None)
}

/// The visible evidence item `id`, or 404.
fn item(s: &AppState, user: &User, id: RecordId) -> Result<memoria_store::Stored, WebError> {
    let stored = page::visible(s.store.as_ref(), user, id)?;
    if stored.kind != EntityKind::Evidence {
        return Err(WebError::NotFound);
    }
    Ok(stored)
}

async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let incident = parse_id(&segments(path)?)?;
    let params = query_params(query)?;
    let limit = page_limit(params.limit.as_deref())?;
    let after = match params.after.as_deref().filter(|a| !a.is_empty()) {
        Some(a) => {
            Some(record_id(a).ok_or_else(|| bad("after", "a cursor from a previous page's next"))?)
        }
        None => None,
    };
    let value = state
        .blocking(move |s| {
            let store = s.store.as_ref();
            let parent = page::visible(store, &user, incident)?;
            if parent.kind != EntityKind::Incident {
                return Err(WebError::NotFound);
            }
            let batch = store.list(&ListQuery {
                kind: Some(EntityKind::Evidence),
                parent: Some(incident),
                after,
                limit,
                ..Default::default()
            })?;
            let next = (batch.len() == limit).then(|| batch[limit - 1].id.to_string());
            let mut items = Vec::new();
            let mut reads = Vec::new();
            for st in &batch {
                let Ok(st) = page::visible(store, &user, st.id) else {
                    continue;
                };
                if let Some(detail) = sensitive_read(s, &user, &st, "api list")? {
                    reads.push((st.id, detail));
                }
                items.push(envelope(s.store.as_ref(), &st, &user));
            }
            if !reads.is_empty() {
                let mut tx = store.begin(&user.actor)?;
                for (id, detail) in &reads {
                    tx.audit("read-sensitive", Some(*id), detail)?;
                }
                tx.commit()?;
            }
            Ok(json!({ "items": items, "next": next }))
        })
        .await?;
    Ok(Json(value).into_response())
}

async fn read(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = parse_id(&segments(path)?)?;
    let (value, version) = state
        .blocking(move |s| {
            let stored = item(s, &user, id)?;
            // Every view of an item is in its custody, sensitive or not.
            let mut tx = s.store.begin(&user.actor)?;
            match sensitive_read(s, &user, &stored, "api")? {
                Some(detail) => tx.audit("read-sensitive", Some(id), &detail)?,
                None => tx.audit("custody-view", Some(id), "api")?,
            }
            tx.commit()?;
            Ok((envelope(s.store.as_ref(), &stored, &user), stored.version))
        })
        .await?;
    Ok(([(header::ETAG, etag(version))], Json(value)).into_response())
}

async fn custody(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = parse_id(&segments(path)?)?;
    let value = state
        .blocking(move |s| {
            let store = s.store.as_ref();
            let stored = item(s, &user, id)?;
            let Entity::Evidence(evidence) = &stored.entity else {
                return Err(WebError::NotFound);
            };
            if let Some(detail) = sensitive_read(s, &user, &stored, "api custody")? {
                let mut tx = store.begin(&user.actor)?;
                tx.audit("read-sensitive", Some(id), &detail)?;
                tx.commit()?;
            }
            let mut names: std::collections::HashMap<AccountId, String> = Default::default();
            let mut items = Vec::new();
            for e in store.audit_of(id)? {
                if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(e.account) {
                    slot.insert(
                        store
                            .account(e.account)?
                            .map(|a| a.name)
                            .unwrap_or_else(|| e.account.0.to_string()),
                    );
                }
                let hash = e
                    .detail
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("sha256:"))
                    .map(str::to_string);
                let copy = match hash.as_deref() {
                    Some(h) if h == evidence.sha256 => Some("original"),
                    Some(h) if evidence.stripped_sha256.as_deref() == Some(h) => Some("stripped"),
                    _ => None,
                };
                items.push(json!({
                    "at": e.at.to_string(),
                    "account": names[&e.account],
                    "action": e.action,
                    "detail": e.detail,
                    "sha256": hash,
                    "copy": copy,
                    "log_index": e.log_index,
                }));
            }
            Ok(json!({ "items": items }))
        })
        .await?;
    Ok(Json(value).into_response())
}

#[derive(Deserialize)]
struct ContentParams {
    copy: Option<String>,
}

async fn content(
    State(state): State<AppState>,
    method: Method,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ContentParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let id = parse_id(&segments(path)?)?;
    let Query(params) = query.map_err(|_| {
        ApiError(WebError::BadRequest(
            "the query string cannot be read; give each parameter at most once".into(),
        ))
    })?;
    let copy = match params.copy.as_deref() {
        None | Some("") => Wanted::Best,
        Some("original") => Wanted::Original,
        Some("stripped") => Wanted::Stripped,
        Some(_) => {
            return Err(bad(
                "copy",
                "original, stripped, or empty for the best allowed",
            ));
        }
    };
    Ok(send_file(state, user, id, copy, method).await?)
}
