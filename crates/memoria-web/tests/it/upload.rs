//! Evidence files coming in: the incident page's upload form, and resumable uploads
//! (tus 1.0) over a real HTTP server — broken off mid-body, continued from where they
//! stood, by another server too — that end as the exact file, never stored in
//! plaintext on the way; and every kind of bad request refused without a trace.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use memoria_core::entity::{Entity, EntityKind, Sensitivity};
use memoria_core::id::RecordId;
use memoria_web::Settings;

use crate::harness::{Backend, World, start};

const PHOTO: &[u8] = include_bytes!("../../../memoria-media/tests/data/photo.jpg");
/// A name that could identify a witness: it stays in the record.
const FILE_NAME: &str = "witness-amal-at-the-gate.jpg";

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A file of `len` bytes that no other test makes, starting with a marker that would
/// show if any of it were stored in plaintext.
fn file(len: usize) -> Vec<u8> {
    let mut bytes = b"MEMORIA-PLAINTEXT-MARKER-".repeat(4);
    bytes.extend(memoria_testkit::noise(
        len.saturating_sub(bytes.len()),
        0x2545_f491_4f6c_dd1du64,
    ));
    bytes.truncate(len);
    bytes
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A `multipart/form-data` body: its content type and bytes. Fields with a file name
/// are files.
fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----memoria-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file_name, value) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file_name {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post_multipart(
    c: &mut crate::harness::Client,
    path: &str,
    fields: &[(&str, Option<&str>, &[u8])],
    content_length: bool,
) -> crate::harness::Reply {
    let (content_type, body) = multipart(fields);
    let mut r = Request::post(path).header(header::CONTENT_TYPE, content_type);
    if content_length {
        r = r.header(header::CONTENT_LENGTH, body.len());
    }
    c.send(r.body(Body::from(body)).unwrap())
}

/// The custody entries of an item: (action, account name).
fn custody(w: &World, id: RecordId) -> Vec<(String, String)> {
    w.store()
        .audit_of(id)
        .unwrap()
        .into_iter()
        .map(|e| {
            let name = w.store().account(e.account).unwrap().unwrap().name;
            (e.action, name)
        })
        .collect()
}

/// Files in the vault's `objects/` and `tmp/` (what an ingest leaves), and in
/// `uploads/`.
fn stored(w: &World, under: &str) -> usize {
    let root = w.vault_dir().join(under);
    w.vault_files()
        .iter()
        .filter(|(p, _)| p.starts_with(&root))
        .count()
}

#[test]
fn the_incident_page_form_adds_a_file_with_its_custody() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let incident = w.incident(Sensitivity::Internal);
        let mut c = w.signed_in("field_researcher");
        let page = c.get(&format!("/incidents/{incident}"));
        assert!(
            page.text.contains(&format!(
                "action=\"/incidents/{incident}/evidence\" enctype=\"multipart/form-data\""
            )),
            "{backend:?}: the form is on the page"
        );
        assert!(page.text.contains("Up to 4.3 GB"), "the limit is said");
        let csrf = page.hidden("csrf");
        let path = format!("/incidents/{incident}/evidence");

        let r = post_multipart(
            &mut c,
            &path,
            &[
                ("csrf", None, csrf.as_bytes()),
                ("description", None, "The checkpoint at dawn".as_bytes()),
                ("confidentiality", None, b""),
                ("file", Some(FILE_NAME), PHOTO),
            ],
            true,
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{backend:?}: {}", r.text);
        let id: RecordId = r
            .location()
            .strip_prefix("/evidence/")
            .unwrap()
            .parse()
            .unwrap();
        let Entity::Evidence(e) = w.store().get(id).unwrap().unwrap().entity else {
            panic!("an evidence record")
        };
        assert_eq!(e.sha256, sha256(PHOTO));
        assert_eq!(e.size, PHOTO.len() as u64);
        assert_eq!(e.media_type, "image/jpeg");
        assert_eq!(e.incident, incident);
        assert_eq!(e.file_name.as_deref(), Some(FILE_NAME));
        assert_eq!(e.description.best("en"), Some("The checkpoint at dawn"));
        assert_eq!(e.confidentiality, Sensitivity::Internal, "the incident's");
        assert_eq!(
            e.stripped_sha256.as_deref(),
            Some(sha256(&memoria_media::strip(PHOTO).unwrap().bytes).as_str())
        );
        assert!(e.metadata.is_some() && e.captured_at.is_some());
        let who = |a: &str| (a.to_string(), "field_researcher".to_string());
        assert_eq!(
            custody(&w, id),
            [who("create"), who("custody-ingest"), who("custody-derive")]
        );
        // The file and its copy are in the vault, and the download is the file.
        let mut d = w.signed_in("documentalist");
        let r = d.get(&format!("/evidence/{id}/download"));
        assert_eq!(r.bytes, PHOTO);
        // The item's page shows it; the incident lists it; the index knows it.
        let r = c.get(&format!("/evidence/{id}"));
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text.contains(FILE_NAME));
        let page = c.get(&format!("/incidents/{incident}"));
        assert!(page.text.contains(&format!("href=\"/evidence/{id}\"")));

        // A higher level than the incident's is kept; one the account could not see
        // is refused, and nothing is stored.
        let before = w.count(EntityKind::Evidence);
        let objects = stored(&w, "objects");
        let r = post_multipart(
            &mut c,
            &path,
            &[
                ("csrf", None, csrf.as_bytes()),
                ("description", None, b""),
                ("confidentiality", None, b"restricted"),
                ("file", Some("a.pdf"), b"%PDF-1.4 a fictional statement"),
            ],
            true,
        );
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(r.text.contains("confidentiality"));
        // A form without its token, a viewer, an incident the account may not see, a
        // form with no file: refused, nothing stored.
        let r = post_multipart(
            &mut c,
            &path,
            &[
                ("csrf", None, b"forged"),
                ("file", Some("a.pdf"), b"%PDF-1.4 a fictional statement"),
            ],
            true,
        );
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = post_multipart(
            &mut c,
            &path,
            &[
                ("file", Some("a.pdf"), b"%PDF-1.4 a fictional statement"),
                ("csrf", None, csrf.as_bytes()),
            ],
            true,
        );
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "the token comes before the file"
        );
        let mut v = w.signed_in("viewer");
        let vcsrf = v.csrf();
        let r = post_multipart(
            &mut v,
            &path,
            &[
                ("csrf", None, vcsrf.as_bytes()),
                ("file", Some("a.pdf"), b"%PDF-1.4 x"),
            ],
            true,
        );
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = post_multipart(
            &mut c,
            &format!(
                "/incidents/{}/evidence",
                w.incident(Sensitivity::Restricted)
            ),
            &[
                ("csrf", None, csrf.as_bytes()),
                ("file", Some("a.pdf"), b"%PDF-1.4 x"),
            ],
            true,
        );
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = post_multipart(
            &mut c,
            &path,
            &[("csrf", None, csrf.as_bytes()), ("file", Some(""), b"")],
            true,
        );
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(w.count(EntityKind::Evidence), before);
        assert_eq!(stored(&w, "objects"), objects);
        assert_eq!(stored(&w, "tmp"), 0);
    }
}

