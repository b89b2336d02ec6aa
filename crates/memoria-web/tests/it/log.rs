//! The transparency log as `memoria serve` serves it: the C2SP tlog-tiles layout under
//! `/log/`, the JSON API under `/api/v1/log/`, receipts from the audit log page, and an
//! independent check by Go's own `sumdb/tlog` and `sumdb/note` over a real socket.
//!
//! The Go check (`tests/go`) runs when `go` and Debian's golang-golang-x-mod-dev are
//! installed; without them it says so and passes, unless `MEMORIA_REQUIRE_GO=1` (or
//! `MEMORIA_REQUIRE_VALIDATORS`, which `.ci/run` sets) asks for it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use axum::http::{StatusCode, header};
use memoria_store::log::leaf_bytes;
use memoria_store::{Actor, LogReader};
use memoria_tlog::tile::{self, TILE_WIDTH, Tile, TileLevel};
use memoria_tlog::{Checkpoint, Hash, Receipt, checkpoint, tree_hash, verify_consistency};
use serde_json::json;

use crate::harness::{Backend, Client, World, log_signer, start};

/// Adds audit entries in one transaction until the log holds `size`.
fn grow_to(w: &World, size: u64) {
    let now = w.store().log_size().unwrap();
    assert!(
        now <= size,
        "the log already holds {now} entries, more than {size}"
    );
    let mut tx = w.store().begin(&Actor::system()).unwrap();
    for i in now..size {
        tx.audit("log-test", None, &format!("filler {i}")).unwrap();
    }
    tx.commit().unwrap();
    assert_eq!(w.store().log_size().unwrap(), size);
}

fn root(w: &World, size: u64) -> Hash {
    tree_hash(size, &LogReader(w.store())).unwrap()
}

/// `GET /log/checkpoint`, opened with the log's key.
fn fetch_checkpoint(c: &mut Client) -> Checkpoint {
    let r = c.get("/log/checkpoint");
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/plain; charset=utf-8");
    let signer = log_signer();
    checkpoint::open(r.text.as_bytes(), &[signer.verifier()], Some(signer.name())).unwrap()
}

/// Every tile and entry bundle of the tree of `size` entries, as served, equals what
/// the store holds.
fn check_tiles(w: &World, c: &mut Client, size: u64) {
    let store = w.store();
    for t in tile::new_tiles(0, size) {
        let r = c.get(&format!("/log/{}", t.path()));
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.path(), r.text);
        assert_eq!(r.headers[header::CONTENT_TYPE], "application/octet-stream");
        assert_eq!(
            r.bytes,
            tile::tile_hashes(&t, &LogReader(store)).unwrap(),
            "{} at size {size}",
            t.path()
        );
    }
    let width = u64::from(TILE_WIDTH);
    for n in 0..size.div_ceil(width) {
        let t = Tile {
            level: TileLevel::Entries,
            index: n,
            width: (size - n * width).min(width) as u16,
        };
        let r = c.get(&format!("/log/{}", t.path()));
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.path(), r.text);
        let served = tile::parse_entry_bundle(&r.bytes, t.width).unwrap();
        let stored = store.log_entries(n * width, usize::from(t.width)).unwrap();
        assert_eq!(served.len(), stored.len());
        for (s, e) in served.iter().zip(&stored) {
            assert_eq!(*s, leaf_bytes(e).as_slice(), "{}", t.path());
        }
    }
}

