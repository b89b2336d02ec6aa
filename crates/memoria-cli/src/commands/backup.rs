//! `memoria backup` and `memoria restore`: the whole data directory as one file
//! encrypted to age recipients, and back.
//!
//! The archive is a tar stream under `memoria-backup/`, encrypted with age, holding what
//! a data directory holds: the database (a consistent snapshot taken while Memoria
//! keeps running), the evidence vault's stored objects (already encrypted with the vault
//! key), the vault key and the log's signing key (protected in the archive by age), and
//! last a `MANIFEST.json` giving every file's size and SHA-256. The search index is
//! left out: it is rebuilt from the database when `memoria serve` next starts.
//!
//! Nothing half-done looks whole. A backup is written to `FILE.partial` and renamed once
//! complete. A restore unpacks into `DIR.restoring`, checks every file against the
//! manifest (age has already authenticated every byte), and only then moves it to the
//! data directory's place, which must be new or empty. A `kill -9` at any moment leaves
//! the data directory as it was.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::age_file::EncryptedFile;
use crate::config::{self, Config};
use crate::ui;

/// The folder every file of a backup is under, and its format's name.
const ROOT: &str = "memoria-backup";
const FORMAT: &str = "memoria-backup/1";
const MANIFEST: &str = "MANIFEST.json";
/// Snapshots left by a backup that was killed start with this; the next backup sweeps
/// them, as they hold a copy of the database.
const SNAPSHOT_PREFIX: &str = ".backup-snapshot-";

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The file to write (e.g. `memoria-2026-11-26.tar.age`); it must not exist.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Encrypt to this age recipient (`age1…`, from `age-keygen`); repeat for several.
    #[arg(long = "recipient", value_name = "AGE_RECIPIENT")]
    pub recipients: Vec<String>,
    /// Encrypt to the recipients listed in this file, one per line (like `age -R`).
    #[arg(long = "recipients-file", value_name = "FILE")]
    pub recipients_files: Vec<PathBuf>,
}

/// `memoria restore` brings back either a backup or a record's earlier version.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A backup file made by `memoria backup`, or a record's id (with --to).
    #[arg(value_name = "FILE|ID")]
    pub target: String,
    /// With a record id: the version to bring back, as a new revision.
    #[arg(long = "to", value_name = "VERSION")]
    pub to: Option<u64>,
    /// With a backup: the age identity file (secret key) of one of its recipients.
    #[arg(
        long,
        short = 'i',
        value_name = "FILE",
        env = "MEMORIA_BACKUP_IDENTITY"
    )]
    pub identity: Option<PathBuf>,
}

pub fn restore_command(config: &Config, args: RestoreArgs) -> Result<()> {
    let id = args.target.parse::<memoria_core::id::RecordId>();
    match (id, args.to) {
        (Ok(id), Some(to)) => crate::commands::history::restore(config, id, to),
        (Ok(_), None) => bail!(
            "to bring a record back to an earlier version, give the version: \
             `memoria restore {} --to VERSION` (its versions: `memoria history {}`)",
            args.target,
            args.target
        ),
        (Err(_), Some(_)) => bail!(
            "--to goes with a record id, and {:?} is not one",
            args.target
        ),
        (Err(_), None) => {
            let identity = args.identity.context(
                "give the age identity file of one of the backup's recipients with --identity \
                 FILE (or MEMORIA_BACKUP_IDENTITY)",
            )?;
            restore(config, Path::new(&args.target), &identity)
        }
    }
}

/// One file of the archive, as the manifest lists it.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
struct FileEntry {
    /// Relative to the data directory, `/`-separated.
    path: String,
    size: u64,
    sha256: String,
}

#[derive(serde::Serialize, serde::Deserialize, Debug)]
struct Manifest {
    format: String,
    created: String,
    memoria_version: String,
    /// How many entries the transparency log held when the snapshot was taken.
    log_size: u64,
    files: Vec<FileEntry>,
}

