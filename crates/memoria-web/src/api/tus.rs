//! Resumable uploads of evidence files: the tus 1.0 core protocol with its `creation`
//! and `termination` extensions, at `/api/v1/uploads`, for bearer tokens.
//!
//! - `OPTIONS /uploads` (no token needed) → 204 with `Tus-Version: 1.0.0`,
//!   `Tus-Extension: creation,termination` and `Tus-Max-Size` (the upload limit).
//! - `POST /uploads` with `Upload-Length` (1 byte to the limit; `Upload-Defer-Length` is
//!   not supported) and `Upload-Metadata` carrying `incident` (a record id, required),
//!   and optionally `description`, `filename` and `confidentiality` (`public`,
//!   `internal`, `restricted`, `confidential`; default: the incident's) → 201 with
//!   `Location: /api/v1/uploads/<id>`. The account must be allowed to add records to the
//!   incident, as on the incident page.
//! - `HEAD /uploads/<id>` → `Upload-Offset` and `Upload-Length`.
//! - `PATCH /uploads/<id>` with `Content-Type: application/offset+octet-stream` and
//!   `Upload-Offset` (where the upload stands, else 409) → 204 with the new
//!   `Upload-Offset`. A body that would run past `Upload-Length` is refused (413) and
//!   nothing of it is kept; a body cut short by a broken connection is kept as far as it
//!   came, so the client asks (`HEAD`) and sends the rest.
//! - `DELETE /uploads/<id>` → 204: the upload and everything received for it are gone.
//!
//! Every response carries `Tus-Resumable: 1.0.0`; a request without it (or naming
//! another version) gets 412 with `Tus-Version`. When the last byte has arrived, the
//! file is taken in exactly as the upload form takes it (into the vault, inspected, a
//! copy without metadata, an evidence record with its custody) and the response — and
//! any later `HEAD` — carries `Memoria-Evidence-Id: <record id>` and
//! `Memoria-Evidence: /api/v1/evidence/<record id>`. If that fails part way (or the
//! process stops), the next `HEAD` finishes it.
//!
//! Upload ids are 128 random bits. Only the account that created an upload may ask
//! about it, continue it or delete it; to any other, and for an id that does not exist,
//! it is 404. All state is in the vault's storage, encrypted (`memoria_vault`'s upload
//! module), so any `memoria serve` sharing the vault continues any upload, and nothing
//! received is ever in plaintext outside memory. Uploads left alone longer than
//! `Settings::upload_expiry` are swept away (`crate::sweep`).

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{options, post};
use futures_util::StreamExt;
use memoria_core::id::RecordId;
use memoria_vault::{Upload, UploadId, VaultError};

use super::{ApiError, record_id, segments};
use crate::error::WebError;
use crate::extract::{ApiUser, User};
use crate::state::AppState;
use crate::upload::{self, BodyReader, OnBreak};

const TUS_VERSION: &str = "1.0.0";
const OFFSET_STREAM: &str = "application/offset+octet-stream";

static TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
static UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
static UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
static EVIDENCE_ID: HeaderName = HeaderName::from_static("memoria-evidence-id");
static EVIDENCE: HeaderName = HeaderName::from_static("memoria-evidence");

/// How often a server taking in a complete upload renews its claim on it (the vault
/// takes a claim unrenewed for 15 minutes for abandoned).
const CLAIM_RENEWAL: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// The metadata keys kept with an upload; others a client sends (`filetype`, …) are
/// ignored.
const KEYS: [&str; 4] = ["incident", "description", "filename", "confidentiality"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/uploads", post(create).options(discover))
        .route(
            "/uploads/{id}",
            options(discover)
                .head(status)
                .patch(append)
                .delete(terminate)
                // A part is any size up to the upload's length, checked as it streams.
                .layer(DefaultBodyLimit::disable()),
        )
        .layer(axum::middleware::map_response(
            |mut r: Response| async move {
                r.headers_mut()
                    .insert(TUS_RESUMABLE.clone(), HeaderValue::from_static(TUS_VERSION));
                r
            },
        ))
}

/// The 412 of a request that does not speak tus 1.0.0, if it does not.
fn refused_version(headers: &HeaderMap) -> Option<Response> {
    if headers.get(&TUS_RESUMABLE).and_then(|v| v.to_str().ok()) == Some(TUS_VERSION) {
        return None;
    }
    let e = WebError::BadRequest(format!(
        "send Tus-Resumable: {TUS_VERSION}, the version of the tus protocol this server speaks"
    ));
    let mut response = ApiError(e).into_response();
    *response.status_mut() = StatusCode::PRECONDITION_FAILED;
    response.headers_mut().insert(
        HeaderName::from_static("tus-version"),
        HeaderValue::from_static(TUS_VERSION),
    );
    Some(response)
}

