//! The transparency log kept beside the audit table.
//!
//! Every audit entry is a leaf of an append-only Merkle tree (RFC 6962 hashing, the
//! stored-hash layout of [`memoria_tlog::tree`]). An entry gets its place in the log in
//! the transaction that wrote it, just before that transaction commits, while it holds
//! the log's head: so an entry is in the log exactly when it is committed, a crash
//! leaves both or neither, and commits of several processes append one after another.
//!
//! The leaf is [`leaf_bytes`] of the entry: its sequence number, time, account, action,
//! record id and detail, which by the audit log's own rule hold ids and digests, never
//! personal data. Anyone who can read the audit entries can recompute every leaf.
//!
//! This module signs nothing and holds no key: checkpoints are signed by the caller
//! (who has the log key) and only kept here ([`LogCheckpoint`]).

use std::cell::RefCell;
use std::error::Error as StdError;

use memoria_tlog::{Hash, HashReader, leaf_hash, stored_hash_count, stored_hashes_for_leaf};

use crate::write::Primitives;
use crate::{AuditEntry, Result, Store, StoreError};

/// How many unlogged entries one round of [`append_pending`] reads: bounds memory for
/// a transaction that audited a million imports.
const CHUNK: usize = 10_000;

/// A signed checkpoint as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogCheckpoint {
    /// The tree size the checkpoint states.
    pub size: u64,
    /// When it was signed (a [`crate::Timestamp`] as text).
    pub signed_at: String,
    /// The whole signed note, as served and verified.
    pub note: String,
}

/// The bytes hashed into an entry's leaf: one line of JSON with a fixed key order, so
/// that any tool can rebuild it from the entry as the API shows it.
pub fn leaf_bytes(entry: &AuditEntry) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Leaf<'a> {
        v: u8,
        seq: i64,
        at: String,
        account: String,
        action: &'a str,
        record: Option<String>,
        detail: &'a str,
    }
    let leaf = Leaf {
        v: 1,
        seq: entry.seq,
        at: entry.at.to_string(),
        account: entry.account.0.to_string(),
        action: &entry.action,
        record: entry.record.map(|r| r.to_string()),
        detail: &entry.detail,
    };
    // Serialising plain strings and integers cannot fail.
    serde_json::to_vec(&leaf).expect("an audit leaf serialises")
}

/// Gives every committed-or-pending audit entry without a place in the log one, oldest
/// first, hashes the entries the transaction placed as it wrote them, and returns the
/// log's new size. Runs inside the writing transaction.
pub(crate) fn append_pending(p: &mut impl Primitives) -> Result<u64> {
    let mut size = p.lock_log()?;
    loop {
        let entries = p.unlogged_audit(CHUNK)?;
        if entries.is_empty() {
            break;
        }
        let leaves = entries.iter().map(|e| leaf_hash(&leaf_bytes(e)));
        let (first, hashes, new_size) = hash_leaves(p, size, leaves)?;
        let placed: Vec<(i64, u64)> = entries.iter().map(|e| e.seq).zip(size..).collect();
        p.append_log(first, &hashes, &placed, new_size)?;
        size = new_size;
    }
    p.place_held_audit(size)?;
    let (from, leaves) = p.take_placed_leaves();
    if !leaves.is_empty() {
        if from != size {
            return Err(StoreError::Corrupt(format!(
                "this transaction placed its audit entries from log index {from}, but the \
                 log holds {size}"
            )));
        }
        let (first, hashes, new_size) = hash_leaves(p, size, leaves.into_iter().map(Hash))?;
        p.append_log(first, &hashes, &[], new_size)?;
        size = new_size;
    }
    Ok(size)
}

/// The stored hashes that `leaves` add to a log of `size` entries: the stored index of
/// the first, the hashes, and the new size.
fn hash_leaves(
    p: &mut impl Primitives,
    mut size: u64,
    leaves: impl Iterator<Item = Hash>,
) -> Result<(u64, Vec<[u8; 32]>, u64)> {
    let first = stored_hash_count(size).ok_or_else(|| too_large(size))?;
    let mut new: Vec<Hash> = Vec::new();
    for leaf in leaves {
        let hashes = {
            let reader = Overlay {
                first,
                new: &new,
                older: RefCell::new(&mut *p),
            };
            stored_hashes_for_leaf(size, leaf, &reader).map_err(tree_error)?
        };
        new.extend(hashes);
        size += 1;
    }
    Ok((first, new.iter().map(|h| h.0).collect(), size))
}

