//! A Memoria with a real store (SQLite file or a fresh PostgreSQL database), a search
//! index, fictional accounts of every role, and a client that keeps cookies.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use memoria_auth::roles::Role;
use memoria_core::edtf::Edtf;
use memoria_core::entity::{
    Act, Collection, Entity, EntityKind, Evidence, Incident, Person, PersonName,
    Role as PersonRole, SensitiveAttributes, Sensitivity, Status,
};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_search::Index;
use memoria_store::{AccountId, Actor, ListQuery, Store, StoreExt};
use memoria_vault::{KeySource, Vault, VaultKey};
use memoria_web::{AppState, Settings};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery staple";

/// The key of every test world's evidence vault (a fixed one: a second process can open
/// the same vault).
pub const VAULT_KEY: [u8; 32] = [9; 32];

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// SQLite always; PostgreSQL when the test environment names a server.
    pub fn all() -> Vec<Backend> {
        let mut v = vec![Backend::Sqlite];
        if std::env::var_os("MEMORIA_TEST_POSTGRES_URL").is_some() {
            v.push(Backend::Postgres);
        }
        v
    }
}

pub struct World {
    pub state: AppState,
    pub collection: RecordId,
    /// Incidents by confidentiality, each with one act and one victim.
    pub incidents: Vec<(Sensitivity, RecordId)>,
    /// The victim of each incident, same order.
    pub victims: Vec<RecordId>,
    /// An incident in the other collection, which no role of the first may see.
    pub foreign_incident: RecordId,
    _dir: tempfile::TempDir,
    _pg: Option<memoria_testkit::FreshPostgres>,
}

pub fn text(s: &str) -> MultiText {
    MultiText::single("en", s)
}

/// The transparency log's key of every test world (a fixed seed: tests are repeatable).
pub fn log_signer() -> memoria_tlog::NoteSigner {
    memoria_tlog::NoteSigner::from_seed("example.org/memoria-test-log", &[7; 32]).unwrap()
}

/// The fictional victim of the incident of that confidentiality.
pub fn victim_name(s: Sensitivity) -> String {
    format!("Zorava Quintel {:?}", s)
}

impl World {
    pub fn new(backend: Backend) -> World {
        let dir = tempfile::tempdir().unwrap();
        let (store, pg): (Box<dyn Store>, _) = match backend {
            Backend::Sqlite => (
                memoria_store::open(dir.path().join("m.sqlite").to_str().unwrap()).unwrap(),
                None,
            ),
            Backend::Postgres => {
                let pg = memoria_testkit::fresh_postgres().expect("MEMORIA_TEST_POSTGRES_URL");
                (memoria_store::open(&pg.url).unwrap(), Some(pg))
            }
        };
        let store: Arc<dyn Store> = Arc::from(store);
        let setup = Actor {
            account: AccountId(uuid::Uuid::nil()),
            name: "setup".into(),
            is_admin: true,
        };
        let mut tx = store.begin(&setup).unwrap();
        let admin = tx
            .add_account(
                "root",
                Some(&memoria_auth::password::hash(PASSWORD).unwrap()),
                true,
            )
            .unwrap();
        tx.commit().unwrap();
        let actor = Actor::from(&admin);
        let new_collection = |name: &str| {
            store
                .create(
                    &actor,
                    Entity::Collection(Collection {
                        name: name.into(),
                        title: text(name),
                        description: MultiText::new(),
                    }),
                )
                .unwrap()
                .id
        };
        let collection = new_collection("valdoria-test");
        let other_collection = new_collection("elsewhere");
        let mut incidents = Vec::new();
        let mut victims = Vec::new();
        for s in [
            Sensitivity::Public,
            Sensitivity::Internal,
            Sensitivity::Restricted,
            Sensitivity::Confidential,
        ] {
            let (i, v) = seed_incident(store.as_ref(), &actor, collection, s);
            incidents.push((s, i));
            victims.push(v);
        }
        let (foreign_incident, _) = seed_incident(
            store.as_ref(),
            &actor,
            other_collection,
            Sensitivity::Internal,
        );
        let hash = memoria_auth::password::hash(PASSWORD).unwrap();
        let mut tx = store.begin(&actor).unwrap();
        for role in Role::ALL {
            let a = tx.add_account(role.as_str(), Some(&hash), false).unwrap();
            tx.set_membership(a.id, collection, Some(role.as_str()))
                .unwrap();
        }
        tx.add_account("outsider", Some(&hash), false).unwrap();
        tx.commit().unwrap();
        let index = Index::in_ram().unwrap();
        index.rebuild(store.as_ref(), &mut |_, _| {}).unwrap();
        // Every world has an (empty) evidence vault in its folder; a key, not a
        // passphrase, so that making one costs nothing.
        let vault = runtime()
            .block_on(Vault::create(
                dir.path().join("vault").to_str().unwrap(),
                KeySource::Key(VaultKey::from_bytes(VAULT_KEY)),
            ))
            .unwrap();
        let state = AppState::new(
            store,
            Arc::new(index),
            Settings::default(),
            Some(log_signer()),
            Some(vault),
        );
        World {
            state,
            collection,
            incidents,
            victims,
            foreign_incident,
            _dir: dir,
            _pg: pg,
        }
    }

