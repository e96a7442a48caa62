//! Worst-case inputs from #9, each scaled to about 10 MB:
//! `cargo bench --bench worst_case`.
//!
//! Each case is a workspace built to hit one cost: thousands of ignores or
//! user rules, one very long line, huge role lists, many unknown members,
//! huge or deeply nested arrays, many findings, a diff of two such sides.
//! Every command a pull request's files reach runs on it (check in human,
//! JSON and SARIF, licenses, report, why, diff); the median wall time and
//! the peak memory of each are reported, never asserted. The target (#9):
//! no input of at most 10 MB takes more than 2 s or 500 MB.
//! Options (after `--`): `--runs N --out DIR`.

mod common;
use common::median;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Each case's files stop growing at this size.
const SIZE: usize = 10_000_000;

const WORKSPACE: &str =
    "[workspace]\nname = \"Worst\"\nsso_domains = [\"acme.com\"]\n\n[licenses]\neditor = 10\n";

/// A member whose email is outside the SSO domain: one `external-member` finding each.
fn external(i: usize) -> String {
    format!("[[member]]\nemail = \"user{i:06}@gmail.com\"\naccount_type = \"standard_member\"\n\n")
}

/// Members appended to `text` until `files` and it reach `SIZE`.
fn fill(text: &mut String, taken: usize, member: impl Fn(usize) -> String) -> usize {
    let mut i = 0;
    while taken + text.len() < SIZE {
        text.push_str(&member(i));
        i += 1;
    }
    i
}

struct Case {
    name: &'static str,
    files: Vec<(String, String)>,
    /// An email for `why`.
    member: String,
    /// Invalid input by design: every command must say so (exit 2), fast.
    invalid: bool,
}

fn case(name: &'static str, files: Vec<(String, String)>, invalid: bool) -> Case {
    Case {
        name,
        files,
        member: "user000001@gmail.com".to_owned(),
        invalid,
    }
}

/// 10,000 `[[ignore]]` globs of every indexed shape (the most allowed),
/// none matching, for a rule firing on every member.
fn many_ignores() -> Case {
    let mut config = String::new();
    for i in 0..10_000 {
        let subject = match i % 5 {
            0 => format!("nomatch{i}-*"),
            1 => format!("*-{i}@else.com"),
            2 => format!("u*x{i}@gmail.com"),
            3 => format!("*ser{i}?z*"),
            _ => format!("user{i}@elsewhere.com"),
        };
        let _ = write!(
            config,
            "[[ignore]]\nrule = \"external-member\"\nsubject = \"{subject}\"\nreason = \"r\"\n"
        );
    }
    let mut members = String::new();
    fill(&mut members, config.len() + WORKSPACE.len(), external);
    case(
        "ignores",
        vec![
            ("workspace.toml".into(), WORKSPACE.into()),
            ("swatch.toml".into(), config),
            ("members.toml".into(), members),
        ],
        false,
    )
}

/// The rest of 10 MB of members, for the policy cases.
fn with_policies(name: &'static str, rules: String) -> Case {
    let mut members = String::new();
    fill(&mut members, rules.len() + WORKSPACE.len(), external);
    case(
        name,
        vec![
            ("workspace.toml".into(), WORKSPACE.into()),
            ("policies/p.toml".into(), rules),
            ("members.toml".into(), members),
        ],
        false,
    )
}

fn rule(i: usize, conditions: &str) -> String {
    format!(
        "[[rule]]\nid = \"w/r{i}\"\nseverity = \"warning\"\nsubject = \"member\"\nmessage = \"{{email}}\"\n[rule.where]\n{conditions}\n"
    )
}

/// 10,000 user rules with glob or exact email conditions, none matching.
fn glob_policies() -> Case {
    let rules = (0..10_000)
        .map(|i| {
            let condition = match i % 4 {
                0 => format!("email = {{ glob = \"nomatch{i}-*\" }}"),
                1 => format!("email = {{ glob = \"u*x{i}@gmail.com\" }}"),
                2 => format!("email = {{ glob = \"*ser{i}?z*\" }}"),
                _ => format!("email = \"user{i}@elsewhere.com\""),
            };
            rule(i, &condition)
        })
        .collect();
    with_policies("glob-rules", rules)
}

/// 10,000 user rules with only a number condition, which no index files:
/// every rule is evaluated on every member.
fn number_policies() -> Case {
    let rules = (0..10_000)
        .map(|i| rule(i, &format!("roles_held = {{ more_than = {} }}", 1_000 + i)))
        .collect();
    with_policies("number-rules", rules)
}