/// Hashes of this round (from stored index `first` on) in memory, older ones from the
/// transaction.
struct Overlay<'a, P: Primitives> {
    first: u64,
    new: &'a [Hash],
    older: RefCell<&'a mut P>,
}

impl<P: Primitives> HashReader for Overlay<'_, P> {
    fn read_hashes(&self, indexes: &[u64]) -> std::result::Result<Vec<Hash>, BoxError> {
        let older: Vec<u64> = indexes
            .iter()
            .copied()
            .filter(|&i| i < self.first)
            .collect();
        let mut read = if older.is_empty() {
            Vec::new()
        } else {
            self.older.borrow_mut().read_log_hashes(&older)?
        }
        .into_iter();
        indexes
            .iter()
            .map(|&i| {
                if i < self.first {
                    read.next().map(Hash).ok_or_else(|| missing(i))
                } else {
                    usize::try_from(i - self.first)
                        .ok()
                        .and_then(|k| self.new.get(k))
                        .copied()
                        .ok_or_else(|| missing(i))
                }
            })
            .collect()
    }
}

type BoxError = Box<dyn StdError + Send + Sync>;

fn missing(index: u64) -> BoxError {
    format!("the transparency log has no stored hash at index {index}").into()
}

fn too_large(size: u64) -> StoreError {
    StoreError::Corrupt(format!(
        "the transparency log cannot grow past {size} entries"
    ))
}

fn tree_error(e: memoria_tlog::TreeError) -> StoreError {
    match e {
        memoria_tlog::TreeError::Storage(inner) => match inner.downcast::<StoreError>() {
            Ok(store) => *store,
            Err(other) => StoreError::Corrupt(format!("transparency log: {other}")),
        },
        other => StoreError::Corrupt(format!("transparency log: {other}")),
    }
}

/// The stored hashes of a store's log, for proofs and tiles.
pub struct LogReader<'a>(pub &'a dyn Store);

impl HashReader for LogReader<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> std::result::Result<Vec<Hash>, BoxError> {
        Ok(self.0.log_hashes(indexes)?.into_iter().map(Hash).collect())
    }
}

/// The tree head as stored now: size and root.
pub fn tree_head(store: &dyn Store) -> Result<(u64, Hash)> {
    let size = store.log_size()?;
    let root = memoria_tlog::tree_hash(size, &LogReader(store)).map_err(tree_error)?;
    Ok((size, root))
}

/// A checkpoint of the log as it stands, signed by `signer` (whose name is the log's
/// origin) and kept. When the newest kept checkpoint already states this size it is
/// returned instead: a log never needs two signatures for one tree.
pub fn sign_checkpoint(
    store: &dyn Store,
    signer: &memoria_tlog::NoteSigner,
    now: crate::Timestamp,
) -> Result<LogCheckpoint> {
    let (size, root) = tree_head(store)?;
    if let Some(kept) = store.log_checkpoint(size)? {
        return Ok(kept);
    }
    let note = memoria_tlog::Checkpoint {
        origin: signer.name().to_owned(),
        size,
        root,
        extensions: Vec::new(),
    }
    .sign(&[signer])
    .map_err(|e| StoreError::Corrupt(format!("signing the log checkpoint: {e}")))?;
    let checkpoint = LogCheckpoint {
        size,
        signed_at: now.to_string(),
        note,
    };
    store.keep_log_checkpoint(&checkpoint)?;
    // Another process may have kept its own for this size first; theirs stands.
    Ok(store.log_checkpoint(size)?.unwrap_or(checkpoint))
}

