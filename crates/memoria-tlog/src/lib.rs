//! Memoria's tamper-evident transparency log, as a pure library.
//!
//! Every audit entry becomes a leaf of an append-only Merkle tree hashed as RFC 6962
//! specifies. The log proves that an entry is in it (inclusion proofs) and that today's
//! tree extends an older one (consistency proofs); it states its size and root in
//! checkpoints signed with an Ed25519 key as C2SP signed notes; and it can be served as
//! C2SP tlog-tiles, so that tools Memoria did not write can check all of it.
//!
//! - [`hash`]: leaf and node hashes (the only SHA-256 use in the tree).
//! - [`tree`]: the stored-hash layout, the [`HashReader`] a caller implements over its
//!   storage, appending entries and computing roots.
//! - [`proof`]: making and checking inclusion and consistency proofs.
//! - [`note`]: C2SP signed notes, Ed25519 signers and verifier keys.
//! - [`checkpoint`]: the tlog-checkpoint text inside a signed note.
//! - [`receipt`]: C2SP tlog-proof receipts (index, inclusion proof, signed checkpoint).
//! - [`tile`]: tlog-tiles paths, which tiles exist, tile contents, entry bundles.
//!
//! What this crate does not do: no file, database or network IO (the caller stores the
//! hashes and passes a [`HashReader`]), no clock, no randomness (the caller passes the
//! 32-byte key seed), no knowledge of what an entry means. It never panics on input: a
//! malformed proof, note, key or tile path is an error value.

pub mod checkpoint;
pub mod hash;
pub mod note;
pub mod proof;
pub mod receipt;
pub mod tile;
pub mod tree;

pub use checkpoint::{Checkpoint, CheckpointError};
pub use hash::{Hash, HashError, empty_root, leaf_hash, node_hash};
pub use note::{Note, NoteError, NoteSigner, NoteVerifier};
pub use proof::{
    ProofError, prove_consistency, prove_inclusion, verify_consistency, verify_inclusion,
};
pub use receipt::{Receipt, ReceiptError};
pub use tile::{Tile, TileError, TileLevel};
pub use tree::{
    HashReader, MAX_TREE_SIZE, TreeError, stored_hash_count, stored_hash_index, stored_hashes,
    stored_hashes_for_leaf, tree_hash,
};