#[test]
fn tiles_and_bundles_match_the_store_at_every_size() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut admin = w.api("root");
        let mut writer = w.api("documentalist");

        // Writes through the API are entries of the log, in the order they committed.
        let before = w.store().log_size().unwrap();
        let mut ids = Vec::new();
        for k in 0..5 {
            let r = writer.json(
                "POST",
                "/api/v1/organizations",
                Some(json!({"body": {
                    "collection": w.collection.to_string(),
                    "name": {"en": format!("Fictional Unit {k}")}
                }})),
                None,
            );
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            ids.push(r.json()["id"].as_str().unwrap().to_string());
        }
        let after = w.store().log_size().unwrap();
        let created: Vec<String> = w
            .store()
            .log_entries(before, (after - before) as usize)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "create")
            .filter_map(|e| e.record.map(|r| r.to_string()))
            .collect();
        assert_eq!(created, ids, "{backend:?}");

        // At sizes on both sides of the tile boundaries of levels 0 and 1.
        let mut served: Vec<Tile> = Vec::new();
        for size in [after, 255, 256, 257, 300, 511, 512, 530] {
            grow_to(&w, size);
            let cp = fetch_checkpoint(&mut admin);
            assert_eq!((cp.size, cp.root), (size, root(&w, size)), "{backend:?}");
            check_tiles(&w, &mut admin, size);
            // A partial tile of an earlier checkpoint is gone once the tree is wider.
            let now = tile::new_tiles(0, size);
            for old in served.iter().filter(|t| !now.contains(t)) {
                let r = admin.get(&format!("/log/{}", old.path()));
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{} at {size}", old.path());
            }
            served = now;
        }

        // Tiles follow the newest checkpoint, not the log: entries no checkpoint has
        // committed to are not served until one is signed.
        grow_to(&w, 540);
        let old = Tile {
            level: TileLevel::Hashes(0),
            index: 2,
            width: 530 - 512,
        };
        let new = Tile {
            width: 540 - 512,
            ..old
        };
        assert_eq!(admin.get(&format!("/log/{}", old.path())).status, 200);
        assert_eq!(admin.get(&format!("/log/{}", new.path())).status, 404);
        assert_eq!(fetch_checkpoint(&mut admin).size, 540);
        assert_eq!(admin.get(&format!("/log/{}", old.path())).status, 404);
        assert_eq!(admin.get(&format!("/log/{}", new.path())).status, 200);
        // Full tiles that are not full yet, and tiles beyond the tree.
        for path in [
            "tile/0/002",
            "tile/0/003.p/1",
            "tile/1/000",
            "tile/1/001.p/1",
            "tile/2/000.p/1",
            "tile/entries/002",
            "tile/entries/x001/000",
        ] {
            assert_eq!(admin.get(&format!("/log/{path}")).status, 404, "{path}");
        }
    }
}

