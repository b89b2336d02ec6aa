//! Evidence items: their lines on the incident page, each item's page with its chain of
//! custody, and downloads of their files from the vault.
//!
//! A download is a custody event. Its `custody-download` (or `custody-download-stripped`)
//! audit entry is committed under the signed-in account before the first byte leaves,
//! with the same detail `memoria evidence get` writes. The file goes out as an attachment
//! of a fixed name (`evidence-<id>.<ext>`, never the name it arrived with, which can name
//! people) and of no declared type, so a browser never renders untrusted content on this
//! site. The vault authenticates every chunk as it is read: damage found while the first
//! [`READ_AHEAD`] bytes are read (the whole of most photographs) is an error page and
//! nothing is sent or recorded; damage found later cuts the connection short of the
//! announced length, so what arrived is visibly incomplete, never a whole-looking wrong
//! file, and a `custody-download-failed` entry says where it stopped. A `HEAD` request
//! reads nothing and records nothing.
//!
//! The original keeps every metadata block the file came with, its capture position
//! included, so it goes only to accounts that may read positions (as
//! [`memoria_auth::roles::redact`] decides); the copy without metadata goes to every
//! reader of the item.
//!
//! What this module does not do: add files (the incident page's form, `routes/upload.rs`,
//! the API's resumable uploads and `memoria evidence add` do), or read the store from the
//! async threads (store calls go through [`AppState::blocking`]; only the
//! vault is read here).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::StreamExt;
use memoria_auth::roles::{POSITION, Permission, redact};
use memoria_core::entity::{Entity, Evidence, Sensitivity};
use memoria_core::id::RecordId;
use memoria_store::{AccountId, AuditEntry, Stored};
use memoria_vault::{ContentHash, VaultError, VaultReader};
use serde::Deserialize;
use serde_json::Value;

use crate::error::WebError;
use crate::extract::User;
use crate::i18n::Tr;
use crate::page::{self, chrome, record_title};
use crate::state::AppState;
use crate::view::{CustodyLine, EvidenceLine, EvidencePage, Page, Row};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/evidence/{id}", get(show))
        .route("/evidence/{id}/download", get(download))
}

/// How much of a file is read, and authenticated, before the response starts: files
/// up to this size are checked whole before anything is sent. Each download in
/// progress holds at most this much.
const READ_AHEAD: u64 = 1 << 20;

/// Which copies of an item the reader may take.
struct Copies {
    /// The file as it arrived, metadata and capture position included.
    original: bool,
    /// The copy without metadata, when one was made.
    stripped: bool,
}

fn copies(stored: &Stored, evidence: &Evidence, user: &User) -> Copies {
    let (_, withheld) = redact(&stored.entity, &user.access, stored.collection);
    Copies {
        original: !withheld.contains(&POSITION),
        stripped: evidence.stripped_sha256.is_some(),
    }
}

fn download_href(id: RecordId, stripped: bool) -> String {
    if stripped {
        format!("/evidence/{id}/download?copy=stripped")
    } else {
        format!("/evidence/{id}/download")
    }
}

/// What an item is called on a page: its description in the reader's language, else
/// the start of its hash. Never the file name.
fn title(evidence: &Evidence, tr: &Tr) -> String {
    match evidence.description.best(tr.code()) {
        Some(d) if !d.trim().is_empty() => d.to_string(),
        _ => tr.t1(
            "evidence-untitled",
            "hash",
            page::short_hash(&evidence.sha256),
        ),
    }
}

/// One evidence item of an incident as the incident page lists it; `None` when the
/// reader may not see it. `incident` is the confidentiality of the incident it hangs
/// from, which it inherits when higher (as [`page::visible`] judges it).
pub fn incident_line(
    state: &AppState,
    user: &User,
    tr: &Tr,
    stored: &Stored,
    incident: Sensitivity,
) -> Option<EvidenceLine> {
    let Entity::Evidence(evidence) = &stored.entity else {
        return None;
    };
    let sensitivity = evidence.confidentiality.max(incident);
    if stored.deleted || !user.can_see(stored.collection, sensitivity) {
        return None;
    }
    let copies = copies(stored, evidence, user);
    let download = state.vault.as_ref().and_then(|_| {
        if copies.original {
            Some((download_href(stored.id, false), tr.t("evidence-download")))
        } else if copies.stripped {
            Some((
                download_href(stored.id, true),
                tr.t("evidence-download-stripped"),
            ))
        } else {
            None
        }
    });
    Some(EvidenceLine {
        href: format!("/evidence/{}", stored.id),
        title: title(evidence, tr),
        media_type: evidence.media_type.clone(),
        size: page::byte_size(evidence.size),
        captured: evidence
            .captured_at
            .as_deref()
            .map(page::exif_time)
            .unwrap_or_default(),
        short_hash: page::short_hash(&evidence.sha256).to_string(),
        sha256: evidence.sha256.clone(),
        confidentiality: page::restricted_badge(tr, sensitivity),
        download,
    })
}

