//! `/api/v1/log/…`: the transparency log as JSON, for scripts that would rather not
//! read tiles (`/log/…` serves those, see [`crate::routes::log`]).
//!
//! - `GET /log/checkpoint` → `{"size", "root", "note"}` (root in base64, the note as
//!   signed), for any account.
//! - `GET /log/proof?index=N` → `{"index", "size", "receipt", "entry"}`: the
//!   `c2sp.org/tlog-proof@v1` receipt of entry N against the current checkpoint and the
//!   entry exactly as it is hashed; for installation administrators only, since the
//!   entry names accounts, records and actions.
//! - `GET /log/consistency?old=M` → `{"old", "size", "proof", "checkpoint"}`: the proof
//!   (base64 hashes, RFC 9162) that the current checkpoint's tree extends its first M
//!   entries, for any account.
//!
//! The current checkpoint is the newest one, signed first if this server holds the log
//! key and the log has grown. A parameter that is missing or not a number is 400; an
//! entry or an old size beyond the checkpoint is 404.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, WebError};
use crate::extract::ApiUser;
use crate::routes::log::{
    MAX_INDEX, checkpoint_head, current_checkpoint, entry_receipt, parse_index,
};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/proof", get(proof))
        .route("/log/consistency", get(consistency))
}

/// The query of the proof operations: read as text, so that a bad value gets the API's
/// error shape.
#[derive(Deserialize)]
struct Params {
    index: Option<String>,
    old: Option<String>,
}

/// The one numeric parameter `name` of `query`.
fn number(
    query: Result<Query<Params>, QueryRejection>,
    name: &str,
    pick: fn(Params) -> Option<String>,
) -> Result<u64, ApiError> {
    let Query(params) = query.map_err(|_| {
        ApiError(WebError::BadRequest(
            "the query string cannot be read; give each parameter at most once".into(),
        ))
    })?;
    pick(params)
        .as_deref()
        .and_then(parse_index)
        .ok_or_else(|| {
            ApiError(WebError::BadRequest(format!(
                "give {name}=N, a whole number from 0 to {MAX_INDEX}"
            )))
        })
}

async fn checkpoint(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let value = state
        .blocking(|s| {
            let checkpoint = current_checkpoint(s)?.ok_or(WebError::NotFound)?;
            let head = checkpoint_head(&checkpoint)?;
            Ok(json!({
                "size": head.size,
                "root": head.root.to_base64(),
                "note": checkpoint.note,
            }))
        })
        .await?;
    Ok(Json(value))
}

async fn proof(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    if !user.access.is_admin {
        return Err(ApiError(WebError::Forbidden));
    }
    let index = number(query, "index", |p| p.index)?;
    let proof = state.blocking(move |s| entry_receipt(s, index)).await?;
    let entry = String::from_utf8(proof.entry)
        .map_err(|_| WebError::internal(format!("log entry {index} is not UTF-8")))?;
    Ok(Json(json!({
        "index": index,
        "size": proof.size,
        "receipt": proof.receipt,
        "entry": entry,
    })))
}

async fn consistency(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    query: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let old = number(query, "old", |p| p.old)?;
    if old == 0 {
        return Err(ApiError(WebError::BadRequest(
            "old must be at least 1: every tree extends the empty one".into(),
        )));
    }
    let value = state
        .blocking(move |s| {
            let checkpoint = current_checkpoint(s)?.ok_or(WebError::NotFound)?;
            if old > checkpoint.size {
                return Err(WebError::NotFound);
            }
            let proof = memoria_tlog::prove_consistency(
                old,
                checkpoint.size,
                &memoria_store::LogReader(s.store.as_ref()),
            )
            .map_err(|e| WebError::internal(format!("log consistency proof: {e}")))?;
            let proof: Vec<String> = proof.iter().map(|h| h.to_base64()).collect();
            Ok(json!({
                "old": old,
                "size": checkpoint.size,
                "proof": proof,
                "checkpoint": checkpoint.note,
            }))
        })
        .await?;
    Ok(Json(value))
}
