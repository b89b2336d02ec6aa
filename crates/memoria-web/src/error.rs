//! One error type for pages and API, with one table of stable codes.
//!
//! The code and status of each variant are public contract (scripts match on the code);
//! the message says what to do next. Neither ever carries a record's content, a name or
//! a secret: errors reach screens and logs. Internal failures are logged by id and shown
//! as a generic message, never as the underlying database text.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use memoria_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("sign in to continue")]
    NotSignedIn,
    #[error("your account may not do this")]
    Forbidden,
    /// Also what a record the account may not read looks like: a 404, so its existence
    /// is not revealed.
    #[error("no such page or record")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// Every problem at once, each naming its field.
    #[error("the input has problems; fix the fields named and send it again")]
    Invalid(Vec<FieldProblem>),
    #[error(
        "the record changed since you loaded it (now version {current}); reload it and apply your change again"
    )]
    Conflict { current: u64 },
    #[error(
        "the record changed since the version named in If-Match (now version {current}); fetch it again"
    )]
    PreconditionFailed { current: u64 },
    /// A change that would move a record to another collection (directly, or by hanging
    /// it from a record of another one): a record's collection is fixed when it is made.
    #[error("a record cannot move to another collection; create a new record there instead")]
    CollectionFixed,
    /// A change to a deleted record, which stays as it was deleted until undeleted.
    #[error("the record is deleted; undelete it before editing it")]
    Deleted,
    #[error(
        "this request needs If-Match with the record's ETag, so that a stale copy cannot overwrite a newer one"
    )]
    PreconditionRequired,
    #[error("the form expired or did not come from this site; reload the page and try again")]
    Csrf,
    #[error("too many attempts; wait {retry_after_secs} seconds and try again")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("send the body as {0}")]
    UnsupportedMediaType(&'static str),
    #[error("the request body is larger than this server accepts")]
    PayloadTooLarge,
    /// An evidence file larger than this server's upload limit: nothing of it was kept.
    #[error(
        "the file is larger than this server accepts ({limit} bytes), so nothing was kept; an administrator can raise the limit with --max-upload-size"
    )]
    UploadTooLarge { limit: u64 },
    /// A part of a resumable upload that does not start where the upload stands.
    #[error("the upload stands at byte {offset}; send the part that starts there")]
    UploadOffset { offset: u64 },
    /// A part of a resumable upload that would run past its declared length.
    #[error("the part runs past the upload's length of {length} bytes, so nothing of it was kept")]
    UploadPastLength { length: u64 },
    /// An evidence file was asked for, and this server was started without the vault.
    #[error(
        "this server has no evidence vault; an administrator can start it with the vault's location and key"
    )]
    VaultNotConfigured,
    /// The disk (or bucket quota) that holds the vault is full: the file was not kept.
    #[error(
        "the storage that holds the evidence vault is full, so the file was not kept; an administrator must free space before files can be added"
    )]
    VaultFull,
    /// The vault's copy of an evidence file fails its authentication or its hash: no
    /// byte of it was sent.
    #[error(
        "the stored copy of this file is damaged, so nothing was sent; an administrator can check the vault with `memoria verify` and restore the file from a backup"
    )]
    EvidenceDamaged,
    /// The evidence record names a file the vault does not hold.
    #[error(
        "the vault does not hold this file; an administrator can check the vault with `memoria verify` and restore it from a backup"
    )]
    EvidenceMissing,
    #[error("something went wrong on the server; the error was logged (reference {0})")]
    Internal(String),
}