pub fn backup(config: &Config, args: BackupArgs) -> Result<()> {
    let out = args.out.clone();
    write_backup(config, args).map_err(|e| {
        if disk_full(&e) {
            anyhow::anyhow!(
                "the disk filled up, so the backup {} was not written (nothing half-written \
                 is kept, and the data directory is unchanged); free space or write the \
                 backup to another disk",
                out.display()
            )
        } else {
            e
        }
    })
}

/// Whether an I/O error in the chain says the disk is full.
fn disk_full(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            )
        }) || cause.to_string().contains("database or disk is full")
    })
}

fn write_backup(config: &Config, args: BackupArgs) -> Result<()> {
    let recipients = crate::age_file::recipients(&args.recipients, &args.recipients_files)?;
    if recipients.is_empty() {
        bail!(
            "give the age recipient the backup is for with --recipient age1… (make a key pair \
             with `age-keygen -o backup-key.txt`, and keep the key file away from the data)"
        );
    }
    if config.database_url.is_some() {
        bail!(
            "memoria backup copies a data directory with its SQLite database; for PostgreSQL, \
             back up the database with pg_dump, and the vault and key files with the same \
             care"
        );
    }
    let (store, actor) = config.open_initialised(false)?;
    let store = store.as_ref();
    sweep_snapshots(&config.data_dir);

    // What is copied is decided before the snapshot, and the backup is recorded first,
    // so that the backup holds its own audit entry.
    let mut tx = store.begin(&actor)?;
    tx.audit(
        "backup",
        None,
        &format!("age recipients:{}", recipients.len()),
    )?;
    tx.commit()?;
    let log_size = store.log_size()?;

    let snapshot = TempFile(config.data_dir.join(format!(
        "{SNAPSHOT_PREFIX}{}.sqlite",
        uuid::Uuid::new_v4().simple()
    )));
    memoria_store::snapshot_sqlite(&config.database_path(), &snapshot.0)
        .context("taking a snapshot of the database")?;

    let mut sources: Vec<(String, PathBuf)> =
        vec![(config::DATABASE_FILE.to_string(), snapshot.0.clone())];
    for (name, path) in [
        (config::LOG_KEY_FILE, config.log_key_path()),
        (config::VAULT_KEY_FILE, config.vault_key_path()),
    ] {
        if path.is_file() {
            sources.push((name.to_string(), path));
        }
    }
    let vault = config.vault_location();
    let vault_dir = local_folder(&vault);
    match &vault_dir {
        Some(dir) if dir.join("vault.json").is_file() => {
            sources.push((
                format!("{}/vault.json", config::VAULT_DIR),
                dir.join("vault.json"),
            ));
            let mut objects = Vec::new();
            walk(&dir.join("objects"), &mut objects)?;
            objects.sort();
            for path in objects {
                let relative = path
                    .strip_prefix(dir)
                    .expect("walked under the vault")
                    .to_string_lossy()
                    .replace('\\', "/");
                // object_store stages writes as `name#N`: an ingest still running.
                if !relative.contains('#') {
                    sources.push((format!("{}/{relative}", config::VAULT_DIR), path));
                }
            }
        }
        Some(_) => {}
        None => ui::say(format!(
            "note: the evidence vault is in object storage ({}); back it up with that \
             storage's own tools — this backup holds the database and the keys",
            vault.split('?').next().unwrap_or_default()
        )),
    }

    let mut sizes = Vec::with_capacity(sources.len());
    for (_, path) in &sources {
        sizes.push(
            std::fs::metadata(path)
                .with_context(|| format!("reading {}", path.display()))?
                .len(),
        );
    }
    let total: u64 = sizes.iter().sum();
    let bar = ui::progress_bar(Some(total), "backing up");
    let out = EncryptedFile::create(&args.out, &recipients)?;
    let mut tar = tar::Builder::new(out);
    tar.mode(tar::HeaderMode::Deterministic);
    let mut files = Vec::with_capacity(sources.len());
    for ((name, path), size) in sources.iter().zip(sizes) {
        let file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
        let mut hashing = Hashing::new(file.take(size + 1), bar.clone());
        append(&mut tar, name, size, &mut hashing)?;
        if hashing.count != size {
            bail!("{name} changed while it was copied; run the backup again");
        }
        files.push(FileEntry {
            path: name.clone(),
            size,
            sha256: hex(&hashing.sha256.finalize()),
        });
    }
    let manifest = Manifest {
        format: FORMAT.to_string(),
        created: memoria_store::Timestamp::now().to_string(),
        memoria_version: env!("CARGO_PKG_VERSION").to_string(),
        log_size,
        files,
    };
    let bytes = serde_json::to_vec_pretty(&manifest)?;
    append(&mut tar, MANIFEST, bytes.len() as u64, &mut &bytes[..])?;
    tar.into_inner()?.finish()?;
    bar.finish_and_clear();
    drop(snapshot);
    ui::say(format!(
        "Wrote the backup {} ({} files, {} bytes, {} log entries), encrypted to {} \
         recipient(s). Restore it with `memoria --data NEW_DIR restore {} --identity KEY_FILE`.",
        args.out.display(),
        manifest.files.len(),
        total,
        log_size,
        recipients.len(),
        args.out.display()
    ));
    Ok(())
}

