//! The C2SP tlog-tiles layout (`c2sp.org/tlog-tiles`): tile names, which tiles a tree
//! of a given size has, tile contents built from stored hashes, and entry bundles.
//!
//! A hash tile at level `L` holds up to 256 consecutive hashes of tree level `8L`: level
//! 0 holds leaf hashes, and each hash of level `L + 1` is the root of one full tile of
//! level `L`. The rightmost tile of a level may be partial (`.p/<W>`, `W` in 1..=255);
//! partial tiles exist only for sizes some checkpoint committed to and are never hashed
//! into the level above. `tile/entries/...` bundles hold the entries themselves, each as
//! a big-endian `u16` length then its bytes. Tile numbers are written in groups of three
//! digits, all but the last prefixed with `x`: 1234067 → `x001/x234/067`.
//!
//! This module names and fills tiles; it does not write files, set HTTP headers, or
//! build proofs from tiles a client fetched (a client of Memoria's own log can use
//! [`crate::proof`] with stored hashes instead).

use std::fmt;

use crate::tree::{HashReader, MAX_TREE_SIZE, TreeError, read, stored_hash_index};

/// Tree levels per tile level: a tile is 8 levels tall, 256 hashes wide.
pub const TILE_HEIGHT: u8 = 8;

/// Hashes (or entries) in a full tile.
pub const TILE_WIDTH: u16 = 1 << TILE_HEIGHT;

/// The largest entry an entry bundle can carry.
pub const MAX_ENTRY_LEN: usize = u16::MAX as usize;

/// What a tile holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TileLevel {
    /// Hashes of tree level `8 × level`.
    Hashes(u8),
    /// The entries themselves (`tile/entries/...`).
    Entries,
}

/// One tile: its level, its number within the level, and how many hashes or entries it
/// holds (256 for a full tile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tile {
    pub level: TileLevel,
    pub index: u64,
    /// 1..=256.
    pub width: u16,
}

/// A tile path, tile or entry bundle that is not well-formed.
#[derive(Debug, thiserror::Error)]
pub enum TileError {
    #[error("{0:?} is not a tile path (`tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`)")]
    BadPath(String),
    #[error("a tile holds 1 to 256 hashes or entries, not {0}")]
    BadWidth(usize),
    #[error("entry {0} is longer than {MAX_ENTRY_LEN} bytes and cannot go into an entry bundle")]
    EntryTooLong(usize),
    #[error("the entry bundle is truncated or holds a different number of entries than its tile")]
    BadBundle,
    #[error("reading the tile's hashes failed")]
    Tree(#[from] TreeError),
}

impl Tile {
    pub fn is_full(&self) -> bool {
        self.width == TILE_WIDTH
    }

    /// The path below the log's prefix, e.g. `tile/0/x001/234.p/17`.
    pub fn path(&self) -> String {
        self.to_string()
    }

    /// Reads a path of the form [`Tile::path`] writes, and only that form: one tile has
    /// one name, so leading zeros, empty groups, `.p/0` and `.p/256` are refused.
    pub fn parse_path(path: &str) -> Result<Self, TileError> {
        let bad = || TileError::BadPath(path.chars().take(200).collect());
        let rest = path.strip_prefix("tile/").ok_or_else(bad)?;
        let (level, rest) = rest.split_once('/').ok_or_else(bad)?;
        let level = if level == "entries" {
            TileLevel::Entries
        } else {
            let l = parse_decimal(level).ok_or_else(bad)?;
            // Level 8 would start at tree level 64: no tree has it.
            TileLevel::Hashes(u8::try_from(l).ok().filter(|&l| l < 8).ok_or_else(bad)?)
        };
        let (number, width) = match rest.split_once(".p/") {
            Some((number, width)) => {
                let w = parse_decimal(width).ok_or_else(bad)?;
                let w = u16::try_from(w)
                    .ok()
                    .filter(|w| (1..TILE_WIDTH).contains(w))
                    .ok_or_else(bad)?;
                (number, w)
            }
            None => (rest, TILE_WIDTH),
        };
        let index = parse_tile_number(number).ok_or_else(bad)?;
        Ok(Self {
            level,
            index,
            width,
        })
    }
}

impl fmt::Display for Tile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.level {
            TileLevel::Hashes(l) => write!(f, "tile/{l}/")?,
            TileLevel::Entries => f.write_str("tile/entries/")?,
        }
        let mut groups = Vec::new();
        let mut n = self.index;
        loop {
            groups.push(n % 1000);
            n /= 1000;
            if n == 0 {
                break;
            }
        }
        for (i, g) in groups.iter().rev().enumerate() {
            if i + 1 < groups.len() {
                write!(f, "x{g:03}/")?;
            } else {
                write!(f, "{g:03}")?;
            }
        }
        if !self.is_full() {
            write!(f, ".p/{}", self.width)?;
        }
        Ok(())
    }
}

