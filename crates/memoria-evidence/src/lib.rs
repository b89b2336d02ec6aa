//! Evidence files onto incidents: what `memoria evidence add` and the web server's
//! uploads (the form and the resumable tus endpoint) share, so that a file is taken in
//! the same way whichever door it comes through.
//!
//! Adding a file has two halves, kept apart because they run in different places:
//!
//! - [`receive`] is async and touches only the vault: the file streams in (memory flat,
//!   any size), its SHA-256 computed on the way; its first bytes are kept as they pass
//!   to read its real type and embedded metadata ([`memoria_media::inspect`]); a JPEG,
//!   PNG or WebP of at most [`STRIP_BYTES`] is read back from the vault and a copy
//!   without metadata stored beside it.
//! - [`record`] blocks and touches only the store: the `Evidence` record, checked
//!   ([`memoria_core::validate`]), written in one transaction with its custody entries
//!   `custody-ingest` (the file's hash and size) and `custody-derive` (the stripped
//!   copy's hash), so custody lands in the transparency log with the record.
//!
//! What this crate does not do: decide who may add files (callers check permissions),
//! talk to a terminal or to HTTP, or delete anything from the vault: a file received
//! for a record that is then refused stays in the vault, unreferenced, as any file the
//! vault holds stays.

use memoria_core::entity::{Entity, Evidence, Sensitivity};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_media::{MediaType, Metadata};
use memoria_store::{Actor, Store, StoreError, Stored};
use memoria_vault::{Vault, VaultError};
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

/// How much of a file is kept to find its type and embedded metadata (EXIF sits at the
/// start of a photo; a video's metadata is not read).
pub const INSPECT_BYTES: usize = 16 << 20;

/// Images up to this size that can be stripped get a stripped copy in the vault. The
/// stripper works on the whole image in memory, so this bounds what one ingest holds.
pub const STRIP_BYTES: u64 = 64 << 20;

