//! Evidence in the interface: the items of an incident, an item's page with its chain of
//! custody, and downloads from the vault, which are custody events themselves and never
//! hand out a damaged file as if it were whole.

use std::time::Duration;

use axum::http::{StatusCode, header};
use memoria_core::entity::Sensitivity;
use memoria_core::id::RecordId;

use crate::harness::{Backend, Client, World, start};

/// A JPEG with EXIF (camera, capture time, a GPS position), XMP (another position), a
/// comment and a C2PA manifest: `memoria-media`'s fixture.
const PHOTO: &[u8] = include_bytes!("../../../memoria-media/tests/data/photo.jpg");
/// A PDF, of which no copy without metadata is made.
const REPORT: &[u8] = include_bytes!("../../../memoria-media/tests/data/report.pdf");
/// The fixture's position as the page writes it, and as XMP writes it.
const LATITUDE: &str = "10.500000";
const LONGITUDE: &str = "-20.250000";
const XMP_LATITUDE: &str = "10,30.0N";

/// A name that could identify a witness: shown on the item's page, never elsewhere.
const FILE_NAME: &str = "witness-amal-at-the-gate.jpg";

fn add_photo(w: &World, confidentiality: Sensitivity) -> RecordId {
    w.add_evidence(
        w.incident(Sensitivity::Internal),
        confidentiality,
        PHOTO,
        FILE_NAME,
        "The checkpoint at dawn",
    )
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The custody entries of an item: (action, account name, detail).
fn custody(w: &World, id: RecordId) -> Vec<(String, String, String)> {
    w.store()
        .audit_of(id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("custody-"))
        .map(|e| {
            let name = w.store().account(e.account).unwrap().unwrap().name;
            (e.action, name, e.detail)
        })
        .collect()
}

#[test]
fn the_incident_lists_its_evidence_and_the_item_shows_its_custody() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let id = add_photo(&w, Sensitivity::Internal);
        let hash = sha256(PHOTO);
        let mut c = w.signed_in("documentalist");

        let page = c.get(&format!("/incidents/{}", w.incident(Sensitivity::Internal)));
        assert_eq!(page.status, StatusCode::OK, "{backend:?}");
        let t = &page.text;
        assert!(t.contains(&format!("href=\"/evidence/{id}\"")), "{t}");
        assert!(t.contains("The checkpoint at dawn"));
        assert!(t.contains("image/jpeg"));
        assert!(t.contains("3.1 kB"));
        assert!(t.contains("2023-05-01 10:22:03"));
        assert!(t.contains(&format!("<bdi dir=\"ltr\">{}…</bdi>", &hash[..12])));
        assert!(t.contains(&format!("href=\"/evidence/{id}/download\"")));
        assert!(
            !t.contains(FILE_NAME),
            "the file name stays on the item's page"
        );
        // The other incidents have none.
        let other = c.get(&format!("/incidents/{}", w.incident(Sensitivity::Public)));
        assert!(!other.text.contains("/evidence/"));

        let page = c.get(&format!("/evidence/{id}"));
        assert_eq!(page.status, StatusCode::OK, "{backend:?}");
        let t = &page.text;
        assert!(t.contains(&hash), "the whole hash");
        assert!(t.contains(FILE_NAME));
        assert!(t.contains("MemoriaTestCam · Model X-1"), "{t}");
        assert!(
            t.contains(&format!("{LATITUDE}, {LONGITUDE} · 124 m (EXIF)")),
            "{t}"
        );
        assert!(t.contains("10,30.0N, 20,15.0W (XMP)"));
        assert!(t.contains("EXIF, XMP, C2PA"));
        assert!(
            t.contains("Detention at the Internal checkpoint"),
            "its incident"
        );
        assert!(t.contains("Chain of custody"));
        assert!(t.contains("added to the vault"));
        assert!(t.contains("copy without metadata made"));
        assert!(t.contains("<td>root</td>"));
        // Every entry has its log index.
        let entries = w.store().audit_of(id).unwrap();
        assert!(entries.len() >= 3, "create, ingest, derive");
        for e in &entries {
            let i = e.log_index.expect("sealed");
            assert!(t.contains(&format!("<bdi>{i}</bdi>")), "log index {i}");
        }
        // The generic record page leads here, and the item's history works.
        let r = c.get(&format!("/records/{id}"));
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), format!("/evidence/{id}"));
        let r = c.get(&format!("/records/{id}/history"));
        assert_eq!(r.status, StatusCode::OK);
    }
}

