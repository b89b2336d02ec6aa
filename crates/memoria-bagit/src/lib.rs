//! BagIt 1.0 bags (RFC 8493), the packaging archives and courts accept for digital
//! evidence: a `data/` folder of payload files, and manifests that give each file's
//! SHA-256 and SHA-512 so that anyone can check, with any BagIt tool, that nothing was
//! lost or changed on the way.
//!
//! [`BagWriter`] streams each payload file through both hashes as it is written (never
//! holding a file in memory), writes the tag files (`bagit.txt`, `bag-info.txt` with
//! `Payload-Oxum` and `Bagging-Date`, the payload manifests and the tag manifests), and
//! builds the bag in a sibling `…partial` folder that is renamed into place only once
//! complete: an interrupted export never leaves a bag that looks whole.
//!
//! What this crate does not do: read or validate bags (`bagit.py --validate` is the
//! independent check), fetch files (`fetch.txt`), serialise to tar or zip, or decide
//! what goes into a bag.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256, Sha512};

/// Something that stopped a bag from being written.
#[derive(Debug, thiserror::Error)]
pub enum BagError {
    #[error("{0} already exists; choose another folder for the bag")]
    Exists(PathBuf),
    #[error("{0:?} is not a relative path inside the bag (no `..`, no absolute paths)")]
    BadPath(String),
    #[error("{0:?} is added twice")]
    Duplicate(String),
    #[error("writing the bag: {0}")]
    Io(#[from] std::io::Error),
}

struct Entry {
    /// Relative to the bag, `/`-separated (`data/…` for payload).
    path: String,
    sha256: String,
    sha512: String,
    size: u64,
}

/// A bag being written. Call [`BagWriter::finish`] to complete it; dropping it
/// unfinished removes the partial folder.
pub struct BagWriter {
    target: PathBuf,
    partial: PathBuf,
    payload: Vec<Entry>,
    tags: Vec<Entry>,
    info: Vec<(String, String)>,
    finished: bool,
}

impl BagWriter {
    /// Starts a bag that will be at `target` (which must not exist yet).
    pub fn create(target: &Path) -> Result<BagWriter, BagError> {
        if target.exists() {
            return Err(BagError::Exists(target.to_owned()));
        }
        let mut name = target
            .file_name()
            .ok_or_else(|| BagError::BadPath(target.display().to_string()))?
            .to_owned();
        name.push(".partial");
        let partial = target.with_file_name(name);
        if partial.exists() {
            std::fs::remove_dir_all(&partial)?;
        }
        std::fs::create_dir_all(partial.join("data"))?;
        Ok(BagWriter {
            target: target.to_owned(),
            partial,
            payload: Vec::new(),
            tags: Vec::new(),
            info: Vec::new(),
            finished: false,
        })
    }

    /// Adds a `Label: value` line to `bag-info.txt` (RFC 8493 §2.2.2), e.g.
    /// `Source-Organization` or `External-Identifier`. Line breaks in the value are
    /// folded to spaces.
    pub fn info(&mut self, label: &str, value: &str) {
        let clean = |s: &str| s.replace(['\r', '\n'], " ");
        self.info.push((clean(label), clean(value)));
    }

    /// Streams `reader` into the payload at `data/<path>`; returns its size.
    pub fn add_payload(&mut self, path: &str, reader: impl Read) -> Result<u64, BagError> {
        let relative = format!("data/{}", check(path)?);
        let entry = self.write(&relative, reader)?;
        let size = entry.size;
        self.payload.push(entry);
        Ok(size)
    }

    /// Adds a tag file (outside `data/`, listed in the tag manifests), e.g. a
    /// checkpoint or a description of the bag's profile.
    pub fn add_tag_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), BagError> {
        let relative = check(path)?;
        if relative.starts_with("data/") || RESERVED.contains(&relative.as_str()) {
            return Err(BagError::BadPath(path.to_owned()));
        }
        let entry = self.write(&relative, bytes)?;
        self.tags.push(entry);
        Ok(())
    }