/// One external member whose email line carries a 10 MB comment.
fn long_line() -> Case {
    let line = format!(
        "[[member]]\nemail = \"user000001@gmail.com\" # {}\naccount_type = \"standard_member\"\n",
        "y".repeat(SIZE - 200)
    );
    case(
        "long-line",
        vec![
            ("workspace.toml".into(), WORKSPACE.into()),
            ("members.toml".into(), line),
        ],
        false,
    )
}

/// An application with as many roles as fit in half of 10 MB, and the
/// other half members assigned a role it does not have.
fn huge_roles() -> Case {
    let mut app = "[application]\nname = \"A\"\nowner = \"user000001@gmail.com\"\n".to_owned();
    let mut i = 0;
    while app.len() < SIZE / 2 {
        let _ = write!(app, "[roles.\"R{i:06}\"]\npermissions = []\n");
        i += 1;
    }
    app.push_str("[members]\n");
    let mut members = String::new();
    let assigned = fill(&mut members, app.len() * 2, external);
    for j in 0..assigned {
        let _ = writeln!(app, "\"user{j:06}@gmail.com\" = \"Nope{j}\"");
    }
    case(
        "role-lists",
        vec![
            ("workspace.toml".into(), WORKSPACE.into()),
            ("apps/a.toml".into(), app),
            ("members.toml".into(), members),
        ],
        false,
    )
}

/// An application assigning roles to emails no member has, each close to
/// a member's (for "did you mean"), plus those members.
fn unknown_members() -> Case {
    let mut members = String::new();
    let count = fill(&mut members, SIZE / 2, external);
    let mut app =
        "[application]\nname = \"A\"\nowner = \"user000001@gmail.com\"\n[members]\n".to_owned();
    let mut j = 0;
    while app.len() + members.len() < SIZE {
        let _ = writeln!(app, "\"user{:06}x@gmail.com\" = \"Reader\"", j % count);
        j += 1;
    }
    case(
        "unknown-members",
        vec![
            ("workspace.toml".into(), WORKSPACE.into()),
            ("apps/a.toml".into(), app),
            ("members.toml".into(), members),
        ],
        false,
    )
}

/// Huge arrays: `sso_domains` and a role's `permissions` of megabytes each.
fn huge_arrays() -> Case {
    let domains: Vec<String> = (0..SIZE / 4 / 16)
        .map(|i| format!("\"d{i:07}.com\""))
        .collect();
    let workspace = format!("[workspace]\nsso_domains = [{}]\n", domains.join(", "));
    let permissions = vec!["\"import_data\""; SIZE / 4 / 15].join(", ");
    let app = format!(
        "[application]\nname = \"A\"\nowner = \"user000001@gmail.com\"\n[roles.Big]\npermissions = [{permissions}]\n[members]\n\"user000001@gmail.com\" = \"Big\"\n"
    );
    let mut members = String::new();
    fill(&mut members, workspace.len() + app.len(), external);
    case(
        "huge-arrays",
        vec![
            ("workspace.toml".into(), workspace),
            ("apps/a.toml".into(), app),
            ("members.toml".into(), members),
        ],
        false,
    )
}

/// Arrays and inline tables nested a million deep: invalid, must not
/// overflow the stack.
fn deep_nesting() -> Case {
    let depth = SIZE / 4;
    let text = format!(
        "[[member]]\nemail = \"a@acme.com\"\naccount_type = \"builder\"\n\n[application]\nx = {}{}\ny = {}1{}\n",
        "[".repeat(depth),
        "]".repeat(depth),
        "{a = ".repeat(depth / 5),
        "}".repeat(depth / 5)
    );
    case("deep-nesting", vec![("w.toml".into(), text)], true)
}

/// Members that each fire several rules (external, inactive, a builder
/// with nothing to build): the most findings 10 MB can hold, for the
/// renderers.
fn many_findings(account_type: &str) -> Vec<(String, String)> {
    let mut members = String::new();
    fill(&mut members, WORKSPACE.len(), |i| {
        format!(
            "[[member]]\nemail = \"user{i:06}@gmail.com\"\naccount_type = \"{account_type}\"\nlast_active = 2025-01-01\n\n"
        )
    });
    vec![
        ("workspace.toml".into(), WORKSPACE.into()),
        ("members.toml".into(), members),
    ]
}

/// An inline comment above a table of assignments to unknown members: each
/// finding used to scan back to the table header.
fn inline_above_a_huge_table() -> Case {
    let mut app = "[application]\nname = \"A\"\n# swatch: ignore unknown-member -- imported later\n[members]\n".to_owned();
    let mut j = 0;
    while app.len() < SIZE {
        let _ = writeln!(app, "\"nobody{j:07}@acme.com\" = \"Reader\"");
        j += 1;
    }
    case(
        "inline-ignore",
        vec![
            ("workspace.toml".into(), WORKSPACE.into()),
            ("members.toml".into(), external(1)),
            ("apps/a.toml".into(), app),
        ],
        false,
    )
}