#[test]
fn a_download_is_the_file_exactly_and_enters_the_custody_log() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let id = add_photo(&w, Sensitivity::Internal);
        let hash = sha256(PHOTO);
        let mut c = w.signed_in("documentalist");
        let before = custody(&w, id).len();

        let r = c.get(&format!("/evidence/{id}/download"));
        assert_eq!(r.status, StatusCode::OK, "{backend:?}: {}", r.text);
        assert!(r.body_error.is_none());
        assert_eq!(r.bytes, PHOTO, "byte for byte");
        let h = |name: header::HeaderName| r.headers.get(name).unwrap().to_str().unwrap();
        assert_eq!(h(header::CONTENT_TYPE), "application/octet-stream");
        assert_eq!(
            h(header::CONTENT_DISPOSITION),
            format!("attachment; filename=\"evidence-{id}.jpg\"")
        );
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(h(header::CONTENT_LENGTH), PHOTO.len().to_string());
        for v in r.headers.values() {
            assert!(!v.to_str().unwrap_or("").contains("witness"));
        }
        let entries = custody(&w, id);
        assert_eq!(entries.len(), before + 1);
        assert_eq!(
            entries.last().unwrap(),
            &(
                "custody-download".to_string(),
                "documentalist".to_string(),
                format!("sha256:{hash} size:{}", PHOTO.len())
            )
        );

        // HEAD says what a download would be, and is no download.
        let r = c.send(
            axum::http::Request::head(format!("/evidence/{id}/download"))
                .body(axum::body::Body::empty())
                .unwrap(),
        );
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.headers.get(header::CONTENT_LENGTH).unwrap(),
            &PHOTO.len().to_string()
        );
        assert!(r.bytes.is_empty());
        assert_eq!(custody(&w, id).len(), before + 1);

        // The copy without metadata.
        let stripped = memoria_media::strip(PHOTO).unwrap().bytes;
        let r = c.get(&format!("/evidence/{id}/download?copy=stripped"));
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.bytes, stripped);
        assert_eq!(
            r.headers.get(header::CONTENT_DISPOSITION).unwrap(),
            &format!("attachment; filename=\"evidence-{id}-stripped.jpg\"")
        );
        assert_eq!(
            custody(&w, id).last().unwrap(),
            &(
                "custody-download-stripped".to_string(),
                "documentalist".to_string(),
                format!("sha256:{} size:{}", sha256(&stripped), stripped.len())
            )
        );
        let page = c.get(&format!("/evidence/{id}"));
        assert!(page.text.contains("original downloaded"));
        assert!(page.text.contains("copy without metadata downloaded"));
        assert!(page.text.contains("<td>documentalist</td>"));

        // No other copies; a PDF has no copy without metadata.
        let r = c.get(&format!("/evidence/{id}/download?copy=thumbnail"));
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let pdf = w.add_evidence(
            w.incident(Sensitivity::Internal),
            Sensitivity::Internal,
            REPORT,
            "report.pdf",
            "",
        );
        let r = c.get(&format!("/evidence/{pdf}/download?copy=stripped"));
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = c.get(&format!("/evidence/{pdf}/download"));
        assert_eq!(r.bytes, REPORT);
        assert_eq!(
            r.headers.get(header::CONTENT_DISPOSITION).unwrap(),
            &format!("attachment; filename=\"evidence-{pdf}.pdf\"")
        );
        let page = c.get(&format!("/evidence/{pdf}"));
        assert!(page.text.contains("No copy without metadata"));
        // The fixture's XMP packet, position included, is all it says about itself.
        assert!(
            page.text.contains("<bdi dir=\"ltr\">XMP</bdi>"),
            "{}",
            page.text
        );
        assert!(page.text.contains("10,30.0N, 20,15.0W<"));
    }
}

