//! The architecture, held: `src/`'s modules import one way, bottom up, in
//! the order of [`LAYERS`], and no two modules of one folder import each
//! other (directly or around a loop). Test code (`#[cfg(test)]` modules)
//! may reach anywhere. README.md's layout table explains each layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every top-level module of `src/`, bottom up: a module may import only
/// the ones listed before it. A new module must be placed here.
const LAYERS: &[&[&str]] = &[
    // Foundation: files, spans, errors and text safety; no domain knowledge.
    &[
        "source",
        "excerpt",
        "error",
        "exit",
        "code_span",
        "ci_log",
        "pattern",
        "read",
        "write",
    ],
    // The workspace's data, and the span-keeping TOML reader that fills it.
    &["model"],
    &["toml_read"],
    &["finding"],
    &["config"],
    &["load"],
    &["license"],
    &["rules"],
    &["policy"],
    &["suppress"],
    // Rules + policies + suppressions → findings.
    &["lint"],
    // Output building blocks shared by every renderer.
    &["text"],
    &["why"],
    &["diff"],
    // The findings, licenses and diff reports in every format.
    &["report"],
    // Feature folders that compute and render their own results.
    &[
        "export", "import", "drift", "edit", "audit", "init", "explain", "help",
    ],
    &["cli"],
    // Entry points for the fuzz targets; test helpers and property tests.
    &["fuzzing", "test_utils", "properties"],
];

fn rank_of() -> BTreeMap<&'static str, usize> {
    LAYERS
        .iter()
        .flat_map(|layer| layer.iter())
        .copied()
        .enumerate()
        .map(|(i, m)| (m, i))
        .collect()
}

/// A source file's text without `#[cfg(test)]` modules and `//` comments.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|next| is_module_line(next)) {
            // Skip the module: up to the line that closes it at its indentation.
            let indent = line.len() - line.trim_start().len();
            let closing = format!("{}}}", " ".repeat(indent));
            for skipped in lines.by_ref() {
                code.push('\n');
                if skipped == closing {
                    break;
                }
            }
            code.push('\n');
            continue;
        }
        let without_comment = line.find("//").map_or(line, |i| &line[..i]);
        code.push_str(without_comment);
        code.push('\n');
    }
    code
}

/// `mod x {`, `pub(crate) mod x {`.
fn is_module_line(line: &str) -> bool {
    let line = line.trim_start();
    let line = line
        .strip_prefix("pub(crate) ")
        .or_else(|| line.strip_prefix("pub "))
        .unwrap_or(line);
    line.starts_with("mod ")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Module paths named after `prefix` (`crate::` or `super::`), with their
/// 1-based line: `crate::a::b::c` gives `[a, b, c]`; `use crate::{a::x, b}`
/// gives `[a, x]` and `[b]`.
fn references(code: &str, prefix: &str) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = code[from..].find(prefix) {
        let start = from + i;
        from = start + prefix.len();
        if code[..start]
            .chars()
            .next_back()
            .is_some_and(|c| is_ident(c) || c == ':' || c == '$')
        {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => items.push(std::mem::take(&mut item)),
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && c != ',' {
                    item.push(c);
                }
            }
            items.push(item);
            for item in items {
                let path = path_of(item.trim());
                if !path.is_empty() && path[0] != "self" {
                    found.push((line, path));
                }
            }
        } else {
            found.push((line, path_of(rest)));
        }
    }
    found
}

/// The leading `a::b::c` of `text`.
fn path_of(text: &str) -> Vec<String> {
    let mut path = Vec::new();
    let mut rest = text;
    loop {
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        path.push(rest[..end].to_owned());
        match rest[end..].strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    path
}

struct SourceFile {
    /// `src/`-relative, with `/`.
    path: String,
    /// Its module path: `report/sarif/mod.rs` is `[report, sarif]`.
    module: Vec<String>,
    code: String,
}

fn source_files() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut test_modules: Vec<Vec<String>> = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("src/ is readable");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let path = entry
            .path()
            .strip_prefix(&root)
            .expect("walkdir yields paths below its root")
            .to_string_lossy()
            .replace('\\', "/");
        let mut module: Vec<String> = path
            .trim_end_matches(".rs")
            .split('/')
            .map(str::to_owned)
            .collect();
        if module.last().is_some_and(|m| m == "mod") {
            module.pop();
        }
        if module == ["lib"] || module == ["main"] {
            module.clear();
        }
        let text = std::fs::read_to_string(entry.path()).expect("source is UTF-8");
        test_modules.extend(test_modules_of(&text).into_iter().map(|name| {
            let mut child = module.clone();
            child.push(name);
            child
        }));
        files.push(SourceFile {
            path,
            module,
            code: code_of(&text),
        });
    }
    // A file that is a `#[cfg(test)] mod tests;` is test code as a whole.
    files.retain(|f| !test_modules.iter().any(|t| f.module.starts_with(t)));
    files
}

