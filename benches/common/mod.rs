//! What the benchmarks share: their options and the median.

use std::path::PathBuf;
use std::time::Duration;

pub(crate) struct Options {
    pub(crate) members: usize,
    pub(crate) apps: usize,
    pub(crate) runs: usize,
    pub(crate) out: PathBuf,
}

/// `--members N --apps N --runs N --out DIR` after `--`, over these defaults
/// (5 runs, data under target/bench-data).
pub(crate) fn options(members: usize, apps: usize) -> Options {
    let mut o = Options {
        members,
        apps,
        runs: 5,
        out: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--members" => o.members = value.parse().expect("--members N"),
            "--apps" => o.apps = value.parse().expect("--apps N"),
            "--runs" => o.runs = value.parse().expect("--runs N"),
            "--out" => o.out = PathBuf::from(value),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

pub(crate) fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
