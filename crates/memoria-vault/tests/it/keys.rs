//! Key files, what `vault.json` keeps, and what key material shows in `Debug` — the
//! same on every backend, so told on a folder only.

use memoria_vault::{KeySource, Passphrase, Vault, VaultError, VaultKey, VaultReader};

use crate::place::Place;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_files_open_their_vault_only() {
    let place = Place::local();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("vault.key");
    VaultKey::generate().write_key_file(&key_file).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner may read a key file");
    }
    let overwrite = VaultKey::generate().write_key_file(&key_file);
    assert!(
        matches!(overwrite, Err(VaultError::KeyFileWrite { .. })),
        "a key is never overwritten"
    );

    let vault = Vault::create(&place.location, KeySource::KeyFile(key_file.clone()))
        .await
        .unwrap();
    let hash = vault.ingest(&b"photo 0042"[..]).await.unwrap().hash;
    let reopened = Vault::open(&place.location, KeySource::KeyFile(key_file.clone()))
        .await
        .unwrap();
    assert!(reopened.contains(&hash).await.unwrap());

    let other = dir.path().join("other.key");
    VaultKey::generate().write_key_file(&other).unwrap();
    assert!(matches!(
        Vault::open(&place.location, KeySource::KeyFile(other)).await,
        Err(VaultError::WrongKey)
    ));
    let short = dir.path().join("short.key");
    std::fs::write(&short, [1u8; 31]).unwrap();
    let error = Vault::open(&place.location, KeySource::KeyFile(short))
        .await
        .unwrap_err();
    assert!(
        matches!(error, VaultError::KeyFileLength { len: 31, .. }),
        "{error:?}"
    );
    let missing = dir.path().join("missing.key");
    assert!(matches!(
        Vault::open(&place.location, KeySource::KeyFile(missing)).await,
        Err(VaultError::KeyFileRead { .. })
    ));
    let error = Vault::open(&place.location, KeySource::Passphrase("x".into()))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "this vault opens with a key file, not a passphrase"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_json_records_the_kdf_and_no_secret() {
    let place = Place::local();
    let passphrase = "a long passphrase nobody guesses";
    Vault::create(&place.location, KeySource::Passphrase(passphrase.into()))
        .await
        .unwrap();
    let json =
        std::fs::read_to_string(std::path::Path::new(&place.location).join("vault.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format"], "memoria-vault");
    assert_eq!(value["version"], 1);
    let key = &value["key"];
    assert_eq!(key["source"], "passphrase");
    assert_eq!(key["kdf"], "argon2id");
    assert_eq!(key["argon2_version"], 19);
    assert_eq!(key["memory_kib"], 65536);
    assert_eq!(key["iterations"], 3);
    assert_eq!(key["parallelism"], 1);
    assert_eq!(key["salt"].as_str().unwrap().len(), 64);
    assert_eq!(value["key_check"].as_str().unwrap().len(), 64);
    assert!(!json.contains(passphrase));

    // A damaged description is named as such.
    std::fs::write(
        std::path::Path::new(&place.location).join("vault.json"),
        "{\"format\": \"memoria-vault\"",
    )
    .unwrap();
    let error = Vault::open(&place.location, KeySource::Passphrase(passphrase.into()))
        .await
        .unwrap_err();
    assert!(matches!(error, VaultError::BadManifest { .. }), "{error:?}");
}

#[test]
fn key_material_is_redacted() {
    let source = KeySource::Passphrase(Passphrase::new("hunter2 hunter2"));
    assert!(!format!("{source:?}").contains("hunter2"));
    let key = VaultKey::from_bytes([0xab; 32]);
    let shown = format!(
        "{key:?} {:?}",
        KeySource::Key(VaultKey::from_bytes([0xab; 32]))
    );
    assert!(
        !shown.contains("171") && !shown.to_lowercase().contains("abab"),
        "{shown}"
    );
}

/// What a caller hands to `tokio::spawn` or keeps across awaits must be `Send`.
#[test]
fn futures_and_readers_are_send() {
    fn send<T: Send>(_: &T) {}
    fn send_unpin<T: Send + Unpin>() {}
    send_unpin::<VaultReader>();
    send_unpin::<Vault>();
    let location = String::new();
    send(&Vault::open(
        &location,
        KeySource::Key(VaultKey::generate()),
    ));
    let run = async {
        let vault = Vault::open("", KeySource::Key(VaultKey::generate())).await?;
        let stored = vault.ingest(&b"bytes"[..]).await?;
        vault.verify(&stored.hash).await?;
        vault.open_read(&stored.hash).await?;
        vault.sweep_temporaries(std::time::Duration::ZERO).await?;
        Ok::<_, VaultError>(())
    };
    send(&run);
}