/// 10,000 inline comments (the most allowed) in one block, above megabytes
/// of other comments: each comment's target used to be found by a scan
/// down the block.
fn inline_comment_block() -> Case {
    let mut text = String::new();
    for i in 0..10_000 {
        let _ = writeln!(text, "# swatch: ignore external-member -- reason {i}");
    }
    while text.len() < SIZE - 200 {
        text.push_str("# an ordinary comment line\n");
    }
    text.push_str(&external(1));
    case(
        "inline-block",
        vec![
            ("workspace.toml".into(), WORKSPACE.into()),
            ("members.toml".into(), text),
        ],
        false,
    )
}

fn write(dir: &Path, files: &[(String, String)]) -> usize {
    let _ = std::fs::remove_dir_all(dir);
    let mut total = 0;
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        total += text.len();
    }
    total
}

/// Median wall time and the highest peak memory (KiB) of `runs` runs.
fn measure(args: &[&str], runs: usize, invalid: bool) -> (Duration, u64) {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let output = Command::new("/usr/bin/time")
            .args(["-f", "%M", env!("CARGO_BIN_EXE_swatch")])
            .args(args)
            .env("SWATCH_TODAY", "2026-11-28")
            .stdout(Stdio::null())
            .output()
            .expect("/usr/bin/time runs swatch");
        times.push(start.elapsed());
        let stderr = String::from_utf8_lossy(&output.stderr);
        let code = stderr
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("Command exited with non-zero status "))
            .map_or(0, |c| c.trim().parse().unwrap_or(-1));
        let expected = if invalid { code == 2 } else { code < 2 };
        assert!(expected, "swatch {args:?} exited {code}");
        let kib = stderr.lines().last().and_then(|l| l.trim().parse().ok());
        peak = peak.max(kib.unwrap_or(0));
    }
    (median(times), peak)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let o = common::options(0, 0);
    let runs = o.runs.min(3);
    let mut cases = vec![
        many_ignores(),
        glob_policies(),
        number_policies(),
        long_line(),
        huge_roles(),
        unknown_members(),
        huge_arrays(),
        deep_nesting(),
        inline_above_a_huge_table(),
        inline_comment_block(),
        case("findings", many_findings("builder"), false),
    ];
    cases.push(case("diff-old", many_findings("builder"), false));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<16} {:<22} {:>8} {:>9}",
        "case", "command", "median", "peak"
    );
    let (mut worst_time, mut worst_memory) = (Duration::ZERO, 0);
    for c in &cases {
        let dir = o.out.join("worst").join(c.name);
        let bytes = write(&dir, &c.files);
        let path = dir.display().to_string();
        let mut commands: Vec<(&str, Vec<&str>)> = vec![
            (
                "check --format json",
                vec!["check", &path, "--format", "json"],
            ),
            ("check (human)", vec!["check", &path, "--color", "never"]),
            (
                "check --format sarif",
                vec!["check", &path, "--format", "sarif"],
            ),
            (
                "licenses --format json",
                vec!["licenses", &path, "--format", "json"],
            ),
            ("report (html)", vec!["report", &path]),
            ("why", vec!["why", &c.member, &path]),
        ];
        let new_side;
        if c.name == "diff-old" {
            // The other side: every builder a standard member (a license
            // change for each), so every finding is resolved or new.
            let new = dir.with_file_name("diff-new");
            write(&new, &many_findings("standard_member"));
            new_side = new.display().to_string();
            commands = vec![
                (
                    "diff --format json",
                    vec!["diff", &path, &new_side, "--format", "json"],
                ),
                ("diff (human)", vec!["diff", &path, &new_side]),
                (
                    "diff --format markdown",
                    vec!["diff", &path, &new_side, "--format", "markdown"],
                ),
            ];
        }
        let _ = writeln!(out, "{} ({:.1} MB)", c.name, bytes as f64 / 1e6);
        for (label, args) in &commands {
            let (time, kib) = measure(args, runs, c.invalid);
            worst_time = worst_time.max(time);
            worst_memory = worst_memory.max(kib);
            let _ = writeln!(
                out,
                "{:<16} {label:<22} {:>6.2} s {:>6.0} MB",
                "",
                time.as_secs_f64(),
                kib as f64 / 1024.0
            );
        }
        std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes()).expect("stdout");
        out.clear();
    }
    let _ = writeln!(
        out,
        "worst: {:.2} s, {:.0} MB (target: 2 s, 500 MB)",
        worst_time.as_secs_f64(),
        worst_memory as f64 / 1024.0
    );
    std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes()).expect("stdout");
}
