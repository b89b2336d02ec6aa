//! Where the data lives and who is acting: one `Config`, from flags, then environment
//! (`MEMORIA_…`, handled by clap), then defaults.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use memoria_store::{Actor, Store};

/// The account the command line acts as when none is named: created by `init`,
/// an administrator without a password (it cannot sign in to the web interface;
/// whoever can run this command on the data directory already holds the data).
pub const LOCAL_ADMIN: &str = "admin";

pub const DEFAULT_DATA_DIR: &str = "memoria-data";
pub const DATABASE_FILE: &str = "memoria.sqlite";
pub const LOG_KEY_FILE: &str = "log-key";
pub const VAULT_DIR: &str = "vault";
pub const VAULT_KEY_FILE: &str = "vault-key";

pub struct Config {
    pub data_dir: PathBuf,
    /// A PostgreSQL URL, when the data directory's SQLite file is not to be used.
    pub database_url: Option<String>,
    pub account: String,
    log_key: Option<PathBuf>,
    vault: Option<String>,
    vault_key: Option<PathBuf>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A database URL may hold a password.
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_ref().map(|_| "<redacted>"),
            )
            .field("account", &self.account)
            .finish()
    }
}

impl Config {
    pub fn from_cli(cli: &crate::Cli) -> Config {
        Config {
            data_dir: cli
                .data
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR)),
            database_url: cli.database.clone(),
            account: cli
                .account
                .clone()
                .unwrap_or_else(|| LOCAL_ADMIN.to_string()),
            log_key: cli.log_key.clone(),
            vault: cli.vault.clone(),
            vault_key: cli.vault_key.clone(),
        }
    }

    /// Where evidence files are kept.
    pub fn vault_location(&self) -> String {
        self.vault
            .clone()
            .unwrap_or_else(|| self.data_dir.join(VAULT_DIR).display().to_string())
    }

    pub fn vault_key_path(&self) -> PathBuf {
        self.vault_key
            .clone()
            .unwrap_or_else(|| self.data_dir.join(VAULT_KEY_FILE))
    }

    /// Opens the evidence vault, making it (and its key file) on first use. A
    /// passphrase in `MEMORIA_VAULT_PASSPHRASE` takes the key file's place.
    pub async fn open_vault(&self) -> Result<memoria_vault::Vault> {
        use memoria_vault::{KeySource, Vault, VaultError, VaultKey};
        let location = self.vault_location();
        let key_path = self.vault_key_path();
        let passphrase = std::env::var("MEMORIA_VAULT_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty());
        let key = || match &passphrase {
            Some(p) => KeySource::Passphrase(p.clone().into()),
            None => KeySource::KeyFile(key_path.clone()),
        };
        if passphrase.is_none() && !key_path.exists() {
            match Vault::open(&location, KeySource::Key(VaultKey::generate())).await {
                Err(VaultError::NoVault { .. }) => {
                    if let Some(dir) = key_path.parent() {
                        std::fs::create_dir_all(dir)?;
                    }
                    VaultKey::generate().write_key_file(&key_path)?;
                    crate::ui::say(format!(
                        "Created the evidence vault's key {}. Back it up apart from the data: \
                         without it the evidence cannot be read.",
                        key_path.display()
                    ));
                }
                _ => bail!(
                    "the evidence vault at {location} needs its key file {} (or its passphrase \
                     in MEMORIA_VAULT_PASSPHRASE)",
                    key_path.display()
                ),
            }
        }
        match Vault::open(&location, key()).await {
            Err(VaultError::NoVault { .. }) => Vault::create(&location, key())
                .await
                .with_context(|| format!("creating the evidence vault at {location}")),
            other => other.with_context(|| format!("opening the evidence vault at {location}")),
        }
    }

    /// Where the transparency log's signing key is kept.
    pub fn log_key_path(&self) -> PathBuf {
        self.log_key
            .clone()
            .unwrap_or_else(|| self.data_dir.join(LOG_KEY_FILE))
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join(DATABASE_FILE)
    }

    /// A printable name for the store, without any password.
    pub fn store_label(&self) -> String {
        match &self.database_url {
            Some(url) => redact_url(url),
            None => self.database_path().display().to_string(),
        }
    }

    /// Opens the store, creating the data directory (and database) if asked to.
    pub fn open_store(&self, create: bool) -> Result<Box<dyn Store>> {
        self.open_store_with(create, memoria_store::open)
    }

    fn open_store_with(
        &self,
        create: bool,
        open: fn(&str) -> memoria_store::Result<Box<dyn Store>>,
    ) -> Result<Box<dyn Store>> {
        if let Some(url) = &self.database_url {
            return open(url).with_context(|| format!("opening {}", redact_url(url)));
        }
        let path = self.database_path();
        if !path.exists() {
            if !create {
                bail!(
                    "no Memoria data in {} — run `memoria init` (or `memoria demo`) first, \
                     or point --data at an existing data directory",
                    self.data_dir.display()
                );
            }
            std::fs::create_dir_all(&self.data_dir).with_context(|| {
                format!("creating the data directory {}", self.data_dir.display())
            })?;
        }
        open(path_str(&path)?).with_context(|| format!("opening {}", path.display()))
    }

    /// [`Config::open_initialised`] for a command that reads a whole collection once,
    /// with readers that do not map the file (see `memoria_store::open_for_reading_all`).
    pub fn open_for_reading_all(&self) -> Result<(Box<dyn Store>, Actor)> {
        let store = self.open_store_with(false, memoria_store::open_for_reading_all)?;
        ensure_local_admin(store.as_ref())?;
        let actor = self.actor(store.as_ref())?;
        Ok((store, actor))
    }

    /// Opens the store and makes sure the local administrator account exists.
    pub fn open_initialised(&self, create: bool) -> Result<(Box<dyn Store>, Actor)> {
        let store = self.open_store(create)?;
        ensure_local_admin(store.as_ref())?;
        let actor = self.actor(store.as_ref())?;
        Ok((store, actor))
    }

    pub fn actor(&self, store: &dyn Store) -> Result<Actor> {
        match store.account_by_name(&self.account)? {
            Some(a) if a.disabled => bail!("the account {:?} is disabled", self.account),
            Some(a) => Ok(Actor::from(&a)),
            None => bail!(
                "there is no account named {:?}; list accounts with `memoria user list` or add one \
                 with `memoria user add`",
                self.account
            ),
        }
    }
}