#[test]
fn readers_see_only_what_they_may() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let open = add_photo(&w, Sensitivity::Internal);
        let restricted = add_photo(&w, Sensitivity::Restricted);
        // Marked internal, but on a confidential incident: it takes the incident's.
        let hidden_incident = w.add_evidence(
            w.incident(Sensitivity::Confidential),
            Sensitivity::Internal,
            PHOTO,
            FILE_NAME,
            "On the confidential incident",
        );
        let incident = w.incident(Sensitivity::Internal);

        let mut viewer = w.signed_in("viewer");
        let page = viewer.get(&format!("/incidents/{incident}"));
        assert!(page.text.contains(&format!("/evidence/{open}")));
        assert!(!page.text.contains(&restricted.to_string()), "{backend:?}");
        // The viewer gets the copy without metadata, not the original.
        assert!(
            page.text
                .contains(&format!("/evidence/{open}/download?copy=stripped"))
        );
        assert!(!page.text.contains(&format!("/evidence/{open}/download\"")));
        for path in [
            format!("/evidence/{restricted}"),
            format!("/evidence/{restricted}/download"),
            format!("/evidence/{restricted}/download?copy=stripped"),
            format!("/records/{restricted}"),
            format!("/records/{restricted}/history"),
        ] {
            assert_eq!(viewer.get(&path).status, StatusCode::NOT_FOUND, "{path}");
        }
        let before = custody(&w, restricted).len();

        // A capture position can locate a witness: not for viewers or field researchers.
        for (account, sees_position) in [
            ("viewer", false),
            ("field_researcher", false),
            ("analyst", false),
            ("documentalist", true),
            ("coordinator", true),
        ] {
            let mut c = w.signed_in(account);
            let page = c.get(&format!("/evidence/{open}"));
            assert_eq!(page.status, StatusCode::OK, "{account}");
            if !sees_position {
                // A view that shows nothing sensitive is in the item's custody all the same.
                assert!(
                    custody(&w, open)
                        .iter()
                        .any(|(action, who, _)| action == "custody-view" && who == account),
                    "{account}"
                );
            }
            for position in [LATITUDE, LONGITUDE, XMP_LATITUDE] {
                assert_eq!(
                    page.text.contains(position),
                    sees_position,
                    "{account} {position}"
                );
            }
            assert!(page.text.contains("MemoriaTestCam"), "{account}");
            assert_eq!(
                page.text.contains("Download the original"),
                sees_position,
                "{account}"
            );
            assert!(page.text.contains("Download without metadata"));
            // Its history hides the position too (with the rest of the metadata).
            let history = c.get(&format!("/records/{open}/history"));
            assert_eq!(history.status, StatusCode::OK);
            if !sees_position {
                assert!(!history.text.contains("-20.25"), "{account}");
                assert!(!history.text.contains(XMP_LATITUDE), "{account}");
            }
            let r = c.get(&format!("/evidence/{open}/download"));
            if sees_position {
                assert_eq!(r.bytes, PHOTO);
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{account}");
                let r = c.get(&format!("/evidence/{open}/download?copy=stripped"));
                assert_eq!(r.status, StatusCode::OK, "{account}");
                assert!(!String::from_utf8_lossy(&r.bytes).contains("MemoriaTestCam"));
            }
        }
        assert_eq!(custody(&w, restricted).len(), before, "nothing was read");

        let mut documentalist = w.signed_in("documentalist");
        assert_eq!(
            documentalist.get(&format!("/evidence/{restricted}")).status,
            StatusCode::OK
        );
        assert_eq!(
            documentalist
                .get(&format!("/evidence/{hidden_incident}"))
                .status,
            StatusCode::NOT_FOUND,
            "an item of a confidential incident is confidential"
        );
        let mut coordinator = w.signed_in("coordinator");
        assert_eq!(
            coordinator
                .get(&format!("/evidence/{hidden_incident}"))
                .status,
            StatusCode::OK
        );
        // An account of another collection sees nothing.
        let mut outsider = w.signed_in("outsider");
        assert_eq!(
            outsider.get(&format!("/evidence/{open}")).status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            outsider
                .get(&format!("/evidence/{open}/download?copy=stripped"))
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

/// Flips one bit of a file in place.
fn flip(path: &std::path::Path, offset: u64) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[offset as usize] ^= 0x01;
    std::fs::write(path, bytes).unwrap();
}

