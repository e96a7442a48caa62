//! `swatch report`: snapshots of the markdown and CSV of examples/acme, the
//! HTML parsed as a browser would and checked, exceptions in the sign-off,
//! and the page opened in headless Chromium.

mod common;

use common::{run, run_in, tree};
use scraper::{Html, Selector};
use std::io::Write as _;
use std::path::Path;

const TODAY: &str = "2026-11-28";

fn report(format: &str) -> String {
    let out = run(&[
        "report",
        "examples/acme",
        "--format",
        format,
        "--today",
        TODAY,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn acme_markdown_and_csv() {
    insta::assert_snapshot!("acme_markdown", report("markdown"));
    insta::assert_snapshot!("acme_csv", report("csv"));
}

#[test]
fn csv_has_a_row_per_member_and_application() {
    let csv = report("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "email,name,account_type,status,license,driver,application,role,owner,last_active,findings"
        )
    );
    // Olivia holds nothing: one row, application, role and owner empty.
    let olivia: Vec<&str> = csv.lines().filter(|l| l.starts_with("olivia@")).collect();
    assert_eq!(olivia.len(), 1);
    let cells: Vec<&str> = olivia[0].split(',').collect();
    assert_eq!(&cells[6..9], ["", "", ""]);
    // Judy holds three roles in three applications.
    assert_eq!(csv.lines().filter(|l| l.starts_with("judy@")).count(), 3);
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

fn text(html: &Html) -> String {
    html.root_element().text().collect()
}

#[test]
fn html_names_every_member_and_application_and_loads_nothing() {
    let page = report("html");
    let html = Html::parse_document(&page);
    let body = text(&html);
    for member in [
        "ada@acme.com",
        "walter@acme.com",
        "victor@partner-consulting.com",
        "ghost@acme.com",
    ] {
        assert!(body.contains(member), "{member} missing");
    }
    let apps: Vec<String> = html
        .select(&selector("details.app > summary"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(
        apps,
        [
            "Board Reporting",
            "FP&A",
            "Legacy Capex",
            "Sales Planning",
            "Workforce Planning"
        ]
    );
    assert_eq!(html.select(&selector("#members tbody tr")).count(), 18);
    let outside: Vec<String> = html
        .select(&selector("[src], [href], link, img, iframe, object, embed"))
        .map(|e| format!("{:?}", e.value()))
        .collect();
    assert!(
        outside.is_empty(),
        "the page refers to something outside it: {outside:?}"
    );
    assert!(!page.contains("http://") && !page.contains("https://"));
    for picture in [
        "License distribution",
        "Yearly cost by application",
        "Editor seats by driver",
        "Member by application access",
    ] {
        assert!(
            page.contains(&format!("<title>{picture}</title>")),
            "{picture}"
        );
    }
    assert!(body.contains("Reviewer:") && page.contains("@media print"));
}

const HOSTILE: &str = r#"
[workspace]
name = "<script>alert('ws')</script>"

[[member]]
email = "eve@example.com"
name = "\"><img src=x onerror=alert(1)>"
account_type = "standard_member"
last_active = 2026-11-01
"#;

const HOSTILE_APP: &str = r#"
[application]
name = "<svg onload=alert(2)><b>x"
owner = "eve@example.com"

[members]
"eve@example.com" = "Reader"
"#;

#[test]
fn hostile_names_are_text_in_every_format() {
    let dir = tree(&[
        ("members.toml", HOSTILE.as_bytes()),
        ("apps/x.toml", HOSTILE_APP.as_bytes()),
    ]);
    let run_format = |format: &str| {
        let out = run_in(
            dir.path(),
            &["report", ".", "--format", format, "--today", TODAY],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let page = run_format("html");
    let html = Html::parse_document(&page);
    assert_eq!(
        html.select(&selector("script")).count(),
        1,
        "only swatch's own script"
    );
    assert_eq!(html.select(&selector("img")).count(), 0);
    let body = text(&html);
    assert!(body.contains("\"><img src=x onerror=alert(1)>"));
    assert!(body.contains("<svg onload=alert(2)><b>x"));
    assert_eq!(
        html.select(&selector("[onload], [onerror], details.app > summary *"))
            .count(),
        0
    );
    let markdown = run_format("markdown");
    common::assert_inert_markdown(&markdown, &["<img", "<script", "<svg"]);
    let csv = run_format("csv");
    assert!(csv.contains("\"\"\"><img src=x onerror=alert(1)>\""));
}

#[test]
fn the_sign_off_lists_every_exception_with_its_reason() {
    let dir = tree(&[
        (
            "swatch.toml",
            br#"baseline = "baseline.json"

[[ignore]]
rule = "inactive-member"
subject = "frank@*"
reason = "on leave, SEC-7"
until = 2027-01-31
"#,
        ),
        (
            "members.toml",
            br#"[[member]]
email = "frank@acme.com"
account_type = "standard_member"
last_active = 2026-01-01

# swatch: ignore external-member -- contractor until March, SEC-42
[[member]]
email = "sybil@gmail.com"
account_type = "standard_member"
last_active = 2026-11-01

[[member]]
email = "olivia@acme.com"
account_type = "standard_member"
last_active = 2026-11-01
"#,
        ),
        ("workspace.toml", b"[workspace]\nname = \"Acme\"\nsso_domains = [\"acme.com\"]\n"),
        (
            "baseline.json",
            br#"{"version": 1, "findings": [{"rule": "member-without-access", "subject": {"kind": "member", "name": "olivia@acme.com"}}]}"#,
        ),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "report",
            ".",
            "--format",
            "markdown",
            "--reviewer",
            "Grace Hopper",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sign_off = out.stdout.split("## Sign-off").nth(1).expect("a sign-off");
    assert!(sign_off.contains("Reviewer: `Grace Hopper`"), "{sign_off}");
    let row = |rule: &str| {
        sign_off
            .lines()
            .find(|l| l.starts_with(&format!("| `{rule}` ")))
            .unwrap_or_else(|| panic!("no exception for {rule}:\n{sign_off}"))
            .to_owned()
    };
    let ignore = row("inactive-member");
    assert!(
        ignore.contains("\\[\\[ignore\\]\\]")
            && ignore.contains("on leave, SEC-7")
            && ignore.contains("2027-01-31"),
        "{ignore}"
    );
    let inline = row("external-member");
    assert!(
        inline.contains("inline comment") && inline.contains("contractor until March, SEC-42"),
        "{inline}"
    );
    let baselined = row("member-without-access");
    assert!(
        baselined.contains("baselined, no reason recorded"),
        "{baselined}"
    );
}

#[test]
fn out_writes_a_file_and_refuses_a_symlink() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("review.html");
    let acme = common::root().join("examples/acme");
    let acme = acme.to_str().expect("utf-8 path");
    let target = file.to_str().expect("utf-8 path");
    let out = run(&["report", acme, "--out", target, "--today", TODAY]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    assert!(
        std::fs::read_to_string(&file)
            .expect("written")
            .contains("Access review: Acme")
    );
    #[cfg(unix)]
    {
        let link = dir.path().join("link.html");
        std::os::unix::fs::symlink(&file, &link).expect("symlink");
        let out = run(&[
            "report",
            acme,
            "--out",
            link.to_str().expect("utf-8"),
            "--today",
            TODAY,
        ]);
        assert_eq!(out.code, 2, "{}", out.stderr);
    }
}

#[test]
fn invalid_input_exits_2() {
    let dir = tree(&[("members.toml", b"[[member]]\nemail = 3\n")]);
    let out = run_in(dir.path(), &["report", ".", "--today", TODAY]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("members.toml:2:"), "{}", out.stderr);
}

/// Headless Chromium, if installed (`.ci/run` installs Debian's `chromium`
/// and sets `SWATCH_REQUIRE_CHROMIUM=1`, so CI cannot skip this silently).
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        assert!(
            std::env::var_os("SWATCH_REQUIRE_CHROMIUM").is_none(),
            "SWATCH_REQUIRE_CHROMIUM is set but no chromium was found"
        );
        let _ = writeln!(
            std::io::stderr(),
            "skipped: the headless Chromium test (no chromium on PATH; apt-get install -y chromium)"
        );
    }
    found
}

fn headless(browser: &str, page: &Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(browser)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

/// Open `page` in headless Chromium: a screenshot that must not be blank,
/// with no console output, then the DOM after the page's script ran.
fn open_in_chromium(browser: &str, page: &Path) -> String {
    let shot = page.with_extension("png");
    let out = headless(
        browser,
        page,
        &[
            "--window-size=1280,1600",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let log = String::from_utf8_lossy(&out.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console output: {console:#?}");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("a screenshot"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    let pixels = &pixels[..info.buffer_size()];
    let dark = pixels
        .chunks(info.color_type.samples())
        .filter(|p| p[..3].iter().all(|&c| c < 128))
        .count();
    assert!(dark > 1000, "the screenshot is blank ({dark} dark pixels)");
    let dom = headless(browser, page, &["--dump-dom"]);
    String::from_utf8_lossy(&dom.stdout).into_owned()
}

#[test]
fn chromium_renders_the_page_without_console_errors() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("acme.html");
    std::fs::write(&page, report("html")).expect("write page");
    let dom = open_in_chromium(browser, &page);
    // The script ran: the pager shows, and counts every member.
    assert!(
        dom.contains("18 of 18 members, page 1 of 1"),
        "the member script did not run"
    );
}

/// A workspace of `members` members (files of 1,000) and `apps` applications,
/// each with one custom role and 300 holders.
fn large_workspace(members: usize, apps: usize) -> tempfile::TempDir {
    use std::fmt::Write as _;
    let mut files: Vec<(String, String)> = Vec::new();
    for file in 0..members.div_ceil(1000) {
        let mut text = String::new();
        for i in file * 1000..((file + 1) * 1000).min(members) {
            let account_type = if i == 0 {
                "primary_owner"
            } else {
                "standard_member"
            };
            let _ = write!(
                text,
                "[[member]]\nemail = \"user{i:05}@acme.com\"\nname = \"User {i}\"\naccount_type = \"{account_type}\"\nlast_active = 2026-10-01\n\n"
            );
        }
        files.push((format!("members/m{file:02}.toml"), text));
    }
    for app in 0..apps {
        let mut text = format!(
            "[application]\nname = \"App {app:03}\"\nowner = \"user{:05}@acme.com\"\n\n[roles.Planner]\npermissions = [\"display_application\", \"configure_views\"]\ndefault_access = \"read\"\n\n[members]\n",
            app * 7 % members
        );
        for k in 0..300 {
            let role = if k % 3 == 0 { "Planner" } else { "Reader" };
            let _ = writeln!(
                text,
                "\"user{:05}@acme.com\" = \"{role}\"",
                (app * 97 + k * 31) % members
            );
        }
        files.push((format!("apps/app{app:03}.toml"), text));
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_bytes()))
        .collect();
    tree(&files)
}

/// docs/report.md gives the size of this report and says it stays usable:
/// the 10,000-member page opens, its script pages every member, no errors.
#[test]
fn chromium_opens_the_report_of_ten_thousand_members() {
    let Some(browser) = chromium() else { return };
    let dir = large_workspace(10_000, 100);
    let page = dir.path().join("report.html");
    let out = run_in(
        dir.path(),
        &["report", ".", "--out", "report.html", "--today", TODAY],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let size = std::fs::metadata(&page).expect("the report").len();
    assert!(
        size < 20_000_000,
        "the 10,000-member report grew to {size} bytes"
    );
    let dom = open_in_chromium(browser, &page);
    assert!(
        dom.contains("10000 of 10000 members, page 1 of 100"),
        "the member script did not page the 10,000 members"
    );
}

/// An assignment naming a role the application does not have is in the
/// files, so the review lists it (flagged) in every format.
#[test]
fn an_assignment_to_a_missing_role_is_listed_in_every_format() {
    let dir = tree(&[
        (
            "members.toml",
            b"[[member]]\nemail = \"po@trial.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"jon@trial.com\"\naccount_type = \"standard_member\"\nlast_active = 2026-11-20\n",
        ),
        ("workspace.toml", b"[workspace]\nname = \"Trial\"\nsso_domains = [\"trial.com\"]\n"),
        (
            "apps/sales.toml",
            b"[application]\nname = \"Sales\"\nowner = \"po@trial.com\"\n[roles.Reader]\npermissions = [\"display_application\"]\ndefault_access = \"read\"\n[members]\n\"jon@trial.com\" = \"Approver\"\n",
        ),
    ]);
    let run_format = |format: &str| {
        let out = run_in(
            dir.path(),
            &["report", ".", "--format", format, "--today", TODAY],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let markdown = run_format("markdown");
    let rows: Vec<&str> = markdown
        .lines()
        .filter(|l| l.contains("no such role"))
        .collect();
    insta::assert_snapshot!("missing_role_markdown", rows.join("\n"));
    insta::assert_snapshot!("missing_role_csv", run_format("csv"));
    let page = run_format("html");
    let html = Html::parse_document(&page);
    let flagged: Vec<String> = html
        .select(&selector("tr.flagged"))
        .map(|row| row.text().collect::<Vec<_>>().join("|"))
        .filter(|row| row.contains("no such role"))
        .collect();
    insta::assert_snapshot!("missing_role_html", flagged.join("\n"));
}

/// With `--base`, the summary's cost uses the change's `[pricing]` while
/// "Changes since" uses the base's (as `diff` does): the summary says so,
/// and an invited member's license change is marked as `diff` marks it.
#[test]
fn with_a_base_edited_prices_are_named_and_invited_members_marked() {
    let app = |role: &str| {
        format!(
            "[application]\nname = \"A\"\nowner = \"po@x.com\"\n[roles.Viewer]\npermissions = [\"display_application\"]\ndefault_access = \"read\"\n[roles.Writer]\npermissions = [\"display_application\", \"import_data\"]\ndefault_access = \"read\"\n[members]\n\"inv@x.com\" = \"{role}\"\n"
        )
    };
    let members = "[workspace]\nname = \"X\"\nsso_domains = [\"x.com\"]\n[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"inv@x.com\"\naccount_type = \"standard_member\"\nstatus = \"invited\"\n";
    let dir = tree(&[
        ("w.toml", members.as_bytes()),
        ("a.toml", app("Viewer").as_bytes()),
    ]);
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["add", "."]);
    common::git(dir.path(), &["commit", "-q", "-m", "base"]);
    std::fs::write(dir.path().join("a.toml"), app("Writer")).expect("write");
    std::fs::write(
        dir.path().join("w.toml"),
        format!("{members}[pricing]\neditor = 1\n"),
    )
    .expect("write");
    let run_format = |format: &str| {
        let out = run_in(
            dir.path(),
            &[
                "report", ".", "--base", "HEAD", "--format", format, "--today", TODAY,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let markdown = run_format("markdown");
    let summary = markdown.split("## Applications").next().expect("a summary");
    let shown: Vec<&str> = summary
        .lines()
        .filter(|l| l.contains("settings") || l.contains("inv@x.com") || l.contains("total"))
        .collect();
    insta::assert_snapshot!("base_settings_markdown", shown.join("\n"));
    let page = run_format("html");
    let body = text(&Html::parse_document(&page));
    assert!(
        body.contains("this change's settings, which differ from `HEAD`'s")
            && body.contains("`pricing.editor` `2750` → `1`"),
        "{body}"
    );
    assert!(
        body.contains("inv@x.com: explorer → contributor (invited)"),
        "{body}"
    );
}

/// #9: a role held by 250 members, a member assigned in 120 applications
/// and an assignment list to a missing role: the HTML and markdown lists
/// stop after 100 with the exact rest; the CSV keeps every row.
#[test]
fn long_lists_stop_after_a_hundred_with_the_exact_rest() {
    let mut members = String::from(
        "[workspace]\nname = \"W\"\n\n[[member]]\nemail = \"po@acme.com\"\naccount_type = \"primary_owner\"\n",
    );
    let mut big = String::from(
        "[application]\nname = \"Big\"\nowner = \"po@acme.com\"\n[roles.R]\npermissions = [\"open_boards\"]\ndefault_access = \"read\"\n[members]\n",
    );
    for i in 0..250 {
        members.push_str(&format!(
            "[[member]]\nemail = \"m{i:03}@acme.com\"\naccount_type = \"standard_member\"\n"
        ));
        big.push_str(&format!(
            "\"m{i:03}@acme.com\" = \"{}\"\n",
            if i < 200 { "R" } else { "Gone" }
        ));
    }
    let mut files = vec![
        ("w.toml".to_owned(), members),
        ("apps/big.toml".to_owned(), big),
    ];
    for a in 0..120 {
        files.push((
            format!("apps/a{a:03}.toml"),
            format!("[application]\nname = \"A{a:03}\"\nowner = \"po@acme.com\"\n[roles.R]\npermissions = [\"open_boards\"]\ndefault_access = \"read\"\n[members]\n\"m000@acme.com\" = \"R\"\n"),
        ));
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    let dir = tree(&files);
    let out = |format: &str| {
        let out = run_in(
            dir.path(),
            &["report", ".", "--format", format, "--today", TODAY],
        );
        assert_ne!(out.code, 2, "{}", out.stderr);
        out.stdout
    };
    let html = out("html");
    assert!(html.contains("m099@acme.com") && !html.contains("m100@acme.com</span>"));
    assert!(html.contains("and 100 more"), "the role's 200 holders");
    assert!(html.contains("and 21 more"), "m000's 121 applications");
    let page = Html::parse_document(&html);
    let rows = page.select(&selector("#members tbody tr")).count();
    assert_eq!(rows, 251, "every member keeps a row");
    let markdown = out("markdown");
    assert!(markdown.contains("and 100 more") && markdown.contains("and 21 more"));
    let missing = markdown
        .lines()
        .find(|l| l.starts_with("| `Gone`"))
        .expect("the missing role's row");
    assert_eq!(
        missing.matches("@acme.com`").count(),
        50,
        "listed whole: {missing}"
    );
    let csv = out("csv");
    assert_eq!(csv.lines().filter(|l| l.contains(",Big,R,")).count(), 200);
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("m000@acme.com,"))
            .count(),
        121
    );
}

/// With `--base`, a finding on both sides that grew (more seats over the
/// purchase) is listed under "Grown findings", as `diff` lists it; it is
/// neither new nor resolved.
#[test]
fn with_a_base_a_finding_that_grew_is_listed() {
    let editors = |n: usize| {
        let mut text = String::from(
            "[workspace]\nname = \"X\"\n[licenses]\neditor = 1\n[[member]]\nemail = \"po@x.com\"\naccount_type = \"primary_owner\"\n",
        );
        for i in 0..n {
            text.push_str(&format!(
                "[[member]]\nemail = \"e{i}@x.com\"\naccount_type = \"workspace_admin\"\n"
            ));
        }
        text
    };
    let dir = tree(&[("w.toml", editors(2).as_bytes())]);
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["add", "."]);
    common::git(dir.path(), &["commit", "-q", "-m", "base"]);
    std::fs::write(dir.path().join("w.toml"), editors(4)).expect("write");
    for format in ["markdown", "html"] {
        let out = run_in(
            dir.path(),
            &[
                "report", ".", "--base", "HEAD", "--format", format, "--today", TODAY,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let body = if format == "html" {
            text(&Html::parse_document(&out.stdout))
        } else {
            out.stdout
        };
        let grown = body
            .split("Grown findings")
            .nth(1)
            .unwrap_or_else(|| panic!("{format}: no grown findings in {body}"));
        assert!(
            grown.contains("license-over-purchased") && grown.contains("grew from"),
            "{format}: {grown}"
        );
        let new = body.split("New findings").nth(1).unwrap_or("");
        assert!(
            !new.split("Grown findings")
                .next()
                .unwrap_or("")
                .contains("license-over-purchased"),
            "{format}: listed as new too"
        );
    }
}