    /// The SQLite file (SQLite worlds only).
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        self._pg
            .is_none()
            .then(|| self._dir.path().join("m.sqlite"))
    }

    /// The PostgreSQL database's URL (PostgreSQL worlds only).
    pub fn _pg_url(&self) -> String {
        self._pg.as_ref().expect("a PostgreSQL world").url.clone()
    }

    pub fn store(&self) -> &dyn Store {
        self.state.store.as_ref()
    }

    pub fn incident(&self, s: Sensitivity) -> RecordId {
        self.incidents.iter().find(|(x, _)| *x == s).unwrap().1
    }

    pub fn victim(&self, s: Sensitivity) -> RecordId {
        let i = self.incidents.iter().position(|(x, _)| *x == s).unwrap();
        self.victims[i]
    }

    pub fn count(&self, kind: EntityKind) -> u64 {
        self.store()
            .count(&ListQuery {
                kind: Some(kind),
                ..Default::default()
            })
            .unwrap()
    }

    /// The folder of the world's evidence vault.
    pub fn vault_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("vault")
    }

    /// The world's vault opened afresh, as another process would open it.
    pub fn open_vault_again(&self) -> Vault {
        open_vault(self.vault_dir().to_str().unwrap(), false)
    }

    /// Another server's state over this world's database and vault, each opened afresh
    /// (nothing shared in memory with this one), with `settings`.
    pub fn other_server(&self, settings: Settings) -> AppState {
        self.server_with_vault(settings, self.open_vault_again())
    }

    /// Another server's state over this world's database (a connection of its own) and
    /// `vault`.
    pub fn server_with_vault(&self, settings: Settings, vault: Vault) -> AppState {
        let store: Arc<dyn Store> = match self.sqlite_path() {
            Some(path) => Arc::from(memoria_store::open(path.to_str().unwrap()).unwrap()),
            None => Arc::from(memoria_store::open(&self._pg_url()).unwrap()),
        };
        let index = Index::in_ram().unwrap();
        index.rebuild(store.as_ref(), &mut |_, _| {}).unwrap();
        AppState::new(
            store,
            Arc::new(index),
            settings,
            Some(log_signer()),
            Some(vault),
        )
    }

    /// This world's state with other settings (same store, index and vault).
    pub fn with_settings(&self, settings: Settings) -> AppState {
        AppState::new(
            self.state.store.clone(),
            self.state.index.clone(),
            settings,
            Some(log_signer()),
            self.state.vault.as_deref().cloned(),
        )
    }

    /// The plain bearer token of a new API token of `name`.
    pub fn token(&self, name: &str) -> String {
        self.api(name).bearer.unwrap()
    }

    /// Every file under the vault's folder, with its bytes.
    ///
    /// The server may still be renaming a part file while the walk runs (a broken
    /// connection is noticed a moment after the client drops it), so a file that
    /// vanishes between listing and reading restarts the walk: what is returned is
    /// one moment's complete picture, never a picture with a file missing.
    pub fn vault_files(&self) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        for _ in 0..50 {
            match self.walk_vault() {
                Ok(found) => return found,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                Err(e) => panic!("reading the vault: {e}"),
            }
        }
        panic!("the vault's files kept changing while being read")
    }

    fn walk_vault(&self) -> std::io::Result<Vec<(std::path::PathBuf, Vec<u8>)>> {
        let mut found = Vec::new();
        let mut dirs = vec![self.vault_dir()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                if entry.metadata()?.is_dir() {
                    dirs.push(entry.path());
                } else {
                    found.push((entry.path(), std::fs::read(entry.path())?));
                }
            }
        }
        Ok(found)
    }

    /// Adds `bytes` to `incident` as `memoria evidence add` does: into the vault (with a
    /// copy without metadata where one can be made), an evidence record made by `root`,
    /// and its custody entries.
    pub fn add_evidence(
        &self,
        incident: RecordId,
        confidentiality: Sensitivity,
        bytes: &[u8],
        file_name: &str,
        description: &str,
    ) -> RecordId {
        let vault = self.state.vault.as_ref().expect("a world with a vault");
        let rt = runtime();
        let ingested = rt.block_on(vault.ingest(bytes)).unwrap();
        let stripped = memoria_media::strip(bytes).ok().map(|s| {
            rt.block_on(vault.ingest(&s.bytes[..]))
                .unwrap()
                .hash
                .to_hex()
        });
        let metadata = memoria_media::inspect(bytes);
        let collection = self
            .store()
            .get(incident)
            .unwrap()
            .unwrap()
            .collection
            .unwrap();
        let sha256 = ingested.hash.to_hex();
        let evidence = Evidence {
            collection,
            incident,
            sha256: sha256.clone(),
            size: ingested.size,
            media_type: metadata.media_type.mime().to_string(),
            file_name: Some(file_name.into()),
            description: if description.is_empty() {
                MultiText::new()
            } else {
                text(description)
            },
            captured_at: metadata.exif.as_ref().and_then(|x| x.captured_at.clone()),
            metadata: metadata
                .has_metadata()
                .then(|| serde_json::to_value(&metadata).unwrap()),
            stripped_sha256: stripped.clone(),
            confidentiality,
        };
        let root = self.store().account_by_name("root").unwrap().unwrap();
        let mut tx = self.store().begin(&Actor::from(&root)).unwrap();
        let stored = tx.create(Entity::Evidence(evidence)).unwrap();
        tx.audit(
            "custody-ingest",
            Some(stored.id),
            &format!("sha256:{sha256} size:{}", ingested.size),
        )
        .unwrap();
        if let Some(s) = &stripped {
            tx.audit(
                "custody-derive",
                Some(stored.id),
                &format!("sha256:{s} stripped-from:{sha256}"),
            )
            .unwrap();
        }
        tx.commit().unwrap();
        stored.id
    }

    /// The vault's stored object of the file of `size` bytes (objects are named by a
    /// keyed hash; their size follows from the file's, `memoria_vault::format`).
    pub fn vault_object(&self, size: u64) -> std::path::PathBuf {
        let object_size = 101 + size + 16 * size.div_ceil(65536) + 56;
        let mut found = Vec::new();
        let mut dirs = vec![self.vault_dir().join("objects")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let entry = entry.unwrap();
                let meta = entry.metadata().unwrap();
                if meta.is_dir() {
                    dirs.push(entry.path());
                } else if meta.len() == object_size {
                    found.push(entry.path());
                }
            }
        }
        assert_eq!(found.len(), 1, "one object of {object_size} bytes");
        found.pop().unwrap()
    }

    pub fn client(&self) -> Client {
        self.client_of(self.state.clone())
    }

    /// A client of another state over this world's store (another server's settings).
    pub fn client_of(&self, state: AppState) -> Client {
        Client {
            state,
            rt: runtime(),
            cookies: Vec::new(),
            bearer: None,
            routes: None,
        }
    }

    /// A client signed in as `name` (password [`PASSWORD`]).
    pub fn signed_in(&self, name: &str) -> Client {
        let mut c = self.client();
        let r = c.sign_in(name, PASSWORD);
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "sign-in of {name}: {}",
            r.text
        );
        c
    }

    /// A client holding an API token of `name`.
    pub fn api(&self, name: &str) -> Client {
        let account = self.store().account_by_name(name).unwrap().unwrap();
        let (plain, digest) = memoria_auth::token::generate("mat_");
        let token = memoria_store::ApiToken {
            id: uuid::Uuid::new_v4(),
            account: account.id,
            label: "test".into(),
            created_at: memoria_store::Timestamp::now(),
            last_used_at: None,
            revoked_at: None,
        };
        let mut tx = self.store().begin(&Actor::from(&account)).unwrap();
        tx.add_api_token(&token, &digest).unwrap();
        tx.commit().unwrap();
        Client {
            state: self.state.clone(),
            rt: runtime(),
            cookies: Vec::new(),
            bearer: Some(plain),
            routes: None,
        }
    }
}

