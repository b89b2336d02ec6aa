use std::collections::HashSet;

use memoria_auth::{csrf, token};

#[test]
fn generated_tokens_are_prefixed_unique_and_digested() {
    let mut seen = HashSet::new();
    for _ in 0..200 {
        let (plain, digest) = token::generate("mst_");
        assert_eq!(plain.len(), 4 + 43, "{plain}");
        let body = plain.strip_prefix("mst_").unwrap();
        assert!(
            body.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{plain}"
        );
        assert_eq!(digest, token::digest(&plain));
        assert!(seen.insert(plain));
    }
    let (api, _) = token::generate("mat_");
    assert!(api.starts_with("mat_"));
}

#[test]
fn the_digest_is_the_sha256_of_the_whole_plain_text() {
    assert_eq!(
        hex(&token::digest("abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(token::digest("mst_x"), token::digest("mst_x"));
    assert_ne!(token::digest("mst_x"), token::digest("mat_x"));
}

#[test]
fn random_keys_differ() {
    let a = token::random_key();
    let b = token::random_key();
    assert_ne!(a, b);
    assert_ne!(a, [0; 32]);
}

#[test]
fn csrf_tokens_belong_to_one_session() {
    let key = token::random_key();
    let other = token::random_key();
    let t = csrf::token(&key);
    assert_eq!(t.len(), 43);
    assert_eq!(t, csrf::token(&key));
    assert!(csrf::verify(&key, &t));

    assert!(!csrf::verify(&other, &t), "another session's key");
    assert!(!csrf::verify(&key, &csrf::token(&other)));
    assert!(!csrf::verify(&key, ""));
    assert!(!csrf::verify(&key, &t[..42]));
    assert!(!csrf::verify(&key, &format!("{t}A")));
    let mut forged = t.clone().into_bytes();
    forged[0] = if forged[0] == b'A' { b'B' } else { b'A' };
    assert!(!csrf::verify(&key, &String::from_utf8(forged).unwrap()));
}

#[test]
fn the_csrf_token_is_the_documented_hmac() {
    // HMAC-SHA256 with key "key" of "memoria-csrf-v1", computed independently
    // (python3: hmac.new(b"key", b"memoria-csrf-v1", "sha256")), in base64url.
    assert_eq!(
        csrf::token(b"key"),
        "ktV-hdk3s3f9nCI4YdfKmukNGCgKDQ42iLRS6hWnTnE"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
