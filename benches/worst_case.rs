//! Worst-case inputs from #9, each scaled to about 10 MB:
//! `cargo bench --bench worst_case`.
//!
//! Each case is a workspace built to hit one cost: thousands of ignores or
//! user rules, one very long line, huge role lists, many unknown members,
//! huge or deeply nested arrays, many findings, a diff of two such sides,
//! a 10 MB export. Every command a pull request's files reach runs on it
//! (check in every format, licenses, rules, report, why, fix --diff,
//! what-if, diff from an empty base, drift); the median wall time and the
//! peak memory of each are reported, never asserted, and the commands over
//! the target are named at the end. The target (#9): no input of at most
//! 10 MB takes more than 2 s or 500 MB. A run past 120 s is stopped.
//! Options (after `--`): `--runs N --out DIR`, `--cases a,b` (by name),
//! `--commands TEXT` (labels containing TEXT); `SWATCH_BIN=PATH` measures
//! another build of swatch.

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
    // A member takes about twice the bytes of its assignment line: the
    // members get two thirds of what the roles leave, the lines the rest.
    let assigned = fill(&mut members, app.len() + (SIZE - app.len()) / 3, external);
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
        // Unique keys (a duplicate is invalid TOML), each a letter or two
        // from a member's email.
        let _ = writeln!(
            app,
            "\"user{:06}x{}@gmail.com\" = \"Reader\"",
            j % count,
            j / count
        );
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

/// Members that each carry a key swatch does not know: the most errors
/// 10 MB can hold (exit 2), for the renderers of invalid input.
fn bad_keys() -> Case {
    let mut members = String::new();
    fill(&mut members, 0, |i| {
        format!(
            "[[member]]\nemail = \"u{i:06}@acme.com\"\naccount_type = \"builder\"\nbogus = 1\n\n"
        )
    });
    case("bad-keys", vec![("members.toml".into(), members)], true)
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

/// A members export of 10 MB (`;`-delimited, with a BOM, as Pigment
/// writes it), for `import`, and `drift` of a one-member workspace.
fn members_export() -> String {
    let mut csv =
        String::from("\u{feff}Name;Email;Status;Account Type;License Type;Application Access\n");
    let mut i = 0;
    while csv.len() < SIZE {
        let _ = writeln!(
            csv,
            "\"User, {i}\";user{i:06}@gmail.com;Active;Standard Member;Explorer;1"
        );
        i += 1;
    }
    csv
}

/// A members export of one row: every other member of a workspace is a
/// difference for `drift`.
const ONE_ROW_EXPORT: &str = "Name;Email;Status;Account Type;License Type;Application Access\n\"User, 1\";user000001@gmail.com;Active;Standard Member;Explorer;1\n";

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

/// One command's result: median wall time, median CPU time (user +
/// system: a shared machine's load moves it much less than the wall time)
/// and highest peak memory (KiB), or that a run passed the time limit.
enum Measured {
    Done(Duration, Duration, u64),
    TimedOut,
}

/// A run longer than this is stopped and reported as such.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Run `swatch args` `runs` times under `/usr/bin/time`.
fn measure(swatch: &str, args: &[String], runs: usize, invalid: bool) -> Measured {
    use std::os::unix::process::CommandExt as _;
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let mut child = Command::new("/usr/bin/time")
            .args(["-f", "%M %U %S", swatch])
            .args(args)
            .env("SWATCH_TODAY", "2026-11-28")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("/usr/bin/time runs swatch");
        // The diagnostics on stderr can be large: read them while it runs.
        let mut pipe = child.stderr.take().expect("stderr");
        let reader = std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = std::io::Read::read_to_end(&mut pipe, &mut text);
            text
        });
        loop {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            if start.elapsed() > TIME_LIMIT {
                // The group: /usr/bin/time and swatch under it.
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .status();
                let _ = child.wait();
                return Measured::TimedOut;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        times.push(start.elapsed());
        let stderr = reader.join().expect("stderr reader");
        let stderr = String::from_utf8_lossy(&stderr);
        let code = stderr
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("Command exited with non-zero status "))
            .map_or(0, |c| c.trim().parse().unwrap_or(-1));
        let expected = if invalid { code == 2 } else { code < 2 };
        assert!(expected, "swatch {args:?} exited {code}");
        let last: Vec<&str> = stderr.lines().last().unwrap_or("").split(' ').collect();
        let number = |i: usize| last.get(i).and_then(|n| n.trim().parse::<f64>().ok());
        peak = peak.max(last.first().and_then(|k| k.parse().ok()).unwrap_or(0));
        cpu.push(Duration::from_secs_f64(
            number(1).unwrap_or(0.0) + number(2).unwrap_or(0.0),
        ));
    }
    Measured::Done(median(times), median(cpu), peak)
}

