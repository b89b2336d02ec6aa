//! The authorisation matrix, route by route: every route the server answers, for every
//! account (each role, an installation administrator, an account with no role in the
//! collection, and nobody signed in), with a record of each sensitivity where the route
//! takes one. Each request is either allowed or refused, and refused the right way: 404
//! for what the account may not know exists, 403 for what it sees but may not do.
//!
//! The routes are read from the server's source and every request records the route it
//! reached, so a new route fails [`every_route_by_role_and_sensitivity`] until this file
//! says who may use it. `authz.rs` checks, beside this, what the allowed pages show.

use std::collections::BTreeSet;
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use memoria_core::entity::{Entity, Intervention, Sensitivity, Source};
use memoria_core::grade::{Credibility, Reliability};
use memoria_core::id::RecordId;
use memoria_store::{Actor, StoreExt};

use crate::authz::{
    ACCOUNTS, SENSITIVITIES, deletes, edits, reads_contact, reads_log_entries, restores, sees,
};
use crate::harness::{Backend, Client, PASSWORD, Reply, RouteLog, World, enc, text};

/// What a request should come to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    /// Past every permission check: a page, a redirect onwards, or a complaint about the
    /// input (which this matrix does not try to get right).
    Allowed,
    /// 404: the account may not learn that the record exists.
    Hidden,
    /// 403: the account sees the record but may not do this.
    Forbidden,
    /// Nobody is signed in (or no second factor is pending): to the sign-in page, or 401.
    SignIn,
}

fn want(allowed: bool, visible: bool) -> Want {
    match (allowed, visible) {
        (true, _) => Want::Allowed,
        (false, false) => Want::Hidden,
        (false, true) => Want::Forbidden,
    }
}

fn check(r: &Reply, want: Want, what: &str) {
    let status = r.status;
    let to_sign_in = status.is_redirection() && r.location().starts_with("/sign-in");
    let ok = match want {
        Want::Allowed => {
            status.is_success()
                || (status.is_redirection() && !to_sign_in)
                || matches!(status.as_u16(), 400 | 409 | 412 | 422)
        }
        Want::Hidden => status == StatusCode::NOT_FOUND,
        Want::Forbidden => status == StatusCode::FORBIDDEN,
        Want::SignIn => status == StatusCode::UNAUTHORIZED || to_sign_in,
    };
    let start: String = r.text.chars().take(300).collect();
    assert!(ok, "{what}: wanted {want:?}, got {status} {start}");
}

fn creates(account: &str) -> bool {
    edits(account)
}

fn manages_interventions(account: &str) -> bool {
    restores(account)
}

fn manages_members(account: &str) -> bool {
    matches!(account, "root" | "administrator" | "coordinator")
}

fn manages_vocabularies(account: &str) -> bool {
    matches!(account, "root" | "administrator")
}

fn manages_policy(account: &str) -> bool {
    manages_members(account)
}

fn analyses(account: &str) -> bool {
    matches!(
        account,
        "root" | "administrator" | "coordinator" | "analyst"
    )
}

fn installation_admin(account: &str) -> bool {
    account == "root"
}

/// The routes of the server's source: (method, path template), for routes written as a
/// literal path, and how many routes are built from a table in a loop instead (those
/// [`LOOPED_ROUTES`] names).
fn routes_in_source() -> (BTreeSet<(String, String)>, usize) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut routes = BTreeSet::new();
    let mut looped = 0;
    for f in files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let prefix = if rel == "api.rs" || rel.starts_with("api/") {
            "/api/v1"
        } else {
            ""
        };
        let code = std::fs::read_to_string(&f).unwrap();
        let mut rest = code.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let call = balanced(rest);
            let args = call.trim_start();
            let Some(path) = args.strip_prefix('"').and_then(|a| a.split('"').next()) else {
                looped += 1;
                continue;
            };
            for method in methods_in(call) {
                routes.insert((method, format!("{prefix}{path}")));
            }
        }
    }
    (routes, looped)
}

