use memoria_auth::totp::{Algorithm, Secret, code_at, hotp_with, otpauth_uri, verify};

const KEY_20: &[u8] = b"12345678901234567890";
const KEY_32: &[u8] = b"12345678901234567890123456789012";
const KEY_64: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

#[test]
fn rfc_4226_appendix_d() {
    let expected = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];
    for (counter, code) in expected.into_iter().enumerate() {
        assert_eq!(
            hotp_with(Algorithm::Sha1, KEY_20, counter as u64, 6),
            code,
            "counter {counter}"
        );
    }
}

#[test]
fn rfc_6238_appendix_b() {
    //  unix time      SHA-1       SHA-256     SHA-512
    let table = [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ];
    for (unix, sha1, sha256, sha512) in table {
        let step = unix / 30;
        assert_eq!(hotp_with(Algorithm::Sha1, KEY_20, step, 8), sha1, "{unix}");
        assert_eq!(
            hotp_with(Algorithm::Sha256, KEY_32, step, 8),
            sha256,
            "{unix}"
        );
        assert_eq!(
            hotp_with(Algorithm::Sha512, KEY_64, step, 8),
            sha512,
            "{unix}"
        );
    }
}

/// The RFC's SHA-1 key, as a memoria secret.
fn rfc_secret() -> Secret {
    Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap()
}

#[test]
fn codes_are_the_last_six_digits_of_the_rfc_values() {
    let secret = rfc_secret();
    assert_eq!(code_at(&secret, 59), "287082");
    assert_eq!(code_at(&secret, 1111111109), "081804");
    assert_eq!(code_at(&secret, 20000000000), "353130");
    // The whole step has one code.
    assert_eq!(code_at(&secret, 30), code_at(&secret, 59));
    assert_ne!(code_at(&secret, 59), code_at(&secret, 60));
}

#[test]
fn verify_accepts_one_step_either_side_and_no_further() {
    let secret = rfc_secret();
    let now = 1_000_000_020; // step 33_333_334
    let step = now / 30;
    let code = |s: u64| code_at(&secret, s * 30);
    assert_eq!(verify(&secret, &code(step), now, None), Some(step));
    assert_eq!(verify(&secret, &code(step - 1), now, None), Some(step - 1));
    assert_eq!(verify(&secret, &code(step + 1), now, None), Some(step + 1));
    assert_eq!(verify(&secret, &code(step - 2), now, None), None);
    assert_eq!(verify(&secret, &code(step + 2), now, None), None);
    // Spaces are forgiven; other shapes are not.
    let c = code(step);
    assert_eq!(
        verify(&secret, &format!(" {} {} ", &c[..3], &c[3..]), now, None),
        Some(step)
    );
    assert_eq!(verify(&secret, &c[..5], now, None), None);
    assert_eq!(verify(&secret, &format!("{c}0"), now, None), None);
    assert_eq!(verify(&secret, "abcdef", now, None), None);
    assert_eq!(verify(&secret, "", now, None), None);
    // Another secret's code is refused.
    assert_eq!(verify(&Secret::generate(), &c, now, None), None);
    // At the epoch there is no step before.
    assert_eq!(verify(&secret, &code_at(&secret, 0), 5, None), Some(0));
}

#[test]
fn a_used_step_is_never_accepted_again() {
    let secret = rfc_secret();
    let now = 1_000_000_020;
    let step = now / 30;
    let c = code_at(&secret, now);
    let used = verify(&secret, &c, now, None).unwrap();
    assert_eq!(verify(&secret, &c, now, Some(used)), None);
    assert_eq!(verify(&secret, &c, now + 10, Some(used)), None);
    // An earlier step's code is refused once a later one was used...
    assert_eq!(
        verify(&secret, &code_at(&secret, now - 30), now, Some(used)),
        None
    );
    // ...but the next step's is not.
    assert_eq!(
        verify(&secret, &code_at(&secret, now + 30), now, Some(used)),
        Some(step + 1)
    );
    assert_eq!(
        verify(
            &secret,
            &code_at(&secret, now + 30),
            now + 30,
            Some(step + 1)
        ),
        None
    );
}

#[test]
fn secrets_round_trip_through_base32_and_hide_in_debug() {
    let secret = Secret::generate();
    let text = secret.to_base32();
    assert_eq!(text.len(), 32);
    let back = Secret::from_base32(&text).unwrap();
    assert_eq!(back.to_base32(), text);
    assert_eq!(code_at(&back, 1234), code_at(&secret, 1234));
    // As people type it.
    let typed = text
        .to_lowercase()
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(Secret::from_base32(&typed).unwrap().to_base32(), text);

    assert_ne!(Secret::generate().to_base32(), text);
    assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");

    assert!(Secret::from_base32("").is_none());
    assert!(
        Secret::from_base32("GEZDGNBVGY3TQOJQ").is_none(),
        "10 bytes"
    );
    assert!(Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1").is_none());
}

#[test]
fn otpauth_uri_encodes_issuer_and_account() {
    let secret = rfc_secret();
    assert_eq!(
        otpauth_uri(&secret, "Memoria", "amina@example.org"),
        "otpauth://totp/Memoria:amina%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
         &issuer=Memoria&algorithm=SHA1&digits=6&period=30"
    );
    assert_eq!(
        otpauth_uri(&secret, "Memoria: Valdoria & co", "José Ñ/x?y"),
        "otpauth://totp/Memoria%3A%20Valdoria%20%26%20co:Jos%C3%A9%20%C3%91%2Fx%3Fy\
         ?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
         &issuer=Memoria%3A%20Valdoria%20%26%20co&algorithm=SHA1&digits=6&period=30"
    );
}