fn seed_incident(
    store: &dyn Store,
    actor: &Actor,
    collection: RecordId,
    s: Sensitivity,
) -> (RecordId, RecordId) {
    let victim = store
        .create(
            actor,
            Entity::Person(Person {
                collection,
                names: vec![PersonName::primary(victim_name(s))],
                roles: vec![PersonRole::Victim],
                sex: None,
                birth_date: None,
                age: None,
                group_size: None,
                sensitive: SensitiveAttributes {
                    ethnicity: Some("Test-ethnicity".into()),
                    religion: None,
                    contact: Some("+00 0000 0000".into()),
                },
                sensitivity: s,
            }),
        )
        .unwrap()
        .id;
    let incident = store
        .create(
            actor,
            Entity::Incident(Incident {
                collection,
                title: text(&format!("Detention at the {s:?} checkpoint")),
                narrative: text("A fictional narrative for tests."),
                public_narrative: memoria_core::text::MultiText::new(),
                date: Some(Edtf::parse("2021-03-05").unwrap()),
                place: None,
                point: None,
                status: Status::UnderReview,
                confidentiality: s,
                external_id: None,
            }),
        )
        .unwrap()
        .id;
    store
        .create(
            actor,
            Entity::Act(Act {
                incident,
                violation: "arbitrary-detention".into(),
                victims: vec![victim],
                perpetrators: vec![],
                date: None,
                place: None,
                method: None,
                rights_violated: vec![],
            }),
        )
        .unwrap();
    (incident, victim)
}

