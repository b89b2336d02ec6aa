//! What every request handler shares.

use std::sync::Arc;

use std::sync::RwLock;
use std::time::{Duration, Instant};

use memoria_auth::session::Timeouts;
use memoria_core::entity::{Entity, EntityKind};
use memoria_core::vocab::VocabularySet;
use memoria_search::Index;
use memoria_store::{ListQuery, Store};
use memoria_tlog::NoteSigner;
use memoria_vault::Vault;

use crate::error::WebError;
use crate::i18n::I18n;

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub index: Arc<Index>,
    pub i18n: Arc<I18n>,
    /// The vocabularies in force (see [`AppState::vocabs`]).
    vocab_cache: Arc<VocabCache>,
    pub settings: Arc<Settings>,
    /// Bounds how much store and index work runs at once (see [`AppState::blocking`]).
    work: Arc<tokio::sync::Semaphore>,
    /// Statistics and analyses computed from the records (see [`AppState::derived`]).
    derived: Arc<Derived>,
    /// The transparency log's key, which signs a fresh checkpoint when the log has grown
    /// since the newest one kept (`/log/checkpoint`). `None`: only checkpoints signed
    /// elsewhere (`memoria log checkpoint`) are served. Every process serving one
    /// database must hold the same key, or none: checkpoints of one log signed by two
    /// keys could not be checked with one public key.
    pub log_signer: Option<Arc<NoteSigner>>,
    /// The evidence vault the files of evidence items are read from (`/evidence/…`).
    /// `None`: evidence records still show, and a download says the vault is not
    /// configured. Reading it is async (it is object storage); store calls about the
    /// same download still go through [`AppState::blocking`].
    pub vault: Option<Arc<Vault>>,
}

/// How this server runs.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Mark cookies `Secure`: set when served over TLS (directly or behind a proxy).
    pub secure_cookies: bool,
    pub timeouts: Timeouts,
    /// The largest request body accepted; larger ones get 413 before anything is read.
    /// Evidence uploads have their own limit.
    pub max_body_bytes: usize,
    /// The largest evidence file accepted, through the form or a resumable upload.
    pub max_upload_bytes: u64,
    /// How long a resumable upload may go without a byte before it is swept away.
    pub upload_expiry: Duration,
}

/// The default of [`Settings::max_upload_bytes`]: 4 GiB, a long video.
pub const DEFAULT_MAX_UPLOAD: u64 = 4 << 30;

/// The default of [`Settings::upload_expiry`]: a day.
pub const DEFAULT_UPLOAD_EXPIRY: Duration = Duration::from_secs(24 * 60 * 60);

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            secure_cookies: false,
            timeouts: Timeouts::default(),
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: DEFAULT_MAX_UPLOAD,
            upload_expiry: DEFAULT_UPLOAD_EXPIRY,
        }
    }
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        index: Arc<Index>,
        settings: Settings,
        log_signer: Option<NoteSigner>,
        vault: Option<Vault>,
    ) -> AppState {
        AppState {
            store,
            index,
            i18n: Arc::new(I18n::load()),
            vocab_cache: Arc::new(VocabCache::default()),
            settings: Arc::new(settings),
            work: Arc::new(tokio::sync::Semaphore::new(BLOCKING_AT_ONCE)),
            derived: Arc::new(Derived::default()),
            log_signer: log_signer.map(Arc::new),
            vault: vault.map(Arc::new),
        }
    }

    /// A result computed from the records (statistics, an analysis), kept while no
    /// record has been written since: `compute` runs when `key` is not kept or the
    /// store's change feed has moved on. Runs the store calls it makes on the calling
    /// thread, so call it inside [`AppState::blocking`].
    ///
    /// The test for change is one query: the store's change feed after the last
    /// position seen ([`Store::changes_since`]), which lists record writes made by any
    /// process and nothing else (reads and sign-ins, which write audit entries, do not
    /// move it). On PostgreSQL an entry's `seq` is taken before its transaction commits,
    /// so a write can become visible behind the position already passed; results are
    /// therefore kept at most [`DERIVED_TTL_POSTGRES`] there, which bounds how long such
    /// a write can go unseen. On SQLite writers take turns and results are kept until a
    /// write.
    pub fn derived<T, F>(&self, key: String, compute: F) -> Result<Arc<T>, WebError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Result<T, WebError>,
    {
        self.derived
            .get_or_compute(self.store.as_ref(), key, compute)
    }

    /// The vocabularies in force: the shipped defaults, overridden by those stored
    /// (edited in the interface or imported). Re-read from the store at most every few
    /// seconds, so an edit made through another process shows here soon after; an edit
    /// made here calls [`AppState::vocabularies_changed`] and shows at once.
    pub fn vocabs(&self) -> Arc<VocabularySet> {
        self.vocab_cache.get(self.store.as_ref())
    }

    pub fn vocabularies_changed(&self) {
        self.vocab_cache.invalidate();
    }

    /// Runs store (and index) work off the async threads: both backends block.
    pub async fn blocking<T, F>(&self, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&AppState) -> Result<T, WebError> + Send + 'static,
    {
        let state = self.clone();
        // Waiting here is cheap (an async wait); running more at once than the store keeps
        // connections for would open and close a database connection per request.
        let _permit = self
            .work
            .acquire()
            .await
            .map_err(|_| WebError::Internal("the server is stopping".into()))?;
        tokio::task::spawn_blocking(move || work(&state))
            .await
            .map_err(|_| WebError::Internal("a worker thread stopped".into()))?
    }
}