async fn show(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    state
        .clone()
        .blocking(move |s| {
            let store = s.store.as_ref();
            let stored = page::visible(store, &user, id)?;
            let Entity::Evidence(full) = &stored.entity else {
                return Ok(Redirect::to(&page::record_href(stored.kind, id)).into_response());
            };
            let tr = user.tr(s);
            let (redacted, withheld) = redact(&stored.entity, &user.access, stored.collection);
            let Entity::Evidence(evidence) = &redacted else {
                return Err(WebError::NotFound);
            };
            let position_withheld = withheld.contains(&POSITION);
            let copies = copies(&stored, full, &user);
            let incident = page::visible(store, &user, evidence.incident).ok();
            let sensitivity = item_sensitivity(store, evidence)?;
            let metadata = metadata_rows(evidence, position_withheld, &tr);
            // Every view of an item is in its custody; restricted items, and a capture
            // position, are sensitive reads.
            let position_shown = !position_withheld && shows_position(evidence);
            let mut tx = store.begin(&user.actor)?;
            if position_shown || sensitivity >= Sensitivity::Restricted {
                tx.audit(
                    "read-sensitive",
                    Some(id),
                    if position_shown {
                        "evidence page, position"
                    } else {
                        "evidence page"
                    },
                )?;
            } else {
                tx.audit("custody-view", Some(id), "evidence page")?;
            }
            tx.commit()?;
            let custody = custody_lines(s, store.audit_of(id)?, evidence, &tr)?;
            let heading = title(evidence, &tr);
            let mut fields = Vec::new();
            if let Some(i) = &incident {
                fields.push(Row {
                    label: tr.t("evidence-incident"),
                    value: record_title(i, &user, &tr).unwrap_or_else(|| page::short_id(i.id)),
                    withheld: false,
                    href: Some(page::record_href(i.kind, i.id)),
                });
            }
            if let Some(d) = evidence.description.best(tr.code()) {
                fields.push(Row {
                    label: tr.t("field-description"),
                    value: d.to_string(),
                    withheld: false,
                    href: None,
                });
            }
            if let Some(name) = &evidence.file_name {
                fields.push(Row {
                    label: tr.t("evidence-file-name"),
                    value: name.clone(),
                    withheld: false,
                    href: None,
                });
            }
            fields.push(Row {
                label: tr.t("field-confidentiality"),
                value: page::sensitivity_label(&tr, evidence.confidentiality),
                withheld: false,
                href: None,
            });
            let view = EvidencePage {
                chrome: chrome(&user, s, heading.clone(), "incidents"),
                heading,
                id: id.to_string(),
                version: stored.version,
                deleted: stored.deleted,
                can_delete: user.can(stored.collection, Permission::DeleteRecords),
                fields,
                media_type: evidence.media_type.clone(),
                size: page::byte_size(evidence.size),
                bytes: tr.t1("evidence-bytes", "bytes", evidence.size),
                sha256: evidence.sha256.clone(),
                stripped_sha256: evidence.stripped_sha256.clone(),
                metadata,
                original_href: (copies.original && s.vault.is_some())
                    .then(|| download_href(id, false)),
                stripped_href: (copies.stripped && s.vault.is_some())
                    .then(|| download_href(id, true)),
                original_withheld: !copies.original,
                vault_missing: s.vault.is_none(),
                custody,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

/// An item's level as [`page::visible`] judges it: its own, or its incident's if higher.
pub(crate) fn item_sensitivity(
    store: &dyn memoria_store::Store,
    evidence: &Evidence,
) -> Result<Sensitivity, WebError> {
    Ok(match store.get(evidence.incident)? {
        Some(i) => evidence
            .confidentiality
            .max(page::record_sensitivity(&i.entity)),
        None => evidence.confidentiality,
    })
}

/// Whether an item's metadata (as redacted for the reader) holds a capture position:
/// showing it is a sensitive read.
pub(crate) fn shows_position(evidence: &Evidence) -> bool {
    evidence.metadata.as_ref().is_some_and(|m| {
        m.pointer("/exif/gps").is_some_and(|g| !g.is_null())
            || m.pointer("/xmp/gps_latitude").is_some_and(|g| !g.is_null())
    })
}

/// What the file said about itself, as far as the reader may see it: camera, capture
/// time, size in pixels, position (or that it is withheld, whether or not there is
/// one), and which metadata blocks it carries. The fields that can name people (owner,
/// artist, creator, comments) stay in the record and in the original file, not on this
/// summary.
fn metadata_rows(evidence: &Evidence, position_withheld: bool, tr: &Tr) -> Vec<Row> {
    let text = |v: &Value, pointer: &str| {
        v.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let row = |key: &str, value: String| Row {
        label: tr.t(key),
        value,
        withheld: false,
        href: None,
    };
    let mut rows = Vec::new();
    let none = Value::Null;
    let m = evidence.metadata.as_ref().unwrap_or(&none);
    let camera: Vec<String> = ["/exif/make", "/exif/model"]
        .into_iter()
        .filter_map(|p| text(m, p))
        .collect();
    if !camera.is_empty() {
        rows.push(row("evidence-camera", camera.join(" · ")));
    }
    if let Some(at) = evidence
        .captured_at
        .clone()
        .or_else(|| text(m, "/exif/captured_at"))
    {
        let offset = text(m, "/exif/captured_at_offset")
            .map(|o| format!(" {o}"))
            .unwrap_or_default();
        rows.push(row(
            "evidence-captured",
            format!("{}{offset}", page::exif_time(&at)),
        ));
    } else if let Some(at) = text(m, "/xmp/create_date") {
        rows.push(row("evidence-captured", at));
    }
    if let (Some(w), Some(h)) = (
        m.get("width").and_then(Value::as_u64),
        m.get("height").and_then(Value::as_u64),
    ) {
        rows.push(row("evidence-dimensions", format!("{w} × {h}")));
    }
    if position_withheld {
        rows.push(withheld_position(tr));
    } else {
        rows.extend(
            positions(m)
                .into_iter()
                .map(|p| row("evidence-position", p)),
        );
    }
    let blocks: Vec<&str> = [("exif", "EXIF"), ("xmp", "XMP"), ("c2pa", "C2PA")]
        .into_iter()
        .filter(|(key, _)| m.get(*key).is_some_and(|b| !b.is_null()))
        .map(|(_, name)| name)
        .collect();
    if !blocks.is_empty() {
        rows.push(row("evidence-blocks", blocks.join(", ")));
    }
    rows
}

fn withheld_position(tr: &Tr) -> Row {
    Row {
        label: tr.t("evidence-position"),
        value: String::new(),
        withheld: true,
        href: None,
    }
}

/// The capture positions the file states: EXIF's in decimal degrees, XMP's as written,
/// each named by its block when there are both (they can disagree, which is worth
/// seeing).
fn positions(m: &Value) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(gps) = m.pointer("/exif/gps")
        && let (Some(lat), Some(lon)) = (
            gps.get("lat").and_then(Value::as_f64),
            gps.get("lon").and_then(Value::as_f64),
        )
    {
        let alt = gps
            .get("alt")
            .and_then(Value::as_f64)
            .map(|a| format!(" · {a:.0} m"))
            .unwrap_or_default();
        found.push(("EXIF", format!("{lat:.6}, {lon:.6}{alt}")));
    }
    if let (Some(lat), Some(lon)) = (
        m.pointer("/xmp/gps_latitude").and_then(Value::as_str),
        m.pointer("/xmp/gps_longitude").and_then(Value::as_str),
    ) {
        found.push(("XMP", format!("{lat}, {lon}")));
    }
    let named = found.len() > 1;
    found
        .into_iter()
        .map(|(block, p)| if named { format!("{p} ({block})") } else { p })
        .collect()
}

/// An item's audit entries as its chain of custody: who did what, when, to which file.
fn custody_lines(
    s: &AppState,
    entries: Vec<AuditEntry>,
    evidence: &Evidence,
    tr: &Tr,
) -> Result<Vec<CustodyLine>, WebError> {
    let mut names: HashMap<AccountId, String> = HashMap::new();
    let mut lines = Vec::with_capacity(entries.len());
    for e in entries {
        if let Entry::Vacant(slot) = names.entry(e.account) {
            slot.insert(
                s.store
                    .account(e.account)?
                    .map(|a| a.name)
                    .unwrap_or_else(|| e.account.0.to_string()),
            );
        }
        let hash = e
            .detail
            .split_whitespace()
            .find_map(|w| w.strip_prefix("sha256:"))
            .unwrap_or_default()
            .to_string();
        let copy = if hash.is_empty() {
            String::new()
        } else if hash == evidence.sha256 {
            tr.t("evidence-copy-original")
        } else if evidence.stripped_sha256.as_deref() == Some(hash.as_str()) {
            tr.t("evidence-copy-stripped")
        } else {
            String::new()
        };
        lines.push(CustodyLine {
            at: e
                .at
                .to_string()
                .replace('T', " ")
                .chars()
                .take(19)
                .collect(),
            account: names[&e.account].clone(),
            action: action_label(&e.action, tr),
            short_hash: page::short_hash(&hash).to_string(),
            hash,
            copy,
            log_index: e.log_index,
        });
    }
    Ok(lines)
}

fn action_label(action: &str, tr: &Tr) -> String {
    let key = match action {
        "custody-ingest" => "custody-action-ingest",
        "custody-derive" => "custody-action-derive",
        "custody-download" => "custody-action-download",
        "custody-download-stripped" => "custody-action-download-stripped",
        "custody-download-failed" => "custody-action-download-failed",
        "custody-export" => "custody-action-export",
        "custody-view" => "custody-action-view",
        "read-sensitive" => "custody-action-read",
        "create" | "update" | "delete" | "undelete" | "restore" => {
            return tr.t(&format!("action-{action}"));
        }
        other => return other.to_string(),
    };
    tr.t(key)
}

#[derive(Deserialize)]
struct DownloadParams {
    copy: Option<String>,
}

/// Streams an item's file, or its copy without metadata (`?copy=stripped`), from the
/// vault, after recording the download in its chain of custody.
async fn download(
    State(state): State<AppState>,
    method: Method,
    user: User,
    Path(id): Path<String>,
    Query(params): Query<DownloadParams>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    let copy = match params.copy.as_deref() {
        None | Some("original") => Wanted::Original,
        Some("stripped") => Wanted::Stripped,
        Some(_) => return Err(WebError::NotFound),
    };
    send_file(state, user, id, copy, method).await
}

/// Which copy of an item's file a download asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// The file as it arrived: only for readers of capture positions.
    Original,
    /// The copy without metadata (404 when none was made).
    Stripped,
    /// The original when the reader may have it, else the copy without metadata.
    Best,
}

/// Streams the chosen copy of item `id` to `user` after recording the download in its
/// chain of custody (see the module's documentation); the pages and the API both
/// download through here. The response names the copy in `Memoria-Copy`.
pub(crate) async fn send_file(
    state: AppState,
    user: User,
    id: RecordId,
    copy: Wanted,
    method: Method,
) -> Result<Response, WebError> {
    let reader = user.clone();
    let (hex, media_type, stripped) = state
        .blocking(move |s| {
            let stored = page::visible(s.store.as_ref(), &reader, id)?;
            let Entity::Evidence(evidence) = &stored.entity else {
                return Err(WebError::NotFound);
            };
            let may = copies(&stored, evidence, &reader);
            let stripped = match copy {
                Wanted::Original if may.original => false,
                Wanted::Original => return Err(WebError::Forbidden),
                Wanted::Stripped => true,
                Wanted::Best if may.original => false,
                Wanted::Best if may.stripped => true,
                Wanted::Best => return Err(WebError::Forbidden),
            };
            let hex = if stripped {
                evidence.stripped_sha256.clone().ok_or(WebError::NotFound)?
            } else {
                evidence.sha256.clone()
            };
            Ok((hex, evidence.media_type.clone(), stripped))
        })
        .await?;
    let vault = state.vault.clone().ok_or(WebError::VaultNotConfigured)?;
    let hash: ContentHash = hex
        .parse()
        .map_err(|_| WebError::internal(format!("evidence {id}: its recorded hash is damaged")))?;
    let file = vault
        .open_read(&hash)
        .await
        .map_err(|e| vault_error(id, &e))?;
    let size = file.size();
    let ext = memoria_media::MediaType::from_mime(&media_type)
        .and_then(|m| m.extensions().first().copied())
        .unwrap_or("bin");
    let name = if stripped {
        format!("evidence-{id}-stripped.{ext}")
    } else {
        format!("evidence-{id}.{ext}")
    };
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .map_err(|_| WebError::internal(format!("evidence {id}: a file name")))?;
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        ),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_LENGTH, HeaderValue::from(size)),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::HeaderName::from_static("memoria-copy"),
            HeaderValue::from_static(if stripped { "stripped" } else { "original" }),
        ),
    ];
    if method == Method::HEAD {
        // The headers only: no byte is read, so nothing enters the custody log.
        return Ok((StatusCode::OK, headers).into_response());
    }

    let mut ahead: Vec<Bytes> = Vec::new();
    let mut read = 0u64;
    let mut rest = Some(file);
    while read < READ_AHEAD
        && let Some(f) = rest.as_mut()
    {
        match f.chunk().await {
            Ok(Some(chunk)) => {
                read += chunk.len() as u64;
                ahead.push(chunk);
            }
            Ok(None) => rest = None,
            Err(e) => return Err(read_error(id, &e)),
        }
    }

    let action = if stripped {
        "custody-download-stripped"
    } else {
        "custody-download"
    };
    let detail = format!("sha256:{hex} size:{size}");
    let actor = user.actor.clone();
    state
        .blocking(move |s| {
            let mut tx = s.store.begin(&actor)?;
            tx.audit(action, Some(id), &detail)?;
            tx.commit()?;
            Ok(())
        })
        .await?;

    let streaming = Streaming {
        file: rest,
        read,
        state,
        user,
        id,
        hex,
        size,
    };
    let rest = futures_util::stream::unfold(streaming, |mut s| async move {
        let mut file = s.file.take()?;
        match file.chunk().await {
            Ok(Some(chunk)) => {
                s.read += chunk.len() as u64;
                s.file = Some(file);
                Some((Ok(chunk), s))
            }
            Ok(None) => None,
            Err(e) => {
                let _ = read_error(s.id, &e);
                s.failed().await;
                // The client sees the connection end short of Content-Length.
                Some((Err(e), s))
            }
        }
    });
    let body = Body::from_stream(
        futures_util::stream::iter(ahead.into_iter().map(Ok::<_, std::io::Error>)).chain(rest),
    );
    Ok((StatusCode::OK, headers, body).into_response())
}

