//! C2SP signed notes (`c2sp.org/signed-note`) with Ed25519 keys: signing, parsing,
//! verifying, and the text forms of keys.
//!
//! A signed note is its text (ending in a newline), a blank line, then one line per
//! signature: `— <key name> <base64(key ID (4 bytes, big-endian) || signature)>`. The
//! key ID of an Ed25519 key is the first four bytes of
//! `SHA-256(name || 0x0A || 0x01 || public key)`. Verifier keys travel as
//! `<name>+<key ID hex>+<base64(0x01 || public key)>` ("vkey"); signing keys in Go's
//! `PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 || seed)>` form, so a key can move
//! between Memoria and Go's `note` package.
//!
//! Only signature type 0x01 (Ed25519) is signed or verified; signatures of other types
//! are carried along as unknown, which the spec requires. This module does not generate
//! keys (the caller passes 32 random bytes) and knows nothing of checkpoints (see
//! [`crate::checkpoint`]). Parsing never panics: every malformed input is a
//! [`NoteError`].

use std::fmt;

use data_encoding::{BASE64, HEXLOWER_PERMISSIVE};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// The signature type byte of Ed25519 note signatures.
const ED25519: u8 = 0x01;

/// The dash that opens every signature line: U+2014, then a space.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// More signatures than this and the note is refused. The spec asks verifiers to accept
/// at least 16; Go's `note` refuses more than 100, and so do we.
pub const MAX_SIGNATURES: usize = 100;

/// Notes larger than this are refused before any parsing, so a hostile peer cannot make
/// a verifier hash or split megabytes. A checkpoint is a few hundred bytes.
pub const MAX_NOTE_LEN: usize = 1 << 20;

/// A note or key that is malformed, or that no trusted key signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("a note must be UTF-8 text without control characters other than newline")]
    BadText,
    #[error("a note text must end with a newline")]
    TextWithoutNewline,
    #[error("a note is at most {MAX_NOTE_LEN} bytes")]
    TooLong,
    #[error("a signed note needs a blank line between the text and its signatures")]
    NoSignatureBlock,
    #[error("signature line {0} is not `— <key name> <base64 signature>`")]
    BadSignatureLine(usize),
    #[error("a note may carry at most {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    #[error("key name {0:?} must be non-empty and contain no spaces or '+'")]
    BadKeyName(String),
    #[error("the verifier key is not `<name>+<key ID hex>+<base64 Ed25519 key>`")]
    BadVerifierKey,
    #[error("the signing key is not `PRIVATE+KEY+<name>+<key ID hex>+<base64 Ed25519 seed>`")]
    BadSignerKey,
    #[error("the key ID in the key text does not match the key: the key was altered")]
    KeyIdMismatch,
    /// A trusted key's signature does not verify: the text was changed after signing, or
    /// the signature was forged.
    #[error("the signature of {name} (key ID {key_id:08x}) does not verify: the note was altered")]
    InvalidSignature { name: String, key_id: u32 },
    #[error("no trusted key signed this note; check the verifier key (name and key ID)")]
    NotSigned,
}

/// The 4-byte ID of an Ed25519 key named `name`, as the spec recommends.
pub fn key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ED25519]);
    h.update(public_key);
    let digest = h.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Whether `name` may name a key: non-empty, no Unicode space, no `+`.
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

fn check_key_name(name: &str) -> Result<(), NoteError> {
    if is_valid_key_name(name) {
        Ok(())
    } else {
        Err(NoteError::BadKeyName(name.to_owned()))
    }
}

/// Checks the text rules every note and note text obeys.
fn check_text(text: &str) -> Result<(), NoteError> {
    if text.len() > MAX_NOTE_LEN {
        return Err(NoteError::TooLong);
    }
    if text.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::BadText);
    }
    Ok(())
}

/// An Ed25519 key that signs notes under a name. Its `Debug` form hides the key.
#[derive(Clone)]
pub struct NoteSigner {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl NoteSigner {
    /// The signer for the Ed25519 key with this 32-byte seed. The seed is the whole
    /// secret: take it from the operating system's random source and keep it wrapped.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, NoteError> {
        check_key_name(name)?;
        let key = SigningKey::from_bytes(seed);
        let key_id = key_id(name, key.verifying_key().as_bytes());
        Ok(Self {
            name: name.to_owned(),
            key_id,
            key,
        })
    }