/// The receipt that entry `index` is in the tree `checkpoint` states.
pub fn receipt(
    store: &dyn Store,
    index: u64,
    checkpoint: &LogCheckpoint,
) -> Result<memoria_tlog::Receipt> {
    let proof = memoria_tlog::prove_inclusion(checkpoint.size, index, &LogReader(store))
        .map_err(tree_error)?;
    Ok(memoria_tlog::Receipt {
        extra: None,
        index,
        proof,
        checkpoint: checkpoint.note.clone(),
    })
}

/// What [`audit`] found. `problems` is empty when the log is intact.
#[derive(Debug, Default)]
pub struct LogAudit {
    pub size: u64,
    pub root: Option<Hash>,
    /// Checkpoints checked against the rebuilt tree (kept ones and outside ones).
    pub checkpoints: usize,
    pub problems: Vec<String>,
}

/// Rebuilds the whole tree from the audit entries alone, compares every stored hash
/// with it, and checks the newest kept checkpoint and each of `outside` (signed
/// checkpoints held elsewhere, by label) against it: their signatures by a `trusted`
/// key, and their roots. An entry edited in the database, a stored hash changed, an
/// entry removed, or a log rewritten and re-signed after someone kept an older
/// checkpoint, each shows as a problem naming log indexes and sizes, never content.
pub fn audit(
    store: &dyn Store,
    trusted: &[memoria_tlog::NoteVerifier],
    outside: &[(String, String)],
    mut progress: impl FnMut(u64, u64),
) -> Result<LogAudit> {
    let size = store.log_size()?;
    let mut report = LogAudit {
        size,
        ..LogAudit::default()
    };
    let mut rebuilt: Vec<Hash> = Vec::new();
    let mut next = 0u64;
    while next < size {
        let entries = store.log_entries(next, CHUNK)?;
        if entries.is_empty() {
            report.problems.push(format!(
                "the log says it holds {size} entries but entries from index {next} on are missing"
            ));
            break;
        }
        let first = rebuilt.len() as u64;
        for e in &entries {
            if e.log_index != Some(next) {
                report.problems.push(format!(
                    "entry at log index {next} is missing (the next stored entry is audit entry {})",
                    e.seq
                ));
                break;
            }
            let new =
                memoria_tlog::stored_hashes(next, &leaf_bytes(e), &rebuilt).map_err(tree_error)?;
            rebuilt.extend(new);
            next += 1;
        }
        if !report.problems.is_empty() {
            break;
        }
        let indexes: Vec<u64> = (first..rebuilt.len() as u64).collect();
        let stored = store.log_hashes(&indexes)?;
        for (k, (s, r)) in stored.iter().zip(&rebuilt[first as usize..]).enumerate() {
            if *s != r.0 {
                report.problems.push(format!(
                    "stored hash {} differs from the hash of the entries: an entry or a hash \
                     was changed in the database",
                    first + k as u64
                ));
                if report.problems.len() >= 20 {
                    break;
                }
            }
        }
        progress(next, size);
        if report.problems.len() >= 20 {
            break;
        }
    }
    if !report.problems.is_empty() {
        return Ok(report);
    }
    let root_at = |n: u64| memoria_tlog::tree_hash(n, &rebuilt).map_err(tree_error);
    report.root = Some(root_at(size)?);
    let kept = store.latest_log_checkpoint()?;
    let mut checks: Vec<(String, String)> = kept
        .map(|k| {
            (
                format!("the newest kept checkpoint (size {})", k.size),
                k.note,
            )
        })
        .into_iter()
        .collect();
    checks.extend(outside.iter().cloned());
    for (label, note) in checks {
        report.checkpoints += 1;
        match memoria_tlog::checkpoint::open(note.as_bytes(), trusted, None) {
            Err(e) => report.problems.push(format!("{label}: {e}")),
            Ok(cp) if cp.size > size => report.problems.push(format!(
                "{label} states {} entries but the log holds {size}: entries were removed",
                cp.size
            )),
            Ok(cp) if root_at(cp.size)? != cp.root => report.problems.push(format!(
                "{label} does not match the stored log at size {}: the log was rewritten \
                 after it was signed",
                cp.size
            )),
            Ok(_) => {}
        }
    }
    Ok(report)
}
