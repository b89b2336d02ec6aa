//! The stored form of the tree: which hashes a log keeps, where, and how roots are
//! computed from them without ever holding the tree in memory.
//!
//! # Storage layout
//!
//! A log keeps the hash of every *complete* subtree — every leaf hash, and every
//! interior node whose `2^level` leaves have all arrived — in one append-only sequence,
//! in the order they become known (the "stored hash index" of Go's
//! `golang.org/x/mod/sumdb/tlog`, so the two can be compared index for index). Appending
//! entry `n` appends its leaf hash and then one node per level that entry completes;
//! a tree of `n` leaves has `2n - popcount(n)` stored hashes.
//!
//! Why this layout rather than keeping only the tlog-tiles (every 8th level):
//! - writes are pure appends, so a crash leaves a valid prefix, and the hashes for
//!   entry `n` are computed from hashes already stored;
//! - every hash a proof needs is one read (the root of an incomplete subtree is a fold of
//!   at most 63 reads), so a proof costs microseconds, not hundreds of re-hashes per
//!   tile level;
//! - a tile is a plain batch of reads at level `8L` (see [`crate::tile`]), so serving
//!   tlog-tiles needs nothing else. The price is about twice the space of the leaf
//!   hashes alone (64 bytes per entry).
//!
//! The caller owns the storage and implements [`HashReader`]; this module does no IO and
//! never caches. It does not store entries themselves, only their hashes.

use std::error::Error as StdError;

use crate::hash::{Hash, empty_root, leaf_hash, node_hash};

/// The largest tree this crate will address. Stored indexes stay below `2^63`, so no
/// arithmetic on them can overflow; no real log comes near it.
pub const MAX_TREE_SIZE: u64 = 1 << 61;

/// Read access to the stored hashes of a log, implemented by whoever keeps them.
///
/// `indexes` are stored hash indexes ([`stored_hash_index`]); the answer must hold one
/// hash per index, in the same order. Functions here batch their reads, so one call is
/// one round trip to the storage.
pub trait HashReader {
    /// Returns the hashes stored at `indexes`.
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, Box<dyn StdError + Send + Sync>>;
}

/// The stored hashes of a small log held in memory, position = stored index.
impl HashReader for [Hash] {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, Box<dyn StdError + Send + Sync>> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.get(i))
                    .copied()
                    .ok_or_else(|| format!("no stored hash at index {i}").into())
            })
            .collect()
    }
}

impl HashReader for Vec<Hash> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, Box<dyn StdError + Send + Sync>> {
        self.as_slice().read_hashes(indexes)
    }
}

impl<R: HashReader + ?Sized> HashReader for &R {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, Box<dyn StdError + Send + Sync>> {
        (**self).read_hashes(indexes)
    }
}

/// A request on the stored tree that cannot be answered.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error("reading stored hashes failed")]
    Storage(#[source] Box<dyn StdError + Send + Sync>),
    /// The reader broke its contract; the log storage is suspect.
    #[error("the hash storage returned {got} hashes for {asked} indexes")]
    ShortRead { asked: usize, got: usize },
    #[error("entry {index} is not in a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error(
        "no consistency proof from size {old} to size {new}: sizes must satisfy 0 < old <= new"
    )]
    BadSizes { old: u64, new: u64 },
    #[error("tree size {0} is larger than this log supports ({MAX_TREE_SIZE})")]
    TooLarge(u64),
}

/// Where the hash of the complete subtree at `level` with number `index` (covering
/// leaves `index·2^level .. (index+1)·2^level`) sits in the stored sequence.
///
/// `None` when that subtree lies beyond [`MAX_TREE_SIZE`] leaves.
pub fn stored_hash_index(level: u8, index: u64) -> Option<u64> {
    // The subtree is complete once its last leaf arrives; that leaf's own hash is stored
    // at 2·i − popcount(i) (every earlier leaf j added 1 + trailing_ones(j) hashes), and
    // the subtree's node follows it after `level` lower nodes.
    if level >= 62 || index >= MAX_TREE_SIZE >> level {
        return None;
    }
    let last = ((index + 1) << level) - 1;
    Some(2 * last - u64::from(last.count_ones()) + u64::from(level))
}

/// How many hashes are stored for a tree of `size` leaves: the index the next append
/// starts at.
pub fn stored_hash_count(size: u64) -> Option<u64> {
    (size <= MAX_TREE_SIZE).then(|| 2 * size - u64::from(size.count_ones()))
}

