//! Independent validators run against a real server on a loopback port: schemathesis
//! (PyPI) fuzzes `/api/v1` from its own OpenAPI document with every check, and Google's
//! CSP Evaluator (npm `csp_evaluator`) judges the Content-Security-Policy the pages send.
//!
//! `.ci/run` installs both, pinned, under `target/validators/` (a Python venv in `py/`,
//! an npm prefix in `node/`) and sets `MEMORIA_REQUIRE_VALIDATORS`. Without them the
//! tests say so and pass, unless that variable is set. Neither needs the internet: the
//! only requests go to the server on 127.0.0.1.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use memoria_core::entity::{EntityKind, Sensitivity};
use memoria_core::vocab::well_known as wk;
use memoria_store::ListQuery;
use serde_json::{Value, json};

use crate::harness::{Backend, World, start};

/// Where `.ci/run` installs the validators.
fn validators_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/validators")
}

/// The validator's executable, or `None` (after saying so) when it is not installed.
fn tool(path: PathBuf, install: &str) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("MEMORIA_REQUIRE_VALIDATORS").is_none(),
        "MEMORIA_REQUIRE_VALIDATORS is set but {} is missing; {install}",
        path.display()
    );
    eprintln!(
        "validator test skipped: {} is missing; {install}",
        path.display()
    );
    None
}

fn program(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// Exit status, stdout and stderr of `command`, killed if it runs past `limit`.
fn run(mut command: Command, limit: Duration) -> (Option<i32>, String, String) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting a validator");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s.code();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (status, out.join().unwrap(), err.join().unwrap())
}

/// The plain bearer token of a new API token for `name` (as [`World::api`] makes one).
fn token(w: &World, name: &str) -> String {
    use memoria_store::Actor;
    let account = w.store().account_by_name(name).unwrap().unwrap();
    let (plain, digest) = memoria_auth::token::generate("mat_");
    let token = memoria_store::ApiToken {
        id: uuid::Uuid::new_v4(),
        account: account.id,
        label: "schemathesis".into(),
        created_at: memoria_store::Timestamp::now(),
        last_used_at: None,
        revoked_at: None,
    };
    let mut tx = w.store().begin(&Actor::from(&account)).unwrap();
    tx.add_api_token(&token, &digest).unwrap();
    tx.commit().unwrap();
    plain
}

/// One record of every kind the API serves, made through the API (so that creation is
/// checked too): resource and id. A documentalist of the world's collection can read all
/// of them; the vocabulary is an administrator's.
fn one_of_each(w: &World) -> Vec<(&'static str, String)> {
    let collection = w.collection.to_string();
    let incident = w.incident(Sensitivity::Internal);
    let act = w
        .store()
        .list(&ListQuery {
            kind: Some(EntityKind::Act),
            parent: Some(incident),
            ..Default::default()
        })
        .unwrap()[0]
        .id;
    let vocabs = w.state.vocabs();
    let first_term = |vocab: &str| vocabs.get(vocab).unwrap().terms[0].code.clone();
    let mut out = vec![
        ("collections", collection.clone()),
        ("incidents", incident.to_string()),
        ("acts", act.to_string()),
        ("persons", w.victim(Sensitivity::Internal).to_string()),
    ];
    let mut create = |as_whom: &str, resource: &'static str, body: Value| {
        let r = w.api(as_whom).json(
            "POST",
            &format!("/api/v1/{resource}"),
            Some(json!({ "body": body })),
            None,
        );
        assert_eq!(r.status, 201, "creating {resource}: {}", r.text);
        let id = r.json()["id"].as_str().unwrap().to_string();
        out.push((resource, id.clone()));
        id
    };
    let d = "documentalist";
    create(
        d,
        "organizations",
        json!({"collection": collection, "name": {"en": "Fictional Unit 7"}}),
    );
    let source = create(
        d,
        "sources",
        json!({"collection": collection, "title": {"en": "A fictional report"}, "reliability": "B", "credibility": 2}),
    );
    create(
        d,
        "claims",
        json!({"source": source, "subject": incident.to_string(), "field": "date", "value": "2021-03"}),
    );
    create(
        d,
        "interventions",
        json!({"collection": collection, "kind": first_term(wk::INTERVENTION_TYPES), "status": first_term(wk::INTERVENTION_STATUS), "target_name": "A fictional ministry"}),
    );
    let list = create(
        d,
        "source-lists",
        json!({"collection": collection, "name": "List A"}),
    );
    create(
        d,
        "records",
        json!({"list": list, "name": "Zorava Quintel"}),
    );
    create(
        d,
        "places",
        json!({"collection": collection, "name": {"en": "Valdoria"}, "level": "country", "iso_code": "XV"}),
    );
    create(
        "root",
        "vocabularies",
        json!({"code": "test-terms", "labels": {"en": "Test terms"}, "terms": [{"code": "one", "labels": {"en": "One"}}]}),
    );
    // Evidence is read-only in the API: an item added as `memoria evidence add` adds it.
    let photo = include_bytes!("../../../memoria-media/tests/data/photo.jpg");
    let evidence = w.add_evidence(
        incident,
        Sensitivity::Internal,
        photo,
        "photo.jpg",
        "A photo",
    );
    out.push(("evidence", evidence.to_string()));
    out
}

