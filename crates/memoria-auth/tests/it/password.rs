use memoria_auth::password::{
    MAX_BYTES, MIN_CHARS, check_strength, dummy_hash, hash, needs_rehash, verify,
};

#[test]
fn a_hash_verifies_its_password_and_no_other() {
    let phc = hash("correct horse battery staple").unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    assert!(!phc.contains("correct horse"));
    assert!(verify("correct horse battery staple", &phc));
    assert!(!verify("correct horse battery stapl", &phc));
    assert!(!verify("Correct horse battery staple", &phc));
    assert!(!verify("", &phc));
    assert!(!needs_rehash(&phc));

    // The salt is fresh each time.
    let again = hash("correct horse battery staple").unwrap();
    assert_ne!(phc, again);
    assert!(verify("correct horse battery staple", &again));
}

#[test]
fn a_malformed_or_foreign_hash_verifies_nothing() {
    for phc in [
        "",
        "not a hash",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
    ] {
        assert!(!verify("anything at all", phc), "{phc}");
        assert!(!verify("", phc), "{phc}");
    }
}

#[test]
fn weaker_hashes_still_verify_and_ask_to_be_replaced() {
    // Made with m=4096,t=3,p=1 (the argon2 crate's defaults of old).
    use argon2::{Algorithm, Argon2, Params, Version};
    use password_hash::{PasswordHasher, SaltString};
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(4096, 3, 1, None).unwrap(),
    )
    .hash_password(
        b"a long enough passphrase",
        &SaltString::from_b64("c2FsdHNhbHQ").unwrap(),
    )
    .unwrap()
    .to_string();
    assert!(verify("a long enough passphrase", &weak));
    assert!(needs_rehash(&weak));
    assert!(needs_rehash("garbage"));
}

#[test]
fn the_dummy_hash_is_stable_and_matches_nothing_guessable() {
    let dummy = dummy_hash();
    assert!(std::ptr::eq(dummy, dummy_hash()));
    assert!(dummy.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert!(!verify("", dummy));
    assert!(!verify("password", dummy));
}

#[test]
fn strength_is_length_only() {
    assert_eq!(MIN_CHARS, 12);
    assert!(
        check_strength("abcdefghijk")
            .unwrap_err()
            .contains("at least 12")
    );
    assert!(check_strength("abcdefghijkl").is_ok());
    assert!(check_strength("").is_err());
    // Characters, not bytes: twelve Arabic letters are enough, eleven are not.
    assert!(check_strength(&"ب".repeat(12)).is_ok());
    assert!(check_strength(&"ب".repeat(11)).is_err());
    assert!(check_strength(&"a".repeat(MAX_BYTES)).is_ok());
    assert!(
        check_strength(&"a".repeat(MAX_BYTES + 1))
            .unwrap_err()
            .contains("at most 1024")
    );
}
