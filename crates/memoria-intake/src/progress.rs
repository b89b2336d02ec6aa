//! Progress reporting, so that the command line can draw a bar during a long import
//! or export without the library knowing anything about terminals.

/// Told how far an import or export has come.
pub trait Progress {
    /// The work starts; `total_bytes` is the input's size when it is known.
    fn start(&mut self, total_bytes: Option<u64>);
    /// `bytes_done` bytes and `rows_done` rows (or lines) are behind us.
    fn advance(&mut self, bytes_done: u64, rows_done: u64);
    /// The work is over, whether it succeeded or not.
    fn finish(&mut self);
}

/// Progress that goes nowhere, for tests and quiet callers.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&mut self, _total_bytes: Option<u64>) {}
    fn advance(&mut self, _bytes_done: u64, _rows_done: u64) {}
    fn finish(&mut self) {}
}