/// The settings of `tests/data/schemathesis.toml`, and for each resource's `/{id}`
/// operations the id of a real record, used for half of the requests (the other half
/// are drawn, mostly ids of nothing, and ids that are not ids).
fn config(records: &[(&str, String)]) -> String {
    let mut c = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/schemathesis.toml"),
    )
    .unwrap();
    for (resource, id) in records {
        c.push_str(&format!(
            "\n[dictionaries.{resource}]\nvalues = [\"{id}\"]\n"
        ));
        let below: &[&str] = match *resource {
            "incidents" => &["", "/evidence"],
            "evidence" => &["", "/custody", "/content"],
            _ => &[""],
        };
        for path in below {
            c.push_str(&format!(
                "\n[[operations]]\ninclude-path = \"/api/v1/{resource}/{{id}}{path}\"\nparameters = {{ \"path.id\" = {{ dictionary = \"{resource}\", probability = 0.5 }} }}\n"
            ));
        }
    }
    c
}

/// schemathesis, every check, every phase, against a documentalist's token: the API
/// answers only what its document says, never a 500, and accepts what it documents.
#[test]
fn schemathesis_finds_nothing_in_the_api() {
    schemathesis_on(Backend::Sqlite);
}

/// The same on PostgreSQL, whose errors (types, constraints, encodings) differ.
#[test]
fn schemathesis_finds_nothing_in_the_api_on_postgresql() {
    if Backend::all().contains(&Backend::Postgres) {
        schemathesis_on(Backend::Postgres);
    }
}

