//! What every request handler shares.

use std::sync::Arc;

use std::sync::RwLock;
use std::time::{Duration, Instant};

use memoria_auth::session::Timeouts;
use memoria_core::entity::{Entity, EntityKind};
use memoria_core::vocab::VocabularySet;
use memoria_search::Index;
use memoria_store::{ListQuery, Store};

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
}

/// How this server runs.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Mark cookies `Secure`: set when served over TLS (directly or behind a proxy).
    pub secure_cookies: bool,
    pub timeouts: Timeouts,
    /// The largest request body accepted; larger ones get 413 before anything is read.
    pub max_body_bytes: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            secure_cookies: false,
            timeouts: Timeouts::default(),
            max_body_bytes: 1024 * 1024,
        }
    }
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, index: Arc<Index>, settings: Settings) -> AppState {
        AppState {
            store,
            index,
            i18n: Arc::new(I18n::load()),
            vocab_cache: Arc::new(VocabCache::default()),
            settings: Arc::new(settings),
            work: Arc::new(tokio::sync::Semaphore::new(BLOCKING_AT_ONCE)),
        }
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
