//! Every vector of `shared/reference/merkle-vectors.md` (copied here so the suite
//! stands alone), and the failure mutations of the transparency-dev corpus (§3) applied
//! to each happy path.

use memoria_tlog::{
    Checkpoint, Hash, NoteSigner, NoteVerifier, ProofError, checkpoint, empty_root, leaf_hash,
    note, prove_consistency, prove_inclusion, stored_hash_index, tile, tree_hash,
    verify_consistency, verify_inclusion,
};
use sha2::{Digest, Sha256};

use crate::{MemLog, h, hashes, reference_entries, unhex};

const ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

const LEAVES: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
];

/// (leaf index, tree size, proof) — §2.1, 0-based.
const INCLUSION: &[(u64, u64, &[&str])] = &[
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        7,
        8,
        &[
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        3,
        7,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
];

/// (old size, new size, proof) — §2.2.
const CONSISTENCY: &[(u64, u64, &[&str])] = &[
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        3,
        7,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
    (
        4,
        7,
        &["837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        3,
        8,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
];

fn reference_log() -> MemLog {
    MemLog::from_entries(&reference_entries())
}

#[test]
fn hasher_unit_vectors() {
    assert_eq!(empty_root(), h(ROOTS[0]));
    assert_eq!(leaf_hash(b""), h(LEAVES[0]));
    assert_ne!(empty_root(), leaf_hash(b""));
    assert_eq!(
        leaf_hash(b"L123456"),
        h("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
    );
    // The `N123`/`N456` node vector hashes children of 4 bytes; `node_hash` only takes
    // 32-byte hashes, so its 0x01 prefix is checked through the interior nodes below.
}

#[test]
fn reference_tree_leaves_nodes_and_roots() {
    let entries = reference_entries();
    for (entry, leaf) in entries.iter().zip(LEAVES) {
        assert_eq!(leaf_hash(entry), h(leaf));
    }
    let log = reference_log();
    assert_eq!(log.stored.len(), 15);
    let interior = [
        (
            1,
            0,
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        ),
        (
            1,
            1,
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        ),
        (
            1,
            2,
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        ),
        (
            1,
            3,
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ),
        (
            2,
            0,
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
        (
            2,
            1,
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
        (
            3,
            0,
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ),
    ];
    for (level, index, want) in interior {
        let at = stored_hash_index(level, index).unwrap() as usize;
        assert_eq!(log.stored[at], h(want), "node L{level}[{index}]");
    }
    for (n, root) in ROOTS.iter().enumerate() {
        assert_eq!(
            tree_hash(n as u64, &log.stored).unwrap(),
            h(root),
            "root({n})"
        );
    }
    assert_eq!(
        tree_hash(1, &log.stored).unwrap().to_base64(),
        "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="
    );
    assert_eq!(
        tree_hash(8, &log.stored).unwrap().to_base64(),
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
    );
}

#[test]
fn reference_inclusion_proofs() {
    let log = reference_log();
    for &(index, size, want) in INCLUSION {
        let proof = prove_inclusion(size, index, &log.stored).unwrap();
        assert_eq!(proof, hashes(want), "inclusion of {index} in {size}");
        let root = h(ROOTS[size as usize]);
        verify_inclusion(&proof, size, index, &h(LEAVES[index as usize]), &root).unwrap();
    }
}

#[test]
fn reference_consistency_proofs() {
    let log = reference_log();
    for &(old, new, want) in CONSISTENCY {
        let proof = prove_consistency(old, new, &log.stored).unwrap();
        assert_eq!(proof, hashes(want), "consistency {old} -> {new}");
        let (r1, r2) = (h(ROOTS[old as usize]), h(ROOTS[new as usize]));
        verify_consistency(&proof, old, new, &r1, &r2).unwrap();
    }
}

/// The mutations transparency-dev's `testdata/inclusion/*` applies to each happy path.
#[test]
fn inclusion_failure_corpus() {
    let random_root = h("abacaba000000000000000000000000000000000000000000000000000123456");
    for &(index, size, proof) in INCLUSION {
        let proof = hashes(proof);
        let leaf = h(LEAVES[index as usize]);
        let root = h(ROOTS[size as usize]);
        let fails = |p: &[Hash], size: u64, index: u64, leaf: &Hash, root: &Hash| {
            assert!(
                verify_inclusion(p, size, index, leaf, root).is_err(),
                "accepted a mutation of inclusion {index} in {size}"
            );
        };
        for bad_index in [index.wrapping_sub(1), index + 1, index ^ 2] {
            if bad_index != index {
                fails(&proof, size, bad_index, &leaf, &root);
            }
        }
        fails(&proof, size * 2, index, &leaf, &root);
        if size / 2 != size {
            fails(&proof, size / 2, index, &leaf, &root);
        }
        fails(&proof, size, index, &leaf_hash(b"WrongLeaf"), &root);
        fails(&proof, size, index, &leaf, &empty_root());
        fails(&proof, size, index, &leaf, &random_root);
        for extra in [Hash::default(), root] {
            let mut p = proof.clone();
            p.push(extra);
            fails(&p, size, index, &leaf, &root);
            let mut p = proof.clone();
            p.insert(0, extra);
            fails(&p, size, index, &leaf, &root);
        }
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i].0[0] ^= 1;
            fails(&p, size, index, &leaf, &root);
        }
        if !proof.is_empty() {
            fails(&proof[..proof.len() - 1], size, index, &leaf, &root);
        }
    }
    // A leaf "hash" that is not 32 bytes (the corpus's `WrongLeaf`) never becomes a Hash.
    assert!(Hash::try_from(&b"WrongLeaf"[..]).is_err());
    // Out-of-range and empty-tree cases.
    let p = hashes(INCLUSION[1].2);
    assert!(matches!(
        verify_inclusion(&p, 0, 0, &h(LEAVES[0]), &empty_root()),
        Err(ProofError::IndexOutOfRange { .. })
    ));
    assert!(matches!(
        verify_inclusion(&p, 8, 8, &h(LEAVES[0]), &h(ROOTS[8])),
        Err(ProofError::IndexOutOfRange { .. })
    ));
}

/// The mutations of `testdata/consistency/*`, and its edge-case policy. (Like the
/// corpus, no `size2 ± 1` mutation: a proof from 1 to 8 also chains to the claimed root
/// when told the size is 7, since both trees give leaf 0 the same path shape; the roots,
/// not the sizes alone, carry the guarantee.)
#[test]
fn consistency_failure_corpus() {
    let random_root = h("abacaba000000000000000000000000000000000000000000000000000123456");
    for &(old, new, proof) in CONSISTENCY {
        let proof = hashes(proof);
        let (r1, r2) = (h(ROOTS[old as usize]), h(ROOTS[new as usize]));
        let fails = |p: &[Hash], old: u64, new: u64, r1: &Hash, r2: &Hash| {
            assert!(
                verify_consistency(p, old, new, r1, r2).is_err(),
                "accepted a mutation of consistency {old} -> {new} ({} hashes)",
                p.len()
            );
        };
        if r1 != r2 {
            fails(&proof, old, new, &r2, &r1);
        }
        for (o, n) in [
            (old.wrapping_sub(1), new),
            (old + 1, new),
            (old ^ 2, new),
            (old, new * 2),
            (old, new / 2),
        ] {
            if (o, n) != (old, new) {
                fails(&proof, o, n, &r1, &r2);
            }
        }
        fails(&proof, old, new, &empty_root(), &r2);
        fails(&proof, old, new, &r1, &empty_root());
        fails(&proof, old, new, &random_root, &r2);
        fails(&proof, old, new, &r1, &random_root);
        for extra in [Hash::default(), r1, r2] {
            let mut p = proof.clone();
            p.push(extra);
            fails(&p, old, new, &r1, &r2);
            let mut p = proof.clone();
            p.insert(0, extra);
            fails(&p, old, new, &r1, &r2);
        }
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i].0[31] ^= 0x80;
            fails(&p, old, new, &r1, &r2);
        }
        if !proof.is_empty() {
            fails(&proof[..proof.len() - 1], old, new, &r1, &r2);
            fails(&[], old, new, &r1, &r2);
        }
    }
    let r = |n: usize| h(ROOTS[n]);
    // Policy: size1 = 0 is an error, even 0 -> 0 with the empty root.
    assert_eq!(
        verify_consistency(&[], 0, 0, &empty_root(), &empty_root()),
        Err(ProofError::FromEmptyTree)
    );
    assert_eq!(
        verify_consistency(&[], 0, 8, &empty_root(), &r(8)),
        Err(ProofError::FromEmptyTree)
    );
    assert!(matches!(
        verify_consistency(&[], 8, 4, &r(8), &r(4)),
        Err(ProofError::SizesOutOfOrder { .. })
    ));
    // Equal sizes: empty proof and equal roots.
    verify_consistency(&[], 5, 5, &r(5), &r(5)).unwrap();
    assert!(verify_consistency(&[r(5)], 5, 5, &r(5), &r(5)).is_err());
    assert!(verify_consistency(&[], 5, 5, &r(5), &r(6)).is_err());
    // Growing with an empty proof.
    assert!(verify_consistency(&[], 4, 8, &r(4), &r(8)).is_err());
    assert!(verify_consistency(&[], 3, 8, &r(3), &r(8)).is_err());
}

fn entry_log(n: usize) -> MemLog {
    let entries: Vec<Vec<u8>> = (0..n).map(|i| format!("entry {i}").into_bytes()).collect();
    MemLog::from_entries(&entries)
}

#[test]
fn tile_boundary_log_of_257_entries() {
    let log = entry_log(257);
    let s = &log.stored;
    let roots = [
        (
            1,
            "773885a613489e24ce2cf76199d6a423f042e4bbf12d7eecee912ef276c65701",
        ),
        (
            100,
            "106a6d1594d73248c9634639896cf8a76d2c3418f8fb8b4e24386025a27f2472",
        ),
        (
            256,
            "da6596d95369f5fef322ab8e4e0da3b0b50236aa9c8a3b1d246f7411c9e2e32e",
        ),
        (
            257,
            "5c1fdfe835358022f2392de478dbe053fc130cfe1d3a082879a90cf6bf14bf7e",
        ),
    ];
    for (n, root) in roots {
        assert_eq!(tree_hash(n, s).unwrap(), h(root), "root({n})");
    }
    let leaf256 = h("a1c877a824d2533efbee1960b7f2fe4224450f69c3b0e3d3e9cacc759ce2cef3");
    assert_eq!(leaf_hash(b"entry 256"), leaf256);
    let root257 = h(roots[3].1);

    let inc100 = hashes(&[
        "92a53d550cd8483e3f323fbc00832fe17a31ea93b5d331e75692336bb3d8bb3a",
        "b18ff8fcd3ba617db86dcc68c9f547826bd1911813b339f8f32f3701fb3cd043",
        "2dfd364a377e087da512ae4440591ee50b7c6435be9a324e24599515d819e6f7",
        "cf85452f2da515748ea2c5aa178e1802811bd21ad5235d5f8c76334eea752f94",
        "f9bce9d529c9c4ff15cddd2b155f047de6c3d5d36becf775fbaf6713195056ca",
        "c7877067c417bf82b54123ead665d62eeb25a329b4e20f79338b78286b031310",
        "5cbcc083e8000afd157308cca3eb54947a391878cc03736b0fc471bdcd9c4c1c",
        "0b0018a7956817bbb1552f29af95d3afbffbc77bdecdcd6ed5c99aa3598795e0",
        "a1c877a824d2533efbee1960b7f2fe4224450f69c3b0e3d3e9cacc759ce2cef3",
    ]);
    assert_eq!(prove_inclusion(257, 100, s).unwrap(), inc100);
    verify_inclusion(&inc100, 257, 100, &leaf_hash(b"entry 100"), &root257).unwrap();
    let inc256 = vec![h(roots[2].1)];
    assert_eq!(prove_inclusion(257, 256, s).unwrap(), inc256);
    verify_inclusion(&inc256, 257, 256, &leaf256, &root257).unwrap();

    assert_eq!(prove_consistency(256, 257, s).unwrap(), vec![leaf256]);
    let c100 = hashes(&[
        "2dfd364a377e087da512ae4440591ee50b7c6435be9a324e24599515d819e6f7",
        "2a780333d997edad9214755be32b60146224ed64ed2c36e944f6ebe0c5656608",
        "cf85452f2da515748ea2c5aa178e1802811bd21ad5235d5f8c76334eea752f94",
        "f9bce9d529c9c4ff15cddd2b155f047de6c3d5d36becf775fbaf6713195056ca",
        "c7877067c417bf82b54123ead665d62eeb25a329b4e20f79338b78286b031310",
        "5cbcc083e8000afd157308cca3eb54947a391878cc03736b0fc471bdcd9c4c1c",
        "0b0018a7956817bbb1552f29af95d3afbffbc77bdecdcd6ed5c99aa3598795e0",
        "a1c877a824d2533efbee1960b7f2fe4224450f69c3b0e3d3e9cacc759ce2cef3",
    ]);
    assert_eq!(prove_consistency(100, 257, s).unwrap(), c100);
    verify_consistency(&c100, 100, 257, &h(roots[1].1), &root257).unwrap();
    let c1 = hashes(&[
        "2dfb36c6f66cac361429cf46df868ab8242d3a6441f1099c8fb3f98ec5d108a4",
        "ddbde80fccdeb3198ef69b8e1f0934fbce296c6babfb738574a4f62972266793",
        "1a167fbc6b82c2a744f6ffa0a6276175edb00bd30592a5e74f7a21a9d203a828",
        "7c6508ce12bdfcda574204fab8811fb3c1ef64f79f260a5ae3a54eeaf0116a3b",
        "14ac03bb1a8b799a7e1ca3571c7e82732b87134edd4c169a232c049c664053f6",
        "4c93ece1f7ff5b6630eaf7f4431b915a1fe36fafee15ad9d7be2a5eca3d3c95d",
        "65ef11b93a553157969833cbd449c3c9bbed4b8539ca4ffbbcc57777aa944685",
        "0b0018a7956817bbb1552f29af95d3afbffbc77bdecdcd6ed5c99aa3598795e0",
        "a1c877a824d2533efbee1960b7f2fe4224450f69c3b0e3d3e9cacc759ce2cef3",
    ]);
    assert_eq!(prove_consistency(1, 257, s).unwrap(), c1);
    verify_consistency(&c1, 1, 257, &h(roots[0].1), &root257).unwrap();
}

#[test]
fn tile_files_of_the_257_entry_log() {
    let log = entry_log(257);
    let entries: Vec<Vec<u8>> = (0..257)
        .map(|i| format!("entry {i}").into_bytes())
        .collect();
    let sha = |b: &[u8]| data_encoding::HEXLOWER.encode(&Sha256::digest(b));
    let tiles = tile::new_tiles(0, 257);
    let paths: Vec<String> = tiles.iter().map(|t| t.path()).collect();
    assert_eq!(paths, ["tile/0/000", "tile/0/001.p/1", "tile/1/000.p/1"]);
    let want = [
        (
            8192,
            "b0f6ca2ff42508faf8c6bb4ea8bb9c74243b19d4174fdc4fd17bdad9099e605e",
        ),
        (
            32,
            "e471cb60f5e249c2ae5c120ede20b0d899a3b0bd4be9f970ee38b7836908b41d",
        ),
        (
            32,
            "f01c757ba6dc86839ede8e694a0e86f97ea9ffca04a34404236c7f8cb374794a",
        ),
    ];
    for (t, (len, digest)) in tiles.iter().zip(want) {
        let bytes = tile::tile_hashes(t, &log.stored).unwrap();
        assert_eq!((bytes.len(), sha(&bytes).as_str()), (len, digest), "{t}");
    }
    let full = tile::entry_bundle(&entries[..256]).unwrap();
    assert_eq!(full.len(), 2706);
    assert_eq!(
        sha(&full),
        "c378282cb2167eb29f7e0c483ef2ce284728c12286469737cf8c3dc71e412ff1"
    );
    let partial = tile::entry_bundle(&entries[256..]).unwrap();
    assert_eq!(partial.len(), 11);
    assert_eq!(
        sha(&partial),
        "5fe717d4527e1da76a44eeef2a96260e9d2edad93c2b2f274e7b56f94fc7ca7f"
    );
}

#[test]
fn tiles_of_the_reference_tree() {
    let log = reference_log();
    let tiles = tile::new_tiles(0, 8);
    assert_eq!(tiles.len(), 1);
    assert_eq!(tiles[0].path(), "tile/0/000.p/8");
    let bytes = tile::tile_hashes(&tiles[0], &log.stored).unwrap();
    assert_eq!(bytes, unhex(&LEAVES.concat()));
    let bundle = tile::entry_bundle(&reference_entries()).unwrap();
    assert_eq!(
        bundle,
        unhex(
            "00000001000001100002202100023031000440414243000850515253545556570010606162636465666768696a6b6c6d6e6f"
        )
    );
}

const SPEC_VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const SPEC_NOTE: &str = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

pub const TEST_VKEY: &str =
    "example.com/hrdoc-test-log+370e9c22+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
pub const CHECKPOINT_8: &str = "example.com/hrdoc-test-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n\u{2014} example.com/hrdoc-test-log Nw6cIlRrgLygAwZ1EhQSDC6FtWeLOWUI92qpUZmIE8EpJ0oyW9+eOxHlZCXERNn+MfcHRsP31srA2VbItfjLdUowlwk=\n";
const CHECKPOINT_257: &str = "example.com/hrdoc-test-log\n257\nXB/f6DU1gCLyOS3keNvgU/wTDP4dOggoeakM9r8Uv34=\n\n\u{2014} example.com/hrdoc-test-log Nw6cItzK1XXIEW029upjKkgH+Cn3PrmO6KvVaAoBOBfM+FbXwj66t+bJLp7iLEjr2BwSgego3e/QR5dTKkcS3LBhyQI=\n";

pub fn test_signer() -> NoteSigner {
    let seed: [u8; 32] = std::array::from_fn(|i| i as u8);
    NoteSigner::from_seed("example.com/hrdoc-test-log", &seed).unwrap()
}

#[test]
fn signed_note_spec_example() {
    let v = NoteVerifier::from_vkey(SPEC_VKEY).unwrap();
    assert_eq!(v.key_id(), 0x530d903a);
    assert_eq!(
        data_encoding::HEXLOWER.encode(v.public_key()),
        "e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4"
    );
    assert_eq!(v.to_vkey(), SPEC_VKEY);
    let n = note::open(SPEC_NOTE.as_bytes(), &[v]).unwrap();
    assert_eq!(n.text(), "This is an example message.\n");
    assert_eq!(n.signatures()[0].signature.len(), 64);
    assert_eq!(n.to_string(), SPEC_NOTE);
}

#[test]
fn deterministic_checkpoints_match_go() {
    let signer = test_signer();
    assert_eq!(signer.key_id(), 0x370e9c22);
    assert_eq!(signer.verifier().to_vkey(), TEST_VKEY);
    assert_eq!(
        data_encoding::HEXLOWER.encode(signer.verifier().public_key()),
        "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
    );
    let skey = "PRIVATE+KEY+example.com/hrdoc-test-log+370e9c22+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";
    assert_eq!(signer.to_skey(), skey);
    assert_eq!(NoteSigner::from_skey(skey).unwrap().key_id(), 0x370e9c22);

    for (size, want) in [(8u64, CHECKPOINT_8), (257, CHECKPOINT_257)] {
        let log = if size == 8 {
            reference_log()
        } else {
            entry_log(257)
        };
        let cp = Checkpoint {
            origin: "example.com/hrdoc-test-log".into(),
            size,
            root: tree_hash(size, &log.stored).unwrap(),
            extensions: vec![],
        };
        assert_eq!(cp.sign(&[&signer]).unwrap(), want);
        let verifier = NoteVerifier::from_vkey(TEST_VKEY).unwrap();
        let opened = checkpoint::open(
            want.as_bytes(),
            &[verifier],
            Some("example.com/hrdoc-test-log"),
        )
        .unwrap();
        assert_eq!(opened, cp);
    }
}
