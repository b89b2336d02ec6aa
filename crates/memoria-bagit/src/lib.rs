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
//! A bag is written either as a folder or as a tar stream into any writer (such as an
//! age encryptor), so that an encrypted bag never touches the disk in plaintext. A tar
//! entry's header holds its size before its bytes, so every file is added with its
//! size, and a source that gives more or fewer bytes is an error.
//!
//! What this crate does not do: read or validate bags (`bagit.py --validate` is the
//! independent check), fetch files (`fetch.txt`), zip, encrypt, or decide what goes
//! into a bag.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

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
    #[error("{path:?} was to hold {expected} bytes but its source gave {actual}")]
    SizeMismatch {
        path: String,
        expected: u64,
        actual: u64,
    },
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

/// Where the bag's files go.
enum Sink<W: Write> {
    /// A `…partial` folder beside `target`, renamed into place when complete.
    Folder { target: PathBuf, partial: PathBuf },
    /// Entries under `root/` in a tar stream.
    Tar {
        root: String,
        mtime: u64,
        builder: tar::Builder<W>,
    },
}

/// A bag being written. Call [`BagWriter::finish`] to complete it; dropping a folder
/// bag unfinished removes its partial folder (a tar stream is left to its writer's
/// owner to discard).
pub struct BagWriter<W: Write = std::io::Sink> {
    sink: Option<Sink<W>>,
    payload: Vec<Entry>,
    tags: Vec<Entry>,
    info: Vec<(String, String)>,
}

/// A completed bag.
#[derive(Debug)]
pub struct Finished<W> {
    /// The payload's size in bytes.
    pub octets: u64,
    /// The number of payload files.
    pub files: usize,
    /// The tar stream's writer, with the archive's end written, for a tar bag.
    pub output: Option<W>,
}

impl BagWriter<std::io::Sink> {
    /// Starts a bag that will be the folder `target` (which must not exist yet).
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
        Ok(Self::with_sink(Sink::Folder {
            target: target.to_owned(),
            partial,
        }))
    }
}

impl<W: Write> BagWriter<W> {
    /// Starts a bag written as a tar stream into `out`, its files under the folder
    /// `root` (one path component), as `tar -x` will unpack it.
    pub fn tar(root: &str, out: W) -> Result<BagWriter<W>, BagError> {
        if root.contains('/') {
            return Err(BagError::BadPath(root.to_owned()));
        }
        let root = check(root)?;
        let mut builder = tar::Builder::new(out);
        builder.mode(tar::HeaderMode::Deterministic);
        let mtime = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Ok(Self::with_sink(Sink::Tar {
            root,
            mtime,
            builder,
        }))
    }

    fn with_sink(sink: Sink<W>) -> BagWriter<W> {
        Self {
            sink: Some(sink),
            payload: Vec::new(),
            tags: Vec::new(),
            info: Vec::new(),
        }
    }

    /// Adds a `Label: value` line to `bag-info.txt` (RFC 8493 §2.2.2), e.g.
    /// `Source-Organization` or `External-Identifier`. Line breaks in the value are
    /// folded to spaces.
    pub fn info(&mut self, label: &str, value: &str) {
        let clean = |s: &str| s.replace(['\r', '\n'], " ");
        self.info.push((clean(label), clean(value)));
    }

    /// Streams `size` bytes from `reader` into the payload at `data/<path>`.
    pub fn add_payload(
        &mut self,
        path: &str,
        size: u64,
        reader: impl Read,
    ) -> Result<(), BagError> {
        let relative = format!("data/{}", check(path)?);
        let entry = self.write(&relative, size, reader)?;
        self.payload.push(entry);
        Ok(())
    }

    /// Adds a small payload file from memory.
    pub fn add_payload_bytes(&mut self, path: &str, bytes: &[u8]) -> Result<(), BagError> {
        self.add_payload(path, bytes.len() as u64, bytes)
    }

    /// Adds a tag file (outside `data/`, listed in the tag manifests), e.g. a
    /// checkpoint or a description of the bag's profile.
    pub fn add_tag_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), BagError> {
        let relative = check(path)?;
        if relative.starts_with("data/") || RESERVED.contains(&relative.as_str()) {
            return Err(BagError::BadPath(path.to_owned()));
        }
        let entry = self.write(&relative, bytes.len() as u64, bytes)?;
        self.tags.push(entry);
        Ok(())
    }

    fn write(&mut self, relative: &str, size: u64, reader: impl Read) -> Result<Entry, BagError> {
        if self
            .payload
            .iter()
            .chain(&self.tags)
            .any(|e| e.path == relative)
        {
            return Err(BagError::Duplicate(relative.to_owned()));
        }
        // One byte more than promised is read, so that a longer source is caught.
        let mut hashing = Hashing {
            inner: reader.take(size.saturating_add(1)),
            sha256: Sha256::new(),
            sha512: Sha512::new(),
            count: 0,
        };
        match self.sink.as_mut().expect("the bag is not finished") {
            Sink::Folder { partial, .. } => {
                let path = partial.join(relative);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
                std::io::copy(&mut hashing, &mut out)?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            }
            Sink::Tar {
                root,
                mtime,
                builder,
            } => {
                let mut header = tar::Header::new_gnu();
                header.set_size(size);
                header.set_mode(0o600);
                header.set_mtime(*mtime);
                header.set_entry_type(tar::EntryType::Regular);
                builder.append_data(&mut header, format!("{root}/{relative}"), &mut hashing)?;
            }
        }
        if hashing.count != size {
            return Err(BagError::SizeMismatch {
                path: relative.to_owned(),
                expected: size,
                actual: hashing.count,
            });
        }
        Ok(Entry {
            path: relative.to_owned(),
            sha256: hex(&hashing.sha256.finalize()),
            sha512: hex(&hashing.sha512.finalize()),
            size,
        })
    }

    /// Writes the tag files, then moves a folder bag into place or ends the tar
    /// stream.
    pub fn finish(mut self, bagging_date: &str) -> Result<Finished<W>, BagError> {
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
            let entry = self.write(&name, bytes.len() as u64, &bytes[..])?;
            self.tags.push(entry);
        }
        // The tag manifests list every tag file but themselves (RFC 8493 §2.2.1), so
        // they are written without being listed.
        let manifests: Vec<(String, Vec<u8>)> = [("sha256", 0), ("sha512", 1)]
            .into_iter()
            .map(|(name, pick)| {
                (
                    format!("tagmanifest-{name}.txt"),
                    manifest(&self.tags, pick),
                )
            })
            .collect();
        for (name, bytes) in &manifests {
            self.write(name, bytes.len() as u64, &bytes[..])?;
        }
        let output = match self.sink.take().expect("the bag is not finished") {
            Sink::Folder { target, partial } => {
                std::fs::rename(&partial, &target)?;
                None
            }
            Sink::Tar { builder, .. } => Some(builder.into_inner()?),
        };
        Ok(Finished {
            octets,
            files,
            output,
        })
    }
}