#[test]
fn an_upload_over_the_limit_is_refused_and_leaves_nothing_behind() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let limit = 64 << 10;
        let state = w.with_settings(Settings {
            max_upload_bytes: limit,
            ..Settings::default()
        });
        let mut c = w.client_of(state.clone());
        c.sign_in("documentalist", crate::harness::PASSWORD);
        let incident = w.incident(Sensitivity::Internal);
        let page = c.get(&format!("/incidents/{incident}"));
        assert!(page.text.contains("Up to 66 kB"), "{}", page.text);
        let csrf = page.hidden("csrf");
        let audit_before = w.store().audit_log(0, 100_000).unwrap().len();
        // 12 MiB: past the limit, and past the vault's part size (a multipart upload
        // begun in the storage must be aborted too).
        let big = file(12 << 20);
        for (content_length, what) in [(true, "declared"), (false, "streamed")] {
            let r = post_multipart(
                &mut c,
                &format!("/incidents/{incident}/evidence"),
                &[
                    ("csrf", None, csrf.as_bytes()),
                    ("description", None, b"too big"),
                    ("file", Some("big.mp4"), &big),
                ],
                content_length,
            );
            assert_eq!(
                r.status,
                StatusCode::PAYLOAD_TOO_LARGE,
                "{backend:?} {what}"
            );
            assert!(
                r.text.contains("larger than this server accepts (66 kB)"),
                "{what}: {}",
                r.text
            );
        }
        // The same in Spanish (error pages take the language chosen at sign-in).
        let mut es = w.client_of(state);
        es.get("/sign-in?lang=es");
        es.sign_in("documentalist", crate::harness::PASSWORD);
        let csrf = es.csrf();
        let r = post_multipart(
            &mut es,
            &format!("/incidents/{incident}/evidence"),
            &[
                ("csrf", None, csrf.as_bytes()),
                ("file", Some("big.mp4"), &big),
            ],
            false,
        );
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(r.text.contains("mayor de lo que acepta"), "{}", r.text);
        assert_eq!(w.count(EntityKind::Evidence), 0);
        assert_eq!(stored(&w, "objects"), 0, "nothing in the vault");
        assert_eq!(stored(&w, "tmp"), 0, "no temporary left");
        let audit = w.store().audit_log(0, 100_000).unwrap();
        assert!(
            !audit[audit_before..]
                .iter()
                .any(|e| e.action.starts_with("custody") || e.action == "create"),
            "nothing recorded"
        );
        // A file within the limit still goes in.
        let r = post_multipart(
            &mut es,
            &format!("/incidents/{incident}/evidence"),
            &[
                ("csrf", None, csrf.as_bytes()),
                ("file", Some("p.jpg"), PHOTO),
            ],
            false,
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// A tus client of one server with one account's token.
struct Tus {
    base: String,
    token: String,
    agent: ureq::Agent,
}

/// What a tus request brought back: status and the headers that matter.
#[derive(Debug)]
struct Answer {
    status: u16,
    offset: Option<u64>,
    location: Option<String>,
    evidence: Option<String>,
    tus: Option<String>,
    body: String,
}

impl Tus {
    fn new(base: &str, token: &str) -> Tus {
        Tus {
            base: base.to_string(),
            token: token.to_string(),
            agent: agent(),
        }
    }

    fn answer(mut r: ureq::http::Response<ureq::Body>) -> Answer {
        let h = |name: &str| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        let (offset, location, evidence, tus) = (
            h("upload-offset").map(|o| o.parse().unwrap()),
            h("location"),
            h("memoria-evidence-id"),
            h("tus-resumable"),
        );
        Answer {
            status: r.status().as_u16(),
            offset,
            location,
            evidence,
            tus,
            body: r.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    fn create(&self, length: u64, metadata: &[(&str, &str)]) -> Answer {
        let metadata = metadata
            .iter()
            .map(|(k, v)| format!("{k} {}", data_encoding::BASE64.encode(v.as_bytes())))
            .collect::<Vec<_>>()
            .join(",");
        Self::answer(
            self.agent
                .post(&format!("{}/api/v1/uploads", self.base))
                .header("authorization", &format!("Bearer {}", self.token))
                .header("tus-resumable", "1.0.0")
                .header("upload-length", &length.to_string())
                .header("upload-metadata", &metadata)
                .send_empty()
                .unwrap(),
        )
    }

    fn head(&self, upload: &str) -> Answer {
        Self::answer(
            self.agent
                .head(&format!("{}{upload}", self.base))
                .header("authorization", &format!("Bearer {}", self.token))
                .header("tus-resumable", "1.0.0")
                .call()
                .unwrap(),
        )
    }

    fn patch(&self, upload: &str, offset: u64, bytes: &[u8]) -> Answer {
        Self::answer(
            self.agent
                .patch(&format!("{}{upload}", self.base))
                .header("authorization", &format!("Bearer {}", self.token))
                .header("tus-resumable", "1.0.0")
                .header("upload-offset", &offset.to_string())
                .header("content-type", "application/offset+octet-stream")
                .send(bytes)
                .unwrap(),
        )
    }

    fn delete(&self, upload: &str) -> Answer {
        Self::answer(
            self.agent
                .delete(&format!("{}{upload}", self.base))
                .header("authorization", &format!("Bearer {}", self.token))
                .header("tus-resumable", "1.0.0")
                .call()
                .unwrap(),
        )
    }

    /// A PATCH that declares `declared` bytes, sends `bytes`, and drops the connection.
    fn patch_and_break(&self, upload: &str, offset: u64, declared: u64, bytes: &[u8]) {
        let authority = self.base.strip_prefix("http://").unwrap();
        let mut s = TcpStream::connect(authority).unwrap();
        write!(
            s,
            "PATCH {upload} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {}\r\n\
             Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\n\
             Content-Type: application/offset+octet-stream\r\nContent-Length: {declared}\r\n\r\n",
            self.token
        )
        .unwrap();
        s.write_all(bytes).unwrap();
        s.flush().unwrap();
        s.shutdown(std::net::Shutdown::Both).unwrap();
    }
}

/// Asks until the upload stands at `expected` (a broken-off part is kept once the
/// server notices the break).
fn wait_for_offset(tus: &Tus, upload: &str, expected: u64) {
    let started = Instant::now();
    loop {
        let a = tus.head(upload);
        assert_eq!(a.status, 200, "{a:?}");
        if a.offset == Some(expected) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the upload stands at {:?}, not {expected}",
            a.offset
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_broken_upload_resumes_where_it_stopped_and_ends_as_the_exact_file() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let incident = w.incident(Sensitivity::Internal);
        let (base, stop, handle) = start(w.state.clone());
        let tus = Tus::new(&base, &w.token("documentalist"));
        let bytes = file(3 << 20);
        let created = tus.create(
            bytes.len() as u64,
            &[
                ("incident", &incident.to_string()),
                ("filename", "interview-with-a-witness.mp4"),
                ("description", "A fictional recording"),
                ("filetype", "video/mp4"),
            ],
        );
        assert_eq!(created.status, 201, "{backend:?}: {}", created.body);
        assert_eq!(created.tus.as_deref(), Some("1.0.0"));
        let upload = created.location.unwrap();
        assert!(upload.starts_with("/api/v1/uploads/") && upload.len() == 16 + 32);
        assert_eq!(tus.head(&upload).offset, Some(0));

        // Half the file, then the connection drops in the middle of the body.
        let half = bytes.len() / 2;
        tus.patch_and_break(&upload, 0, bytes.len() as u64, &bytes[..half]);
        wait_for_offset(&tus, &upload, half as u64);
        // What has arrived is in the vault, encrypted: not a byte of it in plaintext.
        for (path, content) in w.vault_files() {
            assert!(
                !contains(&content, b"MEMORIA-PLAINTEXT-MARKER"),
                "{} holds plaintext",
                path.display()
            );
            assert!(!contains(&content, b"interview-with-a-witness"));
        }
        // The rest, from where it stands.
        let done = tus.patch(&upload, half as u64, &bytes[half..]);
        assert_eq!(done.status, 204, "{}", done.body);
        assert_eq!(done.offset, Some(bytes.len() as u64));
        let id = done.evidence.expect("the new record's id");
        let again = tus.head(&upload);
        assert_eq!(again.offset, Some(bytes.len() as u64));
        assert_eq!(again.evidence.as_deref(), Some(id.as_str()));

        let Entity::Evidence(e) = w.store().get(id.parse().unwrap()).unwrap().unwrap().entity
        else {
            panic!("an evidence record")
        };
        assert_eq!(e.sha256, sha256(&bytes), "{backend:?}: the exact file");
        assert_eq!(e.size, bytes.len() as u64);
        assert_eq!(e.file_name.as_deref(), Some("interview-with-a-witness.mp4"));
        assert_eq!(e.description.best("en"), Some("A fictional recording"));
        assert_eq!(
            custody(&w, id.parse().unwrap()),
            [
                ("create".to_string(), "documentalist".to_string()),
                ("custody-ingest".to_string(), "documentalist".to_string())
            ]
        );
        // The API gives the item and its file back.
        let mut r = agent()
            .get(&format!("{base}/api/v1/evidence/{id}/content"))
            .header("authorization", &format!("Bearer {}", tus.token))
            .call()
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers().get("memoria-copy").unwrap(), "original");
        assert_eq!(
            r.body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_vec()
                .unwrap(),
            bytes
        );
        // The parts are gone; only the upload's small description and outcome remain.
        assert!(
            w.vault_files()
                .iter()
                .all(|(p, _)| !p.to_string_lossy().contains("/part/")),
            "parts deleted"
        );
        assert_eq!(tus.delete(&upload).status, 204);
        assert_eq!(tus.head(&upload).status, 404);
        assert_eq!(stored(&w, "uploads"), 0);
        stop.send(()).unwrap();
        handle.join().unwrap();
    }
}

#[test]
fn another_server_continues_an_upload() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let second = w.other_server(Settings::default());
        two_servers_one_upload(&w, w.state.clone(), second);
    }
}

