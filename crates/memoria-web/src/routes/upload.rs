//! Adding an evidence file from the incident page: a multipart form (works without
//! JavaScript) posted to `/incidents/{id}/evidence`.
//!
//! The form sends its fields in order: the CSRF token, the description, the
//! confidentiality, then the file. Everything before the file is checked before a byte
//! of the file is read — the token, the account's right to add to the incident, the
//! description and level — so a refused form stores nothing. The file then streams into
//! the vault as it arrives (never held whole in memory) and becomes a record exactly as
//! `memoria evidence add` makes one (`memoria_evidence`). A file larger than the
//! server's limit (`Settings::max_upload_bytes`) is refused with 413 and a page saying
//! the limit: nothing of it is kept, not even in the vault. On success the browser goes
//! to the new item's page.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;

use crate::error::{FieldProblem, WebError};
use crate::extract::User;
use crate::page;
use crate::routes::parts::refused;
use crate::state::AppState;
use crate::upload::{self, BodyReader, OnBreak};

/// What a form may add around its file: the boundaries, the other fields.
const FORM_OVERHEAD: u64 = 64 << 10;
/// The longest text field read from the form.
const MAX_FIELD: usize = 16 << 10;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/incidents/{id}/evidence",
        // The body is a file of any size up to the upload limit, checked as it streams:
        // the server-wide limit on request bodies is not for it.
        post(add).layer(DefaultBodyLimit::disable()),
    )
}

async fn add(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    let limit = state.settings.max_upload_bytes;
    if upload::content_length(&headers).is_some_and(|n| n > limit.saturating_add(FORM_OVERHEAD)) {
        return Err(WebError::UploadTooLarge { limit });
    }
    let unreadable = || WebError::BadRequest("the form could not be read; send it again".into());
    let mut form = multipart.map_err(|_| unreadable())?;
    let mut csrf_checked = false;
    let mut description = String::new();
    let mut confidentiality = String::new();
    while let Some(mut field) = form.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_string();
        if name != "file" {
            let text = field_text(field).await.ok_or_else(unreadable)?;
            match name.as_str() {
                "csrf" => {
                    user.check_csrf(&text)?;
                    csrf_checked = true;
                }
                "description" => description = text,
                "confidentiality" => confidentiality = text,
                _ => {}
            }
            continue;
        }
        // The token comes first in the form; a file before it is not read at all.
        if !csrf_checked {
            return Err(WebError::Csrf);
        }
        let file_name = field.file_name().map(str::to_string);
        let checker = user.clone();
        let checked = state
            .blocking(move |s| {
                let destination = upload::destination(s, &checker, id)?;
                Ok(upload::details(
                    &checker,
                    &destination,
                    &description,
                    &confidentiality,
                    file_name.as_deref(),
                )
                .map(|details| (destination, details)))
            })
            .await?;
        let (destination, details) = match checked {
            Ok(checked) => checked,
            Err(problems) => return refused(problems),
        };
        let first = field.chunk().await.map_err(|_| unreadable())?;
        if first.as_ref().is_none_or(|c| c.is_empty()) {
            return no_file(&state, &user);
        }
        let mut file = BodyReader::new(field, first, limit, OnBreak::Fail);
        let added = upload::add_file(&state, &user, destination, details, &mut file).await;
        if file.too_large {
            return Err(WebError::UploadTooLarge { limit });
        }
        let evidence = added?;
        return Ok(Redirect::to(&format!("/evidence/{evidence}")).into_response());
    }
    if !csrf_checked {
        return Err(WebError::Csrf);
    }
    let checker = user.clone();
    state
        .blocking(move |s| upload::destination(s, &checker, id).map(|_| ()))
        .await?;
    no_file(&state, &user)
}

/// A form without a file (or with an empty one): nothing to add.
fn no_file(state: &AppState, user: &User) -> Result<Response, WebError> {
    let tr = user.tr(state);
    refused(vec![FieldProblem {
        field: "file".into(),
        message: tr.t("evidence-add-no-file"),
    }])
}

/// A text field's value, read up to [`MAX_FIELD`] bytes; `None` if it is longer or not
/// text.
async fn field_text(mut field: axum::extract::multipart::Field<'_>) -> Option<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.ok()? {
        if bytes.len() + chunk.len() > MAX_FIELD {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}