/// The text of a call's arguments: up to the parenthesis that closes it.
fn balanced(s: &str) -> &str {
    let mut depth = 1;
    let mut in_string = false;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match c {
            '"' if prev != '\\' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return &s[..i];
                }
            }
            _ => {}
        }
        prev = c;
    }
    s
}

/// The HTTP methods a route's method router names (`get(…)`, `.post(…)`, …).
fn methods_in(call: &str) -> Vec<String> {
    let mut found = Vec::new();
    for m in ["get", "post", "put", "delete", "patch", "head", "options"] {
        let needle = format!("{m}(");
        let mut rest = call;
        while let Some(at) = rest.find(&needle) {
            let before = rest[..at].chars().last();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                found.push(m.to_uppercase());
                break;
            }
            rest = &rest[at + needle.len()..];
        }
    }
    found
}

/// Routes added from tables in loops (`records::LISTS`, `editing::EDITABLE`); the test
/// checks that the source has exactly these loops.
const LOOPED_ROUTES: [(&str, &str); 15] = [
    ("GET", "/persons"),
    ("GET", "/organizations"),
    ("GET", "/sources"),
    ("GET", "/interventions"),
    ("GET", "/source-lists"),
    ("GET", "/places"),
    ("GET", "/collections"),
    ("GET", "/persons/new"),
    ("POST", "/persons/new"),
    ("GET", "/organizations/new"),
    ("POST", "/organizations/new"),
    ("GET", "/sources/new"),
    ("POST", "/sources/new"),
    ("GET", "/source-lists/new"),
    ("POST", "/source-lists/new"),
];
const LOOPS: usize = 2;

/// The API's record collections (`/api/v1/{resource}`).
const RESOURCES: [&str; 12] = [
    "collections",
    "incidents",
    "acts",
    "persons",
    "organizations",
    "sources",
    "claims",
    "interventions",
    "source-lists",
    "records",
    "places",
    "vocabularies",
];

/// The records each route is tried on, one per sensitivity where the kind has one.
struct Fixture {
    sources: Vec<(Sensitivity, RecordId)>,
    evidence: Vec<(Sensitivity, RecordId)>,
    intervention: RecordId,
    spare_account: String,
    /// Two records of a victim list, for the review's decisions.
    list_records: [RecordId; 2],
    /// A consent of each sensitivity's victim (a consent is hidden with its person).
    consents: Vec<(Sensitivity, RecordId)>,
}

fn fixture(w: &World) -> Fixture {
    const PHOTO: &[u8] = include_bytes!("../../../memoria-media/tests/data/photo.jpg");
    let root = w.store().account_by_name("root").unwrap().unwrap();
    let actor = Actor::from(&root);
    let sources = SENSITIVITIES
        .into_iter()
        .map(|s| {
            let source = Source {
                collection: w.collection,
                title: text(&format!("A {s:?} statement")),
                kind: None,
                reliability: Reliability::B,
                credibility: Credibility::new(2).unwrap(),
                date: None,
                informant: None,
                reference: None,
                sensitivity: s,
            };
            (
                s,
                w.store().create(&actor, Entity::Source(source)).unwrap().id,
            )
        })
        .collect();
    let evidence = SENSITIVITIES
        .into_iter()
        .map(|s| (s, w.add_evidence(w.incident(s), s, PHOTO, "photo.jpg", "")))
        .collect();
    let intervention = w
        .store()
        .create(
            &actor,
            Entity::Intervention(Intervention {
                collection: w.collection,
                kind: "urgent-appeal".into(),
                target: None,
                target_name: Some("A ministry".into()),
                about: vec![w.incident(Sensitivity::Public)],
                submitted: None,
                status: "submitted".into(),
                response: None,
                response_date: None,
                next_follow_up: None,
            }),
        )
        .unwrap()
        .id;
    let list = w
        .store()
        .create(
            &actor,
            Entity::SourceList(memoria_core::entity::SourceList {
                collection: w.collection,
                name: "A list of victims".into(),
                description: Default::default(),
                source: None,
            }),
        )
        .unwrap()
        .id;
    let list_records = [0, 1].map(|n| {
        let record = memoria_core::entity::Record {
            list,
            external_id: Some(format!("row-{n}")),
            name: Some(format!("Listed person {n}")),
            given_name: None,
            family_name: None,
            sex: None,
            age: None,
            birth_date: None,
            date: None,
            place: None,
            violation: None,
            perpetrator: None,
            extra: Default::default(),
        };
        w.store().create(&actor, Entity::Record(record)).unwrap().id
    });
    let mut tx = w.store().begin(&actor).unwrap();
    let hash = memoria_auth::password::hash(PASSWORD).unwrap();
    let spare = tx.add_account("spare", Some(&hash), false).unwrap();
    tx.set_membership(spare.id, w.collection, Some("viewer"))
        .unwrap();
    tx.commit().unwrap();
    let consents = SENSITIVITIES
        .into_iter()
        .map(|s| {
            let consent = memoria_core::publication::Consent {
                collection: w.collection,
                person: w.victim(s),
                uses: vec![memoria_core::publication::ConsentUse::Publication],
                given_by: memoria_core::publication::ConsentGiver::Person,
                given_on: memoria_core::edtf::Edtf::parse("2024-03-01").unwrap(),
                recorded: memoria_core::publication::ConsentRecording::Written,
                withdrawn_on: None,
                note: None,
                sensitivity: Sensitivity::Internal,
            };
            (
                s,
                w.store()
                    .create(&actor, Entity::Consent(consent))
                    .unwrap()
                    .id,
            )
        })
        .collect();
    Fixture {
        sources,
        evidence,
        intervention,
        spare_account: spare.id.to_string(),
        list_records,
        consents,
    }
}