/// What a response brought back.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    /// The body as sent (tiles and bundles are binary).
    pub bytes: Vec<u8>,
    /// Why the body could not be read to its end (a download cut short), if it could
    /// not; `bytes` is then empty.
    pub body_error: Option<String>,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    /// The value of the first hidden input `name` in the page.
    pub fn hidden(&self, name: &str) -> String {
        let needle = format!("name=\"{name}\" value=\"");
        let start = self
            .text
            .find(&needle)
            .unwrap_or_else(|| panic!("no hidden {name} in page: {}", self.text))
            + needle.len();
        let end = self.text[start..].find('"').unwrap() + start;
        self.text[start..end].to_string()
    }
}

/// A browser-like client over the router: keeps cookies, sends forms.
pub struct Client {
    state: AppState,
    /// Requests run on this runtime; tests themselves stay synchronous, so that they can
    /// call the store directly (the PostgreSQL client may not run inside a runtime).
    rt: std::sync::Arc<tokio::runtime::Runtime>,
    pub cookies: Vec<(String, String)>,
    pub bearer: Option<String>,
    routes: Option<RouteLog>,
}

/// The routes requests reached: (method, the route's path template), as the router
/// matched them. Shared by the clients of one account in the authorisation matrix.
#[derive(Clone, Default)]
pub struct RouteLog(Arc<std::sync::Mutex<std::collections::BTreeSet<(String, String)>>>);

