//! Generates a demonstration collection, to time the generator or to look at it:
//! `cargo run --release -p memoria-demo --example generate -- [--json|--dump] 1000000 [seed]`
//! prints the counts and the time. `--json` also serialises every body to JSON, as a
//! store would; `--dump` prints each record as a line: kind, id, JSON body.

use std::io::Write;
use std::time::Instant;

use memoria_demo::{DemoConfig, generate};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some(m @ ("--json" | "--dump")) => {
            let m = m.to_string();
            args.remove(0);
            m
        }
        _ => String::new(),
    };
    let dump = mode == "--dump";
    let json = dump || mode == "--json";
    let incidents = args
        .first()
        .map_or(2000, |a| a.parse().expect("a number of incidents"));
    let seed = args.get(1).map_or(1, |a| a.parse().expect("a seed"));
    let start = Instant::now();
    let mut bytes = 0usize;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let summary = generate(&DemoConfig { seed, incidents }, &mut |id, e| {
        if json {
            let body = e.to_body().to_string();
            bytes += body.len();
            if dump {
                writeln!(out, "{}\t{id}\t{body}", e.kind()).expect("stdout");
            }
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