/// The hashes to append to storage when entry number `size` (0-based) joins a tree that
/// holds `size` entries: its leaf hash first, then one node per subtree it completes.
/// They belong at stored indexes `stored_hash_count(size)..`.
pub fn stored_hashes<R: HashReader + ?Sized>(
    size: u64,
    entry: &[u8],
    reader: &R,
) -> Result<Vec<Hash>, TreeError> {
    stored_hashes_for_leaf(size, leaf_hash(entry), reader)
}

/// [`stored_hashes`] for a caller that already has the leaf hash.
pub fn stored_hashes_for_leaf<R: HashReader + ?Sized>(
    size: u64,
    leaf: Hash,
    reader: &R,
) -> Result<Vec<Hash>, TreeError> {
    if size >= MAX_TREE_SIZE {
        return Err(TreeError::TooLarge(size));
    }
    // Leaf `size` completes one subtree per trailing one bit of `size`: at each such
    // level its running hash meets the complete left sibling already stored.
    let levels = size.trailing_ones() as u8;
    let siblings: Vec<u64> = (0..levels)
        .map(|level| {
            let sibling = (size >> level) - 1;
            stored_hash_index(level, sibling).ok_or(TreeError::TooLarge(size))
        })
        .collect::<Result<_, _>>()?;
    let siblings = read(reader, &siblings)?;
    let mut out = Vec::with_capacity(siblings.len() + 1);
    let mut h = leaf;
    out.push(h);
    for sibling in &siblings {
        h = node_hash(sibling, &h);
        out.push(h);
    }
    Ok(out)
}

/// The root (RFC 6962 `MTH`) of the tree made of the first `size` entries.
pub fn tree_hash<R: HashReader + ?Sized>(size: u64, reader: &R) -> Result<Hash, TreeError> {
    if size == 0 {
        return Ok(empty_root());
    }
    let mut plan = Plan::default();
    let root = plan.range(0, size)?;
    Ok(plan.run(reader)?[root.0])
}

/// Reads `indexes`, checking the reader kept its contract.
pub(crate) fn read<R: HashReader + ?Sized>(
    reader: &R,
    indexes: &[u64],
) -> Result<Vec<Hash>, TreeError> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = reader.read_hashes(indexes).map_err(TreeError::Storage)?;
    if hashes.len() != indexes.len() {
        return Err(TreeError::ShortRead {
            asked: indexes.len(),
            got: hashes.len(),
        });
    }
    Ok(hashes)
}

/// A batch of subtree hashes to compute with one read: each requested range
/// `lo..hi` becomes the list of complete subtrees that tile it, folded from the right.
#[derive(Default)]
pub(crate) struct Plan {
    indexes: Vec<u64>,
    /// For each requested hash, its slice of `indexes`.
    spans: Vec<(usize, usize)>,
}

/// The position of a requested hash in [`Plan::run`]'s answer.
#[derive(Clone, Copy)]
pub(crate) struct Slot(pub(crate) usize);

impl Plan {
    /// Requests `MTH(D[lo..hi])`. Callers only ask for ranges whose `lo` is a multiple
    /// of a power of two at least `hi - lo` (the shapes RFC 6962 recursion produces), so
    /// the range splits into complete subtrees of decreasing size, exactly as `MTH`
    /// splits it.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> Result<Slot, TreeError> {
        debug_assert!(lo < hi);
        let start = self.indexes.len();
        let mut at = lo;
        while at < hi {
            let level = (hi - at).ilog2().min(at.trailing_zeros()) as u8;
            let index = stored_hash_index(level, at >> level).ok_or(TreeError::TooLarge(hi))?;
            self.indexes.push(index);
            at += 1 << level;
        }
        self.spans.push((start, self.indexes.len()));
        Ok(Slot(self.spans.len() - 1))
    }

    /// Reads every stored hash the plan needs at once and folds each range.
    pub(crate) fn run<R: HashReader + ?Sized>(self, reader: &R) -> Result<Vec<Hash>, TreeError> {
        let hashes = read(reader, &self.indexes)?;
        Ok(self
            .spans
            .iter()
            .map(|&(start, end)| {
                let mut parts = hashes[start..end].iter().rev();
                let last = parts.next().copied().unwrap_or_else(empty_root);
                parts.fold(last, |acc, left| node_hash(left, &acc))
            })
            .collect())
    }
}