/// ASCII decimal without sign or leading zeros.
fn parse_decimal(text: &str) -> Option<u64> {
    let canonical = text == "0" || !text.starts_with('0');
    if !canonical || text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `x001/x234/067` → 1234067; every group three digits, no leading zero group.
fn parse_tile_number(text: &str) -> Option<u64> {
    let groups: Vec<&str> = text.split('/').collect();
    let (last, leading) = groups.split_last()?;
    let mut n: u64 = 0;
    for (i, g) in leading.iter().enumerate() {
        let digits = g.strip_prefix('x')?;
        if i == 0 && digits == "000" {
            return None;
        }
        n = push_group(n, digits)?;
    }
    push_group(n, last)
}

fn push_group(n: u64, digits: &str) -> Option<u64> {
    if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let g: u64 = digits.parse().ok()?;
    n.checked_mul(1000)?.checked_add(g)
}

/// The hash tiles whose contents change when the tree grows from `old` to `new` entries
/// (every tile of the tree when `old` is 0), lowest level first: each at its width in the
/// tree of `new` entries. Unlike Go's `tlog.NewTiles`, which also lists every
/// intermediate width of a partial tile (the Go checksum database publishes them all),
/// this lists only the tiles a C2SP log publishes for a checkpoint of size `new`. Write these when
/// publishing a checkpoint of size `new`; the entry bundles to write are those of level
/// 0 with [`TileLevel::Entries`].
pub fn new_tiles(old: u64, new: u64) -> Vec<Tile> {
    let mut tiles = Vec::new();
    if old >= new {
        return tiles;
    }
    let width = u64::from(TILE_WIDTH);
    for level in 0..8u8 {
        let shift = u32::from(level) * u32::from(TILE_HEIGHT);
        let (old_n, new_n) = (old >> shift, new >> shift);
        if new_n == 0 {
            break;
        }
        // Hashes old_n..new_n of this level are new; they fall in these tiles.
        for index in old_n / width..=(new_n - 1) / width {
            let w = (new_n - index * width).min(width);
            let was = old_n.saturating_sub(index * width).min(width);
            if w != was {
                tiles.push(Tile {
                    level: TileLevel::Hashes(level),
                    index,
                    // `w` is at most 256 here.
                    width: w as u16,
                });
            }
        }
    }
    tiles
}

/// The bytes of a hash tile: its `width` hashes, concatenated, read from storage.
pub fn tile_hashes<R: HashReader + ?Sized>(tile: &Tile, reader: &R) -> Result<Vec<u8>, TileError> {
    let TileLevel::Hashes(level) = tile.level else {
        return Err(TileError::BadPath(tile.path()));
    };
    if tile.width == 0 || tile.width > TILE_WIDTH {
        return Err(TileError::BadWidth(tile.width.into()));
    }
    let tree_level = level.saturating_mul(TILE_HEIGHT);
    let first = tile
        .index
        .checked_mul(u64::from(TILE_WIDTH))
        .ok_or(TreeError::TooLarge(MAX_TREE_SIZE))?;
    let indexes = (0..u64::from(tile.width))
        .map(|i| stored_hash_index(tree_level, first + i).ok_or(TreeError::TooLarge(first + i)))
        .collect::<Result<Vec<_>, _>>()?;
    let hashes = read(reader, &indexes)?;
    Ok(hashes.iter().flat_map(|h| h.0).collect())
}

/// An entry bundle (`tile/entries/...`): each entry as a big-endian `u16` length and its
/// bytes. Takes 1 to 256 entries of at most 65535 bytes.
pub fn entry_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, TileError> {
    if entries.is_empty() || entries.len() > usize::from(TILE_WIDTH) {
        return Err(TileError::BadWidth(entries.len()));
    }
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let e = e.as_ref();
        let len = u16::try_from(e.len()).map_err(|_| TileError::EntryTooLong(i))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(out)
}

/// Splits an entry bundle of a tile of `width` entries; anything but exactly `width`
/// well-formed entries is refused.
pub fn parse_entry_bundle(bytes: &[u8], width: u16) -> Result<Vec<&[u8]>, TileError> {
    let mut entries = Vec::with_capacity(usize::from(width.min(TILE_WIDTH)));
    let mut rest = bytes;
    while let [hi, lo, tail @ ..] = rest {
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        if tail.len() < len {
            return Err(TileError::BadBundle);
        }
        let (entry, tail) = tail.split_at(len);
        entries.push(entry);
        rest = tail;
        if entries.len() > usize::from(width) {
            return Err(TileError::BadBundle);
        }
    }
    if !rest.is_empty() || entries.len() != usize::from(width) {
        return Err(TileError::BadBundle);
    }
    Ok(entries)
}