/// The part of a download still to be read from the vault, after [`READ_AHEAD`].
struct Streaming {
    /// `None` once read to its end (or failed).
    file: Option<VaultReader>,
    /// Bytes read so far, the read-ahead included.
    read: u64,
    state: AppState,
    user: User,
    id: RecordId,
    hex: String,
    size: u64,
}

impl Streaming {
    /// The custody log said the download began; it says too that it failed, and where.
    /// (The future holds copies, not the reader, which cannot be shared between threads.)
    fn failed(&self) -> impl Future<Output = ()> + Send + 'static {
        let (state, actor, id) = (self.state.clone(), self.user.actor.clone(), self.id);
        let detail = format!(
            "sha256:{} size:{} failed-at:{}",
            self.hex, self.size, self.read
        );
        async move {
            let written = state
                .blocking(move |s| {
                    let mut tx = s.store.begin(&actor)?;
                    tx.audit("custody-download-failed", Some(id), &detail)?;
                    tx.commit()?;
                    Ok(())
                })
                .await;
            if let Err(e) = written {
                eprintln!("evidence {id}: the failed download could not be recorded: {e}");
            }
        }
    }
}

/// A vault error opening an item's file, as the reader sees it; the operator's log
/// gets the item's id and the vault's words (hashes, never content or names).
fn vault_error(id: RecordId, e: &VaultError) -> WebError {
    match e {
        VaultError::Missing(_) => {
            eprintln!("evidence {id}: {e}");
            WebError::EvidenceMissing
        }
        VaultError::Corrupt { .. } | VaultError::CorruptObject { .. } => {
            eprintln!("evidence {id}: {e}");
            WebError::EvidenceDamaged
        }
        other => WebError::internal(format!("evidence {id}: {other}")),
    }
}

/// An error reading an item's file part way.
fn read_error(id: RecordId, e: &std::io::Error) -> WebError {
    match VaultError::from_io(e) {
        Some(v) => vault_error(id, v),
        None => WebError::internal(format!("evidence {id}: reading the vault: {e}")),
    }
}