#[test]
fn api_gives_checkpoint_receipts_and_consistency_proofs() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut admin = w.api("root");
        grow_to(&w, 300);
        let signer = log_signer();
        let trusted = [signer.verifier()];

        let r = admin.json("GET", "/api/v1/log/checkpoint", None, None);
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let body = r.json();
        assert_eq!(body["size"], 300);
        assert_eq!(body["root"], root(&w, 300).to_base64());
        let cp =
            checkpoint::open(body["note"].as_str().unwrap().as_bytes(), &trusted, None).unwrap();
        assert_eq!((cp.size, cp.root), (300, root(&w, 300)));

        for index in [0, 1, 255, 256, 299] {
            let r = admin.json(
                "GET",
                &format!("/api/v1/log/proof?index={index}"),
                None,
                None,
            );
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            let body = r.json();
            assert_eq!(
                (body["index"].as_u64(), body["size"].as_u64()),
                (Some(index), Some(300))
            );
            let entry = w.store().log_entries(index, 1).unwrap().pop().unwrap();
            assert_eq!(
                body["entry"].as_str().unwrap().as_bytes(),
                leaf_bytes(&entry)
            );
            let receipt = Receipt::parse(body["receipt"].as_str().unwrap()).unwrap();
            assert_eq!(receipt.index, index);
            let proved = receipt
                .verify(&leaf_bytes(&entry), &trusted, Some(signer.name()))
                .unwrap();
            assert_eq!(proved.size, 300);
            // Another entry does not pass for this one.
            let other = w
                .store()
                .log_entries((index + 1) % 300, 1)
                .unwrap()
                .pop()
                .unwrap();
            assert!(receipt.verify(&leaf_bytes(&other), &trusted, None).is_err());
        }

        for old in [1, 2, 100, 256, 300] {
            let r = admin.json(
                "GET",
                &format!("/api/v1/log/consistency?old={old}"),
                None,
                None,
            );
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            let body = r.json();
            assert_eq!(
                (body["old"].as_u64(), body["size"].as_u64()),
                (Some(old), Some(300))
            );
            let proof: Vec<Hash> = body["proof"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| Hash::from_base64(h.as_str().unwrap()).unwrap())
                .collect();
            verify_consistency(&proof, old, 300, &root(&w, old), &root(&w, 300)).unwrap();
            checkpoint::open(
                body["checkpoint"].as_str().unwrap().as_bytes(),
                &trusted,
                None,
            )
            .unwrap();
        }

        // Bad parameters are 400, beyond the log 404, both in the API's error shape.
        for (query, status) in [
            ("proof?index=300", 404),
            ("proof?index=9223372036854775807", 404),
            ("proof?index=9223372036854775808", 400),
            ("proof?index=99999999999999999999999", 400),
            ("proof", 400),
            ("proof?index=", 400),
            ("proof?index=-1", 400),
            ("proof?index=+1", 400),
            ("proof?index=1.0", 400),
            ("proof?index=%201", 400),
            ("proof?index=abc", 400),
            ("proof?index=1&index=2", 400),
            ("consistency?old=301", 404),
            ("consistency?old=0", 400),
            ("consistency", 400),
            ("consistency?old=x", 400),
            ("consistency?index=3", 400),
        ] {
            let r = admin.json("GET", &format!("/api/v1/log/{query}"), None, None);
            assert_eq!(r.status.as_u16(), status, "{query}: {}", r.text);
            let code = if status == 404 {
                "not_found"
            } else {
                "bad_request"
            };
            assert_eq!(r.json()["error"]["code"], code, "{query}");
        }
        // The log's operations take GET only.
        let r = admin.json("POST", "/api/v1/log/checkpoint", Some(json!({})), None);
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    }
}

#[test]
fn signed_out_and_bad_tokens_are_refused() {
    let w = World::new(Backend::Sqlite);
    let mut anonymous = w.client();
    for path in [
        "/log/checkpoint",
        "/log/tile/0/000.p/1",
        "/log/tile/entries/000.p/1",
    ] {
        let r = anonymous.get(path);
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(
            r.headers[header::WWW_AUTHENTICATE],
            "Bearer realm=\"memoria\""
        );
        assert!(
            r.text.contains("data-code=\"not_signed_in\""),
            "{path}: {}",
            r.text
        );
    }
    for path in [
        "/api/v1/log/checkpoint",
        "/api/v1/log/proof?index=0",
        "/api/v1/log/consistency?old=1",
    ] {
        let r = anonymous.get(path);
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(r.json()["error"]["code"], "not_signed_in");
    }
    // The receipt is a page: signed out, it sends the reader to sign in.
    let r = anonymous.get("/audit/receipt/0");
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/sign-in");

    // A bad token is refused even when a valid session rides along: the two are never
    // combined.
    let mut c = w.signed_in("root");
    assert_eq!(c.get("/log/checkpoint").status, StatusCode::OK);
    c.bearer = Some("mat_not-a-token".into());
    assert_eq!(c.get("/log/checkpoint").status, StatusCode::UNAUTHORIZED);
    // A revoked token opens nothing.
    let mut api = w.api("viewer");
    assert_eq!(api.get("/log/checkpoint").status, StatusCode::OK);
    let viewer = w.store().account_by_name("viewer").unwrap().unwrap();
    let token = w.store().api_tokens(viewer.id).unwrap().pop().unwrap();
    let mut tx = w.store().begin(&Actor::from(&viewer)).unwrap();
    tx.revoke_api_token(token.id, memoria_store::Timestamp::now())
        .unwrap();
    tx.commit().unwrap();
    assert_eq!(api.get("/log/checkpoint").status, StatusCode::UNAUTHORIZED);
}