impl RouteLog {
    pub fn routes(&self) -> std::collections::BTreeSet<(String, String)> {
        self.0.lock().unwrap().clone()
    }
}

impl Client {
    /// From now on, note in `log` the route each request reaches.
    pub fn record_routes(&mut self, log: &RouteLog) {
        self.routes = Some(log.clone());
    }

    pub fn send(&mut self, request: Request<Body>) -> Reply {
        let mut request = request;
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            request
                .headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        if let Some(b) = &self.bearer {
            request.headers_mut().insert(
                header::AUTHORIZATION,
                format!("Bearer {b}").parse().unwrap(),
            );
        }
        let mut app = memoria_web::router(self.state.clone());
        if let Some(log) = self.routes.clone() {
            app = app.layer(axum::middleware::from_fn(
                move |request: Request<Body>, next: axum::middleware::Next| {
                    let log = log.clone();
                    async move {
                        if let Some(path) = request.extensions().get::<axum::extract::MatchedPath>()
                        {
                            log.0
                                .lock()
                                .unwrap()
                                .insert((request.method().to_string(), path.as_str().to_string()));
                        }
                        next.run(request).await
                    }
                },
            ));
        }
        let (response, bytes, body_error) = self.rt.block_on(async move {
            let response = app.oneshot(request).await.unwrap();
            let (parts, body) = response.into_parts();
            let (bytes, error) = match axum::body::to_bytes(body, 64 << 20).await {
                Ok(bytes) => (bytes, None),
                Err(e) => (Default::default(), Some(e.to_string())),
            };
            (axum::http::Response::from_parts(parts, ()), bytes, error)
        });
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !set.contains("Max-Age=0") {
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
        Reply {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
            body_error,
        }
    }

    pub fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
    }

    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
    }

    pub fn json(
        &mut self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        if_match: Option<&str>,
    ) -> Reply {
        let mut r = Request::builder().method(method).uri(path);
        if let Some(m) = if_match {
            r = r.header(header::IF_MATCH, m);
        }
        let body = match body {
            Some(b) => {
                r = r.header(header::CONTENT_TYPE, "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        self.send(r.body(body).unwrap())
    }

    pub fn sign_in(&mut self, name: &str, password: &str) -> Reply {
        let form = self.get("/sign-in");
        let csrf = form.hidden("csrf");
        self.post_form(
            "/sign-in",
            &[("csrf", &csrf), ("name", name), ("password", password)],
        )
    }

    /// The CSRF token of this session, read from a page's form.
    pub fn csrf(&mut self) -> String {
        self.get("/account").hidden("csrf")
    }
}

pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The vault at `location` under the tests' key, made there first if `create`.
pub fn open_vault(location: &str, create: bool) -> Vault {
    let key = KeySource::Key(VaultKey::from_bytes(VAULT_KEY));
    runtime()
        .block_on(async {
            if create {
                Vault::create(location, key).await
            } else {
                Vault::open(location, key).await
            }
        })
        .unwrap()
}

fn runtime() -> std::sync::Arc<tokio::runtime::Runtime> {
    std::sync::Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap(),
    )
}

/// Serves `state` on a free loopback port from a thread of its own: the base URL, the
/// switch that stops it, and the thread to join.
pub fn start(
    state: memoria_web::AppState,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    std::thread::JoinHandle<()>,
) {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            memoria_web::serve(listener, state, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
    });
    let addr = addr_rx.recv().unwrap();
    (format!("http://{addr}"), tx, handle)
}

pub fn sensitivity_code(s: Sensitivity) -> &'static str {
    match s {
        Sensitivity::Public => "public",
        Sensitivity::Internal => "internal",
        Sensitivity::Restricted => "restricted",
        Sensitivity::Confidential => "confidential",
    }
}