fn restore(config: &Config, file: &Path, identity: &Path) -> Result<()> {
    if config.database_url.is_some() {
        bail!("memoria restore brings back a data directory; leave out --database");
    }
    let target = &config.data_dir;
    if target.exists() {
        let empty = target.is_dir() && std::fs::read_dir(target)?.next().is_none();
        if !empty {
            bail!(
                "{} already holds data; restore into a new folder with --data NEW_DIR, or move \
                 the old one away first",
                target.display()
            );
        }
    }
    let identities = crate::age_file::identities(identity)?;
    let reader = crate::age_file::open(file, &identities)?;

    let mut name = target
        .file_name()
        .context("the data directory needs a name")?
        .to_owned();
    name.push(".restoring");
    let staging = TempDir(target.with_file_name(name));
    if staging.0.exists() {
        std::fs::remove_dir_all(&staging.0)?;
    }
    create_private_dir(&staging.0)?;

    let bar = ui::progress_bar(std::fs::metadata(file).ok().map(|m| m.len()), "restoring");
    let mut archive = tar::Archive::new(reader);
    let mut unpacked: Vec<FileEntry> = Vec::new();
    let mut manifest: Option<Manifest> = None;
    let broken = |detail: &str| {
        anyhow::anyhow!(
            "{} is not a Memoria backup or is damaged ({detail}); nothing was restored",
            file.display()
        )
    };
    for entry in archive.entries().map_err(|e| broken(&e.to_string()))? {
        let mut entry = entry.map_err(|e| broken(&e.to_string()))?;
        let path = entry.path().map_err(|e| broken(&e.to_string()))?;
        let path = path.to_string_lossy().into_owned();
        let relative = match path.strip_prefix(&format!("{ROOT}/")) {
            Some(r) if safe_relative(r) => r.to_string(),
            _ => return Err(broken("a file outside the backup's folder")),
        };
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(broken("an entry that is not a regular file"));
        }
        if manifest.is_some() {
            return Err(broken("files after the manifest"));
        }
        if relative == MANIFEST {
            let mut bytes = Vec::new();
            (&mut entry)
                .take(16 << 20)
                .read_to_end(&mut bytes)
                .map_err(|e| broken(&e.to_string()))?;
            manifest =
                Some(serde_json::from_slice(&bytes).map_err(|_| broken("an unreadable manifest"))?);
            continue;
        }
        let size = entry.header().size().map_err(|e| broken(&e.to_string()))?;
        let dest = staging.0.join(&relative);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut out = BufWriter::with_capacity(1 << 20, create_private_file(&dest)?);
        let mut hashing = Hashing::new(&mut entry, bar.clone());
        std::io::copy(&mut hashing, &mut out).map_err(|e| match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::WriteZero => anyhow::anyhow!(
                "the disk is full while restoring {}; free space and restore again \
                 (nothing was restored)",
                target.display()
            ),
            _ => broken(&e.to_string()),
        })?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        unpacked.push(FileEntry {
            path: relative,
            size,
            sha256: hex(&hashing.sha256.finalize()),
        });
    }
    bar.finish_and_clear();
    let manifest = manifest.ok_or_else(|| broken("no manifest: the backup was cut short"))?;
    if manifest.format != FORMAT {
        bail!(
            "{} is a backup in the format {:?}, which this version of Memoria cannot restore",
            file.display(),
            manifest.format
        );
    }
    if manifest.files != unpacked {
        return Err(broken("its files differ from its manifest"));
    }
    if target.exists() {
        std::fs::remove_dir(target)?;
    }
    std::fs::rename(&staging.0, target)?;
    std::mem::forget(staging);

    // The restored store must open (and knows its own schema).
    let store = config.open_store(false)?;
    let log_size = store.log_size()?;
    ui::say(format!(
        "Restored {} files into {} ({} log entries, backup made {}). Check it with \
         `memoria --data {} verify`; the search index is rebuilt when `memoria serve` starts.",
        manifest.files.len(),
        target.display(),
        log_size,
        manifest.created,
        target.display()
    ));
    Ok(())
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    size: u64,
    data: impl Read,
) -> Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(0);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, format!("{ROOT}/{name}"), data)
        .with_context(|| "writing the backup")?;
    Ok(())
}

