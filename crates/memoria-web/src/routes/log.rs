//! The transparency log of the audit entries, served in the C2SP tlog-tiles layout
//! (`c2sp.org/tlog-tiles`) under `/log/`, and the receipt of one entry as a download
//! from the audit log page.
//!
//! - `GET /log/checkpoint`: the newest signed checkpoint. When this server holds the log
//!   key and the log has grown since the newest checkpoint kept, it signs one first.
//! - `GET /log/tile/<L>/<N>[.p/<W>]`: hash tiles; `GET /log/tile/entries/<N>[.p/<W>]`:
//!   entry bundles (each entry as [`memoria_store::log::leaf_bytes`] writes it).
//! - `GET /audit/receipt/<index>`: a `c2sp.org/tlog-proof@v1` receipt of one entry.
//!
//! Tiles are served as of the newest checkpoint kept, never of the log as it stands:
//! a full tile once it is full, and a partial tile only at exactly the width the tree
//! has at that checkpoint's size; any other tile answers 404, as a path that is not a
//! tile does. So a client holding that checkpoint reads a tree that verifies, and no
//! tile ever shows an entry no checkpoint has committed to.
//!
//! Who may read: the log shows how busy an installation is, so nothing here is public.
//! The checkpoint and hash tiles (hashes only) are for any active account, with a
//! session or a bearer token (`Authorization: Bearer`, for scripts and tools); entry
//! bundles and receipts carry account and record ids and actions, like the audit log
//! page, and are for installation administrators only. Reading the log is not audited:
//! an audited read would grow the log it reads.

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use memoria_store::log::{self as store_log, LogCheckpoint};
use memoria_store::{LogReader, Store, Timestamp};
use memoria_tlog::tile::{self, TILE_HEIGHT, TILE_WIDTH, Tile, TileLevel};
use memoria_tlog::{Checkpoint, Note};

use crate::error::WebError;
use crate::extract::{AnyUser, User};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/tile/{*path}", get(tile))
        .route("/audit/receipt/{index}", get(receipt_download))
}

async fn checkpoint(State(state): State<AppState>, _user: AnyUser) -> Result<Response, WebError> {
    let checkpoint = state
        .blocking(|s| current_checkpoint(s)?.ok_or(WebError::NotFound))
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        checkpoint.note,
    )
        .into_response())
}

async fn tile(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let Path(path) = path.map_err(|_| WebError::NotFound)?;
    let tile = Tile::parse_path(&format!("tile/{path}")).map_err(|_| WebError::NotFound)?;
    if tile.level == TileLevel::Entries && !user.access.is_admin {
        return Err(WebError::Forbidden);
    }
    let bytes = state
        .blocking(move |s| {
            let size = s
                .store
                .latest_log_checkpoint()?
                .ok_or(WebError::NotFound)?
                .size;
            tile_bytes(s.store.as_ref(), &tile, size)
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

async fn receipt_download(
    State(state): State<AppState>,
    user: User,
    index: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    if !user.access.is_admin {
        return Err(WebError::Forbidden);
    }
    let index = index
        .ok()
        .and_then(|Path(i)| parse_index(&i))
        .ok_or(WebError::NotFound)?;
    let proof = state.blocking(move |s| entry_receipt(s, index)).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/plain; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"memoria-entry-{index}.tlog-proof\""),
            ),
        ],
        proof.receipt,
    )
        .into_response())
}

/// A position or size in the log as URLs and queries write it: decimal digits only (no
/// sign, no space), at most [`MAX_INDEX`].
pub(crate) fn parse_index(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|&n| n <= MAX_INDEX)
}

/// The largest position or size a URL may name (what JSON Schema's `int64` holds): the
/// log never grows that large, so larger numbers are malformed rather than absent.
pub(crate) const MAX_INDEX: u64 = i64::MAX as u64;

