//! The interface's pages, one module per area, each with its `router()`.

mod account;
mod admin;
mod analysis;
mod auth;
pub(crate) use auth::LANG_COOKIE;
pub(crate) mod dashboard;
pub(crate) mod editing;
pub(crate) mod evidence;
mod incidents;
pub(crate) mod log;
mod parts;
mod publication;
mod records;
pub(crate) mod statistics;
mod upload;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(dashboard::router())
        .merge(incidents::router())
        .merge(records::router())
        .merge(evidence::router())
        .merge(upload::router())
        .merge(editing::router())
        .merge(account::router())
        .merge(admin::router())
        .merge(statistics::router())
        .merge(analysis::router())
        .merge(publication::router())
        .merge(log::router())
        .route("/static/app.css", get(stylesheet))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(|| async { crate::error::WebError::NotFound })
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}
