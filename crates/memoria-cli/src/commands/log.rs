//! `memoria log`: the transparency log of the audit entries — its key, signed
//! checkpoints, inclusion receipts, consistency proofs and a full verification.
//!
//! The log key is an Ed25519 key kept as a Go/C2SP signer key file (`PRIVATE+KEY+…`),
//! readable by its owner only, in the data directory unless `--log-key` names another
//! file. Its public half (`memoria log key` prints it) is what partners, witnesses and
//! courts keep to check checkpoints; a checkpoint handed out once makes any later
//! rewrite of the log detectable, even by the log's operator.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use memoria_store::log::{self, LogCheckpoint};
use memoria_store::{Store, Timestamp};
use memoria_tlog::{NoteSigner, NoteVerifier};

use crate::config::Config;
use crate::ui;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the log's public key (creating the key if there is none yet).
    Key {
        /// The log's name, used only when the key is created: a schema-less URL such
        /// as `example.org/memoria`. Default: `memoria/log-` and a random suffix.
        #[arg(long)]
        origin: Option<String>,
    },
    /// Sign a checkpoint of the log as it stands and print it.
    Checkpoint,
    /// Print a receipt (c2sp.org/tlog-proof@v1) that entry N is in the log, or with
    /// --old-size a proof that the log extends its earlier state of M entries.
    Prove {
        /// The entry's position in the log, from 0.
        #[arg(long)]
        index: Option<u64>,
        /// Prove that the current log extends the log of this many entries; with
        /// --index, prove the entry is in the log as it stood at this size (against the
        /// checkpoint of that size, which a partner may hold).
        #[arg(long)]
        old_size: Option<u64>,
    },
    /// Print the entry at position N exactly as it is hashed into the log.
    Entry {
        #[arg(long)]
        index: u64,
    },
    /// Rebuild the log from the audit entries and check every stored hash and the
    /// checkpoints kept, plus any checkpoint files given.
    Verify {
        /// A signed checkpoint kept elsewhere (by a partner, in a report); repeatable.
        #[arg(long = "against", value_name = "FILE")]
        against: Vec<PathBuf>,
    },
}

pub fn run(config: &Config, cmd: Command) -> Result<()> {
    let (store, actor) = config.open_initialised(false)?;
    let store = store.as_ref();
    match cmd {
        Command::Key { origin } => {
            let signer = signer(config, origin.as_deref())?;
            ui::say(format!(
                "The log key is {}; give partners this public key to check checkpoints:",
                config.log_key_path().display()
            ));
            println!("{}", signer.verifier().to_vkey());
        }
        Command::Checkpoint => {
            let checkpoint = fresh_checkpoint(config, store, &actor)?;
            ui::say(match checkpoint.size {
                1 => "The log holds 1 entry.".to_string(),
                n => format!("The log holds {n} entries."),
            });
            print!("{}", checkpoint.note);
        }
        Command::Prove {
            index: Some(index),
            old_size: Some(old),
        } => {
            let Some(checkpoint) = store.log_checkpoint(old)? else {
                bail!(
                    "no checkpoint of the log at {old} entries was signed here; prove against \
                     one that was (`memoria log verify` counts those kept), or leave out \
                     --old-size to prove against the log as it is now"
                );
            };
            if index >= old {
                bail!(
                    "the log at {old} entries holds entries 0 to {}; there is no entry {index} in it",
                    old - 1
                );
            }
            print!("{}", log::receipt(store, index, &checkpoint)?.to_text());
        }
        Command::Prove { index, old_size } => {
            let checkpoint = fresh_checkpoint(config, store, &actor)?;
            match (index, old_size) {
                (Some(index), None) => {
                    if index >= checkpoint.size {
                        bail!(
                            "the log holds {} entries (0 to {}); there is no entry {index}",
                            checkpoint.size,
                            checkpoint.size.saturating_sub(1)
                        );
                    }
                    print!("{}", log::receipt(store, index, &checkpoint)?.to_text());
                }
                (None, Some(old)) => {
                    if old == 0 || old > checkpoint.size {
                        bail!(
                            "--old-size must be between 1 and the log's size, {}",
                            checkpoint.size
                        );
                    }
                    let proof = memoria_tlog::prove_consistency(
                        old,
                        checkpoint.size,
                        &memoria_store::LogReader(store),
                    )?;
                    print!("{}", consistency_text(old, &proof, &checkpoint.note));
                }
                _ => bail!(
                    "give --index N (an inclusion receipt), --old-size M (a consistency \
                     proof), or both (a receipt against the checkpoint of M entries)"
                ),
            }
        }
        Command::Entry { index } => {
            let entry = store
                .log_entries(index, 1)?
                .pop()
                .with_context(|| format!("the log has no entry {index}"))?;
            let mut out = std::io::stdout().lock();
            out.write_all(&log::leaf_bytes(&entry))?;
            out.write_all(b"\n")?;
        }
        Command::Verify { against } => {
            let trusted = vec![signer_if_any(config)?.map(|s| s.verifier()).with_context(
                || {
                    format!(
                        "there is no log key at {}; without it no checkpoint can be checked",
                        config.log_key_path().display()
                    )
                },
            )?];
            verify(store, &trusted, &against)?;
        }
    }
    Ok(())
}

