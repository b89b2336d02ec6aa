//! A reader wrapper that counts and hashes the bytes going through it, and refuses to
//! deliver more than a set number of bytes past a mark.
//!
//! The cap is what keeps a single huge field (a 1 GB cell, by mistake or by malice)
//! from being buffered whole: the CSV parser buffers the row it is reading, so the
//! limit has to be enforced below it, on the bytes it is fed. After each row the
//! reader moves the mark to where the next row starts.

use std::cell::{Cell, RefCell};
use std::io::{self, Read};
use std::rc::Rc;

use sha2::{Digest, Sha256};

/// Shared between the wrapper (owned by a parser) and the code driving the parser.
#[derive(Debug, Default)]
pub(crate) struct Meter {
    bytes: Cell<u64>,
    /// No byte past this offset is delivered.
    limit: Cell<u64>,
    hasher: RefCell<Sha256>,
}

/// The error a [`MeteredRead`] returns at its limit; recognised by its message.
pub(crate) const ROW_TOO_LARGE: &str = "memoria: row larger than the cap";

impl Meter {
    pub fn new() -> Rc<Meter> {
        Rc::new(Meter {
            limit: Cell::new(u64::MAX),
            ..Meter::default()
        })
    }

    pub fn bytes(&self) -> u64 {
        self.bytes.get()
    }

    /// Allows `cap` more bytes after `offset`.
    pub fn allow_after(&self, offset: u64, cap: u64) {
        self.limit.set(offset.saturating_add(cap));
    }

    pub fn sha256_hex(&self) -> String {
        hex(&self.hasher.borrow().clone().finalize())
    }

    /// Whether an IO error is this wrapper's limit.
    pub fn is_limit_error(e: &io::Error) -> bool {
        e.kind() == io::ErrorKind::InvalidData && e.to_string() == ROW_TOO_LARGE
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) struct MeteredRead<R> {
    inner: R,
    meter: Rc<Meter>,
}

impl<R: Read> MeteredRead<R> {
    pub fn new(inner: R, meter: Rc<Meter>) -> MeteredRead<R> {
        MeteredRead { inner, meter }
    }
}

impl<R: Read> Read for MeteredRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let m = &self.meter;
        let room = m.limit.get().saturating_sub(m.bytes.get());
        if room == 0 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, ROW_TOO_LARGE));
        }
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        m.bytes.set(m.bytes.get() + n as u64);
        m.hasher.borrow_mut().update(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_limit_and_hashes_what_passed() {
        let meter = Meter::new();
        meter.allow_after(0, 5);
        let mut r = MeteredRead::new(&b"hello world"[..], meter.clone());
        let mut out = Vec::new();
        let err = r.read_to_end(&mut out).unwrap_err();
        assert!(Meter::is_limit_error(&err));
        assert_eq!(out, b"hello");
        assert_eq!(
            meter.sha256_hex(),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
    }
}