/// The scale-out set-up: two servers on one PostgreSQL database (each with its own
/// connection, index and opening of the vault) and one S3 vault, when the tests have an
/// S3 endpoint (`.ci/start-s3`; required where `MEMORIA_REQUIRE_S3=1`).
#[test]
fn servers_on_one_database_and_an_s3_vault_continue_each_others_uploads() {
    let endpoint = match std::env::var("MEMORIA_TEST_S3_ENDPOINT") {
        Ok(e) if !e.is_empty() => e,
        _ => {
            assert!(
                std::env::var("MEMORIA_REQUIRE_S3").as_deref() != Ok("1"),
                "MEMORIA_REQUIRE_S3=1 but MEMORIA_TEST_S3_ENDPOINT is unset; run .ci/start-s3"
            );
            eprintln!("note: skipped: set MEMORIA_TEST_S3_ENDPOINT (see .ci/start-s3)");
            return;
        }
    };
    let bucket = std::env::var("MEMORIA_TEST_S3_BUCKET").unwrap_or_else(|_| "memoria-test".into());
    for backend in Backend::all() {
        let w = World::new(backend);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let location = format!("s3://{bucket}/web-uploads-{nanos}?endpoint={endpoint}");
        let first = w.server_with_vault(
            Settings::default(),
            crate::harness::open_vault(&location, true),
        );
        let second = w.server_with_vault(
            Settings::default(),
            crate::harness::open_vault(&location, false),
        );
        two_servers_one_upload(&w, first, second);
    }
}

