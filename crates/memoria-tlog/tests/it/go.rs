//! The independent check: Go's `golang.org/x/mod/sumdb/tlog` and `note` (Debian
//! `golang-go` + `golang-golang-x-mod-dev`) read logs, checkpoints, proofs and tiles this
//! crate wrote for logs of random sizes and must agree, byte for byte, and must refuse
//! the tampered checkpoints and proofs this crate refuses.
//!
//! Without `go` (or the Debian x/mod source) the test returns early with a note, unless
//! `MEMORIA_REQUIRE_VALIDATORS` is set, when it fails instead.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use data_encoding::HEXLOWER;
use memoria_tlog::note::NoteSigner;
use memoria_tlog::{
    Checkpoint, Hash, checkpoint, prove_consistency, prove_inclusion, tile, tree_hash,
    verify_consistency, verify_inclusion,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::MemLog;

/// Where Debian's golang-golang-x-mod-dev puts the module (the `replace` in go.mod).
const XMOD: &str = "/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog";

fn validators_required() -> bool {
    std::env::var_os("MEMORIA_REQUIRE_VALIDATORS").is_some_and(|v| !v.is_empty() && v != "0")
}

fn go_available() -> bool {
    let go = Command::new("go").arg("version").output();
    matches!(go, Ok(out) if out.status.success()) && Path::new(XMOD).is_dir()
}

fn hex_list(proof: &[Hash]) -> String {
    if proof.is_empty() {
        return "-".into();
    }
    proof.iter().map(Hash::to_hex).collect::<Vec<_>>().join(",")
}

/// Writes one random log of `size` entries, its checkpoint, bad checkpoints, proofs and
/// tiles into `dir`, checking along the way that Rust refuses what Go must refuse.
fn write_log(dir: &Path, size: u64, rng: &mut ChaCha8Rng, k: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let entries: Vec<Vec<u8>> = (0..size)
        .map(|_| {
            let len = rng.random_range(0..48);
            (0..len).map(|_| rng.random()).collect()
        })
        .collect();
    let log = MemLog::from_entries(&entries);
    let s = &log.stored;
    let root = |n: u64| tree_hash(n, s).unwrap();
    let mut text = String::new();
    for e in &entries {
        writeln!(text, "{}", HEXLOWER.encode(e)).unwrap();
    }
    std::fs::write(dir.join("entries"), &text).unwrap();

    // Checkpoint and its tampered variants.
    let origin = format!("example.org/memoria-test-{k}");
    let signer = NoteSigner::from_seed(&origin, &rng.random()).unwrap();
    let trusted = [signer.verifier()];
    std::fs::write(dir.join("vkey"), signer.verifier().to_vkey()).unwrap();
    let cp = Checkpoint {
        origin: origin.clone(),
        size,
        root: root(size),
        extensions: vec![],
    };
    let signed = cp.sign(&[&signer]).unwrap();
    checkpoint::open(signed.as_bytes(), &trusted, Some(&origin)).unwrap();
    std::fs::write(dir.join("checkpoint"), &signed).unwrap();
    let sig_line = signed.lines().last().unwrap();
    let other_root = Checkpoint {
        root: leaf_or_other(&cp.root),
        ..cp.clone()
    };
    let impostor = NoteSigner::from_seed(&origin, &rng.random()).unwrap();
    let mut flipped = signed.clone().into_bytes();
    let at = flipped.len() - 10;
    flipped[at] = if flipped[at] == b'A' { b'B' } else { b'A' };
    let bad = [
        format!(
            "{}\n{}\n{}\n\n{sig_line}\n",
            origin,
            size + 1,
            cp.root.to_base64()
        ),
        format!("{}\n{sig_line}\n", other_root.to_text()),
        cp.sign(&[&impostor]).unwrap(),
        String::from_utf8(flipped).unwrap(),
    ];
    for (i, b) in bad.iter().enumerate() {
        assert!(checkpoint::open(b.as_bytes(), &trusted, Some(&origin)).is_err());
        std::fs::write(dir.join(format!("bad-checkpoint-{i}")), b).unwrap();
    }

    // Proofs, good and tampered.
    let mut proofs = String::new();
    let inclusion = |rng: &mut ChaCha8Rng, n: u64, i: u64, proofs: &mut String, tamper: bool| {
        let mut p = prove_inclusion(n, i, s).unwrap();
        let leaf = memoria_tlog::leaf_hash(&entries[i as usize]);
        verify_inclusion(&p, n, i, &leaf, &root(n)).unwrap();
        let mut verdict = "ok";
        if tamper && !p.is_empty() {
            let h = rng.random_range(0..p.len());
            p[h].0[rng.random_range(0..32)] ^= 1 << rng.random_range(0..8);
            assert!(verify_inclusion(&p, n, i, &leaf, &root(n)).is_err());
            verdict = "bad";
        }
        writeln!(proofs, "inclusion {verdict} {n} {i} {}", hex_list(&p)).unwrap();
    };
    inclusion(rng, size, 0, &mut proofs, false);
    inclusion(rng, size, size - 1, &mut proofs, false);
    for j in 0..40 {
        let n = rng.random_range(1..=size);
        let i = rng.random_range(0..n);
        inclusion(rng, n, i, &mut proofs, j % 4 == 3);
    }
    let consistency = |rng: &mut ChaCha8Rng, m: u64, n: u64, proofs: &mut String, tamper: bool| {
        let mut p = prove_consistency(m, n, s).unwrap();
        verify_consistency(&p, m, n, &root(m), &root(n)).unwrap();
        let mut verdict = "ok";
        if tamper && !p.is_empty() {
            let h = rng.random_range(0..p.len());
            p[h].0[rng.random_range(0..32)] ^= 1 << rng.random_range(0..8);
            assert!(verify_consistency(&p, m, n, &root(m), &root(n)).is_err());
            verdict = "bad";
        }
        writeln!(proofs, "consistency {verdict} {m} {n} {}", hex_list(&p)).unwrap();
    };
    consistency(rng, 1, size, &mut proofs, false);
    consistency(rng, size, size, &mut proofs, false);
    consistency(rng, size.div_ceil(2), size, &mut proofs, false);
    for j in 0..40 {
        let n = rng.random_range(1..=size);
        let m = rng.random_range(1..=n);
        consistency(rng, m, n, &mut proofs, j % 4 == 3);
    }
    std::fs::write(dir.join("proofs"), proofs).unwrap();

    // Tiles of the whole tree and of an earlier checkpoint, and the tile sets that
    // change between sizes.
    let mid = rng.random_range(1..=size);
    let mut tiles = String::new();
    for t in tile::new_tiles(0, size)
        .iter()
        .chain(&tile::new_tiles(0, mid))
    {
        let bytes = tile::tile_hashes(t, s).unwrap();
        writeln!(tiles, "{} {}", t.path(), HEXLOWER.encode(&bytes)).unwrap();
    }
    std::fs::write(dir.join("tiles"), tiles).unwrap();
    let mut sets = String::new();
    for (old, new) in [(0, size), (0, mid), (mid, size), (size / 3, size)] {
        let paths: Vec<String> = tile::new_tiles(old, new).iter().map(|t| t.path()).collect();
        let paths = if paths.is_empty() {
            "-".into()
        } else {
            paths.join(",")
        };
        writeln!(sets, "{old} {new} {paths}").unwrap();
    }
    std::fs::write(dir.join("newtiles"), sets).unwrap();
}

/// A root that is not `root`.
fn leaf_or_other(root: &Hash) -> Hash {
    let mut h = *root;
    h.0[0] ^= 0xff;
    h
}

#[test]
fn go_sumdb_agrees_with_every_checkpoint_proof_and_tile() {
    if !go_available() {
        assert!(
            !validators_required(),
            "MEMORIA_REQUIRE_VALIDATORS is set but `go` or {XMOD} is missing: \
             apt-get install -y golang-go golang-golang-x-mod-dev"
        );
        eprintln!(
            "note: skipping the Go cross-check (install golang-go and golang-golang-x-mod-dev)"
        );
        return;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(0x60_7106);
    let mut sizes = vec![1, 2, 3, 5, 8, 255, 256, 257, 1000, 65_536 + 300];
    sizes.extend((0..6).map(|_| rng.random_range(1..5000)));
    let work = tempfile::tempdir().unwrap();
    let dirs: Vec<_> = sizes
        .iter()
        .enumerate()
        .map(|(k, &size)| {
            let dir = work.path().join(format!("log-{k}-{size}"));
            write_log(&dir, size, &mut rng, k);
            dir
        })
        .collect();

    let go_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go");
    let mut go = Command::new("go");
    go.arg("run").arg(".").args(&dirs).current_dir(&go_dir);
    // Offline and hermetic: the one dependency is Debian's copy (see go.mod).
    go.env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .env("GOSUMDB", "off")
        .env("GOWORK", "off")
        .env("GO111MODULE", "on");
    if std::env::var_os("GOCACHE").is_none() && std::env::var_os("HOME").is_none() {
        go.env(
            "GOCACHE",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-cache"),
        );
    }
    let out = go.output().expect("running go");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "Go refused what memoria-tlog wrote:\n{stdout}\n{stderr}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        dirs.len(),
        "{stdout}"
    );

    // And a tampered good checkpoint, put in place of the real one, makes Go fail.
    let first = &dirs[0];
    let good = std::fs::read_to_string(first.join("checkpoint")).unwrap();
    let bad = good.replacen("\n1\n", "\n2\n", 1);
    assert_ne!(good, bad);
    std::fs::write(first.join("checkpoint"), bad).unwrap();
    let out = go.output().expect("running go");
    assert!(!out.status.success(), "Go accepted a tampered checkpoint");
    assert!(String::from_utf8_lossy(&out.stderr).contains("checkpoint"));
}