/// The collection named `name`, or the store's only collection when no name is given.
pub fn collection(store: &dyn Store, name: Option<&str>) -> Result<memoria_core::id::RecordId> {
    use memoria_core::entity::{Entity, EntityKind};
    let collections = store.list(&memoria_store::ListQuery {
        kind: Some(EntityKind::Collection),
        limit: 1000,
        ..Default::default()
    })?;
    match name {
        Some(name) => collections
            .iter()
            .find(|c| matches!(&c.entity, Entity::Collection(x) if x.name == name))
            .map(|c| c.id)
            .with_context(|| format!("no collection named {name}")),
        None if collections.len() == 1 => Ok(collections[0].id),
        None => bail!(
            "the store holds {} collections: name one with --collection, or give --input files",
            collections.len()
        ),
    }
}

/// Creates the local administrator account if the store has none yet.
pub fn ensure_local_admin(store: &dyn Store) -> Result<bool> {
    if store.account_by_name(LOCAL_ADMIN)?.is_some() {
        return Ok(false);
    }
    // The very first account has no account to be attributed to: the installation
    // itself creates it, and the audit log says so.
    let mut tx = store.begin(&Actor::system())?;
    tx.add_account(LOCAL_ADMIN, None, true)?;
    tx.commit()?;
    Ok(true)
}

fn path_str(p: &Path) -> Result<&str> {
    p.to_str()
        .context("the data directory's path is not valid UTF-8; choose another --data")
}

/// The URL with any password replaced, for messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_printed() {
        assert_eq!(
            redact_url("postgres://me:secret@db/x"),
            "postgres://me:***@db/x"
        );
        assert_eq!(redact_url("postgres://me@db/x"), "postgres://me@db/x");
        assert_eq!(redact_url("/tmp/x.sqlite"), "/tmp/x.sqlite");
    }
}