/// One upload begun on `first`, continued on `second`, finished on `first`.
fn two_servers_one_upload(w: &World, first: memoria_web::AppState, second: memoria_web::AppState) {
    let incident = w.incident(Sensitivity::Public);
    let backend = w.sqlite_path().map_or("postgres", |_| "sqlite");
    let (first, stop_first, first_handle) = start(first);
    let (second, stop_second, second_handle) = start(second);
    let token = w.token("coordinator");
    let (a, b) = (Tus::new(&first, &token), Tus::new(&second, &token));
    let bytes = file(200_000);
    let upload = a
        .create(bytes.len() as u64, &[("incident", &incident.to_string())])
        .location
        .unwrap();
    assert_eq!(a.patch(&upload, 0, &bytes[..70_000]).offset, Some(70_000));
    assert_eq!(b.head(&upload).offset, Some(70_000), "{backend:?}");
    assert_eq!(
        b.patch(&upload, 70_000, &bytes[70_000..150_000]).offset,
        Some(150_000)
    );
    let done = a.patch(&upload, 150_000, &bytes[150_000..]);
    assert_eq!(done.status, 204, "{}", done.body);
    let id = done.evidence.unwrap();
    assert_eq!(b.head(&upload).evidence, Some(id.clone()));
    let Entity::Evidence(e) = w.store().get(id.parse().unwrap()).unwrap().unwrap().entity else {
        panic!("an evidence record")
    };
    assert_eq!(e.sha256, sha256(&bytes));
    assert_eq!(e.confidentiality, Sensitivity::Public);
    stop_first.send(()).unwrap();
    stop_second.send(()).unwrap();
    first_handle.join().unwrap();
    second_handle.join().unwrap();
}

