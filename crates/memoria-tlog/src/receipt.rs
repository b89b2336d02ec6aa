//! Portable inclusion receipts in the C2SP `tlog-proof@v1` text format: an entry's
//! index, its inclusion proof, and the signed checkpoint the proof leads to, so that
//! whoever holds the entry can check, offline and with any tlog-proof tool, that the log
//! holds it.
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! [extra <base64>]
//! index <N>
//! <base64 proof hash, one per line, leaf sibling first>
//!
//! <signed checkpoint note>
//! ```
//!
//! This module only reads and writes the text. Checking a receipt takes the entry, a
//! trusted log key and [`Receipt::verify`]; it never trusts `extra`, which is not signed.

use crate::checkpoint::{self, Checkpoint, CheckpointError};
use data_encoding::BASE64;

use crate::hash::{Hash, leaf_hash};
use crate::note::NoteVerifier;
use crate::proof::{ProofError, verify_inclusion};

const HEADER: &str = "c2sp.org/tlog-proof@v1";

/// An inclusion receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// Unsigned application data; Memoria writes none.
    pub extra: Option<Vec<u8>>,
    pub index: u64,
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, verbatim (with any cosignatures).
    pub checkpoint: String,
}

/// A receipt that cannot be read or does not prove what it says.
#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    #[error("not a c2sp.org/tlog-proof@v1 receipt: {0}")]
    Format(&'static str),
    #[error("the receipt's checkpoint is not trusted")]
    Checkpoint(#[from] CheckpointError),
    #[error("the receipt's proof does not show the entry in the signed tree")]
    Proof(#[from] ProofError),
}

impl Receipt {
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!("extra {}\n", BASE64.encode(extra)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.proof {
            out.push_str(&h.to_base64());
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    pub fn parse(text: &str) -> Result<Self, ReceiptError> {
        let (head, checkpoint) = text
            .split_once("\n\n")
            .ok_or(ReceiptError::Format("no blank line before the checkpoint"))?;
        let mut lines = head.split('\n');
        if lines.next() != Some(HEADER) {
            return Err(ReceiptError::Format(
                "the first line must be c2sp.org/tlog-proof@v1",
            ));
        }
        let mut line = lines.next().ok_or(ReceiptError::Format("no index line"))?;
        let mut extra = None;
        if let Some(b64) = line.strip_prefix("extra ") {
            extra = Some(
                crate::hash::decode_base64(b64)
                    .ok_or(ReceiptError::Format("extra is not padded base64"))?,
            );
            line = lines.next().ok_or(ReceiptError::Format("no index line"))?;
        }
        let index = line
            .strip_prefix("index ")
            .filter(|n| n == &"0" || (!n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())))
            .and_then(|n| n.parse().ok())
            .ok_or(ReceiptError::Format("the index must be a decimal number"))?;
        let proof = lines
            .map(|l| {
                Hash::from_base64(l).map_err(|_| ReceiptError::Format("a proof line is not a hash"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if proof.len() > 63 {
            return Err(ReceiptError::Format("a proof has at most 63 hashes"));
        }
        Ok(Self {
            extra,
            index,
            proof,
            checkpoint: checkpoint.to_owned(),
        })
    }

    /// Checks that `entry` is in the log: the checkpoint carries a signature of a
    /// trusted key (for the log named `origin`, when given) and the proof leads from the
    /// entry's leaf to its root. Returns the checkpoint.
    pub fn verify(
        &self,
        entry: &[u8],
        trusted: &[NoteVerifier],
        origin: Option<&str>,
    ) -> Result<Checkpoint, ReceiptError> {
        let checkpoint = checkpoint::open(self.checkpoint.as_bytes(), trusted, origin)?;
        verify_inclusion(
            &self.proof,
            checkpoint.size,
            self.index,
            &leaf_hash(entry),
            &checkpoint.root,
        )?;
        Ok(checkpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteSigner;
    use crate::tree::{stored_hashes, tree_hash};
    use crate::{Checkpoint, prove_inclusion};

    #[test]
    fn a_receipt_round_trips_and_proves_its_entry_only() {
        let mut stored = Vec::new();
        let entries: Vec<Vec<u8>> = (0..13u8).map(|i| vec![i; 3]).collect();
        for (i, e) in entries.iter().enumerate() {
            let new = stored_hashes(i as u64, e, &stored).unwrap();
            stored.extend(new);
        }
        let signer = NoteSigner::from_seed("example.org/log", &[7; 32]).unwrap();
        let cp = Checkpoint {
            origin: "example.org/log".into(),
            size: 13,
            root: tree_hash(13, &stored).unwrap(),
            extensions: vec![],
        };
        let receipt = Receipt {
            extra: None,
            index: 5,
            proof: prove_inclusion(13, 5, &stored).unwrap(),
            checkpoint: cp.sign(&[&signer]).unwrap(),
        };
        let text = receipt.to_text();
        assert!(text.starts_with("c2sp.org/tlog-proof@v1\nindex 5\n"));
        let back = Receipt::parse(&text).unwrap();
        assert_eq!(back, receipt);
        let trusted = [signer.verifier()];
        assert_eq!(
            back.verify(&entries[5], &trusted, Some("example.org/log"))
                .unwrap(),
            cp
        );
        assert!(matches!(
            back.verify(&entries[6], &trusted, None),
            Err(ReceiptError::Proof(_))
        ));
        let other = NoteSigner::from_seed("example.org/log", &[8; 32]).unwrap();
        assert!(matches!(
            back.verify(&entries[5], &[other.verifier()], None),
            Err(ReceiptError::Checkpoint(_))
        ));
        for bad in [
            "",
            "c2sp.org/tlog-proof@v1\nindex 01\n\nx\n",
            "nope\n\n",
            "c2sp.org/tlog-proof@v1\nindex 1\n!!\n\nx\n",
        ] {
            assert!(Receipt::parse(bad).is_err(), "{bad:?}");
        }
    }
}
