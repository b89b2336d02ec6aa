//! What the upload form (`routes/upload.rs`) and the resumable uploads of the API
//! (`api/tus.rs`) share: who may add files to an incident, a request body read as a
//! stream with a size limit, and the way a whole file becomes an evidence record.
//!
//! A file is never held whole in memory: request bodies stream into the vault as they
//! arrive ([`BodyReader`]), and [`add_file`] hands the stream to `memoria_evidence`,
//! which the command line uses too. Store calls go through [`AppState::blocking`]; the
//! vault, which is async, is used outside it.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use futures_util::stream::{BoxStream, StreamExt};
use memoria_auth::roles::Permission;
use memoria_core::entity::Entity;
use memoria_core::id::RecordId;
use memoria_evidence::{Destination, Details, EvidenceError};
use memoria_vault::VaultError;
use tokio::io::{AsyncRead, ReadBuf};

use crate::error::{FieldProblem, WebError};
use crate::extract::User;
use crate::page;
use crate::state::AppState;

/// The longest description accepted with a file, in characters.
pub const MAX_DESCRIPTION: usize = 2000;
/// The longest file name kept with a file, in bytes (longer ones are cut).
pub const MAX_FILE_NAME: usize = 255;
/// How long a request body may send nothing before it counts as broken off.
pub const IDLE: Duration = Duration::from_secs(60);

/// The incident `id` as a destination for files of `user`: visible to them, an
/// incident, not deleted, in a collection where they may create records (the same
/// rule as adding an act or a source from the incident page).
pub fn destination(s: &AppState, user: &User, id: RecordId) -> Result<Destination, WebError> {
    let stored = page::visible(s.store.as_ref(), user, id)?;
    let Entity::Incident(incident) = &stored.entity else {
        return Err(WebError::NotFound);
    };
    user.require(Some(incident.collection), Permission::CreateRecords)?;
    if stored.deleted {
        return Err(WebError::Deleted);
    }
    Ok(Destination {
        collection: incident.collection,
        incident: id,
        confidentiality: incident.confidentiality,
    })
}

/// What a person said about a file, checked: each problem names its field, never its
/// value. `confidentiality` is a code or empty (the incident's).
pub fn details(
    user: &User,
    destination: &Destination,
    description: &str,
    confidentiality: &str,
    file_name: Option<&str>,
) -> Result<Details, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let description = description.trim();
    if description.chars().count() > MAX_DESCRIPTION {
        problems.push(FieldProblem {
            field: "description".into(),
            message: format!("at most {MAX_DESCRIPTION} characters"),
        });
    }
    let confidentiality = match confidentiality.trim() {
        "" => None,
        code => match page::parse_sensitivity(code) {
            // The account must still see the item at the level it will have: its own,
            // or its incident's if that is higher.
            Some(level)
                if !user.can_see(
                    Some(destination.collection),
                    level.max(destination.confidentiality),
                ) =>
            {
                problems.push(FieldProblem {
                    field: "confidentiality".into(),
                    message: "your account could not see an item at this level; choose a lower one"
                        .into(),
                });
                None
            }
            Some(level) => Some(level),
            None => {
                problems.push(FieldProblem {
                    field: "confidentiality".into(),
                    message: "one of public, internal, restricted, confidential".into(),
                });
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let file_name = file_name.map(str::trim).filter(|n| !n.is_empty()).map(|n| {
        let mut end = n.len().min(MAX_FILE_NAME);
        while !n.is_char_boundary(end) {
            end -= 1;
        }
        n[..end].to_string()
    });
    Ok(Details {
        description: (!description.is_empty()).then(|| description.to_string()),
        confidentiality,
        file_name,
    })
}

/// Streams `file` into the vault and records it on `destination` under `user`, with
/// its custody, as `memoria evidence add` does. The account's right to add there is
/// checked again before the record is written (it may have changed during a long
/// upload). Returns the new record's id.
pub async fn add_file<R: AsyncRead + Unpin>(
    state: &AppState,
    user: &User,
    destination: Destination,
    details: Details,
    file: R,
) -> Result<RecordId, WebError> {
    let vault = state.vault.clone().ok_or(WebError::VaultNotConfigured)?;
    let received = memoria_evidence::receive(&vault, file)
        .await
        .map_err(|e| receive_error(destination.incident, e))?;
    let user = user.clone();
    state
        .blocking(move |s| {
            let again = self::destination(s, &user, destination.incident)?;
            let stored = memoria_evidence::record(
                s.store.as_ref(),
                &user.actor,
                &again,
                &details,
                &received,
            )
            .map_err(|e| record_error(destination.incident, e))?;
            s.index.refresh(s.store.as_ref(), &[stored.id])?;
            Ok(stored.id)
        })
        .await
}

/// A failure storing a file, as the client sees it. The operator's log gets the
/// incident's id and the vault's words (hashes, never content or names).
pub fn receive_error(incident: RecordId, e: VaultError) -> WebError {
    match e {
        VaultError::Input(e) if e.get_ref().is_some_and(|e| e.is::<TooLarge>()) => {
            WebError::UploadTooLarge {
                limit: e
                    .get_ref()
                    .and_then(|e| e.downcast_ref::<TooLarge>())
                    .map_or(0, |t| t.0),
            }
        }
        VaultError::Input(_) => WebError::BadRequest(
            "the file did not arrive whole, so nothing was kept; send it again".into(),
        ),
        VaultError::TooLarge => WebError::UploadTooLarge { limit: u64::MAX },
        VaultError::StorageFull => WebError::VaultFull,
        other => WebError::internal(format!("evidence for incident {incident}: {other}")),
    }
}

fn record_error(incident: RecordId, e: EvidenceError) -> WebError {
    match e {
        EvidenceError::Store(e) => e.into(),
        EvidenceError::NoIncident(_) | EvidenceError::NotAnIncident(_) => WebError::NotFound,
        EvidenceError::IncidentDeleted(_) => WebError::Deleted,
        other => WebError::internal(format!("evidence for incident {incident}: {other}")),
    }
}

/// The `Content-Length` a request declares, if any.
pub fn content_length(headers: &axum::http::HeaderMap) -> Option<u64> {
    headers
        .get(axum::http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// What a broken-off body means to the reader of a [`BodyReader`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnBreak {
    /// An error: the file is incomplete and nothing of it may be kept (a form).
    Fail,
    /// The end: what came is kept, and the client sends the rest later (a part of a
    /// resumable upload).
    End,
}

/// The error a [`BodyReader`] fails with past its limit: the limit.
#[derive(Debug)]
pub struct TooLarge(pub u64);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "more than {} bytes", self.0)
    }
}

