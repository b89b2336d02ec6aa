//! `memoria demo` and `memoria serve` as a newcomer meets them: the printed address and
//! login work, and a token from `memoria token create` opens the API.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::{Backend, ok};

/// A running `memoria` server, killed when dropped.
pub(crate) struct Running {
    pub(crate) child: Child,
    pub(crate) base: String,
    lines: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `cmd` and reads its standard error until it says where it serves.
pub(crate) fn start(mut cmd: std::process::Command) -> Running {
    let mut child = cmd
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut lines = Vec::new();
    let mut base = None;
    for _ in 0..200 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(at) = line.find("http://") {
            base = Some(line[at..].trim().trim_end_matches('/').to_string());
        }
        let done = line.starts_with("Press Ctrl-C");
        lines.push(line);
        if done {
            break;
        }
    }
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in reader.lines() {});
    let base = base.unwrap_or_else(|| panic!("no address printed: {lines:?}"));
    Running { child, base, lines }
}

pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// The value of the hidden input `name` in `page`.
fn hidden(page: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" value=\"");
    let s = page.find(&needle).unwrap() + needle.len();
    page[s..s + page[s..].find('"').unwrap()].to_string()
}

#[test]
fn demo_prints_an_address_and_a_login_that_work() {
    for backend in Backend::all() {
        let mut cmd = backend.memoria();
        cmd.args(["demo", "--incidents", "40", "--listen", "127.0.0.1:0"]);
        let server = start(cmd);
        let login = server
            .lines
            .iter()
            .find(|l| l.starts_with("Sign in as demo with the password "))
            .unwrap_or_else(|| panic!("no login printed: {:?}", server.lines));
        let password = login.trim().rsplit(' ').next().unwrap().to_string();
        let agent = agent();
        let mut r = agent
            .get(&format!("{}/sign-in", server.base))
            .call()
            .unwrap();
        let pre = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("; ");
        let csrf = hidden(&r.body_mut().read_to_string().unwrap(), "csrf");
        let r = agent
            .post(&format!("{}/sign-in", server.base))
            .header("cookie", &pre)
            .content_type("application/x-www-form-urlencoded")
            .send(format!("csrf={csrf}&name=demo&password={password}"))
            .unwrap();
        assert_eq!(r.status(), 303, "the printed login signs in");
        let session = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap())
            .find(|c| c.starts_with("memoria_session="))
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let mut r = agent
            .get(&format!("{}/incidents", server.base))
            .header("cookie", &session)
            .call()
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(
            r.body_mut().read_to_string().unwrap().contains("of 40"),
            "the 40 demonstration incidents are listed"
        );
        drop(server);

        // A second start keeps the data and makes a new password.
        let mut cmd = backend.memoria();
        cmd.args(["demo", "--listen", "127.0.0.1:0"]);
        let again = start(cmd);
        assert!(again.lines.iter().any(|l| l.contains("already holds data")));
        assert!(
            !again.lines.iter().any(|l| l.contains(&password)),
            "a new password each run"
        );
    }
}

#[test]
fn a_token_from_the_command_line_opens_the_api() {
    let backend = Backend::sqlite();
    ok(backend
        .memoria()
        .args(["demo", "--no-serve", "--incidents", "10"]));
    let (token, err) = ok(backend
        .memoria()
        .args(["token", "create", "--user", "admin", "--label", "tests"]));
    assert!(err.contains("shown once"));
    let token = token.trim().to_string();
    assert!(token.starts_with("mat_"));
    let mut cmd = backend.memoria();
    cmd.args(["serve", "--listen", "127.0.0.1:0"]);
    let server = start(cmd);
    let agent = agent();
    let mut r = agent
        .get(&format!("{}/api/v1/incidents?limit=5", server.base))
        .header("authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 5);
    // The server serves the transparency log, signed with the key it created in the
    // data directory, which `memoria log` then uses too.
    let mut r = agent
        .get(&format!("{}/log/checkpoint", server.base))
        .header("authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(r.status(), 200);
    let note = r.body_mut().read_to_string().unwrap();
    let (vkey, _) = ok(backend.memoria().args(["log", "key"]));
    let verifier = memoria_tlog::NoteVerifier::from_vkey(vkey.trim()).unwrap();
    let served = memoria_tlog::checkpoint::open(note.as_bytes(), &[verifier], None).unwrap();
    assert!(served.size > 0);
    let kept = backend.dir().join("served.checkpoint");
    std::fs::write(&kept, &note).unwrap();
    ok(backend
        .memoria()
        .args(["log", "verify", "--against", kept.to_str().unwrap()]));
    let (list, _) = ok(backend.memoria().args(["token", "list", "--user", "admin"]));
    let id = list.split('\t').next().unwrap().to_string();
    ok(backend.memoria().args(["token", "revoke", &id]));
    // The server sees the revocation at once: tokens are looked up in the store.
    let r = agent
        .get(&format!("{}/api/v1/incidents", server.base))
        .header("authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(r.status(), 401);
}