/// One field's problem, as forms and the API report it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl WebError {
    /// The stable code and HTTP status of each error.
    pub fn code(&self) -> (&'static str, StatusCode) {
        match self {
            WebError::NotSignedIn => ("not_signed_in", StatusCode::UNAUTHORIZED),
            WebError::Forbidden => ("forbidden", StatusCode::FORBIDDEN),
            WebError::NotFound => ("not_found", StatusCode::NOT_FOUND),
            WebError::BadRequest(_) => ("bad_request", StatusCode::BAD_REQUEST),
            WebError::Invalid(_) => ("invalid", StatusCode::UNPROCESSABLE_ENTITY),
            WebError::Conflict { .. } => ("conflict", StatusCode::CONFLICT),
            WebError::PreconditionFailed { .. } => {
                ("precondition_failed", StatusCode::PRECONDITION_FAILED)
            }
            WebError::CollectionFixed => ("collection_fixed", StatusCode::CONFLICT),
            WebError::Deleted => ("deleted", StatusCode::CONFLICT),
            WebError::PreconditionRequired => {
                ("precondition_required", StatusCode::PRECONDITION_REQUIRED)
            }
            WebError::Csrf => ("csrf", StatusCode::FORBIDDEN),
            WebError::TooManyAttempts { .. } => {
                ("too_many_attempts", StatusCode::TOO_MANY_REQUESTS)
            }
            WebError::UnsupportedMediaType(_) => {
                ("unsupported_media_type", StatusCode::UNSUPPORTED_MEDIA_TYPE)
            }
            WebError::PayloadTooLarge => ("payload_too_large", StatusCode::PAYLOAD_TOO_LARGE),
            WebError::UploadTooLarge { .. } => ("upload_too_large", StatusCode::PAYLOAD_TOO_LARGE),
            WebError::UploadOffset { .. } => ("upload_offset", StatusCode::CONFLICT),
            WebError::UploadPastLength { .. } => {
                ("upload_past_length", StatusCode::PAYLOAD_TOO_LARGE)
            }
            WebError::VaultNotConfigured => {
                ("vault_not_configured", StatusCode::SERVICE_UNAVAILABLE)
            }
            WebError::VaultFull => ("vault_full", StatusCode::INSUFFICIENT_STORAGE),
            WebError::EvidenceDamaged => ("evidence_damaged", StatusCode::INTERNAL_SERVER_ERROR),
            WebError::EvidenceMissing => ("evidence_missing", StatusCode::INTERNAL_SERVER_ERROR),
            WebError::Internal(_) => ("internal", StatusCode::INTERNAL_SERVER_ERROR),
        }
    }

    /// The field concerned, where there is exactly one.
    pub fn field(&self) -> Option<&str> {
        match self {
            WebError::Invalid(p) if p.len() == 1 => Some(&p[0].field),
            WebError::CollectionFixed => Some("body.collection"),
            _ => None,
        }
    }

    /// An internal failure: logged here with a reference, shown only as the reference.
    pub fn internal(what: impl std::fmt::Display) -> WebError {
        let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
        eprintln!("error {reference}: {what}");
        WebError::Internal(reference)
    }

    /// The JSON body of the API's errors: `{"error": {"code", "message", "field"?, "problems"?}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let (code, _) = self.code();
        let mut e = serde_json::json!({ "code": code, "message": self.to_string() });
        if let Some(f) = self.field() {
            e["field"] = f.into();
        }
        if let WebError::Invalid(problems) = self {
            e["problems"] = serde_json::to_value(problems).unwrap_or_default();
        }
        serde_json::json!({ "error": e })
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> WebError {
        match e {
            StoreError::NotFound(_) => WebError::NotFound,
            StoreError::Conflict { actual, .. } => WebError::Conflict { current: actual },
            StoreError::Deleted(_) => WebError::Deleted,
            StoreError::NotDeleted(_) => WebError::BadRequest("the record is not deleted".into()),
            StoreError::KindChange(_) => WebError::BadRequest(
                "a record cannot change into another kind; create a new record instead".into(),
            ),
            StoreError::NoSuchVersion { .. } => {
                WebError::BadRequest("the record has no such version".into())
            }
            StoreError::Forbidden(_) => WebError::Forbidden,
            StoreError::SessionNotFound => WebError::NotSignedIn,
            StoreError::AccountNotFound(..) | StoreError::TokenNotFound(..) => WebError::NotFound,
            StoreError::NotACollection(..) => {
                WebError::BadRequest("that record is not a collection".into())
            }
            other => WebError::internal(other),
        }
    }
}

impl From<memoria_search::SearchError> for WebError {
    fn from(e: memoria_search::SearchError) -> WebError {
        WebError::internal(format!("search index: {e}"))
    }
}