/// Pseudo-random bytes (they must not compress or repeat a chunk of another test).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn a_damaged_file_is_never_sent_as_if_whole() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let id = add_photo(&w, Sensitivity::Internal);
        let mut c = w.signed_in("documentalist");
        let before = custody(&w, id).len();
        // One bit of the first (and only) segment: found before the response starts.
        flip(&w.vault_object(PHOTO.len() as u64), 101 + 200);
        let r = c.get(&format!("/evidence/{id}/download"));
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{backend:?}");
        assert!(
            r.text.contains("data-code=\"evidence_damaged\""),
            "{}",
            r.text
        );
        assert!(r.text.contains("memoria verify"));
        assert_ne!(r.bytes, PHOTO);
        assert_eq!(custody(&w, id).len(), before, "nothing was sent");

        // A file larger than what is checked before answering, damaged far in: the
        // answer has begun, so the connection ends short of its announced length.
        let big = noise(3 << 20, 7);
        let id = w.add_evidence(
            w.incident(Sensitivity::Internal),
            Sensitivity::Internal,
            &big,
            "big.bin",
            "",
        );
        let segment = 40u64;
        flip(
            &w.vault_object(big.len() as u64),
            101 + segment * (65536 + 16) + 1000,
        );
        let r = c.get(&format!("/evidence/{id}/download"));
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body_error.is_some(), "the body ends with an error");
        assert_ne!(r.bytes, big);
        // The custody log says the download began, and that it failed part way.
        let entries = custody(&w, id);
        let hash = sha256(&big);
        let [.., (began, _, _), (failed, who, detail)] = &entries[..] else {
            panic!("{entries:?}");
        };
        assert_eq!(began, "custody-download");
        assert_eq!(
            (failed.as_str(), who.as_str()),
            ("custody-download-failed", "documentalist")
        );
        assert!(
            detail.starts_with(&format!("sha256:{hash} size:{} failed-at:", big.len())),
            "{detail}"
        );

        // The same over a real connection: the client sees an error, not a file.
        let (base, stop, handle) = start(w.state.clone());
        let cookie = cookie(&c);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        let mut r = agent
            .get(&format!("{base}/evidence/{id}/download"))
            .header("cookie", &cookie)
            .call()
            .unwrap();
        assert_eq!(r.status(), 200);
        let read = r.body_mut().read_to_vec();
        assert!(read.is_err(), "a cut download is an error to the client");
        let failed = custody(&w, id)
            .iter()
            .filter(|e| e.0 == "custody-download-failed")
            .count();
        assert_eq!(failed, 2);
        let page = c.get(&format!("/evidence/{id}"));
        assert!(page.text.contains("download failed part way"));
        stop.send(()).unwrap();
        handle.join().unwrap();
    }
}

fn cookie(c: &Client) -> String {
    c.cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn without_the_vault_pages_show_and_downloads_say_why_not() {
    let w = World::new(Backend::Sqlite);
    let id = add_photo(&w, Sensitivity::Internal);
    let mut state = w.state.clone();
    state.vault = None;
    let mut c = w.client_of(state);
    c.sign_in("documentalist", crate::harness::PASSWORD);
    let page = c.get(&format!("/evidence/{id}"));
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("started without the evidence vault"));
    assert!(!page.text.contains("/download"));
    let page = c.get(&format!("/incidents/{}", w.incident(Sensitivity::Internal)));
    assert!(page.text.contains(&format!("/evidence/{id}")));
    assert!(!page.text.contains("/download"));
    let r = c.get(&format!("/evidence/{id}/download"));
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text.contains("data-code=\"vault_not_configured\""));
    // Permissions come first: what the reader may not see is still not found.
    let restricted = add_photo(&w, Sensitivity::Restricted);
    let mut viewer = w.client_of({
        let mut s = w.state.clone();
        s.vault = None;
        s
    });
    viewer.sign_in("viewer", crate::harness::PASSWORD);
    let r = viewer.get(&format!("/evidence/{restricted}/download?copy=stripped"));
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[test]
fn the_item_reads_right_to_left_in_arabic() {
    let w = World::new(Backend::Sqlite);
    let id = add_photo(&w, Sensitivity::Internal);
    let mut c = w.signed_in("documentalist");
    let csrf = c.csrf();
    c.post_form("/account/language", &[("csrf", &csrf), ("language", "ar")]);
    let page = c.get(&format!("/evidence/{id}"));
    assert!(page.text.contains("dir=\"rtl\""));
    assert!(page.text.contains("سلسلة العهدة"));
    // Hashes, sizes and positions keep their order inside right-to-left text.
    assert!(
        page.text
            .contains(&format!("<bdi dir=\"ltr\">{}</bdi>", sha256(PHOTO)))
    );
    assert!(page.text.contains("<bdi dir=\"ltr\">3.1 kB</bdi>"));
    assert!(page.text.contains(&format!("<bdi dir=\"ltr\">{LATITUDE}")));
}