/// The folder of a local vault location, or `None` for object storage.
fn local_folder(location: &str) -> Option<PathBuf> {
    if let Some(path) = location.strip_prefix("file://") {
        return Some(PathBuf::from(path));
    }
    (!location.contains("://")).then(|| PathBuf::from(location))
}

/// Every regular file under `dir` (nothing when it does not exist).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// A `/`-separated path of ordinary names only: no `..`, no root, no empty parts.
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path.split('/').all(|part| {
            let mut c = Path::new(part).components();
            matches!((c.next(), c.next()), (Some(Component::Normal(_)), None))
        })
}

/// Removes what killed backups left: snapshots of the database.
fn sweep_snapshots(data_dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(data_dir) {
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(SNAPSHOT_PREFIX)
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

fn create_private_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// A file removed when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A folder removed when dropped (unless forgotten).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Hashes and counts what passes through, and moves a progress bar.
struct Hashing<R> {
    inner: R,
    sha256: Sha256,
    count: u64,
    bar: indicatif::ProgressBar,
}

impl<R> Hashing<R> {
    fn new(inner: R, bar: indicatif::ProgressBar) -> Hashing<R> {
        Hashing {
            inner,
            sha256: Sha256::new(),
            count: 0,
            bar,
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha256.update(&buf[..n]);
        self.count += n as u64;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_unpacked() {
        for good in ["memoria.sqlite", "vault/objects/ab/cd/abcd", "log-key"] {
            assert!(safe_relative(good), "{good}");
        }
        for bad in [
            "",
            "../x",
            "/etc/passwd",
            "vault/../../x",
            "a//b",
            "./a",
            "a\\b",
        ] {
            assert!(!safe_relative(bad), "{bad}");
        }
    }

    #[test]
    fn object_storage_is_not_a_local_folder() {
        assert_eq!(
            local_folder("/data/vault"),
            Some(PathBuf::from("/data/vault"))
        );
        assert_eq!(
            local_folder("file:///data/vault"),
            Some(PathBuf::from("/data/vault"))
        );
        assert_eq!(
            local_folder("s3://bucket/x?endpoint=http://127.0.0.1:8333"),
            None
        );
    }
}
