//! A resumable upload survives the server: `memoria serve` is killed with SIGKILL in
//! the middle of a part, started again on the same data directory, and the client
//! continues from where the upload stands and ends with exactly its file.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use crate::evidence::first_incident;
use crate::serve::{agent, start};
use crate::{Backend, ok};

/// A file no fixture holds, with a marker that would show if stored in plaintext.
fn file(len: usize) -> Vec<u8> {
    let mut bytes = b"MEMORIA-PLAINTEXT-MARKER-".repeat(4);
    bytes.extend(memoria_testkit::noise(
        len.saturating_sub(bytes.len()),
        0x9e37_79b9_7f4a_7c15u64,
    ));
    bytes.truncate(len);
    bytes
}

fn base64(text: &str) -> String {
    data_encoding::BASE64.encode(text.as_bytes())
}

fn head_offset(base: &str, upload: &str, token: &str) -> (u64, Option<String>) {
    let r = agent()
        .head(&format!("{base}{upload}"))
        .header("authorization", &format!("Bearer {token}"))
        .header("tus-resumable", "1.0.0")
        .call()
        .unwrap();
    assert_eq!(r.status(), 200);
    let h = |n: &str| r.headers().get(n).map(|v| v.to_str().unwrap().to_string());
    (
        h("upload-offset").unwrap().parse().unwrap(),
        h("memoria-evidence-id"),
    )
}

fn patch(
    base: &str,
    upload: &str,
    token: &str,
    offset: u64,
    bytes: &[u8],
) -> (u16, Option<String>) {
    let r = agent()
        .patch(&format!("{base}{upload}"))
        .header("authorization", &format!("Bearer {token}"))
        .header("tus-resumable", "1.0.0")
        .header("upload-offset", &offset.to_string())
        .header("content-type", "application/offset+octet-stream")
        .send(bytes)
        .unwrap();
    (
        r.status().as_u16(),
        r.headers()
            .get("memoria-evidence-id")
            .map(|v| v.to_str().unwrap().to_string()),
    )
}

#[test]
fn kill_9_during_an_upload_loses_only_the_part_in_flight() {
    for backend in Backend::all() {
        ok(backend
            .memoria()
            .args(["demo", "--no-serve", "--incidents", "3"]));
        let incident = first_incident(&backend);
        let (token, _) = ok(backend
            .memoria()
            .args(["token", "create", "--user", "admin", "--label", "upload"]));
        let token = token.trim().to_string();
        let bytes = file(6 << 20);
        let quarter = bytes.len() / 4;

        let mut cmd = backend.memoria();
        cmd.args(["serve", "--listen", "127.0.0.1:0"]);
        let mut server = start(cmd);
        let r = agent()
            .post(&format!("{}/api/v1/uploads", server.base))
            .header("authorization", &format!("Bearer {token}"))
            .header("tus-resumable", "1.0.0")
            .header("upload-length", &bytes.len().to_string())
            .header(
                "upload-metadata",
                &format!(
                    "incident {},filename {}",
                    base64(&incident),
                    base64("statement-of-a-witness.bin")
                ),
            )
            .send_empty()
            .unwrap();
        assert_eq!(r.status(), 201);
        let upload = r
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(
            patch(&server.base, &upload, &token, 0, &bytes[..quarter]).0,
            204
        );

        // The next part is on its way when the server is killed: no destructor, no
        // shutdown code of ours runs.
        let authority = server.base.strip_prefix("http://").unwrap().to_string();
        let mut s = TcpStream::connect(&authority).unwrap();
        write!(
            s,
            "PATCH {upload} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {token}\r\n\
             Tus-Resumable: 1.0.0\r\nUpload-Offset: {quarter}\r\n\
             Content-Type: application/offset+octet-stream\r\nContent-Length: {}\r\n\r\n",
            bytes.len() - quarter
        )
        .unwrap();
        s.write_all(&bytes[quarter..2 * quarter]).unwrap();
        s.flush().unwrap();
        std::thread::sleep(Duration::from_millis(500));
        server.child.kill().unwrap(); // SIGKILL on Unix
        server.child.wait().unwrap();
        drop(s);

        // Started again on the same data: the upload stands where its last whole part
        // ended, and the client goes on from there.
        let mut cmd = backend.memoria();
        cmd.args(["serve", "--listen", "127.0.0.1:0"]);
        let server = start(cmd);
        let (offset, evidence) = head_offset(&server.base, &upload, &token);
        assert!(evidence.is_none());
        assert!(
            offset as usize >= quarter && offset as usize <= 2 * quarter,
            "stands at {offset}"
        );
        let (status, evidence) = patch(
            &server.base,
            &upload,
            &token,
            offset,
            &bytes[offset as usize..],
        );
        assert_eq!(status, 204);
        let id = evidence.expect("the new record's id");
        assert_eq!(
            head_offset(&server.base, &upload, &token).1,
            Some(id.clone())
        );
        drop(server);

        // Exactly the file, and never a byte of it in plaintext in the vault.
        let out = backend.dir().join("back.bin");
        ok(backend
            .memoria()
            .args(["evidence", "get", &id, "--out"])
            .arg(&out));
        assert!(std::fs::read(&out).unwrap() == bytes, "the exact file");
        let mut dirs = vec![backend.dir().join("vault")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    let content = std::fs::read(&path).unwrap();
                    assert!(
                        !content
                            .windows(24)
                            .any(|w| w == b"MEMORIA-PLAINTEXT-MARKER"),
                        "{} holds plaintext",
                        path.display()
                    );
                }
            }
        }
        let (custody, _) = ok(backend
            .memoria()
            .args(["evidence", "custody", &id, "--json"]));
        assert!(custody.contains("custody-ingest"), "{custody}");
    }
}