/// Seals entries from before the log existed, then signs the log as it stands.
pub(crate) fn fresh_checkpoint(
    config: &Config,
    store: &dyn Store,
    actor: &memoria_store::Actor,
) -> Result<LogCheckpoint> {
    let signer = signer(config, None)?;
    let mut tx = store.begin(actor)?;
    tx.seal_log()?;
    tx.commit()?;
    Ok(log::sign_checkpoint(store, &signer, Timestamp::now())?)
}

fn verify(store: &dyn Store, trusted: &[NoteVerifier], against: &[PathBuf]) -> Result<()> {
    let mut outside = Vec::new();
    for path in against {
        let note = std::fs::read_to_string(path)
            .with_context(|| format!("reading the checkpoint {}", path.display()))?;
        outside.push((path.display().to_string(), note));
    }
    let bar = ui::counter_bar("checking");
    bar.set_length(store.log_size()?);
    let report = log::audit(store, trusted, &outside, |done, _| bar.set_position(done))?;
    bar.finish_and_clear();
    if report.problems.is_empty() {
        let root = report.root.map(|r| r.to_base64()).unwrap_or_default();
        ui::say(format!(
            "The log is intact: {} entries, root {root}, {} checkpoint(s) match it.",
            report.size, report.checkpoints
        ));
        return Ok(());
    }
    for p in &report.problems {
        ui::say(format!("problem: {p}"));
    }
    bail!(
        "the log does not match its entries or checkpoints ({} problem(s) above); keep a copy \
         of the database as it is and of every checkpoint you hold, and investigate",
        report.problems.len()
    )
}

/// The text of a consistency proof: Memoria's own, in the style of a tlog-proof.
fn consistency_text(old: u64, proof: &[memoria_tlog::Hash], checkpoint: &str) -> String {
    let mut out = format!("memoria.consistency-proof@v1\nold-size {old}\n");
    for h in proof {
        out.push_str(&h.to_base64());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(checkpoint);
    out
}

/// The log key, if there is one.
pub fn signer_if_any(config: &Config) -> Result<Option<NoteSigner>> {
    let path = config.log_key_path();
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(NoteSigner::from_skey(text.trim()).with_context(
            || format!("{} is not a log key (PRIVATE+KEY+…)", path.display()),
        )?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading the log key {}", path.display())),
    }
}

/// The log key, created (with `origin` as its name) if there is none yet.
pub fn signer(config: &Config, origin: Option<&str>) -> Result<NoteSigner> {
    if let Some(signer) = signer_if_any(config)? {
        if let Some(origin) = origin
            && origin != signer.name()
        {
            bail!(
                "the log key already exists, for the log {:?}; a log keeps its name",
                signer.name()
            );
        }
        return Ok(signer);
    }
    let name = match origin {
        Some(o) => o.to_owned(),
        None => {
            let suffix: [u8; 6] = memoria_auth::secret_bytes();
            let hex: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
            format!("memoria/log-{hex}")
        }
    };
    let seed: [u8; 32] = memoria_auth::secret_bytes();
    let signer = NoteSigner::from_seed(&name, &seed).with_context(|| {
        format!("{name:?} cannot name a log: use letters, digits, '.', '/' and '-'")
    })?;
    write_secret(&config.log_key_path(), signer.to_skey().as_bytes())?;
    ui::say(format!(
        "Created the log key for {name:?} in {}. Back it up: without it no new checkpoint can \
         be signed under this name.",
        config.log_key_path().display()
    ));
    Ok(signer)
}

/// Writes a new file readable by its owner only; never replaces an existing one.
fn write_secret(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(bytes)?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    Ok(())
}
