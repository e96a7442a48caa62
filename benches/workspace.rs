//! End-to-end benchmark over generated workspaces: `cargo bench --bench workspace`.
//!
//! Generates a deterministic workspace (default: 100,000 members in files
//! of 1,000, 1,000 applications with one file each, about 33 MB), then runs
//! the release binary on it and reports medians and ratios. Timings are
//! reported, never asserted. Options (after `--`):
//! `--members N --apps N --runs N --out DIR`.

mod common;
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

/// Run a swatch command `runs` times; its median wall time and peak memory (KiB, when measurable).
fn measure(args: &[&str], runs: usize) -> (Duration, Option<u64>) {
    let binary = env!("CARGO_BIN_EXE_swatch");
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let status = Command::new(binary)
            .args(args)
            .env("SWATCH_TODAY", "2026-11-28")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("swatch runs");
        times.push(start.elapsed());
        assert!(
            status.code().is_some_and(|c| c < 2),
            "swatch {args:?} failed: {status}"
        );
    }
    let memory = Command::new("/usr/bin/time")
        .args(["-f", "%M", binary])
        .args(args)
        .env("SWATCH_TODAY", "2026-11-28")
        .stdout(Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok())
        });
    (median(times), memory)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let o = common::options(100_000, 1_000);
    let dir = o.out.join(format!("ws-{}-{}", o.members, o.apps));
    let started = Instant::now();
    let bytes = generate(&dir, o.members, o.apps);
    let ws = dir.display().to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "workspace: {} members, {} applications, {:.1} MB (generated in {:.1?})",
        o.members,
        o.apps,
        bytes as f64 / 1e6,
        started.elapsed()
    );
    let repo = commit_a_change(&dir);
    let mut cases: Vec<(&str, Vec<&str>)> = vec![
        ("licenses", vec!["licenses", &ws, "--format", "json"]),
        ("check", vec!["check", &ws, "--format", "json"]),
        ("check-human", vec!["check", &ws, "--color", "never"]),
        ("report-csv", vec!["report", &ws, "--format", "csv"]),
    ];
    if repo {
        cases.push((
            "diff-base",
            vec!["diff", "--base", "HEAD~1", &ws, "--format", "json"],
        ));
    }
    let policies = dir.join("policies");
    let mut medians: Vec<(&str, Duration)> = Vec::new();
    for (name, args) in &cases {
        let (time, memory) = measure(args, o.runs);
        medians.push((name, time));
        let ratio = |base: &str| {
            medians.iter().find(|(n, _)| *n == base).map_or_else(
                || "    -".to_owned(),
                |(_, t)| format!("{:>5.2}", time.as_secs_f64() / t.as_secs_f64()),
            )
        };
        let memory = memory.map_or_else(String::new, |kib| {
            format!("  peak {:.0} MB", kib as f64 / 1024.0)
        });
        let _ = writeln!(
            out,
            "{name:<12} median {:>7.3} s  {}x licenses  {}x check{memory}",
            time.as_secs_f64(),
            ratio("licenses"),
            ratio("check"),
        );
    }
    // The same check with 50 user rules over every kind of subject.
    write_policies(&policies, 50);
    let (time, _) = measure(&["check", &ws, "--format", "json"], o.runs);
    let check = medians
        .iter()
        .find(|(n, _)| *n == "check")
        .map_or(time, |(_, t)| *t);
    let _ = writeln!(
        out,
        "{:<12} median {:>7.3} s  {:>5.2}x check (50 user rules)",
        "check+rules",
        time.as_secs_f64(),
        time.as_secs_f64() / check.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&policies);
    std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes()).expect("stdout");
}