#[test]
fn malformed_tile_paths_are_not_found_never_a_failure() {
    for backend in Backend::all() {
        let w = World::new(backend);
        grow_to(&w, 300);
        let mut admin = w.signed_in("root");
        assert_eq!(
            fetch_checkpoint(&mut admin).size,
            w.store().log_size().unwrap()
        );
        for path in [
            "",
            "0",
            "0/",
            "0/../0/000",
            "../checkpoint",
            "..%2F..%2Fcheckpoint",
            "0/000/..",
            "00/000",
            "0/0000",
            "0/00",
            "0/0",
            "0/x000/001",
            "0/x0/001",
            "0/x001",
            "0/000.p/0",
            "0/000.p/256",
            "0/000.p/01",
            "0/000.p/",
            "0/000.p/-1",
            "0/000.p/1/2",
            "0/001.p/44.p/44",
            "8/000",
            "-1/000",
            "99999999999999999999/000",
            "0/x999/x999/x999/x999/x999/x999/x999/999",
            "0/x018/x446/x744/x073/x709/x551/615",
            "0/abc",
            "0/000%00",
            "0/%FF",
            "entries",
            "entries/",
            "entries/0000",
            "entries/000.p/300",
            "ENTRIES/000",
            "data/000",
        ] {
            let r = admin.get(&format!("/log/tile/{path}"));
            assert!(
                r.status == StatusCode::NOT_FOUND || r.status == StatusCode::BAD_REQUEST,
                "{backend:?} {path}: {} {}",
                r.status,
                r.text
            );
            assert!(
                r.text.contains("data-code="),
                "{path}: the usual error page"
            );
        }
    }
}

#[test]
fn the_audit_page_shows_log_indexes_and_gives_receipts() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut root = w.signed_in("root");
        let page = root.get("/audit");
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text.contains("<a href=\"/audit/receipt/0\" download>"),
            "{}",
            page.text
        );
        for (lang, dir, words) in [
            ("es", "ltr", "a prueba de manipulaciones"),
            ("fr", "ltr", "journal infalsifiable"),
            ("ar", "rtl", "سجل يكشف أي تلاعب"),
            ("en", "ltr", "tamper-evident log"),
        ] {
            let csrf = root.csrf();
            let r = root.post_form("/account/language", &[("csrf", &csrf), ("language", lang)]);
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            let page = root.get("/audit");
            assert!(
                page.text
                    .contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">"))
            );
            assert!(page.text.contains(words), "{lang}");
            // Numbers are isolated, so that they read the same in a right-to-left page.
            assert!(page.text.contains("<bdi>3</bdi>"), "{lang}");
        }

        let r = root.get("/audit/receipt/3");
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.headers[header::CONTENT_TYPE], "text/plain; charset=utf-8");
        assert_eq!(
            r.headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"memoria-entry-3.tlog-proof\""
        );
        let entry = w.store().log_entries(3, 1).unwrap().pop().unwrap();
        let receipt = Receipt::parse(&r.text).unwrap();
        receipt
            .verify(&leaf_bytes(&entry), &[log_signer().verifier()], None)
            .unwrap();
        let size = w.store().log_size().unwrap();
        for path in [
            format!("/audit/receipt/{}", size + 10),
            "/audit/receipt/abc".into(),
            "/audit/receipt/-1".into(),
            "/audit/receipt/99999999999999999999".into(),
        ] {
            assert_eq!(root.get(&path).status, StatusCode::NOT_FOUND, "{path}");
        }
    }
}

/// Builds the Go client of `tests/go` into `dir`, offline; `None` (after saying so)
/// when Go or Debian's x/mod is missing.
fn go_client(dir: &Path) -> Option<PathBuf> {
    memoria_testkit::build_go_program(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go"),
        &dir.join("log-client"),
    )
}

