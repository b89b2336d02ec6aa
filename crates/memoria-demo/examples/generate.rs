//! Generates a demonstration collection, to time the generator or to look at it:
//! `cargo run --release -p memoria-demo --example generate -- 1000000 [seed]` prints
//! the counts and the time; with `--dump` first, every record is printed as a JSON line.

use std::io::Write;
use std::time::Instant;

use memoria_demo::{DemoConfig, generate};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let dump = args.first().is_some_and(|a| a == "--dump");
    if dump {
        args.remove(0);
    }
    let incidents = args
        .first()
        .map_or(2000, |a| a.parse().expect("a number of incidents"));
    let seed = args.get(1).map_or(1, |a| a.parse().expect("a seed"));
    let start = Instant::now();
    let mut bytes = 0usize;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Serialise every body, as a store would, so that the timing is honest.
    let summary = generate(&DemoConfig { seed, incidents }, &mut |id, e| {
        let body = e.to_body().to_string();
        bytes += body.len();
        if dump {
            writeln!(out, "{}\t{id}\t{body}", e.kind()).expect("stdout");
        }
    });
    drop(out);
    eprintln!("{summary}");
    eprintln!(
        "{incidents} incidents in {:.2?}; {:.1} MB of JSON bodies",
        start.elapsed(),
        bytes as f64 / 1e6
    );
}
