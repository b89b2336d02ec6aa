//! `memoria evidence` and `memoria verify`: evidence files into the vault and back, with
//! their chain of custody.
//!
//! Every action on an item is a custody event — an audit entry on the evidence record
//! (`custody-ingest`, `custody-derive`, `custody-download`) whose detail names the
//! SHA-256 the action concerned — so custody lands in the transparency log with every
//! other audit entry. The file itself is never changed: a copy stripped of its metadata
//! (JPEG, PNG, WebP) is kept beside it for publication.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use memoria_core::entity::{Entity, Evidence, Sensitivity};
use memoria_core::id::RecordId;
use memoria_evidence::{Destination, Details};
use memoria_store::{AuditEntry, Store};
use memoria_vault::{ContentHash, Vault, Verdict};
use tokio::io::{AsyncRead, AsyncWriteExt, ReadBuf};

use crate::config::Config;
use crate::ui;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add files to an incident: hashed, encrypted and stored once in the vault.
    Add {
        #[arg(long)]
        incident: String,
        /// What the files show (the same for every file of this command).
        #[arg(long)]
        description: Option<String>,
        /// public, internal, restricted or confidential (default: the incident's).
        #[arg(long)]
        confidentiality: Option<String>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write an evidence file back out, exactly as it was added (or its stripped copy).
    Get {
        /// The evidence record's id.
        id: String,
        #[arg(long)]
        out: PathBuf,
        /// The copy with its metadata removed, for publication.
        #[arg(long)]
        stripped: bool,
    },
    /// The evidence items of an incident.
    List {
        #[arg(long)]
        incident: String,
    },
    /// An item's chain of custody: every action on it, who, when, which hash.
    Custody {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(config: &Config, cmd: Command) -> Result<()> {
    let (store, actor) = config.open_initialised(false)?;
    let store = store.as_ref();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the vault's runtime")?;
    match cmd {
        Command::Add {
            incident,
            description,
            confidentiality,
            files,
        } => {
            // Store calls stay outside the runtime: the PostgreSQL client blocks.
            let vault = runtime.block_on(config.open_vault())?;
            let incident = record_id(&incident)?;
            let destination = memoria_evidence::destination(store, incident)?;
            let confidentiality = match confidentiality {
                Some(c) => Some(
                    serde_json::from_value::<Sensitivity>(serde_json::Value::String(c)).context(
                        "--confidentiality must be public, internal, restricted or confidential",
                    )?,
                ),
                None => None,
            };
            for file in &files {
                let details = Details {
                    description: description.clone(),
                    confidentiality,
                    file_name: file.file_name().map(|n| n.to_string_lossy().into_owned()),
                };
                let added = add(
                    &runtime,
                    &vault,
                    store,
                    &actor,
                    file,
                    &destination,
                    &details,
                )
                .with_context(|| format!("adding {}", file.display()))?;
                println!("{}\t{}", added.0, added.1);
            }
            Ok(())
        }
        Command::Get { id, out, stripped } => {
            let id = record_id(&id)?;
            let evidence = evidence(store, id)?;
            let hex = if stripped {
                evidence.stripped_sha256.clone().with_context(|| {
                    format!("evidence {id} has no stripped copy (only JPEG, PNG and WebP get one)")
                })?
            } else {
                evidence.sha256.clone()
            };
            if out.exists() {
                bail!("{} exists; choose another --out", out.display());
            }
            let hash: ContentHash = hex.parse().context("the record's hash is damaged")?;
            let written = runtime.block_on(async {
                let vault = config.open_vault().await?;
                write_out(&vault, &hash, &out).await
            })?;
            let mut tx = store.begin(&actor)?;
            let action = if stripped {
                "custody-download-stripped"
            } else {
                "custody-download"
            };
            tx.audit(action, Some(id), &format!("sha256:{hex} size:{written}"))?;
            tx.commit()?;
            ui::say(format!(
                "Wrote {} ({written} bytes, SHA-256 {hex}); the download is in the custody log.",
                out.display()
            ));
            Ok(())
        }
        Command::List { incident } => {
            let incident = record_id(&incident)?;
            let items = store.list(&memoria_store::ListQuery {
                kind: Some(memoria_core::entity::EntityKind::Evidence),
                parent: Some(incident),
                limit: 10_000,
                ..Default::default()
            })?;
            for s in items {
                if let Entity::Evidence(e) = &s.entity {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        s.id,
                        e.sha256,
                        e.size,
                        e.media_type,
                        e.captured_at.as_deref().unwrap_or("-")
                    );
                }
            }
            Ok(())
        }
        Command::Custody { id, json } => {
            let id = record_id(&id)?;
            evidence(store, id)?;
            let events: Vec<AuditEntry> = store.audit_of(id)?;
            for e in &events {
                let account = store
                    .account(e.account)?
                    .map(|a| a.name)
                    .unwrap_or_else(|| e.account.0.to_string());
                if json {
                    println!(
                        "{}",
                        serde_json::json!({
                            "at": e.at.to_string(),
                            "account": account,
                            "action": e.action,
                            "detail": e.detail,
                            "log_index": e.log_index,
                        })
                    );
                } else {
                    let index = e.log_index.map(|i| i.to_string()).unwrap_or_default();
                    println!(
                        "{}\t{account}\t{}\t{}\tlog {index}",
                        e.at, e.action, e.detail
                    );
                }
            }
            Ok(())
        }
    }
}

fn record_id(text: &str) -> Result<RecordId> {
    text.parse()
        .map_err(|_| anyhow::anyhow!("{text:?} is not a record id"))
}

fn evidence(store: &dyn Store, id: RecordId) -> Result<Evidence> {
    match store.get(id)?.map(|s| s.entity) {
        Some(Entity::Evidence(e)) => Ok(e),
        Some(_) => bail!("record {id} is not an evidence item"),
        None => bail!("there is no evidence item {id}"),
    }
}

/// Ingests one file, keeps a stripped copy where one can be made, writes the record
/// and its custody events (all as `memoria_evidence` does it for every way in). Returns
/// the record id and the file's SHA-256.
fn add(
    runtime: &tokio::runtime::Runtime,
    vault: &Vault,
    store: &dyn Store,
    actor: &memoria_store::Actor,
    path: &Path,
    destination: &Destination,
    details: &Details,
) -> Result<(RecordId, String)> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        bail!("not a regular file");
    }
    let bar = ui::progress_bar(Some(meta.len()), "storing");
    let received = runtime.block_on(async {
        let file = tokio::fs::File::open(path).await?;
        anyhow::Ok(
            memoria_evidence::receive(
                vault,
                Counted {
                    inner: file,
                    bar: bar.clone(),
                },
            )
            .await?,
        )
    })?;
    bar.finish_and_clear();
    if received.size != meta.len() {
        bail!("the file changed while it was read; add it again");
    }
    let media_type = received.metadata.media_type;
    if let Some(name) = &details.file_name
        && memoria_media::extension_mismatch(name, &media_type)
    {
        ui::say(format!(
            "note: {} is named like another type of file but is {}; its real type is kept",
            path.display(),
            media_type.mime()
        ));
    }
    let stored = memoria_evidence::record(store, actor, destination, details, &received)?;
    let sha256 = received.sha256;
    ui::say(format!(
        "Added {} as evidence {} ({}, {} bytes, SHA-256 {sha256}){}.",
        path.display(),
        stored.id,
        media_type.mime(),
        received.size,
        if received.stripped_sha256.is_some() {
            ", with a copy stripped of its metadata"
        } else {
            ""
        }
    ));
    Ok((stored.id, sha256))
}

