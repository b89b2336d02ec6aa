//! The intake crate's progress reports drawn as a bar on the terminal.

use indicatif::ProgressBar;

/// A progress bar that hides itself when stderr is not a terminal.
pub struct Bar {
    bar: Option<ProgressBar>,
    what: String,
    /// The total size, when the caller knows it better than the importer.
    pub total: Option<u64>,
}

impl Bar {
    pub fn new(what: &str) -> Bar {
        Bar {
            bar: None,
            what: what.to_string(),
            total: None,
        }
    }
}

impl memoria_intake::Progress for Bar {
    fn start(&mut self, total_bytes: Option<u64>) {
        self.bar = Some(crate::ui::progress_bar(
            total_bytes.or(self.total),
            &self.what,
        ));
    }

    fn advance(&mut self, bytes_done: u64, _rows_done: u64) {
        if let Some(b) = &self.bar {
            b.set_position(bytes_done);
        }
    }

    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