#[test]
fn uploads_refuse_wrong_offsets_other_accounts_and_excess_without_a_trace() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let incident = w.incident(Sensitivity::Internal);
        let (base, stop, handle) = start(w.state.clone());
        let tus = Tus::new(&base, &w.token("documentalist"));
        let bytes = file(100_000);
        let upload = tus
            .create(bytes.len() as u64, &[("incident", &incident.to_string())])
            .location
            .unwrap();
        assert_eq!(tus.patch(&upload, 0, &bytes[..40_000]).offset, Some(40_000));

        // An offset that is not where the upload stands: 409, nothing kept.
        for offset in [0, 39_999, 40_001, 100_000] {
            let a = tus.patch(&upload, offset, &bytes[..1000]);
            assert_eq!(a.status, 409, "{backend:?} at {offset}: {a:?}");
            assert_eq!(a.tus.as_deref(), Some("1.0.0"));
            assert!(a.body.contains("upload_offset"), "{}", a.body);
        }
        // Past the declared length, declared or streamed: 413, nothing kept.
        let a = tus.patch(&upload, 40_000, &file(60_001));
        assert_eq!(a.status, 413, "{a:?}");
        let authority = base.strip_prefix("http://").unwrap();
        let mut s = TcpStream::connect(authority).unwrap();
        write!(
            s,
            "PATCH {upload} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {}\r\n\
             Tus-Resumable: 1.0.0\r\nUpload-Offset: 40000\r\nConnection: close\r\n\
             Content-Type: application/offset+octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n",
            tus.token
        )
        .unwrap();
        let extra = file(70_000);
        for chunk in extra.chunks(10_000) {
            write!(s, "{:x}\r\n", chunk.len()).unwrap();
            s.write_all(chunk).unwrap();
            s.write_all(b"\r\n").unwrap();
        }
        s.write_all(b"0\r\n\r\n").unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert_eq!(tus.head(&upload).offset, Some(40_000), "nothing of it kept");

        // Another account, a forged id, a malformed id: 404, and nothing changes.
        let other = Tus::new(&base, &w.token("coordinator"));
        assert_eq!(other.head(&upload).status, 404);
        assert_eq!(other.patch(&upload, 40_000, &bytes[40_000..]).status, 404);
        assert_eq!(other.delete(&upload).status, 404);
        let forged = format!("/api/v1/uploads/{}", "0".repeat(32));
        assert_eq!(tus.head(&forged).status, 404);
        assert_eq!(tus.patch(&forged, 0, b"x").status, 404);
        assert_eq!(tus.head("/api/v1/uploads/not-an-id").status, 404);
        assert_eq!(tus.head(&upload).offset, Some(40_000));

        // The protocol's own refusals, each with Tus-Resumable.
        let r = agent()
            .head(&format!("{base}{upload}"))
            .header("authorization", &format!("Bearer {}", tus.token))
            .call()
            .unwrap();
        assert_eq!(r.status(), 412, "without Tus-Resumable");
        assert_eq!(r.headers().get("tus-version").unwrap(), "1.0.0");
        let r = agent()
            .patch(&format!("{base}{upload}"))
            .header("authorization", &format!("Bearer {}", tus.token))
            .header("tus-resumable", "1.0.0")
            .header("upload-offset", "40000")
            .header("content-type", "application/octet-stream")
            .send(&b"x"[..])
            .unwrap();
        assert_eq!(r.status(), 415);
        assert_eq!(r.headers().get("tus-resumable").unwrap(), "1.0.0");
        let r = agent()
            .head(&format!("{base}{upload}"))
            .header("tus-resumable", "1.0.0")
            .call()
            .unwrap();
        assert_eq!(r.status(), 401, "a token is needed");
        let r = agent()
            .run(
                ureq::http::Request::builder()
                    .method("OPTIONS")
                    .uri(format!("{base}/api/v1/uploads"))
                    .body(())
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(r.status(), 204);
        assert_eq!(r.headers().get("tus-version").unwrap(), "1.0.0");
        assert_eq!(
            r.headers().get("tus-extension").unwrap(),
            "creation,termination"
        );
        assert_eq!(
            r.headers().get("tus-max-size").unwrap(),
            &memoria_web::DEFAULT_MAX_UPLOAD.to_string()
        );

        // Creation: an incident the account may not see, or may not add to, a length
        // past the limit, no incident at all.
        let viewer = Tus::new(&base, &w.token("viewer"));
        let i = incident.to_string();
        assert_eq!(viewer.create(10, &[("incident", &i)]).status, 403);
        let restricted = w.incident(Sensitivity::Restricted).to_string();
        let fr = Tus::new(&base, &w.token("field_researcher"));
        assert_eq!(fr.create(10, &[("incident", &restricted)]).status, 404);
        assert_eq!(
            tus.create(memoria_web::DEFAULT_MAX_UPLOAD + 1, &[("incident", &i)])
                .status,
            413
        );
        assert_eq!(tus.create(10, &[]).status, 400);
        assert_eq!(tus.create(0, &[("incident", &i)]).status, 400);
        assert_eq!(
            tus.create(10, &[("incident", &i), ("confidentiality", "secret")])
                .status,
            422
        );
        assert_eq!(w.count(EntityKind::Evidence), 0);

        // The rest, properly: the file as it was.
        let done = tus.patch(&upload, 40_000, &bytes[40_000..]);
        assert_eq!(done.status, 204, "{}", done.body);
        let id = done.evidence.unwrap();
        let Entity::Evidence(e) = w.store().get(id.parse().unwrap()).unwrap().unwrap().entity
        else {
            panic!()
        };
        assert_eq!(e.sha256, sha256(&bytes));
        // Past the end of a finished upload: refused, declared or not; an empty part
        // learns the record again.
        assert_eq!(tus.patch(&upload, 100_000, b"more").status, 413);
        let mut s = TcpStream::connect(authority).unwrap();
        write!(
            s,
            "PATCH {upload} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {}\r\n\
             Tus-Resumable: 1.0.0\r\nUpload-Offset: 100000\r\nConnection: close\r\n\
             Content-Type: application/offset+octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n\
             4\r\nmore\r\n0\r\n\r\n",
            tus.token
        )
        .unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        let again = tus.patch(&upload, 100_000, b"");
        assert_eq!((again.status, again.evidence), (204, Some(id.clone())));
        assert_eq!(w.count(EntityKind::Evidence), 1);
        stop.send(()).unwrap();
        handle.join().unwrap();
    }
}