fn schemathesis_on(backend: Backend) {
    let Some(st) = tool(
        validators_dir().join("py/bin/schemathesis"),
        "bash .ci/run installs schemathesis into target/validators/py",
    ) else {
        return;
    };
    let w = World::new(backend);
    let records = one_of_each(&w);
    let bearer = token(&w, "documentalist");
    let (base, stop, server) = start(w.state.clone());
    let workdir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let settings = workdir.path().join("schemathesis.toml");
    std::fs::write(&settings, config(&records)).unwrap();
    let mut command = Command::new(st);
    command
        // A fresh directory: no schemathesis.toml or .hypothesis of anyone else's.
        .current_dir(workdir.path())
        .env("NO_COLOR", "1")
        // The document's custom format `edtf`, taught to schemathesis.
        .env("SCHEMATHESIS_HOOKS", data.join("schemathesis_hooks.py"))
        .arg("--config-file")
        .arg(&settings)
        .args(["run", &format!("{base}/api/v1/openapi.json")])
        .args(["--checks", "all"])
        .args(["--header", &format!("Authorization: Bearer {bearer}")])
        .args(["--max-examples", "50"])
        // Derandomized, with no example database kept between runs (this implies it):
        // every run sends the same requests, so there is no seed to fix.
        .arg("--generation-deterministic")
        .args(["--workers", "1"])
        .args(["--request-timeout", "10"])
        .args(["--max-redirects", "0"])
        // The token is ours and fictional; showing requests whole helps whoever reads.
        .args(["--output-sanitize", "false"])
        .arg("--no-color");
    let started = Instant::now();
    let (status, out, err) = run(command, Duration::from_secs(600));
    let took = started.elapsed();
    let _ = stop.send(());
    server.join().unwrap();
    eprintln!(
        "schemathesis ran for {:.1} s on {backend:?}",
        took.as_secs_f64()
    );
    // Its warnings and summary, for whoever reads a passing run.
    if let Some(at) = out
        .find("=== WARNINGS ===")
        .or_else(|| out.find("=== SUMMARY ==="))
    {
        let start = out[..at].rfind('\n').map_or(0, |n| n + 1);
        eprintln!("{}", &out[start..]);
    }
    assert_eq!(
        status,
        Some(0),
        "schemathesis failed on {backend:?} (exit {status:?}, {:.0} s):\n{out}\n{err}",
        took.as_secs_f64()
    );
}

/// Google's CSP Evaluator finds no high-severity weakness (nor a syntax error, which
/// would make a browser ignore a directive) in the policy the pages send.
#[test]
fn csp_evaluator_finds_no_high_severity_issue() {
    let Some(modules) = tool(
        validators_dir().join("node/node_modules"),
        "bash .ci/run installs csp_evaluator into target/validators/node",
    ) else {
        return;
    };
    let Some(node) = program("node") else {
        assert!(
            std::env::var_os("MEMORIA_REQUIRE_VALIDATORS").is_none(),
            "MEMORIA_REQUIRE_VALIDATORS is set but node is not on PATH"
        );
        eprintln!("validator test skipped: node is not on PATH");
        return;
    };
    let w = World::new(Backend::Sqlite);
    let (base, stop, server) = start(w.state.clone());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let r = agent.get(&format!("{base}/sign-in")).call().unwrap();
    let _ = stop.send(());
    server.join().unwrap();
    assert_eq!(r.status(), 200);
    let policy = r
        .headers()
        .get("content-security-policy")
        .expect("the sign-in page sends a Content-Security-Policy")
        .to_str()
        .unwrap()
        .to_string();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/csp-check.js");
    let mut command = Command::new(node);
    command.arg(script).arg(&modules).arg(&policy);
    let started = Instant::now();
    let (status, out, err) = run(command, Duration::from_secs(60));
    eprintln!(
        "csp_evaluator ran for {:.2} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(status, Some(0), "csp-check.js failed:\n{out}\n{err}");
    let report: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: csp-check.js printed {out}"));
    // The library's own numbers for its severities (an enum: lower is worse).
    let severity = |name: &str| {
        report["severities"][name]
            .as_u64()
            .unwrap_or_else(|| panic!("csp_evaluator has no severity {name}: {out}"))
    };
    let failing = [severity("HIGH"), severity("SYNTAX")];
    let findings = report["findings"].as_array().expect("findings");
    let listed = findings
        .iter()
        .map(|f| {
            format!(
                "  {} {}: {} ({})",
                f["severityName"].as_str().unwrap_or("?"),
                f["directive"].as_str().unwrap_or(""),
                f["description"].as_str().unwrap_or(""),
                f["value"].as_str().unwrap_or(""),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    eprintln!("csp_evaluator on {policy:?}:\n{listed}");
    assert!(
        !findings
            .iter()
            .any(|f| f["severity"].as_u64().is_some_and(|s| failing.contains(&s))),
        "csp_evaluator finds a high-severity or syntax issue in {policy:?}:\n{listed}"
    );
}
