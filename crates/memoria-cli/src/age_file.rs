//! Files encrypted to age recipients (age-encryption.org/v1): encrypted bags and
//! backups, which the `age` command or any other age implementation can decrypt.
//!
//! An encrypted file is written to a `….partial` file beside its name and renamed into
//! place only once complete, so an interrupted export or backup never leaves a file
//! that looks whole; the partial file is removed when the writer is dropped unfinished.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, Result, bail};

/// The recipients given on the command line and in recipient files (one per line,
/// `#` comments), as `age -r` and `age -R` take them. Only X25519 recipients
/// (`age1…`) are taken.
pub fn recipients(given: &[String], files: &[PathBuf]) -> Result<Vec<age::x25519::Recipient>> {
    let mut out = Vec::new();
    let parse = |text: &str, from: &str| {
        age::x25519::Recipient::from_str(text.trim()).map_err(|_| {
            anyhow::anyhow!(
                "{from} is not an age recipient: give a public key that starts with `age1`, \
                 as `age-keygen` prints it"
            )
        })
    };
    for (i, text) in given.iter().enumerate() {
        out.push(parse(text, &format!("recipient {}", i + 1))?);
    }
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("reading the recipients file {}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            out.push(parse(
                line,
                &format!("line {} of {}", n + 1, file.display()),
            )?);
        }
    }
    Ok(out)
}

/// The identities (secret keys) in an age identity file, as `age-keygen` writes it.
pub fn identities(file: &Path) -> Result<Vec<Box<dyn age::Identity>>> {
    let identities = age::IdentityFile::from_file(file.display().to_string())
        .with_context(|| format!("reading the age identity file {}", file.display()))?
        .into_identities()
        .with_context(|| format!("reading the age identity file {}", file.display()))?;
    if identities.is_empty() {
        bail!("{} holds no age identity", file.display());
    }
    Ok(identities)
}

/// Opens an age-encrypted file for reading with the given identities.
pub fn open(path: &Path, identities: &[Box<dyn age::Identity>]) -> Result<impl Read + use<>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let decryptor = age::Decryptor::new(BufReader::with_capacity(1 << 20, file))
        .with_context(|| format!("{} is not an age-encrypted file", path.display()))?;
    decryptor
        .decrypt(identities.iter().map(|i| i.as_ref()))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => anyhow::anyhow!(
                "{} was not encrypted to any of the given identities; use the identity file \
                 that matches a recipient it was made for",
                path.display()
            ),
            other => anyhow::anyhow!("{}: {other}", path.display()),
        })
}

/// A file being written encrypted to age recipients.
pub struct EncryptedFile {
    target: PathBuf,
    partial: PathBuf,
    stream: Option<age::stream::StreamWriter<BufWriter<File>>>,
    /// Set once the file is in place; until then, dropping removes the partial file.
    done: bool,
}

impl EncryptedFile {
    /// Starts `target`, which must not exist, readable by its owner only.
    pub fn create(target: &Path, recipients: &[age::x25519::Recipient]) -> Result<EncryptedFile> {
        if recipients.is_empty() {
            bail!("give at least one age recipient");
        }
        if target.exists() {
            bail!("{} exists; choose a new file name", target.display());
        }
        let mut name = target
            .file_name()
            .context("the output needs a file name")?
            .to_owned();
        name.push(".partial");
        let partial = target.with_file_name(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&partial)
            .with_context(|| format!("creating {}", partial.display()))?;
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .context("encrypting to the recipients")?;
        let stream = encryptor.wrap_output(BufWriter::with_capacity(1 << 20, file))?;
        Ok(EncryptedFile {
            target: target.to_owned(),
            partial,
            stream: Some(stream),
            done: false,
        })
    }

    /// Ends the encryption, makes the file durable and moves it into place.
    pub fn finish(mut self) -> Result<()> {
        let stream = self.stream.take().expect("finished once");
        let file = stream.finish()?.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&self.partial, &self.target)?;
        self.done = true;
        Ok(())
    }
}

impl Write for EncryptedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stream.as_mut().expect("not finished").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.as_mut().expect("not finished").flush()
    }
}

impl Drop for EncryptedFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}
