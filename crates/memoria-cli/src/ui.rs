//! All human output goes through here, to stderr, so that stdout stays clean for
//! machine output (JSON) that scripts pipe elsewhere.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Prints a line for the person at the terminal.
pub fn say(line: impl AsRef<str>) {
    eprintln!("{}", line.as_ref());
}

/// Prints an error with its chain of causes, each on its own line.
pub fn error(e: &anyhow::Error) {
    eprintln!("error: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}

/// A progress bar on stderr, hidden when stderr is not a terminal (CI, pipes, logs).
pub fn progress_bar(total: Option<u64>, what: &str) -> ProgressBar {
    let bar = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let style = match total {
        Some(_) => {
            ProgressStyle::with_template("{msg:12} [{bar:40}] {bytes}/{total_bytes} eta {eta}")
        }
        None => ProgressStyle::with_template("{msg:12} {spinner} {pos}"),
    }
    .expect("static template")
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// A spinner for work with no count to show, turning by itself until finished; its
/// message can say which stage the work is at.
pub fn spinner(what: &str) -> ProgressBar {
    let spinner = ProgressBar::new_spinner();
    if !std::io::stderr().is_terminal() {
        spinner.set_draw_target(ProgressDrawTarget::hidden());
    }
    spinner.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("static template"));
    spinner.set_message(what.to_string());
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    spinner
}

/// A bar counting items (records) rather than bytes; its length is set once known.
pub fn counter_bar(what: &str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{msg:12} [{bar:40}] {pos}/{len} eta {eta}")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}
