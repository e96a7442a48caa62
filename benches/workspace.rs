//! End-to-end benchmark over generated workspaces: `cargo bench --bench workspace`.
//!
//! Generates deterministic workspaces (1k members and 20 applications, 10k
//! and 200, 100k and 1,000: members in files of 1,000, one file per
//! application; the largest is about 35 MB), then runs the release binary
//! on each, next to the parse floor (`floor`: walk, read and serde into
//! typed structs, on one thread and on every core), and reports medians,
//! ratios to the floor and peak memory. Timings are reported, never
//! asserted. Options (after `--`): `--sizes 1k,10k,100k` (default: all
//! three), or `--members N --apps N` for one other size; `--runs N --out DIR`.
//! Each size ends with `what-if` with one edit against `diff OLD NEW` on
//! the same change.

mod common;
mod floor;
use common::median;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), so every run sees the same workspace.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PERMISSIONS: [&str; 20] = [
    "display_application",
    "configure_application",
    "define_application_security",
    "configure_automations",
    "configure_calendars",
    "view_history",
    "create_delete_folders",
    "create_scenarios",
    "delete_scenarios",
    "formula_playground",
    "open_block_explorer",
    "configure_blocks",
    "configure_views",
    "add_list_items",
    "remove_list_items",
    "reorder_list_items",
    "import_data",
    "open_boards",
    "comment_boards",
    "configure_boards",
];

/// Write the workspace; returns its size in bytes.
pub fn generate(dir: &Path, members: usize, apps: usize) -> u64 {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("members")).expect("mkdir");
    std::fs::create_dir_all(dir.join("apps")).expect("mkdir");
    let mut rng = Rng(0x5eed_cafe_f00d);
    let mut total = 0u64;
    let mut write = |path: PathBuf, text: &str| {
        total += text.len() as u64;
        std::fs::write(path, text).expect("write");
    };
    let email = |i: usize| format!("user{i:06}@acme.com");
    write(
        dir.join("workspace.toml"),
        &format!(
            "[workspace]\nname = \"Generated\"\nsso_domains = [\"acme.com\"]\n\n[licenses]\neditor = {}\ncontributor = {}\nexplorer = {}\n",
            members / 10,
            members / 4,
            members
        ),
    );
    let account_types = ["standard_member"; 16]
        .iter()
        .chain(&["builder", "workspace_admin", "security_admin"])
        .copied()
        .collect::<Vec<_>>();
    for file in 0..members.div_ceil(1000) {
        let mut text = String::new();
        for i in file * 1000..((file + 1) * 1000).min(members) {
            let account_type = if i == 0 {
                "primary_owner"
            } else {
                account_types[rng.below(account_types.len())]
            };
            let status = match rng.below(50) {
                0 => "deactivated",
                1 => "invited",
                _ => "active",
            };
            let _ = write!(
                text,
                "[[member]]\nemail = \"{}\"\nname = \"User {i}\"\naccount_type = \"{account_type}\"\nstatus = \"{status}\"\nlast_active = 2026-{:02}-{:02}\n\n",
                email(i),
                // One member in ten has been away for months.
                if rng.below(10) == 0 {
                    1 + rng.below(6)
                } else {
                    9 + rng.below(3)
                },
                1 + rng.below(28)
            );
        }
        write(dir.join(format!("members/members-{file:03}.toml")), &text);
    }
    // About 7 roles per member spread over the applications.
    let per_app = (members * 6 / apps.max(1)).max(1);
    for app in 0..apps {
        let mut text = format!(
            "[application]\nname = \"App {app:04}\"\nowner = \"{}\"\n\n",
            email(rng.below(members))
        );
        for role in ["Planner", "Analyst", "Approver"] {
            let n = 2 + rng.below(4);
            let perms: Vec<String> = (0..n)
                .map(|_| format!("\"{}\"", PERMISSIONS[rng.below(PERMISSIONS.len())]))
                .collect();
            let access = ["read", "write", "none"][rng.below(3)];
            let _ = write!(
                text,
                "[roles.{role}]\npermissions = [{}]\ndefault_access = \"{access}\"\n\n",
                perms.join(", ")
            );
        }
        text.push_str("[members]\n");
        let start = rng.below(members);
        let roles = ["Planner", "Analyst", "Approver", "Reader", "Contributor"];
        for k in 0..per_app.min(members) {
            let _ = writeln!(
                text,
                "\"{}\" = \"{}\"",
                email((start + k * 7) % members),
                roles[rng.below(roles.len())]
            );
        }
        let _ = write!(
            text,
            "\n[[automation]]\nname = \"Nightly {app}\"\nowner = \"{}\"\n",
            email(rng.below(members))
        );
        write(dir.join(format!("apps/app-{app:04}.toml")), &text);
    }
    total
}