fn version(w: &World, id: RecordId) -> String {
    w.store().get(id).unwrap().unwrap().version.to_string()
}

fn multipart_file(csrf: &str) -> (String, Vec<u8>) {
    let boundary = "----memoria-authz-boundary-4f1c";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n\
         Content-Type: application/octet-stream\r\n\r\nA note for the matrix.\r\n--{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

/// A tus request: `method` on `path` with the protocol's header and `headers`.
fn tus(c: &mut Client, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Reply {
    let mut r = Request::builder()
        .method(method)
        .uri(path)
        .header("Tus-Resumable", "1.0.0");
    for (k, v) in headers {
        r = r.header(*k, v);
    }
    c.send(r.body(Body::from(body.to_vec())).unwrap())
}

fn base64(s: &str) -> String {
    data_encoding::BASE64.encode(s.as_bytes())
}

/// Signs in through the recorded client (so that the sign-in routes count too).
fn sign_in(w: &World, account: &str, log: &RouteLog) -> Client {
    let mut c = w.client();
    c.record_routes(log);
    let r = c.sign_in(account, PASSWORD);
    assert_eq!(r.status, StatusCode::SEE_OTHER, "sign-in of {account}");
    c
}

#[test]
fn every_route_by_role_and_sensitivity() {
    let w = World::new(Backend::Sqlite);
    let f = fixture(&w);
    let (in_source, loops) = routes_in_source();
    assert_eq!(
        loops, LOOPS,
        "a route is built in a loop this file does not know: add its paths to LOOPED_ROUTES"
    );
    let mut every_route = in_source.clone();
    every_route.extend(
        LOOPED_ROUTES
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string())),
    );
    // An upload of root's, which other accounts must not reach.
    let mut root_api = w.api("root");
    let incident = w.incident(Sensitivity::Public);
    let roots_upload = tus(
        &mut root_api,
        "POST",
        "/api/v1/uploads",
        &[
            ("Upload-Length", "10".into()),
            (
                "Upload-Metadata",
                format!("incident {}", base64(&incident.to_string())),
            ),
        ],
        b"",
    )
    .location()
    .to_string();
    assert!(
        roots_upload.starts_with("/api/v1/uploads/"),
        "{roots_upload}"
    );

    for account in ACCOUNTS {
        let log = RouteLog::default();
        let mut c = sign_in(&w, account, &log);
        let mut api = w.api(account);
        api.record_routes(&log);
        let csrf = c.csrf();
        let member = account != "outsider";
        let what = |route: &str| format!("{account} {route}");

        // Open to everyone.
        for path in ["/static/app.css", "/healthz", "/sign-in"] {
            check(&c.get(path), Want::Allowed, &what(path));
        }
        check(
            &api.get("/api/v1/openapi.json"),
            Want::Allowed,
            &what("openapi"),
        );
        check(
            &tus(&mut api, "OPTIONS", "/api/v1/uploads", &[], b""),
            Want::Allowed,
            &what("OPTIONS uploads"),
        );
        // No second factor is pending for a signed-in session.
        check(
            &c.get("/sign-in/second-factor"),
            Want::SignIn,
            &what("GET second factor"),
        );
        check(
            &c.post_form(
                "/sign-in/second-factor",
                &[("csrf", &csrf), ("code", "000000")],
            ),
            Want::SignIn,
            &what("POST second factor"),
        );

        // Any signed-in account: its lists show only what it may see (authz.rs checks
        // that), its own account page, the log's public parts.
        for path in [
            "/",
            "/search?q=checkpoint",
            "/incidents",
            "/persons",
            "/organizations",
            "/sources",
            "/interventions",
            "/source-lists",
            "/places",
            "/collections",
            "/vocabularies",
            "/vocabularies/violation-types",
            "/account",
            "/statistics",
            "/log/checkpoint",
        ] {
            check(&c.get(path), Want::Allowed, &what(path));
        }
        // The analysis reads victims' names from the lists and is a kind of export; its
        // readers answer the pairs it offers for review.
        check(
            &c.get("/analysis"),
            want(analyses(account), true),
            &what("/analysis"),
        );
        check(
            &c.post_form(
                "/analysis/decisions",
                &[
                    ("csrf", &csrf),
                    ("collection", &w.collection.to_string()),
                    ("a", &f.list_records[0].to_string()),
                    ("b", &f.list_records[1].to_string()),
                    ("verdict", "different"),
                ],
            ),
            want(analyses(account), true),
            &what("POST /analysis/decisions"),
        );
        check(
            &c.post_form(
                "/analysis/keep",
                &[("csrf", &csrf), ("collection", &w.collection.to_string())],
            ),
            want(analyses(account), true),
            &what("POST /analysis/keep"),
        );
        check(
            &c.get(&format!("/analysis/clusters?collection={}", w.collection)),
            want(analyses(account), true),
            &what("/analysis/clusters"),
        );
        // Split and merge, and their undoing: a record, and for merges the other one.
        let (one, other) = (f.list_records[0].to_string(), f.list_records[1].to_string());
        for to in ["/analysis/merge", "/analysis/split", "/analysis/undo"] {
            check(
                &c.post_form(
                    to,
                    &[
                        ("csrf", &csrf),
                        ("collection", &w.collection.to_string()),
                        ("record", &one),
                        ("other", &other),
                        ("edit", &one),
                    ],
                ),
                want(analyses(account), true),
                &what(to),
            );
        }
        // The publication policy: read by every member, changed by those who manage
        // the collection's members; consents recorded by those who create records.
        // Someone outside the collection may not learn it exists.
        check(
            &c.get("/publication"),
            if member {
                Want::Allowed
            } else {
                Want::Forbidden
            },
            &what("/publication"),
        );
        check(
            &c.get(&format!("/publication?collection={}", w.collection)),
            want(member, false),
            &what("/publication?collection"),
        );
        let mut policy = vec![
            ("csrf".to_string(), csrf.clone()),
            ("collection".into(), w.collection.to_string()),
            ("version".into(), "0".into()),
            ("up_to".into(), "restricted".into()),
            ("statuses".into(), "verified".into()),
            ("consent_from".into(), "person".into()),
            ("threshold".into(), "5".into()),
            ("licence".into(), "CC-BY-4.0".into()),
        ];
        for spec in memoria_core::publication::FIELDS {
            policy.push((format!("rule_{}", spec.key), spec.default.as_str().into()));
        }
        let fields: Vec<(&str, &str)> = policy
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        check(
            &c.post_form("/publication", &fields),
            want(member && manages_policy(account), member),
            &what("POST /publication"),
        );
        check(
            &c.post_form(
                "/publication/consents",
                &[
                    ("csrf", &csrf),
                    ("collection", &w.collection.to_string()),
                    ("person", &w.victim(Sensitivity::Public).to_string()),
                    ("uses", "publication"),
                    ("given_by", "person"),
                    ("given_on", "2024-03-01"),
                    ("recorded", "written"),
                ],
            ),
            want(member && creates(account), member),
            &what("POST /publication/consents"),
        );
        for (path, fields) in [
            ("/account/language", vec![("language", "en")]),
            (
                "/account/password",
                vec![
                    ("current", "not the password"),
                    ("new", "a new long password 1"),
                ],
            ),
            (
                "/account/totp",
                vec![("secret", "JBSWY3DPEHPK3PXP"), ("code", "000000")],
            ),
        ] {
            let mut form = vec![("csrf", csrf.as_str())];
            form.extend(fields);
            check(&c.post_form(path, &form), Want::Allowed, &what(path));
        }
        // The first tile of the newest checkpoint: whole once the log holds 256 entries.
        let size = w.store().latest_log_checkpoint().unwrap().unwrap().size;
        let first_tile = if size >= 256 {
            "000".to_string()
        } else {
            format!("000.p/{size}")
        };
        check(
            &c.get(&format!("/log/tile/0/{first_tile}")),
            Want::Allowed,
            &what("hash tile"),
        );
        let entries = want(reads_log_entries(account), true);
        check(
            &c.get(&format!("/log/tile/entries/{first_tile}")),
            entries,
            &what("entry bundle"),
        );
        check(&c.get("/audit/receipt/0"), entries, &what("receipt"));
        for path in ["/api/v1/log/checkpoint", "/api/v1/log/consistency?old=1"] {
            check(&api.get(path), Want::Allowed, &what(path));
        }
        check(
            &api.get("/api/v1/log/proof?index=0"),
            entries,
            &what("API proof"),
        );

        // Creating records in the collection.
        let create = want(creates(account), true);
        check(&c.get("/incidents/new"), create, &what("new incident form"));
        check(
            &c.post_form(
                "/incidents",
                &[
                    ("csrf", &csrf),
                    ("collection", &w.collection.to_string()),
                    ("title_en", "An incident from the matrix"),
                    ("date", "2022"),
                    ("status", "under_review"),
                    ("confidentiality", "internal"),
                ],
            ),
            create,
            &what("POST /incidents"),
        );
        for path in ["/persons", "/organizations", "/sources", "/source-lists"] {
            let new = format!("{path}/new");
            check(&c.get(&new), create, &what(&new));
            check(
                &c.post_form(
                    &new,
                    &[
                        ("csrf", &csrf),
                        ("collection", &w.collection.to_string()),
                        ("names", "A made-up name"),
                        ("name", "A made-up name"),
                        ("title_en", "A made-up title"),
                        ("sensitivity", "internal"),
                    ],
                ),
                create,
                &what(&format!("POST {new}")),
            );
        }
        for resource in RESOURCES {
            let path = format!("/api/v1/{resource}");
            check(&api.get(&path), Want::Allowed, &what(&path));
        }
        let r = api.json(
            "POST",
            "/api/v1/sources",
            Some(serde_json::json!({"body": {
                "collection": w.collection.to_string(),
                "title": {"en": "A source from the matrix"},
                "reliability": "C",
                "credibility": 3,
                "sensitivity": "internal",
            }})),
            None,
        );
        check(&r, create, &what("POST /api/v1/sources"));

        // Administration.
        check(
            &c.get("/audit"),
            want(installation_admin(account), true),
            &what("audit"),
        );
        check(
            &c.get("/admin/accounts"),
            want(manages_members(account), true),
            &what("GET accounts"),
        );
        check(
            &c.post_form(
                "/admin/accounts",
                &[
                    ("csrf", &csrf),
                    ("name", &format!("made-by-{}", account.replace('_', "-"))),
                    ("password", "a long enough password 12"),
                ],
            ),
            want(installation_admin(account), true),
            &what("POST accounts"),
        );
        check(
            &c.post_form(
                &format!("/admin/accounts/{}/role", f.spare_account),
                &[
                    ("csrf", &csrf),
                    ("collection", &w.collection.to_string()),
                    ("role", "viewer"),
                ],
            ),
            want(manages_members(account), true),
            &what("POST role"),
        );
        check(
            &c.post_form(
                &format!("/admin/accounts/{}/disabled", f.spare_account),
                &[("csrf", &csrf), ("disabled", "false")],
            ),
            want(installation_admin(account), true),
            &what("POST disabled"),
        );
        check(
            &c.post_form(
                "/vocabularies/violation-types",
                &[
                    ("csrf", &csrf),
                    ("version", "0"),
                    ("code", "matrix-probe"),
                    ("label_en", "A probe"),
                ],
            ),
            want(manages_vocabularies(account), true),
            &what("POST vocabulary term"),
        );

        // An intervention (internal, like every intervention) followed up.
        check(
            &c.post_form(
                &format!("/records/{}/follow-up", f.intervention),
                &[
                    ("csrf", &csrf),
                    ("version", &version(&w, f.intervention)),
                    ("status", "acknowledged"),
                ],
            ),
            want(member && manages_interventions(account), member),
            &what("follow-up"),
        );

        // Records of each sensitivity.
        for s in SENSITIVITIES {
            let visible = sees(account, s);
            let what = |route: &str| format!("{account} {route} {s:?}");
            let id = w.incident(s);
            let read = want(visible, visible);
            let edit = want(visible && edits(account), visible);
            check(&c.get(&format!("/incidents/{id}")), read, &what("incident"));
            check(
                &c.get(&format!("/incidents/{id}/history")),
                read,
                &what("incident history"),
            );
            check(
                &c.get(&format!("/incidents/{id}/edit")),
                edit,
                &what("incident edit form"),
            );
            check(
                &c.post_form(
                    &format!("/incidents/{id}"),
                    &[
                        ("csrf", &csrf),
                        ("version", &version(&w, id)),
                        ("title_en", &format!("Detention at the {s:?} checkpoint")),
                        ("narrative_en", "A fictional narrative for tests."),
                        ("date", "2021-03-05"),
                        ("status", "under_review"),
                        ("confidentiality", crate::harness::sensitivity_code(s)),
                    ],
                ),
                edit,
                &what("incident save"),
            );
            check(
                &c.post_form(
                    &format!("/incidents/{id}/acts"),
                    &[("csrf", &csrf), ("violation", "torture")],
                ),
                edit,
                &what("add act"),
            );
            check(
                &c.post_form(
                    &format!("/incidents/{id}/sources"),
                    &[
                        ("csrf", &csrf),
                        ("title", "A statement"),
                        ("reliability", "C"),
                        ("credibility", "3"),
                    ],
                ),
                edit,
                &what("add source"),
            );
            check(
                &c.post_form(
                    &format!("/incidents/{id}/interventions"),
                    &[
                        ("csrf", &csrf),
                        ("kind", "urgent-appeal"),
                        ("status", "planned"),
                    ],
                ),
                want(visible && manages_interventions(account), visible),
                &what("add intervention"),
            );
            let (content_type, body) = multipart_file(&csrf);
            let r = c.send(
                Request::post(format!("/incidents/{id}/evidence"))
                    .header(header::CONTENT_TYPE, content_type)
                    .body(Body::from(body))
                    .unwrap(),
            );
            check(&r, edit, &what("upload evidence"));

            let victim = w.victim(s);
            check(&c.get(&format!("/records/{victim}")), read, &what("person"));
            // A consent is hidden with its person; withdrawing it is editing it.
            let consent = f.consents.iter().find(|(x, _)| *x == s).unwrap().1;
            check(
                &c.post_form(
                    &format!("/publication/consents/{consent}/withdraw"),
                    &[("csrf", &csrf), ("version", &version(&w, consent))],
                ),
                edit,
                &what("withdraw consent"),
            );
            check(
                &c.get(&format!("/records/{victim}/history")),
                read,
                &what("person history"),
            );
            let source = f.sources.iter().find(|(x, _)| *x == s).unwrap().1;
            check(
                &c.get(&format!("/records/{source}/edit")),
                edit,
                &what("source edit form"),
            );
            check(
                &c.post_form(
                    &format!("/records/{source}/edit"),
                    &[
                        ("csrf", &csrf),
                        ("version", &version(&w, source)),
                        ("title_en", &format!("A {s:?} statement")),
                        ("reliability", "B"),
                        ("credibility", "2"),
                        ("sensitivity", crate::harness::sensitivity_code(s)),
                    ],
                ),
                edit,
                &what("source save"),
            );
            check(
                &c.post_form(
                    &format!("/records/{source}/restore"),
                    &[
                        ("csrf", &csrf),
                        ("to_version", "1"),
                        ("version", &version(&w, source)),
                    ],
                ),
                want(visible && restores(account), visible),
                &what("restore"),
            );
            // Deleting, then undoing it; an account that may not delete is refused both.
            let delete = want(visible && deletes(account), visible);
            for action in ["delete", "undelete"] {
                check(
                    &c.post_form(
                        &format!("/records/{source}/{action}"),
                        &[("csrf", &csrf), ("version", &version(&w, source))],
                    ),
                    delete,
                    &what(action),
                );
            }
            assert!(!w.store().get(source).unwrap().unwrap().deleted);

            let item = f.evidence.iter().find(|(x, _)| *x == s).unwrap().1;
            check(
                &c.get(&format!("/evidence/{item}")),
                read,
                &what("evidence"),
            );
            let original = want(visible && reads_contact(account), visible);
            check(
                &c.get(&format!("/evidence/{item}/download")),
                original,
                &what("download original"),
            );
            check(
                &c.get(&format!("/evidence/{item}/download?copy=stripped")),
                read,
                &what("download stripped"),
            );

            // The same through the API.
            let r = api.json("GET", &format!("/api/v1/incidents/{id}"), None, None);
            check(&r, read, &what("API incident"));
            let (etag, body) = if visible {
                (
                    r.headers[header::ETAG].to_str().unwrap().to_string(),
                    r.json()["body"].clone(),
                )
            } else {
                ("\"1\"".to_string(), serde_json::json!({}))
            };
            let r = api.json(
                "PUT",
                &format!("/api/v1/incidents/{id}"),
                Some(serde_json::json!({ "body": body })),
                Some(&etag),
            );
            check(&r, edit, &what("API PUT"));
            let r = api.json(
                "DELETE",
                &format!("/api/v1/sources/{source}"),
                None,
                Some(&format!("\"{}\"", version(&w, source))),
            );
            check(&r, delete, &what("API DELETE"));
            if r.status == StatusCode::OK {
                let v = r.json()["version"].as_u64().unwrap();
                let mut tx = w.store().begin(&Actor::system()).unwrap();
                tx.undelete(source, v).unwrap();
                tx.commit().unwrap();
            }
            for path in [
                format!("/api/v1/incidents/{id}/evidence"),
                format!("/api/v1/evidence/{item}"),
                format!("/api/v1/evidence/{item}/custody"),
                format!("/api/v1/evidence/{item}/content?copy=stripped"),
            ] {
                check(&api.get(&path), read, &what(&path));
            }
            // Without `copy`, the original for those who may read it, else the copy.
            check(
                &api.get(&format!("/api/v1/evidence/{item}/content")),
                read,
                &what("API content"),
            );
            check(
                &api.get(&format!("/api/v1/evidence/{item}/content?copy=original")),
                original,
                &what("API original"),
            );
            let r = tus(
                &mut api,
                "POST",
                "/api/v1/uploads",
                &[
                    ("Upload-Length", "4".into()),
                    (
                        "Upload-Metadata",
                        format!("incident {}", base64(&id.to_string())),
                    ),
                ],
                b"",
            );
            check(&r, edit, &what("tus create"));
            if r.status == StatusCode::CREATED {
                let upload = r.location().to_string();
                for (method, headers, body) in [
                    ("HEAD", vec![], &b""[..]),
                    (
                        "PATCH",
                        vec![
                            ("Upload-Offset", "0".to_string()),
                            (
                                "Content-Type",
                                "application/offset+octet-stream".to_string(),
                            ),
                        ],
                        &b"ab"[..],
                    ),
                    ("OPTIONS", vec![], &b""[..]),
                    ("DELETE", vec![], &b""[..]),
                ] {
                    let r = tus(&mut api, method, &upload, &headers, body);
                    check(
                        &r,
                        Want::Allowed,
                        &what(&format!("tus {method} own upload")),
                    );
                }
            }
        }
        // Another account's upload does not exist for this one (OPTIONS says only what
        // the server supports, to anyone).
        check(
            &tus(&mut api, "OPTIONS", &roots_upload, &[], b""),
            Want::Allowed,
            &what("tus OPTIONS"),
        );
        if account != "root" {
            for method in ["HEAD", "PATCH", "DELETE"] {
                let r = tus(
                    &mut api,
                    method,
                    &roots_upload,
                    &[
                        ("Upload-Offset", "0".to_string()),
                        (
                            "Content-Type",
                            "application/offset+octet-stream".to_string(),
                        ),
                    ],
                    b"",
                );
                check(
                    &r,
                    Want::Hidden,
                    &what(&format!("tus {method} root's upload")),
                );
            }
        }
        let r = c.post_form("/sign-out", &[("csrf", &csrf)]);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", what("sign-out"));
        assert_eq!(
            c.get("/account").status,
            StatusCode::SEE_OTHER,
            "{}",
            what("signed out")
        );

        let reached = log.routes();
        let missed: Vec<_> = every_route.difference(&reached).collect();
        assert!(
            missed.is_empty(),
            "{account}: the matrix never reached {missed:?}: add them to this test"
        );
        let unknown: Vec<_> = reached.difference(&every_route).collect();
        assert!(
            unknown.is_empty(),
            "{account}: routes reached that the source scan did not find: {unknown:?}"
        );
    }
}

/// Nobody signed in: every route but the public ones sends to the sign-in page (pages)
/// or answers 401 (the API), and writes nothing.
#[test]
fn every_route_refuses_whoever_is_not_signed_in() {
    let w = World::new(Backend::Sqlite);
    let (routes, _) = routes_in_source();
    let public = [
        ("GET", "/static/app.css"),
        ("GET", "/healthz"),
        ("GET", "/sign-in"),
        ("POST", "/sign-in"),
        ("GET", "/api/v1/openapi.json"),
        ("OPTIONS", "/api/v1/uploads"),
        ("OPTIONS", "/api/v1/uploads/{id}"),
    ];
    let incident = w.incident(Sensitivity::Public).to_string();
    let before = w.store().changes_since(0, 1_000_000).unwrap().len();
    let mut c = w.client();
    for (method, template) in routes
        .iter()
        .map(|(m, p)| (m.as_str(), p.as_str()))
        .chain(LOOPED_ROUTES)
    {
        if public.contains(&(method, template)) {
            continue;
        }
        let path = template
            .replace("{id}", &incident)
            .replace("{resource}", "incidents")
            .replace("{code}", "violation-types")
            .replace("{index}", "0")
            .replace("{*path}", "0/000.p/1");
        let r = c.send(
            Request::builder()
                .method(method)
                .uri(&path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("Tus-Resumable", "1.0.0")
                .body(Body::from(format!("csrf={}&code=000000", enc("forged"))))
                .unwrap(),
        );
        check(&r, Want::SignIn, &format!("anonymous {method} {path}"));
    }
    assert_eq!(
        w.store().changes_since(0, 1_000_000).unwrap().len(),
        before,
        "nothing was written"
    );
}
