//! Shared helpers for the integration tests: run the binary, write scratch workspaces.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// stdout as JSON; a failure shows both streams.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", self.stdout, self.stderr))
    }
}

/// Run swatch with a pinned date and no colour, from `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_swatch"))
        .args(args)
        .current_dir(dir)
        .env("SWATCH_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("swatch runs");
    Output {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

/// A temporary folder holding `files`.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
    }
    dir
}

/// Run git in `dir` as a test's setup (not as swatch runs it): a fixed
/// author, no signing, `main` as the first branch; a failure fails the test.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=swatch",
            "-c",
            "user.email=ci@swatch.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Check `markdown` as GitHub reads it (`CommonMark` with tables): no raw
/// HTML, no link or image, no `needle` in the text outside code spans and
/// blocks (where a mention or an autolinked URL would be live), and every
/// table row splits into its header's number of cells.
pub fn assert_inert_markdown(markdown: &str, needles: &[&str]) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                // swatch's own markers and collapsible sections only.
                let h = h.trim();
                let own = h.starts_with("<!-- swatch-")
                    || h.starts_with("<details><summary>")
                    || ["<details>", "</details>", "<summary>", "</summary>"].contains(&h);
                assert!(own, "raw HTML {h:?} in\n{markdown}");
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("a link or image in\n{markdown}")
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => {
                for needle in needles {
                    assert!(
                        !text.contains(needle),
                        "{needle:?} outside a code span: {text:?} in\n{markdown}"
                    );
                }
            }
            _ => {}
        }
    }
    // GitHub splits a row on every `|` that no backslash escapes, before
    // it reads code spans (cmark-gfm's cell scanner: `\\.` or not `|`).
    let cells = |line: &str| {
        let mut chars = line.chars();
        let mut pipes = 0;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '|' => pipes += 1,
                _ => {}
            }
        }
        pipes
    };
    let mut header = None;
    for line in markdown.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            let expected = *header.get_or_insert(n);
            assert_eq!(
                n, expected,
                "a row splits differently from its header: {line}"
            );
        } else {
            header = None;
        }
    }
}

/// A file of a scratch workspace.
pub fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).expect("readable")
}

/// The lines of `before` that `after` changed: removed and added, in order.
pub fn changed_lines(before: &str, after: &str) -> Vec<String> {
    similar::TextDiff::from_lines(before, after)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value().trim_end()))
        .collect()
}