    fn write(&mut self, relative: &str, mut reader: impl Read) -> Result<Entry, BagError> {
        if self
            .payload
            .iter()
            .chain(&self.tags)
            .any(|e| e.path == relative)
        {
            return Err(BagError::Duplicate(relative.to_owned()));
        }
        let path = self.partial.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
        let (mut h256, mut h512) = (Sha256::new(), Sha512::new());
        let mut buf = vec![0u8; 1 << 20];
        let mut size = 0u64;
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                break;
            }
            h256.update(&buf[..n]);
            h512.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            size += n as u64;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(Entry {
            path: relative.to_owned(),
            sha256: hex(&h256.finalize()),
            sha512: hex(&h512.finalize()),
            size,
        })
    }

    /// Writes the tag files, then moves the bag into place. Returns the payload's
    /// size in bytes and its number of files.
    pub fn finish(mut self, bagging_date: &str) -> Result<(u64, usize), BagError> {
        let octets: u64 = self.payload.iter().map(|e| e.size).sum();
        let files = self.payload.len();
        let mut tag_files: Vec<(String, Vec<u8>)> = vec![(
            "bagit.txt".into(),
            b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_vec(),
        )];
        let mut info = String::new();
        for (label, value) in &self.info {
            info.push_str(&format!("{label}: {value}\n"));
        }
        info.push_str(&format!("Bagging-Date: {bagging_date}\n"));
        info.push_str(&format!("Payload-Oxum: {octets}.{files}\n"));
        tag_files.push(("bag-info.txt".into(), info.into_bytes()));
        for (name, pick) in [("sha256", 0), ("sha512", 1)] {
            tag_files.push((
                format!("manifest-{name}.txt"),
                manifest(&self.payload, pick),
            ));
        }
        for (name, bytes) in tag_files {
            let entry = self.write(&name, &bytes[..])?;
            self.tags.push(entry);
        }
        // The tag manifests list every tag file but themselves (RFC 8493 §2.2.1).
        for (name, pick) in [("sha256", 0), ("sha512", 1)] {
            let bytes = manifest(&self.tags, pick);
            let path = self.partial.join(format!("tagmanifest-{name}.txt"));
            let mut f = File::create(path)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&self.partial, &self.target)?;
        self.finished = true;
        Ok((octets, files))
    }
}

impl Drop for BagWriter {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.partial);
        }
    }
}

/// The names the writer makes itself.
const RESERVED: [&str; 6] = [
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    "manifest-sha512.txt",
    "tagmanifest-sha256.txt",
    "tagmanifest-sha512.txt",
];

fn manifest(entries: &[Entry], pick: u8) -> Vec<u8> {
    let mut out = String::new();
    for e in entries {
        let sum = if pick == 0 { &e.sha256 } else { &e.sha512 };
        out.push_str(&format!("{sum}  {}\n", encode_path(&e.path)));
    }
    out.into_bytes()
}

/// RFC 8493 §2.1.3: CR, LF and `%` in a manifest path are percent-encoded.
fn encode_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A relative `/`-separated path with no `..`, `.`, empty or absolute parts.
fn check(path: &str) -> Result<String, BagError> {
    let bad = || BagError::BadPath(path.to_owned());
    if path.is_empty() || path.contains('\\') || path.contains('\0') {
        return Err(bad());
    }
    for part in path.split('/') {
        if part.is_empty() {
            return Err(bad());
        }
        let mut components = Path::new(part).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) => {}
            _ => return Err(bad()),
        }
    }
    Ok(path.to_owned())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bag_has_its_manifests_and_oxum() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("bag");
        let mut bag = BagWriter::create(&target).unwrap();
        bag.info("Source-Organization", "Test\nOrg");
        bag.add_payload("a/b.txt", &b"hello"[..]).unwrap();
        bag.add_payload("with space %.txt", &b"x"[..]).unwrap();
        bag.add_tag_file("log/checkpoint", b"cp\n").unwrap();
        assert!(matches!(
            bag.add_payload("a/b.txt", &b""[..]),
            Err(BagError::Duplicate(_))
        ));
        for bad in ["../x", "/abs", "a//b", "a/./b", "", "data\\x"] {
            assert!(
                matches!(bag.add_payload(bad, &b""[..]), Err(BagError::BadPath(_))),
                "{bad}"
            );
        }
        assert!(bag.add_tag_file("bagit.txt", b"").is_err());
        assert_eq!(bag.finish("2026-11-26").unwrap(), (6, 2));
        let read = |p: &str| std::fs::read_to_string(target.join(p)).unwrap();
        assert_eq!(
            read("bagit.txt"),
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
        );
        let info = read("bag-info.txt");
        assert!(info.contains("Source-Organization: Test Org\n"));
        assert!(info.contains("Payload-Oxum: 6.2\n"));
        let m = read("manifest-sha256.txt");
        assert!(m.contains(
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  data/a/b.txt\n"
        ));
        assert!(m.contains("data/with space %25.txt\n"));
        let t = read("tagmanifest-sha512.txt");
        assert!(t.contains("  log/checkpoint\n") && t.contains("  manifest-sha256.txt\n"));
        assert!(!t.contains("tagmanifest"));
        assert!(!dir.path().join("bag.partial").exists());
        assert!(matches!(
            BagWriter::create(&target),
            Err(BagError::Exists(_))
        ));
    }

    #[test]
    fn an_unfinished_bag_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("bag");
        let mut bag = BagWriter::create(&target).unwrap();
        bag.add_payload("x", &b"1"[..]).unwrap();
        drop(bag);
        assert!(!target.exists() && !dir.path().join("bag.partial").exists());
    }
}
