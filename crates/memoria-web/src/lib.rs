//! The documentation workspace: the web interface and the JSON API over one store.
//!
//! Pages are rendered on the server (askama templates, which escape every value) and
//! work with JavaScript off; the API under `/api/v1` speaks JSON to scripts holding a
//! bearer token. Both go through the same [`extract::User`], so permissions are decided
//! in one place, and every write goes through the store's transactions, so it lands in
//! the revision history and the audit log under the acting account.
//!
//! Nothing here keeps state that another `memoria serve` process on the same database
//! would need: sessions, tokens, sign-in counters and roles live in the store, and the
//! search index follows the store's audit log (see [`follow`]).
//!
//! What this crate does not do: parse spreadsheets, talk to a terminal, or decide what a
//! write means (the store does); it never builds SQL.

mod api;
mod error;
mod extract;
mod i18n;
mod page;
mod references;
mod routes;
mod security;
mod state;
mod upload;
mod view;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;

pub use error::WebError;
pub use i18n::Lang;
pub use state::{AppState, DEFAULT_MAX_UPLOAD, DEFAULT_UPLOAD_EXPIRY, Settings};

/// The whole application: pages, API, static assets, behind the security headers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(routes::router())
        .nest("/api/v1", api::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::localise,
        ))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::extract::DefaultBodyLimit::max(
            state.settings.max_body_bytes,
        ))
        .with_state(state)
}

/// Serves `state` on `listener` until `shutdown` resolves, with the search index
/// following writes made by other processes on the same database.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let follower = follow(state.clone(), stop.clone());
    let sweeper = tokio::spawn(sweep(state.clone()));
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    sweeper.abort();
    let _ = follower.join();
    served
}

/// How often a server sweeps abandoned uploads and interrupted ingests from the vault.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Removes, every [`SWEEP_INTERVAL`] from start, the resumable uploads nothing was
/// written to for [`Settings::upload_expiry`], and the vault's temporaries at least as
/// old (and at least a day old: a part still arriving is one). Every process sharing
/// the vault sweeps; deleting what another already deleted is harmless.
async fn sweep(state: AppState) {
    const DAY: Duration = Duration::from_secs(24 * 60 * 60);
    let Some(vault) = state.vault.clone() else {
        return;
    };
    let expiry = state.settings.upload_expiry;
    let mut failing = false;
    loop {
        let swept = async {
            vault.sweep_uploads(expiry).await?;
            vault.sweep_temporaries(expiry.max(DAY)).await
        }
        .await;
        match swept {
            Ok(_) => failing = false,
            Err(e) if !failing => {
                // Once per outage; the vault's errors name hashes and paths, never content.
                eprintln!("evidence vault: could not sweep abandoned uploads: {e}");
                failing = true;
            }
            Err(_) => {}
        }
        tokio::time::sleep(SWEEP_INTERVAL).await;
    }
}

/// How often the index looks for writes made by other processes. A record saved through
/// one `memoria serve` is found through another within this interval plus one commit.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(250);

/// A thread that keeps the search index in step with the store's audit log.
fn follow(
    state: AppState,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("index-follow".into())
        .spawn(move || {
            let mut failing = false;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match state.index.follow(state.store.as_ref()) {
                    Ok(_) => failing = false,
                    Err(e) if !failing => {
                        // Once per outage, not every 250 ms; the error names no record content.
                        eprintln!("search index: could not follow the store: {e}");
                        failing = true;
                    }
                    Err(_) => {}
                }
                std::thread::sleep(FOLLOW_INTERVAL);
            }
        })
        .expect("spawning a thread")
}