async fn discover(State(state): State<AppState>) -> Response {
    (
        StatusCode::NO_CONTENT,
        [
            ("tus-version", TUS_VERSION.to_string()),
            ("tus-extension", "creation,termination".to_string()),
            ("tus-max-size", state.settings.max_upload_bytes.to_string()),
        ],
    )
        .into_response()
}

/// A header's value as a whole number of bytes.
fn number(headers: &HeaderMap, name: &HeaderName) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .filter(|v| (1..=19).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse().ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError(WebError::BadRequest(format!(
                "{name} must be a whole number of bytes"
            )))
        })
}

/// `Upload-Metadata`: comma-separated `key base64-value` pairs (a key alone has an
/// empty value). Only [`KEYS`] are kept; each at most once.
fn metadata(headers: &HeaderMap) -> Result<BTreeMap<String, String>, ApiError> {
    let bad = |what: &str| {
        ApiError(WebError::BadRequest(format!(
            "Upload-Metadata {what}; send comma-separated pairs of a key and its value in base64"
        )))
    };
    let mut out = BTreeMap::new();
    let Some(raw) = headers.get("upload-metadata") else {
        return Ok(out);
    };
    let raw = raw.to_str().map_err(|_| bad("is not text"))?;
    for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once(' ').unwrap_or((pair, ""));
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(bad("has a malformed key"));
        }
        let value = value.trim();
        let decoded = data_encoding::BASE64
            .decode(value.as_bytes())
            .or_else(|_| data_encoding::BASE64_NOPAD.decode(value.as_bytes()))
            .map_err(|_| bad("has a value that is not base64"))?;
        if !KEYS.contains(&key) {
            continue;
        }
        let text = String::from_utf8(decoded).map_err(|_| bad("has a value that is not UTF-8"))?;
        if out.insert(key.to_string(), text).is_some() {
            return Err(bad("names a key twice"));
        }
    }
    Ok(out)
}

/// The incident an upload's metadata names.
fn incident_of(metadata: &BTreeMap<String, String>) -> Result<RecordId, WebError> {
    metadata
        .get("incident")
        .and_then(|i| record_id(i.trim()))
        .ok_or_else(|| {
            WebError::BadRequest(
                "Upload-Metadata must carry incident, the id of the incident the file is for"
                    .into(),
            )
        })
}

fn owner(user: &User) -> String {
    user.account.id.0.to_string()
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(user): ApiUser,
) -> Result<Response, Response> {
    if let Some(refused) = refused_version(&headers) {
        return Err(refused);
    }
    create_upload(state, headers, user)
        .await
        .map_err(IntoResponse::into_response)
}

async fn create_upload(
    state: AppState,
    headers: HeaderMap,
    user: User,
) -> Result<Response, ApiError> {
    if headers.contains_key("upload-defer-length") {
        return Err(ApiError(WebError::BadRequest(
            "this server needs Upload-Length when the upload is created".into(),
        )));
    }
    let length = number(&headers, &UPLOAD_LENGTH)?.ok_or_else(|| {
        ApiError(WebError::BadRequest(
            "send Upload-Length, the file's size in bytes".into(),
        ))
    })?;
    if length == 0 {
        return Err(ApiError(WebError::BadRequest(
            "the file is empty; there is nothing to keep".into(),
        )));
    }
    let limit = state.settings.max_upload_bytes;
    if length > limit {
        return Err(ApiError(WebError::UploadTooLarge { limit }));
    }
    let metadata = metadata(&headers)?;
    let incident = incident_of(&metadata)?;
    let vault = state.vault.clone().ok_or(WebError::VaultNotConfigured)?;
    let checker = user.clone();
    let described = metadata.clone();
    state
        .blocking(move |s| {
            let destination = upload::destination(s, &checker, incident)?;
            upload::details(
                &checker,
                &destination,
                described.get("description").map_or("", String::as_str),
                described.get("confidentiality").map_or("", String::as_str),
                described.get("filename").map(String::as_str),
            )
            .map_err(WebError::Invalid)?;
            Ok(())
        })
        .await?;
    let upload = vault
        .create_upload(&owner(&user), length, metadata)
        .await
        .map_err(|e| {
            WebError::internal(format!("creating an upload for incident {incident}: {e}"))
        })?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            HeaderValue::from_str(&format!("/api/v1/uploads/{}", upload.id)).expect("hex"),
        )],
    )
        .into_response())
}