impl std::error::Error for TooLarge {}

/// A request body (or a form's file field) as an `AsyncRead`, with a limit on its size
/// and on how long it may send nothing. Past the limit it fails with [`TooLarge`] and
/// sets `too_large`; a connection that breaks or falls silent for [`IDLE`] sets
/// `broken` and fails or ends as `on_break` says.
pub struct BodyReader<'a> {
    body: BoxStream<'a, Result<Bytes, String>>,
    current: Bytes,
    limit: u64,
    /// Bytes taken from the body so far.
    pub read: u64,
    pub too_large: bool,
    pub broken: bool,
    ended: bool,
    on_break: OnBreak,
    idle: Pin<Box<tokio::time::Sleep>>,
}

impl<'a> BodyReader<'a> {
    pub fn new<S, E>(body: S, first: Option<Bytes>, limit: u64, on_break: OnBreak) -> Self
    where
        S: futures_util::Stream<Item = Result<Bytes, E>> + Send + 'a,
        E: std::fmt::Display,
    {
        let first = first.unwrap_or_default();
        let mut reader = BodyReader {
            body: body.map(|r| r.map_err(|e| e.to_string())).boxed(),
            current: Bytes::new(),
            limit,
            read: 0,
            too_large: false,
            broken: false,
            ended: false,
            on_break,
            idle: Box::pin(tokio::time::sleep(IDLE)),
        };
        reader.take(first);
        reader
    }

    /// Counts a chunk in; `false` if it goes past the limit.
    fn take(&mut self, chunk: Bytes) -> bool {
        self.read += chunk.len() as u64;
        if self.read > self.limit {
            self.too_large = true;
            return false;
        }
        self.current = chunk;
        true
    }

    fn broke(&mut self) -> Poll<io::Result<()>> {
        self.broken = true;
        self.ended = true;
        match self.on_break {
            OnBreak::End => Poll::Ready(Ok(())),
            OnBreak::Fail => Poll::Ready(Err(io::Error::other("the request broke off"))),
        }
    }
}

impl AsyncRead for BodyReader<'_> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.too_large {
            return Poll::Ready(Err(io::Error::other(TooLarge(this.limit))));
        }
        while this.current.is_empty() {
            if this.ended {
                return Poll::Ready(Ok(()));
            }
            match this.body.poll_next_unpin(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    this.idle.as_mut().reset(tokio::time::Instant::now() + IDLE);
                    if !this.take(chunk) {
                        return Poll::Ready(Err(io::Error::other(TooLarge(this.limit))));
                    }
                }
                Poll::Ready(Some(Err(_))) => return this.broke(),
                Poll::Ready(None) => {
                    this.ended = true;
                    return Poll::Ready(Ok(()));
                }
                Poll::Pending => {
                    if this.idle.as_mut().poll(cx).is_ready() {
                        return this.broke();
                    }
                    return Poll::Pending;
                }
            }
        }
        let n = this.current.len().min(buf.remaining());
        buf.put_slice(&this.current[..n]);
        let _ = this.current.split_to(n);
        Poll::Ready(Ok(()))
    }
}