/// Runs the Go client against the server: whether it passed, its stdout and stderr.
fn go_check(
    client: &Path,
    base: &str,
    token: &str,
    old: Option<&Path>,
    save: &Path,
) -> (bool, String, String) {
    let mut run = Command::new(client);
    run.args(["-url", base, "-token", token])
        .args(["-vkey", &log_signer().verifier().to_vkey()])
        .arg("-save")
        .arg(save);
    if let Some(old) = old {
        run.arg("-old").arg(old);
    }
    let out = run.output().expect("running the Go client");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Changes the detail of the entry at `index` in the database itself, behind the
/// store's back, as someone with access to the database could.
fn tamper(w: &World, index: u64) {
    let changed = match w.sqlite_path() {
        Some(path) => rusqlite::Connection::open(path)
            .unwrap()
            .execute(
                "UPDATE audit SET detail = 'nothing happened' WHERE log_index = ?1",
                [index as i64],
            )
            .unwrap(),
        None => postgres::Client::connect(&w._pg_url(), postgres::NoTls)
            .unwrap()
            .execute(
                "UPDATE audit SET detail = 'nothing happened' WHERE log_index = $1",
                &[&(index as i64)],
            )
            .unwrap() as usize,
    };
    assert_eq!(changed, 1);
}

#[test]
fn go_checks_the_served_log_and_catches_a_tampered_entry() {
    let work = tempfile::tempdir().unwrap();
    let Some(client) = go_client(work.path()) else {
        return;
    };
    for backend in Backend::all() {
        let w = World::new(backend);
        let token = w.api("root").bearer.unwrap();
        let writer = w.api("documentalist").bearer.unwrap();
        let (base, stop, server) = start(w.state.clone());
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        // Audited writes through the API, over the socket.
        for k in 0..10 {
            let r = agent
                .post(&format!("{base}/api/v1/organizations"))
                .header("authorization", &format!("Bearer {writer}"))
                .send_json(json!({"body": {
                    "collection": w.collection.to_string(),
                    "name": {"en": format!("Fictional Brigade {k}")}
                }}))
                .unwrap();
            assert_eq!(r.status(), 201);
        }
        let saved = |size: u64| work.path().join(format!("{backend:?}-{size}.checkpoint"));

        // Below one tile, across level 0's first boundary, across the second (where
        // level 1 has a partial tile of two hashes), each extending the last.
        let mut older: Option<u64> = None;
        for size in [200, 300, 530] {
            grow_to(&w, size);
            let old = older.map(saved);
            let (ok, out, err) = go_check(&client, &base, &token, old.as_deref(), &saved(size));
            assert!(
                ok,
                "{backend:?}: Go refused the log at size {size}:\n{out}\n{err}"
            );
            assert!(
                out.starts_with(&format!("ok size {size}, {size} entries")),
                "{out}"
            );
            if let Some(o) = older {
                assert!(out.contains(&format!("extends {o}")), "{out}");
            }
            eprintln!("{backend:?}: Go: {}", out.trim());
            older = Some(size);
        }

        // One entry's detail changed in the database after its checkpoint went out:
        // the tree no longer holds the entry the server serves, and Go says which.
        tamper(&w, 260);
        let old = older.map(saved);
        let (ok, out, err) = go_check(&client, &base, &token, old.as_deref(), &saved(0));
        assert!(!ok, "{backend:?}: Go accepted a tampered log:\n{out}");
        assert!(err.contains("entry 260 "), "{backend:?}: {err}");
        eprintln!("{backend:?}: Go on the tampered log: {}", err.trim());
        // The server's own receipt of that entry no longer proves it either.
        let r: serde_json::Value = agent
            .get(&format!("{base}/api/v1/log/proof?index=260"))
            .header("authorization", &format!("Bearer {token}"))
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        let receipt = Receipt::parse(r["receipt"].as_str().unwrap()).unwrap();
        assert!(
            receipt
                .verify(
                    r["entry"].as_str().unwrap().as_bytes(),
                    &[log_signer().verifier()],
                    None
                )
                .is_err()
        );
        // And rebuilding the log from the entries (as `memoria log verify` does) finds it.
        let report =
            memoria_store::log::audit(w.store(), &[log_signer().verifier()], &[], |_, _| {})
                .unwrap();
        assert!(!report.problems.is_empty(), "{backend:?}");

        stop.send(()).unwrap();
        server.join().unwrap();
    }
}