impl<W: Write> Drop for BagWriter<W> {
    fn drop(&mut self) {
        if let Some(Sink::Folder { partial, .. }) = &self.sink {
            let _ = std::fs::remove_dir_all(partial);
        }
    }
}

/// Hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    sha256: Sha256,
    sha512: Sha512,
    count: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha256.update(&buf[..n]);
        self.sha512.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
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
        bag.add_payload_bytes("a/b.txt", b"hello").unwrap();
        bag.add_payload("with space %.txt", 1, &b"x"[..]).unwrap();
        bag.add_tag_file("log/checkpoint", b"cp\n").unwrap();
        assert!(matches!(
            bag.add_payload_bytes("a/b.txt", b""),
            Err(BagError::Duplicate(_))
        ));
        for bad in ["../x", "/abs", "a//b", "a/./b", "", "data\\x"] {
            assert!(
                matches!(bag.add_payload_bytes(bad, b""), Err(BagError::BadPath(_))),
                "{bad}"
            );
        }
        assert!(bag.add_tag_file("bagit.txt", b"").is_err());
        let done = bag.finish("2026-11-26").unwrap();
        assert_eq!((done.octets, done.files), (6, 2));
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
        bag.add_payload_bytes("x", b"1").unwrap();
        drop(bag);
        assert!(!target.exists() && !dir.path().join("bag.partial").exists());
    }

    #[test]
    fn a_source_that_lies_about_its_size_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut bag = BagWriter::create(&dir.path().join("bag")).unwrap();
        for (size, bytes) in [(4, &b"abc"[..]), (2, &b"abc"[..])] {
            assert!(matches!(
                bag.add_payload("x", size, bytes),
                Err(BagError::SizeMismatch { actual, .. }) if actual == (3.min(size + 1))
            ));
        }
        let mut tar = BagWriter::tar("bag", Vec::new()).unwrap();
        assert!(matches!(
            tar.add_payload("x", 5, &b"abc"[..]),
            Err(BagError::SizeMismatch { .. })
        ));
        assert!(BagWriter::tar("a/b", Vec::new()).is_err());
        assert!(BagWriter::tar("..", Vec::new()).is_err());
    }

    #[test]
    fn a_tar_bag_unpacks_to_the_same_files_as_a_folder_bag() {
        let dir = tempfile::tempdir().unwrap();
        let long = format!("{}/{}/original.jpeg", "a".repeat(60), "b".repeat(60));
        fn fill<W: Write>(bag: &mut BagWriter<W>, long: &str) {
            bag.info("Source-Organization", "Test");
            bag.add_payload_bytes(long, b"photo").unwrap();
            bag.add_payload_bytes("empty", b"").unwrap();
            bag.add_tag_file("log/checkpoint", b"cp\n").unwrap();
        }
        let mut folder = BagWriter::create(&dir.path().join("bag")).unwrap();
        fill(&mut folder, &long);
        folder.finish("2026-11-26").unwrap();

        let mut tar = BagWriter::tar("bag", Vec::new()).unwrap();
        fill(&mut tar, &long);
        let done = tar.finish("2026-11-26").unwrap();
        assert_eq!((done.octets, done.files), (5, 2));
        let bytes = done.output.unwrap();
        let mut archive = tar::Archive::new(&bytes[..]);
        let mut names = Vec::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            let relative = name.strip_prefix("bag/").expect("under the root folder");
            assert_eq!(
                std::fs::read(dir.path().join("bag").join(relative)).unwrap(),
                content,
                "{name}"
            );
            assert_eq!(entry.header().mode().unwrap(), 0o600);
            names.push(relative.to_owned());
        }
        names.sort();
        let mut expected = vec![
            format!("data/{long}"),
            "data/empty".into(),
            "log/checkpoint".into(),
            "bagit.txt".into(),
            "bag-info.txt".into(),
            "manifest-sha256.txt".into(),
            "manifest-sha512.txt".into(),
            "tagmanifest-sha256.txt".into(),
            "tagmanifest-sha512.txt".into(),
        ];
        expected.sort();
        assert_eq!(names, expected);
    }
}
