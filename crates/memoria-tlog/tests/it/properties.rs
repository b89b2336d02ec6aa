//! Properties over every small tree: the incremental, storage-backed code agrees with a
//! brute-force RFC 6962 transcription, every honest proof verifies, and every tampered
//! proof fails.

use memoria_tlog::{
    Hash, leaf_hash, prove_consistency, prove_inclusion, stored_hash_count, tree_hash,
    verify_consistency, verify_inclusion,
};

use crate::{MemLog, reference};

const MAX: u64 = 70;

fn log(n: u64) -> (MemLog, Vec<Hash>) {
    let entries: Vec<Vec<u8>> = (0..n).map(|i| format!("audit {i}").into_bytes()).collect();
    let leaves = entries.iter().map(|e| leaf_hash(e)).collect();
    (MemLog::from_entries(&entries), leaves)
}

/// Flips one bit in each byte of each hash in turn (a different bit per byte, so all 8
/// bit positions are exercised) and demands that every such proof fail. Every proof of
/// trees up to 32 entries gets this, and a fifth of the larger ones, to keep the suite
/// quick.
fn each_tampered(proof: &[Hash], mut fails: impl FnMut(&[Hash]) -> bool) {
    for i in 0..proof.len() {
        for byte in 0..32 {
            let mut p = proof.to_vec();
            p[i].0[byte] ^= 1 << ((i + byte) % 8);
            assert!(
                fails(&p),
                "hash {i} byte {byte} changed and the proof still verified"
            );
        }
    }
}

#[test]
fn roots_match_brute_force_and_storage_grows_as_documented() {
    let (log, leaves) = log(MAX);
    assert_eq!(log.stored.len() as u64, stored_hash_count(MAX).unwrap());
    for n in 0..=MAX {
        let want = reference::mth(&leaves[..n as usize]);
        assert_eq!(tree_hash(n, &log.stored).unwrap(), want, "root({n})");
        // The storage a tree of n entries needs is a prefix: roots of old sizes never
        // read past it.
        let prefix = &log.stored[..stored_hash_count(n).unwrap() as usize];
        assert_eq!(
            tree_hash(n, prefix).unwrap(),
            want,
            "root({n}) from its prefix"
        );
    }
}

#[test]
fn every_inclusion_proof_up_to_70_verifies_and_tampering_fails() {
    let (log, leaves) = log(MAX);
    for n in 1..=MAX {
        let root = tree_hash(n, &log.stored).unwrap();
        let prefix = &log.stored[..stored_hash_count(n).unwrap() as usize];
        for i in 0..n {
            let proof = prove_inclusion(n, i, prefix).unwrap();
            let leaf = &leaves[i as usize];
            assert_eq!(proof, reference::path(i as usize, &leaves[..n as usize]));
            verify_inclusion(&proof, n, i, leaf, &root).unwrap();
            // Another leaf, index or root must fail.
            let other = &leaves[((i + 1) % n) as usize];
            if n > 1 {
                assert!(verify_inclusion(&proof, n, i, other, &root).is_err());
                assert!(verify_inclusion(&proof, n, (i + 1) % n, leaf, &root).is_err());
            }
            if n <= 32 || i % 5 == 0 {
                each_tampered(&proof, |p| verify_inclusion(p, n, i, leaf, &root).is_err());
            }
        }
        assert!(prove_inclusion(n, n, &log.stored).is_err());
    }
}

#[test]
fn every_consistency_proof_up_to_70_verifies_and_tampering_fails() {
    let (log, leaves) = log(MAX);
    let roots: Vec<Hash> = (0..=MAX)
        .map(|n| tree_hash(n, &log.stored).unwrap())
        .collect();
    for n in 1..=MAX {
        let prefix = &log.stored[..stored_hash_count(n).unwrap() as usize];
        for m in 1..=n {
            let proof = prove_consistency(m, n, prefix).unwrap();
            assert_eq!(
                proof,
                reference::proof(m as usize, &leaves[..n as usize]),
                "consistency {m} -> {n}"
            );
            let (r1, r2) = (&roots[m as usize], &roots[n as usize]);
            verify_consistency(&proof, m, n, r1, r2).unwrap();
            if m < n {
                assert!(verify_consistency(&proof, m, n, r2, r1).is_err());
                assert!(verify_consistency(&proof, m, n, &roots[m as usize - 1], r2).is_err());
            }
            if n <= 32 || (m + n) % 5 == 0 {
                each_tampered(&proof, |p| verify_consistency(p, m, n, r1, r2).is_err());
            }
        }
        assert!(prove_consistency(0, n, &log.stored).is_err());
        assert!(prove_consistency(n + 1, n, &log.stored).is_err());
    }
}

/// A reader that lies about how many hashes it returns, or fails: errors, not panics.
#[test]
fn broken_storage_is_an_error() {
    struct Short;
    impl memoria_tlog::HashReader for Short {
        fn read_hashes(
            &self,
            _: &[u64],
        ) -> Result<Vec<Hash>, Box<dyn std::error::Error + Send + Sync>> {
            Ok(vec![])
        }
    }
    assert!(tree_hash(5, &Short).is_err());
    assert!(prove_inclusion(5, 1, &Short).is_err());
    let (log, _) = log(4);
    assert!(tree_hash(9, &log.stored).is_err());
    assert!(prove_consistency(2, 9, &log.stored).is_err());
    assert!(tree_hash(u64::MAX, &log.stored).is_err());
    assert!(prove_inclusion(u64::MAX, 3, &log.stored).is_err());
    assert!(prove_consistency(3, u64::MAX, &log.stored).is_err());
}
