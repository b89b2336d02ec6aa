//! What every request handler shares.

use std::sync::Arc;

use memoria_auth::session::Timeouts;
use memoria_search::Index;
use memoria_store::Store;

use crate::error::WebError;
use crate::i18n::I18n;

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub index: Arc<Index>,
    pub i18n: Arc<I18n>,
    /// The vocabularies labels and validation use.
    pub vocabs: Arc<memoria_core::vocab::VocabularySet>,
    pub settings: Arc<Settings>,
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
            vocabs: Arc::new(memoria_core::vocab::defaults()),
            settings: Arc::new(settings),
        }
    }

    /// Runs store (and index) work off the async threads: both backends block.
    pub async fn blocking<T, F>(&self, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&AppState) -> Result<T, WebError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || work(&state))
            .await
            .map_err(|_| WebError::Internal("a worker thread stopped".into()))?
    }
}