/// Pages show errors as a short HTML page; the API wraps them in [`ApiError`].
impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if matches!(self, WebError::NotSignedIn) {
            return (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, HeaderValue::from_static("/sign-in"))],
            )
                .into_response();
        }
        let (code, status) = self.code();
        let page = crate::view::ErrorPage::english(status.as_u16(), code, self.to_string());
        let mut response = (status, page.render_html()).into_response();
        // The page above is English; `localise` renders it again in the reader's
        // language, which is only known from the request.
        response.extensions_mut().insert(ErrorPageInfo::of(&self));
        if let WebError::TooManyAttempts { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

/// The error page of a request without a valid session or token to a resource tools
/// fetch too (the transparency log): 401 with a `Bearer` challenge, where pages
/// redirect to the sign-in form.
pub fn unauthorized_page() -> Response {
    let e = WebError::NotSignedIn;
    let (code, status) = e.code();
    let page = crate::view::ErrorPage::english(status.as_u16(), code, e.to_string());
    let mut response = (
        status,
        [(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"memoria\""),
        )],
        page.render_html(),
    )
        .into_response();
    response.extensions_mut().insert(ErrorPageInfo::of(&e));
    response
}

/// The API's rendering of an error: JSON with the stable code.
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (_, status) = self.0.code();
        let mut response = (status, axum::Json(self.0.to_json())).into_response();
        if let WebError::TooManyAttempts { retry_after_secs } = self.0 {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        if matches!(self.0, WebError::NotSignedIn) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"memoria\""),
            );
        }
        response
    }
}

/// What an error page says, kept on the response so that [`localise`] can say it again
/// in the reader's language.
#[derive(Clone, Debug)]
pub struct ErrorPageInfo {
    code: &'static str,
    status: StatusCode,
    /// The message key and its one argument, when the message is one of ours.
    key: Option<(String, Option<(&'static str, String)>)>,
    /// The message as the handler wrote it (already in the reader's language, or a
    /// reference), when there is no key.
    text: String,
}

impl ErrorPageInfo {
    fn of(e: &WebError) -> ErrorPageInfo {
        let (code, status) = e.code();
        let arg = match e {
            WebError::Conflict { current } | WebError::PreconditionFailed { current } => {
                Some(("current", current.to_string()))
            }
            WebError::TooManyAttempts { retry_after_secs } => {
                Some(("seconds", retry_after_secs.to_string()))
            }
            WebError::Internal(reference) => Some(("reference", reference.clone())),
            WebError::UploadTooLarge { limit } => Some(("size", crate::page::byte_size(*limit))),
            _ => None,
        };
        let key = match e {
            // Handlers word these themselves, in the reader's language; the upload
            // protocol's errors reach only tools.
            WebError::BadRequest(_)
            | WebError::UnsupportedMediaType(_)
            | WebError::UploadOffset { .. }
            | WebError::UploadPastLength { .. } => None,
            _ => Some((format!("error-{}", code.replace('_', "-")), arg)),
        };
        ErrorPageInfo {
            code,
            status,
            key,
            text: e.to_string(),
        }
    }
}

/// Renders error pages in the reader's language (the language cookie set at sign-in,
/// else the browser's), with the page's direction, instead of the English the error
/// was made with.
pub async fn localise(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = crate::i18n::Lang::from_cookie_or_header(request.headers());
    let response = next.run(request).await;
    let Some(info) = response.extensions().get::<ErrorPageInfo>().cloned() else {
        return response;
    };
    let tr = crate::i18n::Tr::new(lang, state.i18n.clone());
    let message = match &info.key {
        Some((key, None)) => tr.t(key),
        Some((key, Some((name, value)))) => tr.t1(key, name, value),
        None => info.text.clone(),
    };
    let page = crate::view::ErrorPage {
        status: info.status.as_u16(),
        code: info.code,
        message,
        lang: lang.code(),
        dir: lang.dir(),
        home: tr.t("error-home"),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let html = crate::view::Page::render_html(&page);
    Response::from_parts(parts, axum::body::Body::from(html.0))
}

/// A refused form's page (422) with a message the handler wrote in the reader's
/// language; [`localise`] gives it the reader's language and direction.
pub fn invalid_page(message: String) -> Response {
    let page = crate::view::ErrorPage::english(422, "invalid", message.clone());
    let mut response = (
        StatusCode::UNPROCESSABLE_ENTITY,
        crate::view::Page::render_html(&page),
    )
        .into_response();
    response.extensions_mut().insert(ErrorPageInfo {
        code: "invalid",
        status: StatusCode::UNPROCESSABLE_ENTITY,
        key: None,
        text: message,
    });
    response
}
