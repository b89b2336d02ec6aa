//! Inclusion proofs ("this entry is in the log") and consistency proofs ("this tree
//! extends that one"): making them from stored hashes and checking them.
//!
//! Proofs are made exactly as RFC 6962 §2.1.1 (`PATH`) and §2.1.2 (`PROOF`/`SUBPROOF`)
//! define them — the order of hashes is part of the format other verifiers rely on — and
//! checked with the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms, which need only the
//! proof, the sizes and the roots, never storage.
//!
//! Edge cases follow the transparency-dev corpus: an inclusion proof in an empty tree,
//! or for an index at or past the size, is refused; a consistency proof *from* size 0 is
//! refused (it proves nothing), and between equal sizes it must be empty with equal
//! roots. Proof hashes are [`Hash`] values, so a hash of the wrong length is refused
//! when the proof is read (see [`Hash::try_from`]), before it gets here.

use crate::hash::{Hash, node_hash};
use crate::tree::{HashReader, MAX_TREE_SIZE, Plan, TreeError};

/// A proof that does not prove what it was offered for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("entry {index} is not in a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("a consistency proof from an empty tree proves nothing; start from size 1 or more")]
    FromEmptyTree,
    #[error("the old tree size {old} is larger than the new size {new}")]
    SizesOutOfOrder { old: u64, new: u64 },
    /// Too few or too many hashes for the sizes: the proof belongs to other sizes or was
    /// cut or padded.
    #[error("the proof has the wrong number of hashes for these tree sizes")]
    WrongLength,
    /// The hashes combine to another root: the entry, the proof or the root was changed.
    #[error("the proof does not lead to the expected root hash")]
    RootMismatch,
}

/// The inclusion proof (RFC 6962 audit path) of entry `index` in the tree of the first
/// `size` entries: leaf sibling first, child of the root last.
pub fn prove_inclusion<R: HashReader + ?Sized>(
    size: u64,
    index: u64,
    reader: &R,
) -> Result<Vec<Hash>, TreeError> {
    if index >= size {
        return Err(TreeError::IndexOutOfRange { index, size });
    }
    if size > MAX_TREE_SIZE {
        return Err(TreeError::TooLarge(size));
    }
    let mut plan = Plan::default();
    inclusion_path(index, 0, size, &mut plan)?;
    plan.run(reader)
}

/// `PATH(m, D[lo:hi])`, pushing the hashes it needs onto `plan` in proof order.
fn inclusion_path(m: u64, lo: u64, hi: u64, plan: &mut Plan) -> Result<(), TreeError> {
    if hi - lo <= 1 {
        return Ok(());
    }
    let k = split(hi - lo);
    if m < lo + k {
        inclusion_path(m, lo, lo + k, plan)?;
        plan.range(lo + k, hi)?;
    } else {
        inclusion_path(m, lo + k, hi, plan)?;
        plan.range(lo, lo + k)?;
    }
    Ok(())
}

/// The consistency proof that the tree of the first `new` entries extends the tree of
/// the first `old` (RFC 6962 `PROOF(m, D[n])`). Empty when `old == new`.
pub fn prove_consistency<R: HashReader + ?Sized>(
    old: u64,
    new: u64,
    reader: &R,
) -> Result<Vec<Hash>, TreeError> {
    if old == 0 || old > new {
        return Err(TreeError::BadSizes { old, new });
    }
    if new > MAX_TREE_SIZE {
        return Err(TreeError::TooLarge(new));
    }
    let mut plan = Plan::default();
    if old < new {
        subproof(old, 0, new, true, &mut plan)?;
    }
    plan.run(reader)
}

/// `SUBPROOF(m, D[lo:hi], b)` with `m` counted from `lo`.
fn subproof(m: u64, lo: u64, hi: u64, whole: bool, plan: &mut Plan) -> Result<(), TreeError> {
    let n = hi - lo;
    if m == n {
        // The old tree is this very subtree: its root is known to the verifier when it
        // is the whole old tree, so it is sent only otherwise.
        if !whole {
            plan.range(lo, hi)?;
        }
        return Ok(());
    }
    let k = split(n);
    if m <= k {
        subproof(m, lo, lo + k, whole, plan)?;
        plan.range(lo + k, hi)?;
    } else {
        subproof(m - k, lo + k, hi, false, plan)?;
        plan.range(lo, lo + k)?;
    }
    Ok(())
}

/// The largest power of two smaller than `n` (`n >= 2`): where `MTH` splits.
fn split(n: u64) -> u64 {
    1 << (n - 1).ilog2()
}

/// Checks that `leaf` (a [`crate::leaf_hash`]) is entry `index` of the tree of `size`
/// entries whose root is `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    proof: &[Hash],
    size: u64,
    index: u64,
    leaf: &Hash,
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return Err(ProofError::WrongLength);
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            // On the right edge of an incomplete tree, levels without a sibling are
            // skipped: climb until this node is a right child again.
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(ProofError::WrongLength);
    }
    if r != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `new` entries with root `new_root` extends the tree of `old`
/// entries with root `old_root` (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    proof: &[Hash],
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
) -> Result<(), ProofError> {
    if old == 0 {
        return Err(ProofError::FromEmptyTree);
    }
    if old > new {
        return Err(ProofError::SizesOutOfOrder { old, new });
    }
    if old == new {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength);
        }
        return if old_root == new_root {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    // When the old tree is a complete subtree its root is the proof's implicit first
    // hash; otherwise the proof starts with the hash to begin from.
    let (first, rest) = if old.is_power_of_two() {
        (*old_root, proof)
    } else {
        match proof.split_first() {
            Some((first, rest)) => (*first, rest),
            None => return Err(ProofError::WrongLength),
        }
    };
    let (mut f, mut s) = (old - 1, new - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (first, first);
    for c in rest {
        if s == 0 {
            return Err(ProofError::WrongLength);
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(ProofError::WrongLength);
    }
    if fr != *old_root || sr != *new_root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}
