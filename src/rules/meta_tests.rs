//! The registry against its contract and its documentation: ids, docs
//! sections, and what each `rules/<id>.md` states against `declare_rule!`.

use super::*;

/// The rule ids cli.md fixes: a new rule extends them, none is renamed
/// or dropped.
const CONTRACT: [&str; 23] = [
    "missing-app-owner",
    "orphaned-api-key",
    "orphaned-automation",
    "role-write-default",
    "over-provisioned-editor",
    "inactive-member",
    "license-over-purchased",
    "primary-owner",
    "last-admin",
    "unknown-member",
    "unknown-role",
    "api-key-owner-not-admin",
    "stale-api-key",
    "expired-api-key",
    "external-member",
    "app-security-delegated",
    "deactivated-member-assigned",
    "unused-role",
    "member-without-access",
    "public-block",
    "unused-ignore",
    "expired-ignore",
    "stale-baseline",
];

#[test]
fn every_contract_id_is_registered_once() {
    let ids: Vec<&str> = all_meta().iter().map(|m| m.id).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique, "ids are unique and sorted");
    let missing: Vec<&str> = CONTRACT
        .into_iter()
        .filter(|id| !ids.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "contract ids not registered: {missing:?}"
    );
    for id in ids {
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id} is kebab-case"
        );
    }
}

#[test]
fn every_rule_has_complete_docs_and_every_doc_a_rule() {
    for meta in all_meta() {
        assert!(
            meta.docs.starts_with(&format!("# {}\n", meta.id)),
            "{} docs title",
            meta.id
        );
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## How to fix",
            "## Options",
        ] {
            assert!(meta.docs.contains(section), "{} lacks {section}", meta.id);
        }
        assert!(!meta.summary().is_empty());
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let id = name.strip_suffix(".md").unwrap();
        assert!(
            all_meta().iter().any(|m| m.id == id),
            "rules/{name} documents no rule"
        );
    }
}

/// Each doc states the severity the macro declares: "Default severity: **warning**.".
#[test]
fn every_doc_states_the_declared_severity() {
    for meta in all_meta() {
        let stated = format!("\nDefault severity: **{}**.\n", meta.severity);
        assert!(meta.docs.contains(&stated), "{} lacks {stated:?}", meta.id);
    }
}

/// The `[rules.ID]` block under "## Options" sets exactly the options
/// the macro declares, each with its default and range in a comment
/// (`days = 120   # default 90; 1 to 36,500`); a rule without options has
/// no such block.
#[test]
fn every_doc_lists_the_declared_options() {
    for meta in all_meta() {
        let Some((_, options)) = meta.docs.split_once("\n## Options\n") else {
            panic!("{} has no options section", meta.id);
        };
        let header = format!("[rules.{}]", meta.id);
        let documented: Vec<&str> = options
            .lines()
            .skip_while(|l| *l != header)
            .skip(1)
            .take_while(|l| *l != "```")
            .collect();
        let keys: Vec<&str> = documented
            .iter()
            .filter_map(|l| l.split_once('=').map(|(key, _)| key.trim()))
            .collect();
        let declared: Vec<&str> = meta.options.iter().map(|o| o.key()).collect();
        assert_eq!(
            keys, declared,
            "{}: options documented vs declared",
            meta.id
        );
        for (line, option) in documented.iter().zip(meta.options) {
            let comment = format!("# default {}; {}", option.default(), option.range());
            assert!(
                line.ends_with(&comment),
                "{}: {line:?} ends with {comment:?}",
                meta.id
            );
        }
    }
}

/// Each doc's "**Automatic fix**" paragraph says what the registry says.
#[test]
fn every_doc_names_its_fix_and_safety() {
    for meta in all_meta() {
        let line = meta
            .docs
            .lines()
            .find(|l| l.starts_with("**Automatic fix**"))
            .unwrap_or_else(|| panic!("{} names no automatic fix", meta.id));
        let said = if line.starts_with("**Automatic fix** (safe)") {
            Some(Safety::Safe)
        } else if line.starts_with("**Automatic fix** (unsafe") {
            Some(Safety::Unsafe)
        } else {
            assert!(line.starts_with("**Automatic fix**: none"), "{}", meta.id);
            None
        };
        assert_eq!(said, meta.fix, "{}", meta.id);
        let command = match meta.fix {
            Some(Safety::Safe) => "`swatch fix`",
            Some(Safety::Unsafe) => "`swatch fix --unsafe`",
            None => "",
        };
        assert!(line.contains(command), "{} names {command}", meta.id);
    }
}

/// A finding carries a fix only of the safety its rule declares, and a
/// size exactly when its rule declares it sized.
#[test]
fn findings_carry_the_fix_their_rule_declares() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    let (config, workspace) = crate::load::open(&root, None, None, None).unwrap();
    let licenses = Licenses::derive(&workspace.model);
    let today = "2026-11-28".parse().unwrap();
    let policies = crate::policy::Policies::default();
    let findings = crate::lint::findings(
        &licenses,
        &config,
        &policies,
        today,
        crate::finding::Words::All,
    );
    let mut fixed = 0;
    for f in &findings {
        let meta = all_meta().into_iter().find(|m| m.id == f.rule).unwrap();
        assert_eq!(
            f.quantity.is_some(),
            meta.sized,
            "{} declares its size",
            f.rule
        );
        if let Some(fix) = f.fix() {
            assert_eq!(Some(fix.safety), meta.fix, "{}", f.rule);
            assert!(!fix.edits.is_empty(), "{}", f.rule);
            fixed += 1;
        }
    }
    assert!(fixed >= 5, "acme has fixable findings");
}

#[test]
fn rule_files_are_named_after_their_ids() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    for rule in BUILTIN {
        let file = format!("{}.rs", rule.meta().id.replace('-', "_"));
        assert!(dir.join(&file).is_file(), "src/rules/{file}");
    }
}

/// A run that keeps no words (`diff`'s counts, the base side of an edited
/// copy) makes the findings a run with words makes, fixes included, once
/// their words are dropped: a rule may skip making words only there.
#[test]
fn a_run_without_words_makes_the_same_findings() {
    use crate::finding::Words;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    let (config, acme) = crate::load::open(&root, None, None, None).unwrap();
    let typos = crate::test_utils::workspace(&[(
        "a.toml",
        "[application]\nname = \"A\"\n[roles.Planner]\npermissions = []\ndefault_access = \"read\"\n[roles.Planer2]\npermissions = []\ndefault_access = \"read\"\n[members]\n\"a@x.com\" = \"PLANNER\"\n\"b@x.com\" = \"Planer\"\n\"c@x.com\" = \"Sales\"\n\"d@x.com\" = \"Readr\"\n\"e@x.com\" = \"Sales\"\n",
    )]);
    let today = "2026-11-28".parse().unwrap();
    let mut compared = 0;
    for workspace in [&acme, &typos] {
        let licenses = Licenses::derive(&workspace.model);
        for rule in BUILTIN {
            let mut worded = crate::lint::run_rule(*rule, &licenses, &config, today, Words::All);
            for f in &mut worded {
                Words::None.settle(f);
            }
            let wordless = crate::lint::run_rule(*rule, &licenses, &config, today, Words::None);
            assert_eq!(wordless, worded, "{}", rule.meta().id);
            compared += worded.len();
        }
    }
    assert!(compared > 20, "{compared} findings compared");
}
