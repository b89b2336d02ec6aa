//! C2SP checkpoints (`c2sp.org/tlog-checkpoint`): the signed statement "the log named
//! *origin* has *size* entries and this root hash".
//!
//! The note text is exactly: the origin line, the tree size in decimal without leading
//! zeros, the base64 root hash, then optional non-empty extension lines. Signing and
//! verifying are those of [`crate::note`]; this module adds the text format and the rule
//! that a checkpoint is only trusted once a trusted key signed it. It does not decide
//! whether two checkpoints are consistent (that takes a proof, see [`crate::proof`]),
//! nor does it keep track of the last checkpoint a client saw.

use std::fmt;

use crate::hash::Hash;
use crate::note::{self, Note, NoteError, NoteSigner, NoteVerifier};

/// A tree head: which log, how many entries, which root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, by convention a schema-less URL such as
    /// `example.org/memoria-log`; the log's key name should be the same.
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// Opaque extra lines. Not recommended: monitors cannot audit them.
    pub extensions: Vec<String>,
}

/// A checkpoint text that is not in the tlog-checkpoint format, or one not properly
/// signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint's signed note is not valid")]
    Note(#[from] NoteError),
    #[error("a checkpoint needs an origin, a tree size and a root hash line")]
    MissingLines,
    #[error("the checkpoint origin must be a non-empty line")]
    BadOrigin,
    #[error("the checkpoint tree size must be a decimal number without leading zeros")]
    BadSize,
    #[error("the checkpoint root must be a 32-byte hash in padded base64")]
    BadRoot,
    #[error("checkpoint extension lines must be non-empty")]
    BadExtension,
    #[error("the checkpoint is for log {found:?}, expected {expected:?}")]
    WrongOrigin { expected: String, found: String },
}

impl Checkpoint {
    /// The note text of this checkpoint.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            self.root.to_base64()
        );
        for line in &self.extensions {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// Reads a checkpoint note text (not a signed note: see [`open`]).
    pub fn parse_text(text: &str) -> Result<Self, CheckpointError> {
        let body = text
            .strip_suffix('\n')
            .ok_or(CheckpointError::MissingLines)?;
        let mut lines = body.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(CheckpointError::MissingLines);
        };
        if origin.is_empty() || origin.chars().any(|c| c < ' ') {
            return Err(CheckpointError::BadOrigin);
        }
        let canonical = size == "0" || (!size.starts_with('0') && !size.is_empty());
        if !canonical || !size.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CheckpointError::BadSize);
        }
        let size = size.parse().map_err(|_| CheckpointError::BadSize)?;
        let root = Hash::from_base64(root).map_err(|_| CheckpointError::BadRoot)?;
        let extensions = lines.map(str::to_owned).collect::<Vec<_>>();
        if extensions
            .iter()
            .any(|l| l.is_empty() || l.chars().any(|c| c < ' '))
        {
            return Err(CheckpointError::BadExtension);
        }
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root,
            extensions,
        })
    }

    /// The signed checkpoint note, signed by each of `signers` (the log key first).
    pub fn sign(&self, signers: &[&NoteSigner]) -> Result<String, CheckpointError> {
        // Check our own output: an origin with a newline would shift every line.
        let text = self.to_text();
        let again = Self::parse_text(&text)?;
        if again != *self {
            return Err(CheckpointError::BadOrigin);
        }
        Ok(note::sign(&text, signers)?)
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// Verifies a signed checkpoint against the trusted keys and reads it. When `origin` is
/// given, a checkpoint of another log is refused even if a trusted key signed it.
pub fn open(
    message: &[u8],
    trusted: &[NoteVerifier],
    origin: Option<&str>,
) -> Result<Checkpoint, CheckpointError> {
    let note = Note::parse(message)?;
    note.verify(trusted)?;
    let checkpoint = Checkpoint::parse_text(note.text())?;
    if let Some(expected) = origin
        && checkpoint.origin != expected
    {
        return Err(CheckpointError::WrongOrigin {
            expected: expected.to_owned(),
            found: checkpoint.origin,
        });
    }
    Ok(checkpoint)
}