/// The caller's upload `id`; 404 for ids that are not ids, unknown uploads and other
/// accounts' uploads alike.
async fn own_upload(
    state: &AppState,
    user: &User,
    path: Result<Path<String>, PathRejection>,
) -> Result<Upload, ApiError> {
    let id: UploadId = segments(path)?
        .parse()
        .map_err(|_| ApiError(WebError::NotFound))?;
    let vault = state.vault.clone().ok_or(WebError::VaultNotConfigured)?;
    match vault.upload(&id).await {
        Ok(Some(upload)) if upload.owner == owner(user) => Ok(upload),
        Ok(_) => Err(ApiError(WebError::NotFound)),
        Err(e) => Err(ApiError(WebError::internal(format!(
            "reading an upload: {e}"
        )))),
    }
}

/// Where an upload stands, with the record made of it once there is one.
fn standing(
    upload: &Upload,
    offset: u64,
    evidence: Option<RecordId>,
) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (UPLOAD_OFFSET.clone(), HeaderValue::from(offset)),
        (UPLOAD_LENGTH.clone(), HeaderValue::from(upload.length)),
    ];
    if let Some(id) = evidence {
        headers.push((
            EVIDENCE_ID.clone(),
            HeaderValue::from_str(&id.to_string()).expect("uuid"),
        ));
        headers.push((
            EVIDENCE.clone(),
            HeaderValue::from_str(&format!("/api/v1/evidence/{id}")).expect("uuid"),
        ));
    }
    headers
}

fn with_headers(status: StatusCode, headers: Vec<(HeaderName, HeaderValue)>) -> Response {
    let mut response = status.into_response();
    response.headers_mut().extend(headers);
    response
}

