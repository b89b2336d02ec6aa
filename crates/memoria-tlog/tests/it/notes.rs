//! Signed notes and checkpoints: the negative cases the signed-note spec and the vectors
//! name, and the checkpoint text rules.

use memoria_tlog::checkpoint::{self, CheckpointError};
use memoria_tlog::note::{self, MAX_SIGNATURES, Note, NoteError, NoteSigner, NoteVerifier};
use memoria_tlog::{Checkpoint, Hash};

use crate::vectors::{CHECKPOINT_8, TEST_VKEY, test_signer};

fn trusted() -> Vec<NoteVerifier> {
    vec![NoteVerifier::from_vkey(TEST_VKEY).unwrap()]
}

fn other_signer(name: &str) -> NoteSigner {
    NoteSigner::from_seed(name, &[7; 32]).unwrap()
}

#[test]
fn tampered_checkpoints_are_refused() {
    let keys = trusted();
    checkpoint::open(CHECKPOINT_8.as_bytes(), &keys, None).unwrap();

    // One byte of the text.
    let tampered = CHECKPOINT_8.replacen("\n8\n", "\n9\n", 1);
    assert!(matches!(
        checkpoint::open(tampered.as_bytes(), &keys, None),
        Err(CheckpointError::Note(NoteError::InvalidSignature { .. }))
    ));
    // Another key name on the signature line: an unknown key, so nothing trusted signed.
    let renamed = CHECKPOINT_8.replacen(
        "\u{2014} example.com/hrdoc-test-log",
        "\u{2014} example.com/other",
        1,
    );
    assert_eq!(
        note::open(renamed.as_bytes(), &keys).unwrap_err(),
        NoteError::NotSigned
    );
    // Another key ID (first base64 character of the signature changes the ID's bits).
    let reid = CHECKPOINT_8.replacen(" Nw6cIl", " Mw6cIl", 1);
    assert_eq!(
        note::open(reid.as_bytes(), &keys).unwrap_err(),
        NoteError::NotSigned
    );
    // ASCII hyphen instead of the em dash.
    let hyphen = CHECKPOINT_8.replacen('\u{2014}', "-", 1);
    assert!(matches!(
        note::open(hyphen.as_bytes(), &keys),
        Err(NoteError::BadSignatureLine(1))
    ));
    // Signed by another key.
    let cp = checkpoint::open(CHECKPOINT_8.as_bytes(), &keys, None).unwrap();
    let forged = cp
        .sign(&[&other_signer("example.com/hrdoc-test-log")])
        .unwrap();
    assert!(matches!(
        checkpoint::open(forged.as_bytes(), &keys, None),
        Err(CheckpointError::Note(NoteError::NotSigned))
    ));
    // A trusted key, but a checkpoint of another log.
    assert!(matches!(
        checkpoint::open(
            CHECKPOINT_8.as_bytes(),
            &keys,
            Some("example.com/another-log")
        ),
        Err(CheckpointError::WrongOrigin { .. })
    ));
}

#[test]
fn unknown_and_duplicate_signatures_are_tolerated() {
    let keys = trusted();
    let witness = other_signer("witness.example/w1");
    let mut n = Note::parse(CHECKPOINT_8.as_bytes()).unwrap();
    n.sign(&witness).unwrap();
    let with_witness = n.to_string();
    assert_eq!(
        note::open(with_witness.as_bytes(), &keys)
            .unwrap()
            .signatures()
            .len(),
        2
    );

    let sig_line = CHECKPOINT_8.lines().last().unwrap();
    let duplicated = format!("{CHECKPOINT_8}{sig_line}\n");
    note::open(duplicated.as_bytes(), &keys).unwrap();

    // Both keys trusted: both reported.
    let both = [keys[0].clone(), witness.verifier()];
    let parsed = Note::parse(with_witness.as_bytes()).unwrap();
    assert_eq!(parsed.verify(&both).unwrap().len(), 2);

    // A trusted key whose signature fails rejects the note even if another verifies.
    let mut sig = Note::parse(with_witness.as_bytes()).unwrap().signatures()[1].clone();
    sig.signature[0] ^= 1;
    let broken = format!("{CHECKPOINT_8}{sig}\n");
    assert!(matches!(
        Note::parse(broken.as_bytes()).unwrap().verify(&both),
        Err(NoteError::InvalidSignature { .. })
    ));
}