#[test]
fn the_api_reads_evidence_as_the_pages_do() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let incident = w.incident(Sensitivity::Internal);
        let id = w.add_evidence(incident, Sensitivity::Internal, PHOTO, FILE_NAME, "Dawn");
        let mut doc = w.api("documentalist");
        let r = doc.get(&format!("/api/v1/incidents/{incident}/evidence"));
        assert_eq!(r.status, StatusCode::OK, "{backend:?}: {}", r.text);
        let v = r.json();
        assert_eq!(v["items"][0]["id"], id.to_string());
        assert!(v["items"][0]["body"]["metadata"]["exif"]["gps"].is_object());
        let r = doc.get(&format!("/api/v1/evidence/{id}"));
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["body"]["sha256"], sha256(PHOTO));
        let reads = |w: &World| {
            w.store()
                .audit_of(id)
                .unwrap()
                .iter()
                .filter(|e| e.action == "read-sensitive")
                .count()
        };
        assert_eq!(reads(&w), 2, "the position was read twice");
        // A field researcher may not read positions: withheld, and the stripped copy.
        let mut fr = w.api("field_researcher");
        let v = fr.get(&format!("/api/v1/evidence/{id}")).json();
        assert_eq!(v["withheld"], serde_json::json!(["metadata.gps"]));
        assert!(v["body"]["metadata"]["exif"].get("gps").is_none());
        assert_eq!(reads(&w), 2, "no position shown, not restricted");
        let r = fr.get(&format!("/api/v1/evidence/{id}/content"));
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers.get("memoria-copy").unwrap(), "stripped");
        assert_eq!(r.bytes, memoria_media::strip(PHOTO).unwrap().bytes);
        let r = fr.get(&format!("/api/v1/evidence/{id}/content?copy=original"));
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = doc.get(&format!("/api/v1/evidence/{id}/content"));
        assert_eq!(r.bytes, PHOTO);
        let v = doc.get(&format!("/api/v1/evidence/{id}/custody")).json();
        let actions: Vec<&str> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert!(actions.starts_with(&["create", "custody-ingest", "custody-derive"]));
        assert!(actions.contains(&"custody-download-stripped"));
        assert!(actions.contains(&"custody-download"));
        assert_eq!(v["items"][1]["copy"], "original");
        // Not visible, not evidence, not an id: 404.
        let mut outsider = w.api("outsider");
        assert_eq!(outsider.get(&format!("/api/v1/evidence/{id}")).status, 404);
        assert_eq!(
            outsider
                .get(&format!("/api/v1/incidents/{incident}/evidence"))
                .status,
            404
        );
        assert_eq!(doc.get(&format!("/api/v1/evidence/{incident}")).status, 404);
        assert_eq!(doc.get("/api/v1/evidence/x/custody").status, 404);
    }
}