    /// Reads Go's `PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 || seed)>` form.
    pub fn from_skey(text: &str) -> Result<Self, NoteError> {
        let rest = text
            .strip_prefix("PRIVATE+KEY+")
            .ok_or(NoteError::BadSignerKey)?;
        let (name, id, key) = split_key_text(rest).ok_or(NoteError::BadSignerKey)?;
        let key = crate::hash::decode_base64(key).ok_or(NoteError::BadSignerKey)?;
        let seed: &[u8; 32] = match key.split_first() {
            Some((&ED25519, seed)) => seed.try_into().map_err(|_| NoteError::BadSignerKey)?,
            _ => return Err(NoteError::BadSignerKey),
        };
        let signer = Self::from_seed(name, seed)?;
        if signer.key_id != id {
            return Err(NoteError::KeyIdMismatch);
        }
        Ok(signer)
    }

    /// Go's `PRIVATE+KEY+…` text of this key. It is the secret: never log it.
    pub fn to_skey(&self) -> String {
        let mut key = vec![ED25519];
        key.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.key_id,
            BASE64.encode(&key)
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The public half, to hand to whoever checks this key's signatures.
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }

    /// The signature line this key adds to a note with this text.
    fn sign_text(&self, text: &str) -> NoteSignature {
        NoteSignature {
            name: self.name.clone(),
            key_id: self.key_id,
            signature: self.key.sign(text.as_bytes()).to_bytes().to_vec(),
        }
    }
}

impl fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NoteSigner")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

/// Splits `<name>+<8 hex digits>+<base64>` (the name may not contain `+`, the base64
/// may).
fn split_key_text(text: &str) -> Option<(&str, u32, &str)> {
    // At most three parts: base64 itself may contain '+'.
    let mut parts = text.splitn(3, '+');
    let (name, id, key) = (parts.next()?, parts.next()?, parts.next()?);
    if id.len() != 8 || !is_valid_key_name(name) {
        return None;
    }
    let id = HEXLOWER_PERMISSIVE.decode(id.as_bytes()).ok()?;
    Some((name, u32::from_be_bytes(id.try_into().ok()?), key))
}

/// A trusted Ed25519 public key under a name.
#[derive(Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl NoteVerifier {
    /// The verifier for a raw 32-byte Ed25519 public key.
    pub fn from_public_key(name: &str, public_key: &[u8; 32]) -> Result<Self, NoteError> {
        check_key_name(name)?;
        let key = VerifyingKey::from_bytes(public_key).map_err(|_| NoteError::BadVerifierKey)?;
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(name, public_key),
            key,
        })
    }

    /// Reads the `<name>+<key ID hex>+<base64(0x01 || public key)>` form; the key ID
    /// must match the key.
    pub fn from_vkey(text: &str) -> Result<Self, NoteError> {
        let (name, id, key) = split_key_text(text).ok_or(NoteError::BadVerifierKey)?;
        let key = crate::hash::decode_base64(key).ok_or(NoteError::BadVerifierKey)?;
        let public: &[u8; 32] = match key.split_first() {
            Some((&ED25519, public)) => public.try_into().map_err(|_| NoteError::BadVerifierKey)?,
            _ => return Err(NoteError::BadVerifierKey),
        };
        let verifier = Self::from_public_key(name, public)?;
        if verifier.key_id != id {
            return Err(NoteError::KeyIdMismatch);
        }
        Ok(verifier)
    }

    /// The `<name>+<key ID hex>+<base64(0x01 || public key)>` form.
    pub fn to_vkey(&self) -> String {
        let mut key = vec![ED25519];
        key.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.key_id, BASE64.encode(&key))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    pub fn public_key(&self) -> &[u8; 32] {
        self.key.as_bytes()
    }

    fn verify(&self, text: &str, signature: &[u8]) -> bool {
        let Ok(signature) = ed25519_dalek::Signature::from_slice(signature) else {
            return false;
        };
        // `verify_strict` refuses the malleable and small-order forms plain `verify`
        // lets through; honest signers never produce them.
        self.key.verify_strict(text.as_bytes(), &signature).is_ok()
    }
}

impl fmt::Debug for NoteVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_vkey())
    }
}

impl fmt::Display for NoteVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_vkey())
    }
}

/// One signature line of a note, of any type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    /// The signature proper, after the 4-byte key ID.
    pub signature: Vec<u8>,
}

impl fmt::Display for NoteSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = self.key_id.to_be_bytes().to_vec();
        bytes.extend_from_slice(&self.signature);
        write!(
            f,
            "{SIGNATURE_PREFIX}{} {}",
            self.name,
            BASE64.encode(&bytes)
        )
    }
}

/// A note: its text and the signatures found on it. Holding a `Note` says nothing about
/// whether it is trusted; [`Note::verify`] (or [`open`]) does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    text: String,
    signatures: Vec<NoteSignature>,
}