async fn status(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, Response> {
    if let Some(refused) = refused_version(&headers) {
        return Err(refused);
    }
    async {
        let upload = own_upload(&state, &user, path).await?;
        let evidence = finish(&state, &user, &upload).await?;
        Ok::<_, ApiError>(with_headers(
            StatusCode::OK,
            standing(&upload, upload.offset, evidence),
        ))
    }
    .await
    .map_err(IntoResponse::into_response)
}

async fn append(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Response, Response> {
    let declared = upload::content_length(&headers);
    if let Some(refused) = refused_version(&headers) {
        drain(body, declared).await;
        return Err(refused);
    }
    let (upload, offset) = match check_part(&state, &headers, &user, path, declared).await {
        Ok(checked) => checked,
        Err(refused) => {
            drain(body, declared).await;
            return Err(refused.into_response());
        }
    };
    append_part(state, user, upload, offset, body)
        .await
        .map_err(IntoResponse::into_response)
}

/// Everything about a part that can be refused before its bytes are read: the upload
/// it belongs to (the account's own) and where it starts.
async fn check_part(
    state: &AppState,
    headers: &HeaderMap,
    user: &User,
    path: Result<Path<String>, PathRejection>,
    declared: Option<u64>,
) -> Result<(Upload, u64), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type != OFFSET_STREAM {
        return Err(ApiError(WebError::UnsupportedMediaType(OFFSET_STREAM)));
    }
    let offset = number(headers, &UPLOAD_OFFSET)?.ok_or_else(|| {
        ApiError(WebError::BadRequest(
            "send Upload-Offset, where this part starts".into(),
        ))
    })?;
    let upload = own_upload(state, user, path).await?;
    if offset != upload.offset {
        return Err(conflict(upload.offset));
    }
    if declared.is_some_and(|n| n > upload.length - upload.offset) {
        return Err(too_long(&upload));
    }
    Ok((upload, offset))
}

async fn append_part(
    state: AppState,
    user: User,
    upload: Upload,
    offset: u64,
    body: Body,
) -> Result<Response, ApiError> {
    let room = upload.length - upload.offset;
    if upload.is_complete() {
        // Nothing more may come: a byte past the end is refused (the client sent no
        // Content-Length to say so beforehand); an empty part learns the record.
        let mut rest = body.into_data_stream();
        if let Some(Ok(chunk)) = rest.next().await
            && !chunk.is_empty()
        {
            return Err(too_long(&upload));
        }
        let evidence = finish(&state, &user, &upload).await?;
        return Ok(with_headers(
            StatusCode::NO_CONTENT,
            standing(&upload, upload.offset, evidence),
        ));
    }
    let vault = state.vault.clone().ok_or(WebError::VaultNotConfigured)?;
    let mut part = BodyReader::new(body.into_data_stream(), None, room, OnBreak::End);
    let appended = vault.append_upload(&upload, offset, &mut part).await;
    let now = match appended {
        Ok(now) => now,
        Err(VaultError::UploadOffset { offset }) => return Err(conflict(offset)),
        Err(VaultError::UploadTooLong { .. }) => return Err(too_long(&upload)),
        Err(VaultError::Input(_)) if part.too_large => return Err(too_long(&upload)),
        Err(VaultError::StorageFull) => return Err(ApiError(WebError::VaultFull)),
        Err(e) => {
            return Err(ApiError(WebError::internal(format!(
                "appending to an upload: {e}"
            ))));
        }
    };
    let evidence = if now == upload.length {
        let whole = state
            .vault
            .as_ref()
            .expect("checked above")
            .upload(&upload.id)
            .await
            .map_err(|e| WebError::internal(format!("reading an upload: {e}")))?
            .ok_or(WebError::NotFound)?;
        finish(&state, &user, &whole).await?
    } else {
        None
    };
    Ok(with_headers(
        StatusCode::NO_CONTENT,
        standing(&upload, now, evidence),
    ))
}

fn conflict(offset: u64) -> ApiError {
    ApiError(WebError::UploadOffset { offset })
}

fn too_long(upload: &Upload) -> ApiError {
    ApiError(WebError::UploadPastLength {
        length: upload.length,
    })
}

async fn terminate(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, Response> {
    if let Some(refused) = refused_version(&headers) {
        return Err(refused);
    }
    async {
        let upload = own_upload(&state, &user, path).await?;
        let vault = state.vault.clone().ok_or(WebError::VaultNotConfigured)?;
        vault
            .delete_upload(&upload)
            .await
            .map_err(|e| WebError::internal(format!("deleting an upload: {e}")))?;
        Ok::<_, ApiError>(StatusCode::NO_CONTENT.into_response())
    }
    .await
    .map_err(IntoResponse::into_response)
}

/// The record made of a complete upload: made now if it is not yet (and no other
/// process is making it). `None` while bytes are missing or another process is at it.
async fn finish(
    state: &AppState,
    user: &User,
    upload: &Upload,
) -> Result<Option<RecordId>, ApiError> {
    if let Some(result) = &upload.finished {
        return Ok(record_id(result));
    }
    if !upload.is_complete() {
        return Ok(None);
    }
    let vault = state.vault.clone().ok_or(WebError::VaultNotConfigured)?;
    let failed = |e: VaultError| ApiError(WebError::internal(format!("finishing an upload: {e}")));
    if !vault.claim_upload(upload).await.map_err(failed)? {
        return Ok(None);
    }
    let made = async {
        let incident = incident_of(&upload.metadata)?;
        let checker = user.clone();
        let described = upload.metadata.clone();
        let (destination, details) = state
            .blocking(move |s| {
                let destination = upload::destination(s, &checker, incident)?;
                let details = upload::details(
                    &checker,
                    &destination,
                    described.get("description").map_or("", String::as_str),
                    described.get("confidentiality").map_or("", String::as_str),
                    described.get("filename").map(String::as_str),
                )
                .map_err(WebError::Invalid)?;
                Ok((destination, details))
            })
            .await?;
        let file = vault
            .upload_reader(upload)
            .map_err(|e| WebError::internal(format!("finishing an upload: {e}")))?;
        // A large file takes a while: the claim is renewed meanwhile, so that no other
        // process takes it for abandoned and makes a second record of the same upload.
        let renewing = async {
            loop {
                tokio::time::sleep(CLAIM_RENEWAL).await;
                let _ = vault.renew_claim(upload).await;
            }
        };
        tokio::select! {
            added = upload::add_file(state, user, destination, details, file) => added,
            never = renewing => never,
        }
    }
    .await;
    match made {
        Ok(id) => {
            vault
                .finish_upload(upload, &id.to_string())
                .await
                .map_err(failed)?;
            Ok(Some(id))
        }
        Err(e) => {
            let _ = vault.release_upload(upload).await;
            Err(ApiError(e))
        }
    }
}

/// The most of a refused part that is read (and dropped) before answering.
const DRAIN_BYTES: u64 = 1 << 20;

/// Reads and drops a refused part of at most [`DRAIN_BYTES`], so that a client still
/// sending it reads the answer rather than a connection closed under it. A larger
/// part is not read: its connection closes after the answer.
async fn drain(body: Body, declared: Option<u64>) {
    if declared.is_none_or(|n| n > DRAIN_BYTES) {
        return;
    }
    let mut stream = body.into_data_stream();
    let mut seen = 0u64;
    while let Some(Ok(chunk)) = stream.next().await {
        seen += chunk.len() as u64;
        if seen > DRAIN_BYTES {
            break;
        }
    }
}
