//! From a location string to an object store.
//!
//! - a plain path (or `file:///path`): a folder on this machine;
//! - `s3://BUCKET[/PREFIX][?KEY=VALUE&…]`: an S3-compatible bucket, under PREFIX.
//!   Accepted keys: `endpoint` (e.g. `http://127.0.0.1:8333` for a local SeaweedFS or
//!   MinIO; plain `http` only to this machine), `region` (default `AWS_REGION`, else `us-east-1`),
//!   `virtual_hosted_style_request` (`true` for `BUCKET.host` addressing; path-style
//!   otherwise), `copy_if_not_exists` (as object_store spells it, e.g. `multipart` on
//!   AWS itself, which makes concurrent ingests of one file race-free). Values are taken
//!   as written (no percent-decoding). Credentials never go in the location: they come
//!   from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (and
//!   other `AWS_*` variables, as object_store reads them); with no access key there,
//!   requests go unsigned, and no cloud metadata service is ever asked.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use object_store::ObjectStore;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::prefix::PrefixStore;

use crate::VaultError;

/// An opened location.
pub(crate) struct Backend {
    pub store: Arc<dyn ObjectStore>,
    /// The folder, for a local vault: temporaries that object_store hides (its staged
    /// uploads) are swept from the file system directly.
    pub local_root: Option<PathBuf>,
}

const S3_KEYS: [&str; 4] = [
    "endpoint",
    "region",
    "virtual_hosted_style_request",
    "copy_if_not_exists",
];

pub(crate) fn connect(location: &str, creating: bool) -> Result<Backend, VaultError> {
    let bad = |detail: &str| VaultError::Location {
        location: location.to_owned(),
        detail: detail.to_owned(),
    };
    if let Some(rest) = location.strip_prefix("s3://") {
        return connect_s3(rest).map_err(|detail| bad(&detail));
    }
    let path = match location.strip_prefix("file://") {
        Some(path) => path,
        None if location.contains("://") => {
            return Err(bad(
                "use a folder path, file:///folder or s3://bucket/prefix",
            ));
        }
        None => location,
    };
    if path.is_empty() {
        return Err(bad("the folder path is empty"));
    }
    let root = PathBuf::from(path);
    if creating {
        std::fs::create_dir_all(&root)
            .map_err(|e| bad(&format!("cannot create the folder: {e}")))?;
    } else if !root.is_dir() {
        return Err(VaultError::NoVault {
            location: location.to_owned(),
        });
    }
    let root = std::fs::canonicalize(&root)
        .map_err(|e| bad(&format!("cannot resolve the folder: {e}")))?;
    let store = LocalFileSystem::new_with_prefix(&root)
        .map_err(|e| bad(&e.to_string()))?
        // Evidence is durable once `ingest` returns: files and folders are synced.
        .with_fsync(true)
        // Removing a temporary also removes folders it leaves empty.
        .with_automatic_cleanup(true);
    Ok(Backend {
        store: Arc::new(store),
        local_root: Some(root),
    })
}

fn connect_s3(rest: &str) -> Result<Backend, String> {
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (bucket, prefix) = path.split_once('/').unwrap_or((path, ""));
    if bucket.is_empty() {
        return Err("the bucket name is missing: s3://bucket/prefix".into());
    }
    let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} is not KEY=VALUE"))?;
        if !S3_KEYS.contains(&key) {
            return Err(format!(
                "unknown option {key:?}; the accepted ones are {}",
                S3_KEYS.join(", ")
            ));
        }
        let key: AmazonS3ConfigKey = key.parse().map_err(|e| format!("{e}"))?;
        builder = builder.with_config(key, value);
    }
    if let Some(endpoint) = builder.get_config_value(&AmazonS3ConfigKey::Endpoint) {
        match endpoint.strip_prefix("http://") {
            Some(authority) if is_loopback(authority) => builder = builder.with_allow_http(true),
            Some(_) => {
                return Err(
                    "an http:// endpoint must be on this machine (127.0.0.1, ::1 or \
                     localhost); use https:// for any other"
                        .into(),
                );
            }
            None if endpoint.starts_with("https://") => {}
            None => return Err("the endpoint must start with https:// or http://".into()),
        }
    }
    if builder
        .get_config_value(&AmazonS3ConfigKey::AccessKeyId)
        .is_none()
    {
        builder = builder.with_skip_signature(true);
    }
    let s3 = builder.build().map_err(|e| e.to_string())?;
    let prefix = prefix.trim_matches('/');
    let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
        Arc::new(s3)
    } else {
        Arc::new(PrefixStore::new(s3, prefix))
    };
    Ok(Backend {
        store,
        local_root: None,
    })
}

/// Whether `host[:port][/…]` names this machine.
fn is_loopback(authority: &str) -> bool {
    let authority = authority.split('/').next().unwrap_or("");
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("127.0.0.1:8333"));
        assert!(is_loopback("127.4.5.6"));
        assert!(is_loopback("localhost:9000/"));
        assert!(is_loopback("[::1]:8333"));
        assert!(!is_loopback("10.0.0.1:8333"));
        assert!(!is_loopback("s3.example.org"));
        assert!(!is_loopback("127.0.0.1.example.org"));
    }

    #[test]
    fn remote_plain_http_and_unknown_options_are_refused() {
        for location in [
            "s3://b/p?endpoint=http://192.0.2.1:8333",
            "s3://b/p?endpoint=ftp://127.0.0.1",
            "s3://b/p?secret_access_key=x",
            "s3://b/p?endpoint",
            "s3:///p",
            "gs://b/p",
        ] {
            assert!(
                matches!(connect(location, false), Err(VaultError::Location { .. })),
                "{location}"
            );
        }
        assert!(
            connect(
                "s3://b/p?endpoint=http://127.0.0.1:8333&region=eu-west-1",
                false
            )
            .is_ok()
        );
    }
}