/// The modules `text` declares in their own files under `#[cfg(test)]`.
fn test_modules_of(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter(|pair| {
            pair[0] == "#[cfg(test)]" && is_module_line(pair[1]) && pair[1].ends_with(';')
        })
        .filter_map(|pair| {
            let declared = pair[1].trim_end_matches(';');
            declared.rsplit(' ').next().map(str::to_owned)
        })
        .collect()
}

#[test]
fn modules_import_only_layers_below_them() {
    let rank = rank_of();
    let mut wrong = Vec::new();
    for file in source_files() {
        let Some(top) = file.module.first() else {
            continue;
        };
        let Some(&own) = rank.get(top.as_str()) else {
            wrong.push(format!(
                "src/{}: module `{top}` is in no layer of tests/layering.rs",
                file.path
            ));
            continue;
        };
        for (line, path) in references(&file.code, "crate::") {
            let Some(target) = path.first() else { continue };
            if target == top {
                continue;
            }
            match rank.get(target.as_str()) {
                Some(&theirs) if theirs < own => {}
                Some(_) => wrong.push(format!(
                    "src/{}:{line}: `{top}` imports `crate::{}`, but `{target}` is not below `{top}` in the layers",
                    file.path,
                    path.join("::")
                )),
                None => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn modules_of_one_folder_import_each_other_one_way() {
    // Edges between sibling modules: `report::human` → `report::json`.
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in source_files() {
        // `super` of `report/human.rs` and of `report/mod.rs` alike is one module up.
        let parent = file.module[..file.module.len().saturating_sub(1)].to_vec();
        let mut named: Vec<(usize, Vec<String>)> = references(&file.code, "crate::");
        for (line, path) in references(&file.code, "super::") {
            let mut full = parent.clone();
            full.extend(path);
            named.push((line, full));
        }
        for (line, path) in named {
            // The first place where the two paths part, below a shared folder.
            let shared = file
                .module
                .iter()
                .zip(&path)
                .take_while(|(a, b)| a == b)
                .count();
            if shared < file.module.len() && shared < path.len() && shared > 0 {
                let from = file.module[..=shared].join("::");
                let to = path[..=shared].join("::");
                edges
                    .entry(from)
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| format!("src/{}:{line}", file.path));
            }
        }
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        let mut stack = vec![start.clone()];
        find_cycles(&edges, &mut stack, &mut done, &mut cycles);
    }
    assert!(
        cycles.is_empty(),
        "modules of one folder import each other:\n{}",
        cycles.join("\n")
    );
}

fn find_cycles(
    edges: &BTreeMap<String, BTreeMap<String, String>>,
    stack: &mut Vec<String>,
    done: &mut BTreeSet<String>,
    cycles: &mut Vec<String>,
) {
    let current = stack
        .last()
        .cloned()
        .expect("the walk starts from a module");
    if done.contains(&current) {
        return;
    }
    for (next, place) in edges.get(&current).into_iter().flatten() {
        if let Some(at) = stack.iter().position(|m| m == next) {
            let mut loop_ = stack[at..].to_vec();
            loop_.push(next.clone());
            cycles.push(format!("{} (at {place})", loop_.join(" → ")));
        } else {
            stack.push(next.clone());
            find_cycles(edges, stack, done, cycles);
            stack.pop();
        }
    }
    done.insert(current);
}

#[test]
fn test_modules_in_their_own_files_are_found() {
    assert_eq!(
        test_modules_of(
            "mod lower;\n#[cfg(test)]\nmod tests;\n#[cfg(test)]\npub(crate) mod testing {\n}\n"
        ),
        ["tests"]
    );
}

#[test]
fn the_scanner_reads_imports_as_rustc_does() {
    let code = code_of(
        "use crate::{model::{A, B}, load::x};\n// crate::report in a comment\nfn f() { crate::why::run(); }\n#[cfg(test)]\nmod tests {\n    use crate::cli;\n}\n",
    );
    let found: Vec<_> = references(&code, "crate::")
        .into_iter()
        .map(|(line, p)| (line, p.join("::")))
        .collect();
    assert_eq!(
        found,
        [
            (1, "model".to_owned()),
            (1, "load::x".to_owned()),
            (3, "why::run".to_owned())
        ]
    );
}

#[test]
fn no_file_in_src_is_over_600_lines() {
    // A file past this holds more than one idea: split it by concern.
    const MAX_LINES: usize = 600;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let long: Vec<String> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("src/ is readable"))
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "rs"))
        .filter_map(|entry| {
            let lines = std::fs::read_to_string(entry.path())
                .expect("source is UTF-8")
                .lines()
                .count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", entry.path().display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_readme_layout_names_every_part_of_src() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    let layout = readme
        .split("\n## Layout\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README.md has a Layout section");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src/ is readable") {
        let entry = entry.expect("src/ is readable");
        let name = entry.file_name().to_string_lossy().into_owned();
        let shown = if entry.path().is_dir() {
            format!("`src/{name}/`")
        } else {
            format!("`src/{name}`")
        };
        if !layout.contains(&shown) {
            missing.push(shown);
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "README.md's layout table does not name: {}",
        missing.join(", ")
    );
}
