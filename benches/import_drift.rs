//! `swatch import` then `swatch drift` on generated exports:
//! `cargo bench --bench import_drift`.
//!
//! Generates a deterministic members export (default: 100,000 rows, `;`
//! delimited, with a BOM, as Pigment writes it), one assignments export per
//! application (default: 20 of 5,000 rows) and a SCIM `ListResponse` of every
//! user, then runs the release binary: `import` into a fresh folder, and
//! `drift` of that folder against the same exports (with a few planted
//! differences). Reports medians; timings are never asserted. Options
//! (after `--`): `--members N --apps N --runs N --out DIR`.

mod common;
use common::median;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ACCOUNT_TYPES: [&str; 5] = [
    "Standard Member",
    "Standard Member",
    "Standard Member",
    "Builder",
    "Workspace Admin",
];
const STATUSES: [&str; 4] = ["Active", "Active", "Active", "Pending"];
const ROLES: [&str; 5] = ["Reader", "Contributor", "Planner", "Approver", "Modeler"];

/// Writes the exports into `dir`; returns their total size in bytes.
fn generate(dir: &Path, members: usize, apps: usize) -> u64 {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("mkdir");
    let mut csv =
        String::from("\u{feff}Name;Email;Status;Account Type;License Type;Application Access\n");
    let mut scim = String::from(
        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], \"Resources\": [\n",
    );
    for i in 0..members {
        let account_type = if i == 0 {
            "Primary Owner"
        } else {
            ACCOUNT_TYPES[i % ACCOUNT_TYPES.len()]
        };
        let status = if i == 0 {
            "Active"
        } else {
            STATUSES[i % STATUSES.len()]
        };
        let license = license_of(i, account_type, members, apps);
        let _ = writeln!(
            csv,
            "\"User, {i}\";user{i:06}@acme.com;{status};{account_type};{license};1"
        );
        let _ = writeln!(
            scim,
            "{}{{\"userName\": \"user{i:06}@acme.com\", \"displayName\": \"User {i}\", \"active\": {}}}",
            if i == 0 { "" } else { "," },
            i % 997 != 0
        );
    }
    scim.push_str("]}\n");
    std::fs::write(dir.join("members.csv"), &csv).expect("write");
    std::fs::write(dir.join("scim.json"), &scim).expect("write");
    let mut bytes = (csv.len() + scim.len()) as u64;
    let per_app = (members / apps.max(1)).min(5_000);
    for a in 0..apps {
        let mut text = String::from("User;Users roles\n");
        for k in 0..per_app {
            let member = (a * per_app + k) % members;
            let _ = writeln!(
                text,
                "user{member:06}@acme.com;{}",
                ROLES[(a + k) % ROLES.len()]
            );
        }
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("app-{a:02}.csv")), text).expect("write");
    }
    bytes
}

/// The license Pigment would bill, so that a fresh import is nearly in sync:
/// every member holds one role in one application (custom roles imported
/// empty derive contributor). One member in 1,000 is billed otherwise, as
/// planted drift.
fn license_of(i: usize, account_type: &str, members: usize, apps: usize) -> &'static str {
    if i % 1_000 == 999 {
        return "Editor";
    }
    if account_type != "Standard Member" {
        return "Editor";
    }
    let per_app = (members / apps.max(1)).clamp(1, 5_000);
    let (app, k) = (i / per_app, i % per_app);
    if app >= apps {
        return "Explorer";
    }
    match ROLES[(app + k) % ROLES.len()] {
        "Reader" => "Explorer",
        "Modeler" => "Editor",
        _ => "Contributor",
    }
}

fn run(dir: &Path, args: &[String]) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_swatch"))
        .args(args)
        .current_dir(dir)
        .env("SWATCH_TODAY", "2026-11-28")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("swatch runs");
    let elapsed = start.elapsed();
    assert!(
        status.code().is_some_and(|c| c < 2),
        "swatch {args:?} failed: {status}"
    );
    elapsed
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let o = common::options(100_000, 20);
    let dir = o.out.join(format!("exports-{}-{}", o.members, o.apps));
    let bytes = generate(&dir, o.members, o.apps);
    let exports: Vec<String> = ["--members", "members.csv", "--scim", "scim.json"]
        .iter()
        .map(|s| (*s).to_owned())
        .chain((0..o.apps).flat_map(|a| {
            [
                "--assignments".to_owned(),
                format!("App {a:02}=app-{a:02}.csv"),
            ]
        }))
        .collect();
    let mut imports = Vec::new();
    for run_index in 0..o.runs {
        let out = format!("ws-{run_index}");
        let _ = std::fs::remove_dir_all(dir.join(&out));
        let mut args = vec!["import".to_owned()];
        args.extend(exports.iter().cloned());
        args.extend(["--out".to_owned(), out]);
        imports.push(run(&dir, &args));
    }
    let mut drifts = Vec::new();
    for _ in 0..o.runs {
        let mut args = vec!["drift".to_owned(), "ws-0".to_owned()];
        args.extend(exports.iter().cloned());
        args.extend(["--format".to_owned(), "json".to_owned()]);
        drifts.push(run(&dir, &args));
    }
    let mut report = String::new();
    let _ = writeln!(
        report,
        "exports: {} members, {} applications, {:.1} MB",
        o.members,
        o.apps,
        bytes as f64 / 1e6
    );
    let _ = writeln!(
        report,
        "import: median {:.2?} of {}",
        median(imports),
        o.runs
    );
    let _ = writeln!(
        report,
        "drift --format json: median {:.2?} of {}",
        median(drifts),
        o.runs
    );
    std::io::Write::write_all(&mut std::io::stdout(), report.as_bytes()).expect("stdout");
}