/// Make the workspace a git repository whose last commit edits a role
/// (moving its holders' licenses) and adds a member, as a PR would.
fn commit_a_change(dir: &Path) -> bool {
    let git = |args: &[&str]| {
        Command::new("git")
            .args([
                "-c",
                "user.email=bench@example.com",
                "-c",
                "user.name=bench",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let app = dir.join("apps/app-0000.toml");
    let ok = git(&["init", "-q"]) && git(&["add", "-A"]) && git(&["commit", "-q", "-m", "base"]);
    let text = std::fs::read_to_string(&app).expect("generated app");
    let edited = text.replacen(
        "permissions = [",
        "permissions = [\"configure_blocks\", ",
        1,
    );
    std::fs::write(&app, edited).expect("write");
    std::fs::write(
        dir.join("members/new-hire.toml"),
        "[[member]]\nemail = \"new.hire@acme.com\"\naccount_type = \"builder\"\n",
    )
    .expect("write");
    ok && git(&["add", "-A"]) && git(&["commit", "-q", "-m", "change"])
}

/// `n` user rules, cycling through every subject kind and condition kind;
/// like real policies, each matches few subjects (tens to a few thousand).
fn write_policies(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let templates = [
        (
            "member",
            "domain = { any_of = [\"partner.com\", \"contractors.acme.com\"] }\nlicense = { at_least = \"contributor\" }\nstatus = \"active\"",
        ),
        (
            "member",
            "account_type = \"builder\"\nlast_active = { days_since = { more_than = 200 } }",
        ),
        (
            "assignment",
            "application = { glob = \"App 0001*\" }\nrole = [\"Planner\", \"Approver\"]\nnot = { email = { glob = \"user00*\" } }",
        ),
        (
            "assignment",
            "permissions = { includes_any = [\"define_application_security\", \"view_history\"] }\nstatus = \"deactivated\"",
        ),
        (
            "role",
            "defined = true\ndefault_access = [\"write\", \"unspecified\"]\napplication = { glob = \"App 01*\" }",
        ),
        ("application", "public_blocks = { more_than = 2 }"),
        (
            "api_key",
            "kind = \"scim\"\nnot = { expires = { days_until = { at_most = 365 } } }",
        ),
        (
            "automation",
            "not = { owner = { glob = \"user0*\" } }\nowner_status = \"deactivated\"",
        ),
    ];
    let mut text = String::new();
    for i in 0..n {
        let (subject, conditions) = templates[i % templates.len()];
        let _ = write!(
            text,
            "[[rule]]\nid = \"bench/rule-{i:02}\"\nseverity = \"warning\"\nsubject = \"{subject}\"\nmessage = \"rule {i} fires\"\n[rule.where]\n{conditions}\n\n"
        );
    }
    std::fs::write(dir.join("bench.toml"), text).expect("write");
}

/// `dir` again at `to` without its git folder, each file hard-linked (or
/// copied where the file system cannot link): a second workspace of the
/// same files, at no cost in disk or time.
fn linked_copy(dir: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    let walk = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git");
    for entry in walk {
        let entry = entry.expect("walk the workspace");
        let target = to.join(entry.path().strip_prefix(dir).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// One program to time: a swatch command, or this benchmark's own floor.
struct Case {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
}

impl Case {
    fn swatch(name: &'static str, args: &[&str]) -> Self {
        Self {
            name,
            program: PathBuf::from(env!("CARGO_BIN_EXE_swatch")),
            args: args.iter().map(|&a| a.to_owned()).collect(),
        }
    }

    /// The floor, run as a process of its own like swatch, so times and
    /// peak memory compare like for like (`threads`: 1, or 0 for every core).
    fn floor(name: &'static str, ws: &str, threads: usize) -> Self {
        Self {
            name,
            program: std::env::current_exe().expect("the benchmark's own path"),
            args: vec![
                "--floor".to_owned(),
                ws.to_owned(),
                "--threads".to_owned(),
                threads.to_string(),
            ],
        }
    }

    /// One run: wall time and peak memory (KiB, where `/usr/bin/time` exists).
    fn run(&self) -> (Duration, Option<u64>) {
        let peak_file =
            std::env::temp_dir().join(format!("swatch-bench-peak-{}", std::process::id()));
        let timed = Path::new("/usr/bin/time").exists();
        let mut command = if timed {
            let mut c = Command::new("/usr/bin/time");
            c.arg("-f")
                .arg("%M")
                .arg("-o")
                .arg(&peak_file)
                .arg(&self.program);
            c
        } else {
            Command::new(&self.program)
        };
        let start = Instant::now();
        let status = command
            .args(&self.args)
            .env("SWATCH_TODAY", "2026-11-28")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("the case runs");
        let elapsed = start.elapsed();
        assert!(
            status.code().is_some_and(|c| c < 2),
            "{} {:?} failed: {status}",
            self.program.display(),
            self.args
        );
        let peak = timed
            .then(|| std::fs::read_to_string(&peak_file).ok())
            .flatten()
            .and_then(|text| text.lines().last().and_then(|l| l.trim().parse().ok()));
        (elapsed, peak)
    }
}

/// Median time and highest peak memory of one case.
#[derive(Clone, Copy)]
struct Measured {
    time: Duration,
    peak_kib: Option<u64>,
}

/// Run every case `runs` times, interleaved (case A, B, C, then A, B, C
/// again), so a load that comes and goes on a shared machine falls on all
/// of them alike and the ratios within the run stay comparable.
fn measure_all(cases: &[Case], runs: usize) -> Vec<Measured> {
    let mut times = vec![Vec::new(); cases.len()];
    let mut peaks = vec![None; cases.len()];
    for _ in 0..runs.max(1) {
        for (i, case) in cases.iter().enumerate() {
            let (time, peak) = case.run();
            times[i].push(time);
            peaks[i] = peaks[i].max(peak);
        }
    }
    times
        .into_iter()
        .zip(peaks)
        .map(|(t, peak_kib)| Measured {
            time: median(t),
            peak_kib,
        })
        .collect()
}

/// The sizes of #16: (label, members, applications).
const SIZES: [(&str, usize, usize); 3] = [
    ("1k", 1_000, 20),
    ("10k", 10_000, 200),
    ("100k", 100_000, 1_000),
];

/// The sizes to run: `--sizes 1k,10k` (default: all), or one custom
/// `--members N --apps N`.
fn sizes(o: &common::Options) -> Vec<(String, usize, usize)> {
    let args: Vec<String> = std::env::args().collect();
    let custom = args.iter().any(|a| a == "--members" || a == "--apps");
    if custom {
        return vec![(format!("{}/{}", o.members, o.apps), o.members, o.apps)];
    }
    let wanted = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| "1k,10k,100k".to_owned(), Clone::clone);
    wanted
        .split(',')
        .map(|label| {
            let (label, members, apps) = SIZES
                .iter()
                .find(|(l, _, _)| *l == label.trim())
                .unwrap_or_else(|| panic!("--sizes takes 1k, 10k or 100k, not {label:?}"));
            ((*label).to_owned(), *members, *apps)
        })
        .collect()
}

/// Benchmark one size; appends its table to `out` and returns every
/// case's figures by name (for the growth between sizes).
fn bench_size(
    o: &common::Options,
    label: &str,
    members: usize,
    apps: usize,
    out: &mut String,
) -> Vec<(&'static str, Measured)> {
    let dir = o.out.join(format!("ws-{members}-{apps}"));
    let started = Instant::now();
    let bytes = generate(&dir, members, apps);
    let generated = started.elapsed();
    let repo = commit_a_change(&dir);
    // workspace.toml, the member files, one per application, and the new hire.
    let files = 1 + members.div_ceil(1000) + apps + usize::from(repo);
    let _ = writeln!(
        out,
        "\n== {label}: {members} members, {apps} applications, {files} files, {:.1} MB (generated in {:.1?})",
        bytes as f64 / 1e6,
        generated
    );
    let ws = dir.display().to_string();
    let mut cases = vec![
        Case::floor("floor-1", &ws, 1),
        Case::floor("floor-all", &ws, 0),
        Case::swatch("licenses", &["licenses", &ws, "--format", "json"]),
        Case::swatch("check", &["check", &ws, "--format", "json"]),
        Case::swatch("check-human", &["check", &ws, "--color", "never"]),
        Case::swatch("report-csv", &["report", &ws, "--format", "csv"]),
        Case::swatch("report-md", &["report", &ws, "--format", "markdown"]),
        Case::swatch("report-html", &["report", &ws, "--format", "html"]),
    ];
    if repo {
        cases.push(Case::swatch(
            "diff-base",
            &["diff", "--base", "HEAD~1", &ws, "--format", "json"],
        ));
    }
    // The same check with 50 user rules over every kind of subject, on a
    // second workspace of the same files (a policies folder in the first
    // would change every other case), interleaved with the rest: run
    // after them, its ratio to `check` moved with the machine (#16).
    let with_rules_dir = o.out.join(format!("ws-{members}-{apps}-rules"));
    linked_copy(&dir, &with_rules_dir);
    write_policies(&with_rules_dir.join("policies"), 50);
    let with_rules = with_rules_dir.display().to_string();
    cases.push(Case::swatch(
        "check+rules",
        &["check", &with_rules, "--format", "json"],
    ));
    let mut results: Vec<(&'static str, Measured)> = cases
        .iter()
        .map(|c| c.name)
        .zip(measure_all(&cases, o.runs))
        .collect();
    let _ = std::fs::remove_dir_all(&with_rules_dir);
    results.extend(what_if_against_diff(&dir, &o.out.join("ws-edited"), o.runs));

    let time_of = |name: &str| {
        results
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| m.time)
    };
    let ratio = |time: Duration, base: &str| {
        time_of(base).map_or_else(
            || "    -".to_owned(),
            |t| format!("{:>5.2}", time.as_secs_f64() / t.as_secs_f64()),
        )
    };
    let _ = writeln!(
        out,
        "{:<12} {:>9}  {:>9}  {:>9}  {:>7}  {:>8}",
        "case", "median", "/floor-1", "/floor-all", "/check", "peak"
    );
    for (name, m) in &results {
        let peak = m
            .peak_kib
            .map_or_else(String::new, |kib| format!("{:.0} MB", kib as f64 / 1024.0));
        let _ = writeln!(
            out,
            "{name:<12} {:>7.3} s  {:>8}x  {:>9}x  {:>6}x  {peak:>8}",
            m.time.as_secs_f64(),
            ratio(m.time, "floor-1"),
            ratio(m.time, "floor-all"),
            ratio(m.time, "check"),
        );
    }
    if let (Some(what_if), Some(diff)) = (time_of("what-if"), time_of("diff-old-new")) {
        let _ = writeln!(
            out,
            "what-if (one --assign) / diff OLD NEW on the same change: {:.2}x",
            what_if.as_secs_f64() / diff.as_secs_f64()
        );
    }
    results
}

/// Copy the workspace's files (not its git history) to `to`.
fn copy_tree(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let name = entry.file_name();
        if name == ".git" {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        if source.is_dir() {
            copy_tree(&source, &target);
        } else {
            std::fs::copy(&source, &target).expect("copy");
        }
    }
}

/// `what-if` with one edit against `diff OLD NEW` on the same change
/// (interleaved): the NEW copy is written by `what-if --write`, so both
/// compare the same two workspaces.
fn what_if_against_diff(dir: &Path, edited: &Path, runs: usize) -> Vec<(&'static str, Measured)> {
    let edit = ["--assign", "App 0000/new.hire@acme.com=Planner"];
    copy_tree(dir, edited);
    let (ws, copy) = (dir.display().to_string(), edited.display().to_string());
    let mut write = vec!["what-if", copy.as_str()];
    write.extend(edit);
    write.push("--write");
    Case::swatch("what-if-write", &write).run();
    let mut what_if = vec!["what-if", ws.as_str()];
    what_if.extend(edit);
    what_if.extend(["--format", "json"]);
    let cases = [
        Case::swatch("diff-old-new", &["diff", &ws, &copy, "--format", "json"]),
        Case::swatch("what-if", &what_if),
    ];
    let measured = measure_all(&cases, runs);
    let _ = std::fs::remove_dir_all(edited);
    cases.iter().map(|c| c.name).zip(measured).collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--floor") {
        let root = PathBuf::from(args.get(i + 1).expect("--floor DIR"));
        let threads = args
            .iter()
            .position(|a| a == "--threads")
            .and_then(|i| args.get(i + 1))
            .map_or(0, |n| n.parse().expect("--threads N"));
        floor::run(&root, threads);
        return;
    }
    let o = common::options(100_000, 1_000);
    let mut out = format!(
        "medians of {} runs, interleaved; peak: the highest peak RSS of those runs\n",
        o.runs.max(1)
    );
    let mut by_size = Vec::new();
    for (label, members, apps) in sizes(&o) {
        let results = bench_size(&o, &label, members, apps, &mut out);
        by_size.push((label, results));
    }
    // Linear growth (#16): each case's 100k/10k ratio next to the floor's.
    let find = |label: &str| by_size.iter().find(|(l, _)| l == label).map(|(_, r)| r);
    if let (Some(small), Some(large)) = (find("10k"), find("100k")) {
        let _ = writeln!(out, "\n== growth from 10k to 100k (time, peak memory)");
        for ((name, a), (_, b)) in small.iter().zip(large) {
            let memory = match (a.peak_kib, b.peak_kib) {
                (Some(x), Some(y)) if x > 0 => format!("{:>6.2}x", y as f64 / x as f64),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "{name:<12} {:>6.2}x  {memory}",
                b.time.as_secs_f64() / a.time.as_secs_f64()
            );
        }
    }
    std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes()).expect("stdout");
}