/// The newest checkpoint, signed first when this server holds the log key and the
/// log has grown past the newest one kept. `None` when no checkpoint was ever signed
/// and this server cannot sign one. Runs store calls: call it inside
/// [`AppState::blocking`].
pub(crate) fn current_checkpoint(s: &AppState) -> Result<Option<LogCheckpoint>, WebError> {
    let store = s.store.as_ref();
    let kept = store.latest_log_checkpoint()?;
    let Some(signer) = &s.log_signer else {
        return Ok(kept);
    };
    let size = store.log_size()?;
    if kept.as_ref().is_some_and(|k| k.size >= size) {
        return Ok(kept);
    }
    Ok(Some(store_log::sign_checkpoint(
        store,
        signer,
        Timestamp::now(),
    )?))
}

/// The size and root a kept checkpoint states, read from its signed text.
pub(crate) fn checkpoint_head(checkpoint: &LogCheckpoint) -> Result<Checkpoint, WebError> {
    Note::parse(checkpoint.note.as_bytes())
        .ok()
        .and_then(|n| Checkpoint::parse_text(n.text()).ok())
        .ok_or_else(|| {
            WebError::internal(format!(
                "the kept log checkpoint of size {} cannot be read",
                checkpoint.size
            ))
        })
}

/// An entry's receipt against the current checkpoint, and the entry as it is hashed.
pub(crate) struct EntryProof {
    pub size: u64,
    pub receipt: String,
    pub entry: Vec<u8>,
}

/// The receipt of the entry at `index` against [`current_checkpoint`]: 404 when no
/// checkpoint covers the entry (it is beyond the log, or no key signs one).
pub(crate) fn entry_receipt(s: &AppState, index: u64) -> Result<EntryProof, WebError> {
    let checkpoint = current_checkpoint(s)?.ok_or(WebError::NotFound)?;
    if index >= checkpoint.size {
        return Err(WebError::NotFound);
    }
    let store = s.store.as_ref();
    let entry = store
        .log_entries(index, 1)?
        .pop()
        .filter(|e| e.log_index == Some(index))
        .ok_or_else(|| WebError::internal(format!("the log has no entry at index {index}")))?;
    let receipt = store_log::receipt(store, index, &checkpoint)?;
    Ok(EntryProof {
        size: checkpoint.size,
        receipt: receipt.to_text(),
        entry: store_log::leaf_bytes(&entry),
    })
}

/// The bytes of `tile` in the tree of `size` entries, or 404 when that tree has no such
/// tile: a full tile that is not yet full, a partial tile of another width, or one
/// beyond the tree.
fn tile_bytes(store: &dyn Store, tile: &Tile, size: u64) -> Result<Vec<u8>, WebError> {
    let width = u64::from(TILE_WIDTH);
    // How many hashes (or entries) the tile's level has in the tree of `size`.
    let level_len = match tile.level {
        TileLevel::Hashes(l) => size >> (u32::from(l) * u32::from(TILE_HEIGHT)),
        TileLevel::Entries => size,
    };
    let start = tile.index.checked_mul(width).ok_or(WebError::NotFound)?;
    if level_len.saturating_sub(start).min(width) != u64::from(tile.width) {
        return Err(WebError::NotFound);
    }
    match tile.level {
        TileLevel::Hashes(_) => tile::tile_hashes(tile, &LogReader(store))
            .map_err(|e| WebError::internal(format!("log tile {}: {e}", tile.path()))),
        TileLevel::Entries => {
            let entries = store.log_entries(start, usize::from(tile.width))?;
            let in_place = entries.len() == usize::from(tile.width)
                && entries
                    .iter()
                    .zip(start..)
                    .all(|(e, i)| e.log_index == Some(i));
            if !in_place {
                return Err(WebError::internal(format!(
                    "the log's entries {start}.. are not all stored for {}",
                    tile.path()
                )));
            }
            let leaves: Vec<Vec<u8>> = entries.iter().map(store_log::leaf_bytes).collect();
            tile::entry_bundle(&leaves)
                .map_err(|e| WebError::internal(format!("log tile {}: {e}", tile.path())))
        }
    }
}