#[test]
fn many_signatures_up_to_the_limit() {
    let keys = trusted();
    let mut n = Note::parse(CHECKPOINT_8.as_bytes()).unwrap();
    for i in 1..MAX_SIGNATURES {
        n.sign(&other_signer(&format!("witness.example/{i}")))
            .unwrap();
    }
    assert_eq!(n.signatures().len(), MAX_SIGNATURES);
    note::open(n.to_string().as_bytes(), &keys).unwrap();
    assert_eq!(n.sign(&test_signer()), Err(NoteError::TooManySignatures));
    let one_more = format!("{n}{}\n", CHECKPOINT_8.lines().last().unwrap());
    assert_eq!(
        Note::parse(one_more.as_bytes()).unwrap_err(),
        NoteError::TooManySignatures
    );
}

#[test]
fn note_texts_with_blank_lines_split_at_the_last_one() {
    let signer = test_signer();
    let text = "first paragraph\n\nsecond paragraph\n";
    let signed = note::sign(text, &[&signer]).unwrap();
    let n = note::open(signed.as_bytes(), &[signer.verifier()]).unwrap();
    assert_eq!(n.text(), text);
    assert_eq!(
        note::sign("no newline", &[&signer]),
        Err(NoteError::TextWithoutNewline)
    );
    assert_eq!(
        note::sign("tab\there\n", &[&signer]),
        Err(NoteError::BadText)
    );
}

#[test]
fn keys_in_text_form() {
    let signer = test_signer();
    let vkey = signer.verifier().to_vkey();
    assert_eq!(NoteVerifier::from_vkey(&vkey).unwrap(), signer.verifier());
    // The key ID must match the key.
    let wrong_id = vkey.replacen("+370e9c22+", "+370e9c23+", 1);
    assert_eq!(
        NoteVerifier::from_vkey(&wrong_id).unwrap_err(),
        NoteError::KeyIdMismatch
    );
    for bad in [
        "",
        "name",
        "name+370e9c22",
        "+370e9c22+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
        "na me+370e9c22+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
        "name+370e9c2+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
        "name+370e9c22+AgOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
        "name+370e9c22+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVT",
        "name+zzzzzzzz+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
    ] {
        assert!(NoteVerifier::from_vkey(bad).is_err(), "{bad:?}");
    }
    assert!(NoteSigner::from_seed("bad name", &[0; 32]).is_err());
    assert!(NoteSigner::from_seed("a+b", &[0; 32]).is_err());
    assert!(NoteSigner::from_skey("PRIVATE+KEY+x+00000000+AQ==").is_err());
    // Debug never shows the secret.
    assert!(!format!("{signer:?}").contains("AQABAgMEBQYH"));
}

#[test]
fn checkpoint_text_rules() {
    let root = Hash([0xab; 32]).to_base64();
    let ok = format!("example.org/log\n12\n{root}\n");
    let cp = Checkpoint::parse_text(&ok).unwrap();
    assert_eq!((cp.size, cp.extensions.len()), (12, 0));
    let ext = format!("example.org/log\n0\n{root}\nextension one\nextension two\n");
    let cp = Checkpoint::parse_text(&ext).unwrap();
    assert_eq!(cp.extensions, ["extension one", "extension two"]);
    assert_eq!(cp.to_text(), ext);
    for bad in [
        String::new(),
        "example.org/log\n12\n".into(),
        format!("example.org/log\n12\n{root}"),
        format!("\n12\n{root}\n"),
        format!("example.org/log\n012\n{root}\n"),
        format!("example.org/log\n+12\n{root}\n"),
        format!("example.org/log\n-1\n{root}\n"),
        format!("example.org/log\n\n{root}\n"),
        format!("example.org/log\n99999999999999999999999\n{root}\n"),
        "example.org/log\n12\nnot base64\n".into(),
        "example.org/log\n12\nAAAA\n".into(),
        format!("example.org/log\n12\n{}\n", Hash([1; 32]).to_hex()),
        format!("example.org/log\n12\n{root}\n\n"),
        format!("example.org/log\n12\n{root}\next\n\nmore\n"),
    ] {
        assert!(Checkpoint::parse_text(&bad).is_err(), "{bad:?}");
    }
    // An origin that would break the format is refused at signing.
    let evil = Checkpoint {
        origin: "example.org/log\n999".into(),
        size: 1,
        root: Hash::default(),
        extensions: vec![],
    };
    assert!(evil.sign(&[&test_signer()]).is_err());
}
