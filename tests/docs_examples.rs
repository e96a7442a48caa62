//! The console examples of the README and docs/*.md match what the binary
//! prints today: every line of an example appears in the output, lines
//! between two `...` (or `…`) contiguously, in order. An example that writes files
//! (`--write`) or runs several commands is left to the reader.

#![allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message

mod common;
use common::{root, run};

/// One example: where it is, the command's arguments, the lines shown.
struct Example {
    place: String,
    args: Vec<String>,
    shown: Vec<String>,
}

/// Split a command line as a POSIX shell would for the examples' needs:
/// words separated by spaces, single quotes kept together.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            _ => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

fn examples() -> Vec<Example> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        let mut lines = text.lines().enumerate();
        while let Some((n, line)) = lines.next() {
            if line != "```console" {
                continue;
            }
            let block: Vec<&str> = lines
                .by_ref()
                .map(|(_, l)| l)
                .take_while(|l| *l != "```")
                .collect();
            let Some((command, shown)) = block.split_first() else {
                continue;
            };
            let single = shown.iter().all(|l| !l.starts_with("$ "));
            let Some(command) = command.strip_prefix("$ swatch ") else {
                continue;
            };
            if !single || shown.is_empty() || command.ends_with('\\') || command.contains("--write")
            {
                continue;
            }
            out.push(Example {
                place: format!("{name}:{}", n + 2),
                args: words(command),
                shown: shown.iter().map(|l| (*l).to_owned()).collect(),
            });
        }
    }
    out
}

/// Where `shown` fails to match `printed`, if it does.
fn mismatch(shown: &[String], printed: &str) -> Option<String> {
    let printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
    let mut from = 0;
    for part in shown.split(|l| l == "..." || l == "…") {
        let part: Vec<&str> = part.iter().map(|l| l.trim_end()).collect();
        if part.is_empty() {
            continue;
        }
        let at = (from..=printed.len().saturating_sub(part.len()))
            .find(|&i| printed[i..i + part.len()] == part[..]);
        match at {
            Some(i) => from = i + part.len(),
            None => return Some(part.join("\n")),
        }
    }
    None
}

#[test]
fn console_examples_match_the_output() {
    let examples = examples();
    let mut wrong = Vec::new();
    for example in &examples {
        let args: Vec<&str> = example.args.iter().map(String::as_str).collect();
        let out = run(&args);
        if let Some(part) = mismatch(&example.shown, &out.stdout) {
            wrong.push(format!(
                "{}: `swatch {}` does not print\n{part}\n--- it prints:\n{}{}",
                example.place,
                args.join(" "),
                out.stdout,
                out.stderr
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    // The README's `why` and docs/fix.md's two what-if reports at least.
    assert!(examples.len() >= 3, "{} examples found", examples.len());
}

#[test]
fn a_drifted_example_is_caught() {
    let shown = ["a".to_owned(), "...".to_owned(), "c".to_owned()];
    assert_eq!(mismatch(&shown, "a\nb\nc\n"), None);
    assert_eq!(mismatch(&shown, "c\na\n"), Some("c".to_owned()));
    let contiguous = ["a".to_owned(), "c".to_owned()];
    assert_eq!(mismatch(&contiguous, "a\nb\nc\n"), Some("a\nc".to_owned()));
    assert_eq!(
        words("what-if examples/acme --assign 'FP&A/x y=Planner'"),
        ["what-if", "examples/acme", "--assign", "FP&A/x y=Planner"]
    );
}
