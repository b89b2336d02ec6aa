//! `memoria serve`: the web interface and the API.
//!
//! The search index lives in the data directory (`search/`), or where `--index` says:
//! several processes on one PostgreSQL database each keep their own, and each follows
//! the store's audit log, so a record saved through one is found through all.
//!
//! The server also serves the transparency log of the audit entries (`/log/…`, C2SP
//! tlog-tiles) and signs its checkpoints with the log key (`<data>/log-key`, or
//! `--log-key FILE`), created on first start if there is none. Several processes on one
//! PostgreSQL database must all hold the same key: give each `--log-key` pointing at
//! one copy of it (a new key per process would sign one log under several names).
//!
//! Evidence files are uploaded to and downloaded from the evidence vault (`<data>/vault`,
//! or `--vault`), opened at start with its key file (`--vault-key`) or
//! `MEMORIA_VAULT_PASSPHRASE`, as `memoria evidence` opens it (and made on first use, as
//! there). Uploads are limited to `--max-upload-size`; resumable uploads left alone for
//! `--upload-expiry-hours` are swept away.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use memoria_search::Index;
use memoria_store::Store;

use crate::config::Config;
use crate::ui;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub web: WebArgs,
}

/// What `serve` and `demo` share.
#[derive(Debug, Clone, clap::Args)]
pub struct WebArgs {
    /// The address to listen on. Keep the default (this machine only) unless a TLS proxy
    /// stands in front.
    #[arg(long, default_value = DEFAULT_LISTEN, env = "MEMORIA_LISTEN")]
    pub listen: SocketAddr,
    /// Where to keep the search index (default: `search/` in the data directory).
    #[arg(long, env = "MEMORIA_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Mark cookies Secure: set this when users reach Memoria over HTTPS.
    #[arg(long, env = "MEMORIA_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// The largest evidence file accepted through the upload form or a resumable upload:
    /// bytes, or a number with K, M, G or T (powers of 1024).
    #[arg(long, env = "MEMORIA_MAX_UPLOAD_SIZE", value_name = "SIZE", default_value = "4G", value_parser = parse_size)]
    pub max_upload_size: u64,
    /// How long a resumable upload may go without a byte before it is swept away.
    #[arg(long, env = "MEMORIA_UPLOAD_EXPIRY_HOURS", value_name = "HOURS", default_value_t = 24, value_parser = clap::value_parser!(u64).range(1..=24 * 365))]
    pub upload_expiry_hours: u64,
}

/// A size in bytes: digits, optionally followed by K, M, G or T (powers of 1024).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, shift) = match text.char_indices().last() {
        Some((at, unit)) if unit.is_ascii_alphabetic() => {
            let shift = match unit.to_ascii_uppercase() {
                'K' => 10,
                'M' => 20,
                'G' => 30,
                'T' => 40,
                _ => return Err("the unit must be K, M, G or T".into()),
            };
            (&text[..at], shift)
        }
        _ => (text, 0),
    };
    digits
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| "give a size such as 500M, 4G or 1048576".into())
}

pub fn run(config: &Config, args: Args) -> Result<()> {
    let (store, _) = config.open_initialised(false)?;
    serve(config, store, &args.web, None)
}

/// Opens the index (rebuilding it when new or out of date) and serves until Ctrl-C.
/// `banner` is printed once the address is bound.
pub fn serve(
    config: &Config,
    store: Box<dyn Store>,
    web: &WebArgs,
    banner: Option<String>,
) -> Result<()> {
    let store: Arc<dyn Store> = Arc::from(store);
    let index = open_index(config, web.index.as_ref(), store.as_ref())?;
    let settings = memoria_web::Settings {
        secure_cookies: web.secure_cookies,
        max_upload_bytes: web.max_upload_size,
        upload_expiry: std::time::Duration::from_secs(web.upload_expiry_hours * 60 * 60),
        ..Default::default()
    };
    let signer = crate::commands::log::signer(config, None)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    // Opened before the server starts, outside any handler: evidence pages then only
    // read from it. Store calls never run on this runtime's async threads.
    let vault = runtime.block_on(config.open_vault())?;
    let state =
        memoria_web::AppState::new(store, Arc::new(index), settings, Some(signer), Some(vault));
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(web.listen)
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}; is another Memoria already running there? Choose another address with --listen",
                    web.listen
                )
            })?;
        let addr = listener.local_addr()?;
        ui::say(format!("Memoria is serving {} on http://{addr}/", config.store_label()));
        if let Some(b) = banner {
            ui::say(b);
        }
        ui::say("Press Ctrl-C to stop.");
        memoria_web::serve(listener, state, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")?;
        ui::say("Stopped.");
        Ok(())
    })
}

pub fn index_dir(config: &Config, explicit: Option<&PathBuf>) -> PathBuf {
    explicit
        .cloned()
        .unwrap_or_else(|| config.data_dir.join("search"))
}

pub fn open_index(config: &Config, explicit: Option<&PathBuf>, store: &dyn Store) -> Result<Index> {
    let dir = index_dir(config, explicit);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("creating the search index folder {}", dir.display()))?;
    let index = Index::open(&dir).with_context(|| {
        format!(
            "opening the search index in {}; if another `memoria serve` uses it, give each \
             process its own folder with --index DIR",
            dir.display()
        )
    })?;
    if index.needs_rebuild() {
        rebuild(&index, store)?;
    }
    Ok(index)
}

pub fn rebuild(index: &Index, store: &dyn Store) -> Result<u64> {
    let bar = ui::counter_bar("indexing");
    let n = index
        .rebuild(store, &mut |done, total| {
            if total > 0 {
                bar.set_length(total);
            }
            bar.set_position(done);
        })
        .context("building the search index from the store")?;
    bar.finish_and_clear();
    Ok(n)
}

#[derive(Debug, clap::Args)]
pub struct ReindexArgs {
    /// Where the search index is kept (default: `search/` in the data directory).
    #[arg(long, env = "MEMORIA_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// `memoria reindex`: rebuild the search index from the store.
pub fn reindex(config: &Config, args: ReindexArgs) -> Result<()> {
    let (store, _) = config.open_initialised(false)?;
    let dir = index_dir(config, args.index.as_ref());
    std::fs::create_dir_all(&dir)?;
    let index = Index::open(&dir).with_context(|| format!("opening {}", dir.display()))?;
    let started = std::time::Instant::now();
    let n = rebuild(&index, store.as_ref())?;
    ui::say(format!(
        "Indexed {n} records in {:.1} s ({}).",
        started.elapsed().as_secs_f64(),
        dir.display()
    ));
    Ok(())
}