impl Note {
    /// An unsigned note with this text, which must end with a newline.
    pub fn new(text: &str) -> Result<Self, NoteError> {
        check_text(text)?;
        if !text.ends_with('\n') {
            return Err(NoteError::TextWithoutNewline);
        }
        Ok(Self {
            text: text.to_owned(),
            signatures: Vec::new(),
        })
    }

    /// Reads a signed note. Checks the form only; signatures are checked by
    /// [`Note::verify`].
    pub fn parse(message: &[u8]) -> Result<Self, NoteError> {
        if message.len() > MAX_NOTE_LEN {
            return Err(NoteError::TooLong);
        }
        let message = std::str::from_utf8(message).map_err(|_| NoteError::BadText)?;
        check_text(message)?;
        // The text ends at the last blank line: texts may hold blank lines, signature
        // lines never are blank.
        let split = message.rfind("\n\n").ok_or(NoteError::NoSignatureBlock)?;
        let (text, block) = (&message[..=split], &message[split + 2..]);
        let Some(block) = block.strip_suffix('\n') else {
            return Err(NoteError::NoSignatureBlock);
        };
        let mut signatures = Vec::new();
        for (i, line) in block.split('\n').enumerate() {
            if signatures.len() == MAX_SIGNATURES {
                return Err(NoteError::TooManySignatures);
            }
            signatures.push(parse_signature_line(line).ok_or(NoteError::BadSignatureLine(i + 1))?);
        }
        Ok(Self {
            text: text.to_owned(),
            signatures,
        })
    }

    /// The note text, final newline included: what the signatures sign.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn signatures(&self) -> &[NoteSignature] {
        &self.signatures
    }

    /// Adds `signer`'s signature of the text.
    pub fn sign(&mut self, signer: &NoteSigner) -> Result<(), NoteError> {
        if self.signatures.len() == MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        self.signatures.push(signer.sign_text(&self.text));
        Ok(())
    }

    /// Checks the signatures against the trusted keys and returns the trusted keys that
    /// signed. Signatures by unknown keys (name and key ID not both matching a trusted
    /// key) are ignored; a trusted key's bad signature rejects the note; so does a note
    /// no trusted key signed.
    pub fn verify<'k>(
        &self,
        trusted: &'k [NoteVerifier],
    ) -> Result<Vec<&'k NoteVerifier>, NoteError> {
        let mut signed_by: Vec<&'k NoteVerifier> = Vec::new();
        for sig in &self.signatures {
            let Some(key) = trusted
                .iter()
                .find(|k| k.key_id == sig.key_id && k.name == sig.name)
            else {
                continue;
            };
            if !key.verify(&self.text, &sig.signature) {
                return Err(NoteError::InvalidSignature {
                    name: sig.name.clone(),
                    key_id: sig.key_id,
                });
            }
            if !signed_by.iter().any(|k| std::ptr::eq(*k, key)) {
                signed_by.push(key);
            }
        }
        if signed_by.is_empty() {
            return Err(NoteError::NotSigned);
        }
        Ok(signed_by)
    }
}

impl fmt::Display for Note {
    /// The signed note as sent: text, blank line, one line per signature.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        f.write_str("\n")?;
        for sig in &self.signatures {
            writeln!(f, "{sig}")?;
        }
        Ok(())
    }
}

/// Reads `— <name> <base64>`; the decoded signature holds a key ID and at least one byte.
fn parse_signature_line(line: &str) -> Option<NoteSignature> {
    let rest = line.strip_prefix(SIGNATURE_PREFIX)?;
    let (name, b64) = rest.split_once(' ')?;
    if !is_valid_key_name(name) {
        return None;
    }
    let bytes = crate::hash::decode_base64(b64)?;
    if bytes.len() < 5 {
        return None;
    }
    let (id, signature) = bytes.split_at(4);
    Some(NoteSignature {
        name: name.to_owned(),
        key_id: u32::from_be_bytes(id.try_into().ok()?),
        signature: signature.to_vec(),
    })
}

/// Signs `text` with each signer and returns the signed note's bytes as text.
pub fn sign(text: &str, signers: &[&NoteSigner]) -> Result<String, NoteError> {
    let mut note = Note::new(text)?;
    for signer in signers {
        note.sign(signer)?;
    }
    Ok(note.to_string())
}

/// Parses a signed note and verifies it against the trusted keys; the note is returned
/// only when at least one trusted key signed it and none failed.
pub fn open(message: &[u8], trusted: &[NoteVerifier]) -> Result<Note, NoteError> {
    let note = Note::parse(message)?;
    note.verify(trusted)?;
    Ok(note)
}