/// Why a file could not be added. Messages name record ids and hashes, never a file's
/// name, description or content.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("there is no incident {0}")]
    NoIncident(RecordId),
    #[error("record {0} is not an incident")]
    NotAnIncident(RecordId),
    #[error("incident {0} is deleted; undelete it first")]
    IncidentDeleted(RecordId),
    /// The record built for the file fails validation; each problem names its field.
    #[error("the evidence record is not valid: {}", fields(.0))]
    Invalid(Vec<memoria_core::validate::Problem>),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn fields(problems: &[memoria_core::validate::Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The incident files are added to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Destination {
    pub collection: RecordId,
    pub incident: RecordId,
    /// The incident's own confidentiality: an item's default.
    pub confidentiality: Sensitivity,
}

/// The incident `incident` as a destination for files: it must exist, be an incident
/// and not be deleted. Who may add to it is the caller's to decide.
pub fn destination(store: &dyn Store, incident: RecordId) -> Result<Destination, EvidenceError> {
    match store.get(incident)? {
        Some(s) if !s.deleted => match &s.entity {
            Entity::Incident(i) => Ok(Destination {
                collection: i.collection,
                incident,
                confidentiality: i.confidentiality,
            }),
            _ => Err(EvidenceError::NotAnIncident(incident)),
        },
        Some(s) if matches!(s.entity, Entity::Incident(_)) => {
            Err(EvidenceError::IncidentDeleted(incident))
        }
        Some(_) => Err(EvidenceError::NotAnIncident(incident)),
        None => Err(EvidenceError::NoIncident(incident)),
    }
}

/// What a person says about a file when adding it.
#[derive(Clone, Debug, Default)]
pub struct Details {
    /// What the file shows (kept as English text, as the command line has always done).
    pub description: Option<String>,
    /// `None`: the incident's.
    pub confidentiality: Option<Sensitivity>,
    /// The name it arrived with. It can name people: it goes into the record, which
    /// only its readers see, and nowhere else.
    pub file_name: Option<String>,
}

/// A file stored in the vault, with what it says about itself.
#[derive(Clone, Debug)]
pub struct Received {
    pub sha256: String,
    pub size: u64,
    /// The vault already held these bytes.
    pub deduplicated: bool,
    pub metadata: Metadata,
    /// The copy without metadata, when one could be made.
    pub stripped_sha256: Option<String>,
}

/// Streams everything `reader` yields into the vault (see the crate documentation). An
/// error reading `reader` stores nothing: the vault keeps no partial file.
pub async fn receive<R: AsyncRead + Unpin>(
    vault: &Vault,
    reader: R,
) -> Result<Received, VaultError> {
    let mut head = Head {
        inner: reader,
        kept: Vec::new(),
    };
    let ingested = vault.ingest(&mut head).await?;
    let head = head.kept;
    // The type and metadata come from the bytes, never the name.
    let metadata = memoria_media::inspect(&head);
    let mut stripped_sha256 = None;
    let strippable = matches!(
        metadata.media_type,
        MediaType::Jpeg | MediaType::Png | MediaType::Webp
    );
    if strippable && ingested.size <= STRIP_BYTES {
        let whole = if ingested.size <= head.len() as u64 {
            head
        } else {
            // Read back through the vault, which authenticates every chunk: the copy is
            // made from exactly the bytes stored.
            let mut whole = Vec::with_capacity(ingested.size as usize);
            vault
                .open_read(&ingested.hash)
                .await?
                .read_to_end(&mut whole)
                .await
                .map_err(|e| match VaultError::from_io(&e) {
                    Some(VaultError::Corrupt { hash, detail }) => VaultError::Corrupt {
                        hash: *hash,
                        detail: detail.clone(),
                    },
                    _ => VaultError::Input(e),
                })?;
            whole
        };
        if let Ok(stripped) = memoria_media::strip(&whole) {
            let copy = vault.ingest(&stripped.bytes[..]).await?;
            stripped_sha256 = Some(copy.hash.to_hex());
        }
    }
    Ok(Received {
        sha256: ingested.hash.to_hex(),
        size: ingested.size,
        deduplicated: ingested.deduplicated,
        metadata,
        stripped_sha256,
    })
}

/// The record of a received file, checked.
pub fn evidence(
    destination: &Destination,
    details: &Details,
    received: &Received,
) -> Result<Evidence, EvidenceError> {
    let metadata = &received.metadata;
    let evidence = Evidence {
        collection: destination.collection,
        incident: destination.incident,
        sha256: received.sha256.clone(),
        size: received.size,
        media_type: metadata.media_type.mime().to_string(),
        file_name: details.file_name.clone(),
        description: details
            .description
            .as_deref()
            .map(|d| MultiText::single("en", d))
            .unwrap_or_default(),
        captured_at: metadata.exif.as_ref().and_then(|x| x.captured_at.clone()),
        metadata: metadata
            .has_metadata()
            .then(|| serde_json::to_value(metadata))
            .transpose()
            .map_err(|_| {
                EvidenceError::Invalid(vec![memoria_core::validate::Problem {
                    field: "metadata".into(),
                    message: "the file's metadata could not be kept as JSON".into(),
                }])
            })?,
        stripped_sha256: received.stripped_sha256.clone(),
        confidentiality: details
            .confidentiality
            .unwrap_or(destination.confidentiality),
    };
    let problems = memoria_core::validate::validate(
        &Entity::Evidence(evidence.clone()),
        &memoria_core::vocab::VocabularySet::default(),
    );
    if !problems.is_empty() {
        return Err(EvidenceError::Invalid(problems));
    }
    Ok(evidence)
}

/// Writes the record of a received file and its custody entries, in one transaction
/// under `actor`. Blocks (store calls): async callers run it off their async threads.
pub fn record(
    store: &dyn Store,
    actor: &Actor,
    destination: &Destination,
    details: &Details,
    received: &Received,
) -> Result<Stored, EvidenceError> {
    let evidence = evidence(destination, details, received)?;
    let sha256 = &received.sha256;
    let mut tx = store.begin(actor)?;
    let stored = tx.create(Entity::Evidence(evidence))?;
    let dedup = if received.deduplicated {
        " already-stored"
    } else {
        ""
    };
    tx.audit(
        "custody-ingest",
        Some(stored.id),
        &format!("sha256:{sha256} size:{}{dedup}", received.size),
    )?;
    if let Some(s) = &received.stripped_sha256 {
        tx.audit(
            "custody-derive",
            Some(stored.id),
            &format!("sha256:{s} stripped-from:{sha256}"),
        )?;
    }
    tx.commit()?;
    Ok(stored)
}

/// An `AsyncRead` that keeps the first [`INSPECT_BYTES`] of what passes through it.
struct Head<R> {
    inner: R,
    kept: Vec<u8>,
}

impl<R: AsyncRead + Unpin> AsyncRead for Head<R> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        let room = INSPECT_BYTES.saturating_sub(self.kept.len());
        if room > 0 {
            let new = &buf.filled()[before..];
            let take = new.len().min(room);
            self.kept.extend_from_slice(&new[..take]);
        }
        poll
    }
}