/// Streams a stored file to `out` through a temporary beside it, renamed only once
/// every byte was authenticated and the whole file's hash checked.
async fn write_out(vault: &Vault, hash: &ContentHash, out: &Path) -> Result<u64> {
    let mut reader = vault.open_read(hash).await?;
    let bar = ui::progress_bar(Some(reader.size()), "writing");
    let partial = out.with_extension("partial");
    let mut file = tokio::fs::File::create(&partial)
        .await
        .with_context(|| format!("creating {}", partial.display()))?;
    let mut written = 0u64;
    let result: Result<()> = async {
        while let Some(chunk) = reader.chunk().await? {
            file.write_all(&chunk).await?;
            written += chunk.len() as u64;
            bar.set_position(written);
        }
        file.sync_all().await?;
        Ok(())
    }
    .await;
    bar.finish_and_clear();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e.context("the stored copy could not be read back whole; nothing was written"));
    }
    std::fs::rename(&partial, out)?;
    Ok(written)
}

/// An `AsyncRead` that moves a progress bar.
struct Counted<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: AsyncRead + Unpin> AsyncRead for Counted<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        let read = buf.filled().len() - before;
        self.bar.inc(read as u64);
        poll
    }
}

/// `memoria verify`: every evidence file against its hash, and the audit log against
/// its entries and its newest checkpoint.
pub fn verify(config: &Config) -> Result<()> {
    let (store, _) = config.open_initialised(false)?;
    let store = store.as_ref();
    let mut problems = Vec::new();
    let mut checked = 0usize;
    let items = store.list(&memoria_store::ListQuery {
        kind: Some(memoria_core::entity::EntityKind::Evidence),
        include_deleted: true,
        limit: usize::MAX >> 1,
        ..Default::default()
    })?;
    if !items.is_empty() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let vault = runtime.block_on(config.open_vault())?;
        let bar = ui::counter_bar("verifying");
        bar.set_length(items.len() as u64);
        for s in &items {
            let Entity::Evidence(e) = &s.entity else {
                continue;
            };
            for hex in std::iter::once(&e.sha256).chain(e.stripped_sha256.as_ref()) {
                let hash: ContentHash = hex.parse().context("a stored hash is damaged")?;
                checked += 1;
                match runtime.block_on(vault.verify(&hash))? {
                    Verdict::Intact { .. } => {}
                    Verdict::Missing => {
                        problems.push(format!("evidence {}: the file {hex} is missing", s.id))
                    }
                    Verdict::Corrupt { detail } => problems.push(format!(
                        "evidence {}: the file {hex} is damaged: {detail}",
                        s.id
                    )),
                }
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
    }
    let trusted: Vec<_> = crate::commands::log::signer_if_any(config)?
        .map(|s| s.verifier())
        .into_iter()
        .collect();
    let log = memoria_store::log::audit(store, &trusted, &[], |_, _| {})?;
    problems.extend(log.problems.iter().map(|p| format!("audit log: {p}")));
    if problems.is_empty() {
        ui::say(format!(
            "Everything checks out: {checked} evidence file(s) match their SHA-256, and the audit \
             log's {} entries match its stored hashes and {} checkpoint(s).",
            log.size, log.checkpoints
        ));
        return Ok(());
    }
    for p in &problems {
        ui::say(format!("problem: {p}"));
    }
    bail!(
        "{} problem(s) found; keep the data directory as it is for investigation, and restore \
         damaged files from a backup",
        problems.len()
    )
}
