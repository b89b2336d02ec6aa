//! [`ContentHash`]: how a caller names a file in the vault.

use std::fmt;
use std::str::FromStr;

/// The SHA-256 of a file's plaintext bytes, the name a caller uses for it.
///
/// The vault never writes it down in the clear: objects are named by a keyed hash of
/// it, and the copy inside each object is encrypted, so that holding a file does not let
/// anyone confirm it is in the vault.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lowercase hexadecimal, as `sha256sum` prints it.
    pub fn to_hex(&self) -> String {
        data_encoding::HEXLOWER.encode(&self.0)
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({self})")
    }
}

/// A string that is not 64 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a content hash is 64 hexadecimal digits (a SHA-256, as sha256sum prints it)")]
pub struct ParseContentHashError;

impl FromStr for ContentHash {
    type Err = ParseContentHashError;

    /// Accepts upper- or lowercase hexadecimal.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let lower = text.to_ascii_lowercase();
        let bytes = data_encoding::HEXLOWER
            .decode(lower.as_bytes())
            .map_err(|_| ParseContentHashError)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| ParseContentHashError)?;
        Ok(Self(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_other_lengths() {
        let text = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let hash: ContentHash = text.parse().unwrap();
        assert_eq!(hash.to_string(), text);
        assert_eq!(text.to_uppercase().parse::<ContentHash>(), Ok(hash));
        assert!(text[..62].parse::<ContentHash>().is_err());
        assert!(format!("{text}00").parse::<ContentHash>().is_err());
        assert!("zz".repeat(32).parse::<ContentHash>().is_err());
    }
}