/// Store and index calls running at once. Both backends block a thread per call; past a
/// few per core they only queue inside the database, and SQLite keeps 8 read
/// connections open (more would be opened and closed per request).
const BLOCKING_AT_ONCE: usize = 8;

/// On PostgreSQL, how long a derived result is trusted (see [`AppState::derived`]):
/// the search index waits as long for a write that became visible late.
pub const DERIVED_TTL_POSTGRES: Duration = Duration::from_secs(60);

/// Derived results kept at most; beyond this the least recently computed go.
const DERIVED_KEPT: usize = 32;

/// Results computed from the records, each with the change-feed position it was
/// computed at.
#[derive(Default)]
struct Derived {
    /// The last position of the store's change feed seen.
    head: std::sync::Mutex<i64>,
    kept: std::sync::Mutex<std::collections::HashMap<String, Kept>>,
}

/// A derived result: the change-feed position and the time it was computed at.
type Kept = (i64, Instant, Arc<dyn std::any::Any + Send + Sync>);

impl Derived {
    /// The position of the last record write in the change feed, read onwards from
    /// the last position seen (one query when nothing was written).
    fn head(&self, store: &dyn Store) -> Result<i64, WebError> {
        const BATCH: usize = 10_000;
        let mut head = self.head.lock().expect("not poisoned");
        loop {
            let batch = store.changes_since(*head, BATCH)?;
            if let Some(&(seq, _)) = batch.last() {
                *head = (*head).max(seq);
            }
            if batch.len() < BATCH {
                return Ok(*head);
            }
        }
    }

    fn get_or_compute<T, F>(
        &self,
        store: &dyn Store,
        key: String,
        compute: F,
    ) -> Result<Arc<T>, WebError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Result<T, WebError>,
    {
        // Read the position before computing: a write landing during the computation
        // moves the feed past it, so the next request computes again.
        let head = self.head(store)?;
        let ttl = match store.backend() {
            memoria_store::Backend::Postgres => Some(DERIVED_TTL_POSTGRES),
            _ => None,
        };
        if let Some((at, when, value)) = self.kept.lock().expect("not poisoned").get(&key)
            && *at == head
            && ttl.is_none_or(|ttl| when.elapsed() < ttl)
            && let Ok(value) = value.clone().downcast::<T>()
        {
            return Ok(value);
        }
        let value = Arc::new(compute()?);
        let mut kept = self.kept.lock().expect("not poisoned");
        if kept.len() >= DERIVED_KEPT
            && !kept.contains_key(&key)
            && let Some(oldest) = kept
                .iter()
                .min_by_key(|(_, (_, when, _))| *when)
                .map(|(k, _)| k.clone())
        {
            kept.remove(&oldest);
        }
        kept.insert(key, (head, Instant::now(), value.clone()));
        Ok(value)
    }
}

/// How long a read of the stored vocabularies is trusted before it is read again.
const VOCAB_TTL: Duration = Duration::from_secs(5);

#[derive(Default)]
struct VocabCache {
    current: RwLock<Option<(Instant, Arc<VocabularySet>)>>,
}

impl VocabCache {
    fn get(&self, store: &dyn Store) -> Arc<VocabularySet> {
        if let Some((at, set)) = self.current.read().expect("not poisoned").as_ref()
            && at.elapsed() < VOCAB_TTL
        {
            return set.clone();
        }
        let set = Arc::new(load_vocabularies(store));
        *self.current.write().expect("not poisoned") = Some((Instant::now(), set.clone()));
        set
    }

    fn invalidate(&self) {
        *self.current.write().expect("not poisoned") = None;
    }
}

/// The defaults overridden by stored vocabularies. A store that cannot be read leaves
/// the defaults in force (and the next request tries again).
fn load_vocabularies(store: &dyn Store) -> VocabularySet {
    let mut set = memoria_core::vocab::defaults();
    let mut after = None;
    while let Ok(page) = store.list(&ListQuery {
        kind: Some(EntityKind::Vocabulary),
        after,
        limit: 500,
        ..Default::default()
    }) {
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        let full = page.len() == 500;
        for s in page {
            if let Entity::Vocabulary(v) = s.entity
                && !s.deleted
            {
                set.insert(v);
            }
        }
        if !full {
            break;
        }
    }
    set
}