/// Every command a pull request's files reach, on the workspace `path`:
/// (label, arguments). `empty` is an empty workspace (the base of a PR
/// that adds everything), `export` a one-row members export.
fn commands(path: &str, member: &str, empty: &str, export: &str) -> Vec<(String, Vec<String>)> {
    let list: Vec<(&str, Vec<&str>)> = vec![
        (
            "check --format json",
            vec!["check", path, "--format", "json"],
        ),
        ("check (human)", vec!["check", path]),
        (
            "check --format sarif",
            vec!["check", path, "--format", "sarif"],
        ),
        (
            "check --format github",
            vec!["check", path, "--format", "github"],
        ),
        (
            "check --format junit",
            vec!["check", path, "--format", "junit"],
        ),
        (
            "check --format gitlab",
            vec!["check", path, "--format", "gitlab"],
        ),
        (
            "licenses --format json",
            vec!["licenses", path, "--format", "json"],
        ),
        ("licenses (human)", vec!["licenses", path]),
        (
            "licenses --format csv",
            vec!["licenses", path, "--format", "csv"],
        ),
        ("rules", vec!["rules", path]),
        ("report (html)", vec!["report", path]),
        (
            "report --format markdown",
            vec!["report", path, "--format", "markdown"],
        ),
        (
            "report --format csv",
            vec!["report", path, "--format", "csv"],
        ),
        ("why", vec!["why", member, path]),
        (
            "fix --diff --unsafe",
            vec!["fix", path, "--diff", "--unsafe"],
        ),
        (
            "what-if --status",
            vec![
                "what-if",
                path,
                "--status",
                "user000001@gmail.com=deactivated",
            ],
        ),
        (
            "diff EMPTY NEW --format json",
            vec!["diff", empty, path, "--format", "json"],
        ),
        ("diff EMPTY NEW (human)", vec!["diff", empty, path]),
        (
            "diff EMPTY NEW --format markdown",
            vec!["diff", empty, path, "--format", "markdown"],
        ),
        (
            "drift (one-row export)",
            vec!["drift", path, "--members", export],
        ),
        (
            "drift --format json",
            vec!["drift", path, "--members", export, "--format", "json"],
        ),
    ];
    list.into_iter()
        .map(|(label, args)| {
            (
                label.to_owned(),
                args.into_iter().map(str::to_owned).collect(),
            )
        })
        .collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let o = common::options(0, 0);
    let runs = o.runs.min(3);
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    // `--cases a,b` runs only those; `--commands TEXT` only the commands
    // whose label contains TEXT; SWATCH_BIN another build of swatch.
    let only_cases: Option<Vec<String>> =
        flag("--cases").map(|c| c.split(',').map(str::to_owned).collect());
    let only_commands = flag("--commands");
    let swatch =
        std::env::var("SWATCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_swatch").to_owned());
    let mut cases = vec![
        many_ignores(),
        glob_policies(),
        number_policies(),
        long_line(),
        huge_roles(),
        unknown_members(),
        huge_arrays(),
        deep_nesting(),
        bad_keys(),
        inline_above_a_huge_table(),
        inline_comment_block(),
        case("findings", many_findings("builder"), false),
        case("diff-old", many_findings("builder"), false),
        case(
            "exports",
            vec![
                ("workspace.toml".into(), WORKSPACE.into()),
                ("members.toml".into(), external(1)),
            ],
            false,
        ),
    ];
    cases.retain(|c| {
        only_cases
            .as_ref()
            .is_none_or(|only| only.iter().any(|n| n == c.name))
    });
    let root = o.out.join("worst");
    let empty = root.join("empty");
    write(&empty, &[("workspace.toml".into(), WORKSPACE.into())]);
    let export = root.join("one-row.csv");
    std::fs::write(&export, ONE_ROW_EXPORT).expect("write");
    let (empty, export) = (empty.display().to_string(), export.display().to_string());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<16} {:<34} {:>8} {:>8} {:>9}",
        "case", "command", "median", "cpu", "peak"
    );
    let (mut worst_time, mut worst_memory) = (Duration::ZERO, 0);
    let mut over = Vec::new();
    for c in &cases {
        let dir = root.join(c.name);
        let mut bytes = write(&dir, &c.files);
        let path = dir.display().to_string();
        let mut commands = commands(&path, &c.member, &empty, &export);
        if c.name == "diff-old" {
            // The other side: every builder a standard member (a license
            // change for each), so every finding is resolved or new.
            let new = dir.with_file_name("diff-new");
            write(&new, &many_findings("standard_member"));
            let new = new.display().to_string();
            let args = |format: &[&str]| {
                let mut args = vec!["diff".to_owned(), path.clone(), new.clone()];
                args.extend(format.iter().map(|&a| a.to_owned()));
                args
            };
            commands = vec![
                ("diff --format json".to_owned(), args(&["--format", "json"])),
                ("diff (human)".to_owned(), args(&[])),
                (
                    "diff --format markdown".to_owned(),
                    args(&["--format", "markdown"]),
                ),
            ];
        }
        if c.name == "exports" {
            // 10 MB of export, into a fresh folder and against a
            // workspace of one member (every other row a difference).
            let csv = dir.with_file_name("exports.csv");
            let text = members_export();
            bytes = text.len();
            std::fs::write(&csv, text).expect("write");
            let csv = csv.display().to_string();
            let into = dir.with_file_name("exports-imported").display().to_string();
            commands = vec![
                (
                    "import --out".to_owned(),
                    vec![
                        "import".into(),
                        "--members".into(),
                        csv.clone(),
                        "--out".into(),
                        into,
                    ],
                ),
                (
                    "drift (human)".to_owned(),
                    vec![
                        "drift".into(),
                        path.clone(),
                        "--members".into(),
                        csv.clone(),
                    ],
                ),
                (
                    "drift --format json".to_owned(),
                    vec![
                        "drift".into(),
                        path.clone(),
                        "--members".into(),
                        csv,
                        "--format".into(),
                        "json".into(),
                    ],
                ),
            ];
        }
        // `rules` reads only the config and policies/: valid in an invalid workspace.
        commands.retain(|(label, _)| !(c.invalid && label == "rules"));
        commands.retain(|(label, _)| {
            only_commands
                .as_ref()
                .is_none_or(|t| label.contains(t.as_str()))
        });
        let _ = writeln!(out, "{} ({:.1} MB)", c.name, bytes as f64 / 1e6);
        for (label, args) in &commands {
            // `import` refuses to overwrite: each run starts afresh.
            let measured = if label.starts_with("import") {
                let mut times = Vec::new();
                let mut cpu = Vec::new();
                let mut peak = 0;
                let mut timed_out = false;
                for _ in 0..runs {
                    let _ = std::fs::remove_dir_all(&args[4]);
                    match measure(&swatch, args, 1, c.invalid) {
                        Measured::Done(t, c, kib) => {
                            times.push(t);
                            cpu.push(c);
                            peak = peak.max(kib);
                        }
                        Measured::TimedOut => timed_out = true,
                    }
                }
                if timed_out {
                    Measured::TimedOut
                } else {
                    Measured::Done(median(times), median(cpu), peak)
                }
            } else {
                measure(&swatch, args, runs, c.invalid)
            };
            match measured {
                Measured::Done(time, cpu, kib) => {
                    worst_time = worst_time.max(time);
                    worst_memory = worst_memory.max(kib);
                    if time > Duration::from_secs(2) || kib > 500 * 1024 {
                        over.push(format!("{} {label}", c.name));
                    }
                    let _ = writeln!(
                        out,
                        "{:<16} {label:<34} {:>6.2} s {:>6.2} s {:>6.0} MB",
                        "",
                        time.as_secs_f64(),
                        cpu.as_secs_f64(),
                        kib as f64 / 1024.0
                    );
                }
                Measured::TimedOut => {
                    over.push(format!("{} {label}", c.name));
                    let _ = writeln!(
                        out,
                        "{:<16} {label:<34} over {} s",
                        "",
                        TIME_LIMIT.as_secs()
                    );
                }
            }
            std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes()).expect("stdout");
            out.clear();
        }
    }
    let _ = writeln!(
        out,
        "worst: {:.2} s, {:.0} MB (target: 2 s, 500 MB); over the target: {}",
        worst_time.as_secs_f64(),
        worst_memory as f64 / 1024.0,
        if over.is_empty() {
            "none".to_owned()
        } else {
            over.join("; ")
        }
    );
    std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes()).expect("stdout");
}
