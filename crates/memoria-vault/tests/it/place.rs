//! Where a story's vault lives, and raw access to what is stored there.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_util::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt};

pub struct Place {
    /// The vault's location string.
    pub location: String,
    /// Another, empty location on the same backend.
    pub elsewhere: String,
    /// The same storage, seen without the vault.
    raw: Arc<dyn ObjectStore>,
    /// For a folder: where it is, kept until the story ends.
    folder: Option<(tempfile::TempDir, std::path::PathBuf)>,
}

impl Place {
    pub fn local() -> Place {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("vault");
        std::fs::create_dir_all(&root).unwrap();
        let raw = LocalFileSystem::new_with_prefix(&root).unwrap();
        Place {
            location: root.to_str().unwrap().to_owned(),
            elsewhere: dir.path().join("elsewhere").to_str().unwrap().to_owned(),
            raw: Arc::new(raw),
            folder: Some((dir, root)),
        }
    }

    /// A fresh prefix in the test bucket, or `None` (with a note) when no S3 endpoint is
    /// configured.
    pub fn s3(story: &str) -> Option<Place> {
        let endpoint = match std::env::var("MEMORIA_TEST_S3_ENDPOINT") {
            Ok(endpoint) if !endpoint.is_empty() => endpoint,
            _ if std::env::var("MEMORIA_REQUIRE_S3").as_deref() == Ok("1") => {
                panic!(
                    "MEMORIA_REQUIRE_S3=1 but MEMORIA_TEST_S3_ENDPOINT is unset; run .ci/start-s3"
                )
            }
            _ => {
                eprintln!(
                    "note: s3::{story} skipped: set MEMORIA_TEST_S3_ENDPOINT (see .ci/start-s3)"
                );
                return None;
            }
        };
        let bucket =
            std::env::var("MEMORIA_TEST_S3_BUCKET").unwrap_or_else(|_| "memoria-test".into());
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let prefix = format!("it/{story}-{}-{nanos}", std::process::id());
        let raw = AmazonS3Builder::new()
            .with_endpoint(&endpoint)
            .with_bucket_name(&bucket)
            .with_region("us-east-1")
            .with_allow_http(true)
            .with_skip_signature(true)
            .build()
            .unwrap();
        Some(Place {
            location: format!("s3://{bucket}/{prefix}?endpoint={endpoint}"),
            elsewhere: format!("s3://{bucket}/{prefix}-elsewhere?endpoint={endpoint}"),
            raw: Arc::new(PrefixStore::new(raw, prefix.as_str())),
            folder: None,
        })
    }

    pub fn is_local(&self) -> bool {
        self.folder.is_some()
    }

    /// Every stored object's path (not temporaries, not vault.json).
    pub async fn objects(&self) -> Vec<Path> {
        self.list("objects").await
    }

    /// Every temporary, including the staged uploads a folder hides from listings.
    pub async fn temporaries(&self) -> Vec<String> {
        match &self.folder {
            Some((_, root)) => files_under(&root.join("tmp")),
            None => self
                .list("tmp")
                .await
                .iter()
                .map(|p| p.to_string())
                .collect(),
        }
    }

    pub async fn list(&self, prefix: &str) -> Vec<Path> {
        let metas: Vec<_> = self
            .raw
            .list(Some(&Path::from(prefix)))
            .try_collect()
            .await
            .unwrap();
        metas.into_iter().map(|meta| meta.location).collect()
    }

    pub async fn get(&self, path: &Path) -> Bytes {
        self.raw.get(path).await.unwrap().bytes().await.unwrap()
    }

    pub async fn put(&self, path: &Path, bytes: impl Into<Bytes>) {
        self.raw.put(path, bytes.into().into()).await.unwrap();
    }

    /// The one stored object, when a story stored one file.
    pub async fn only_object(&self) -> Path {
        let objects = self.objects().await;
        assert_eq!(objects.len(), 1, "{objects:?}");
        objects.into_iter().next().unwrap()
    }
}

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            files.extend(files_under(&entry.path()));
        } else {
            files.push(entry.path().display().to_string());
        }
    }
    files
}
