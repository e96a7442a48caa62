//! Built-in rules: one file per rule, one line per rule in [`BUILTIN`].
//!
//! A rule reads the model and the derived licenses and reports findings
//! through a [`RuleContext`]; it never formats output. Its user
//! documentation is `rules/<id>.md` at the top of the project, embedded here
//! and printed by `swatch explain`.

use crate::config::Config;
use crate::finding::{Finding, FixEdit, Safety, Severity, Subject, SubjectKind};
use crate::license::{Licenses, MemberLicense};
use crate::model::{License, Member, Model};
use crate::source::Loc;
use jiff::civil::Date;

mod api_key_owner_not_admin;
mod app_security_delegated;
mod deactivated_member_assigned;
mod expired_api_key;
mod external_member;
mod inactive_member;
mod last_admin;
mod license_over_purchased;
mod member_without_access;
mod missing_app_owner;
mod orphaned_api_key;
mod orphaned_automation;
mod over_provisioned_editor;
mod primary_owner;
mod public_block;
mod role_write_default;
mod stale_api_key;
mod unknown_member;
mod unknown_role;
mod unused_role;

/// What a rule is about, for grouping in `swatch rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Ownership,
    Licenses,
    Access,
    References,
    Hygiene,
    Suppressions,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ownership => "ownership",
            Self::Licenses => "licenses",
            Self::Access => "access",
            Self::References => "references",
            Self::Hygiene => "hygiene",
            Self::Suppressions => "suppressions",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// `rules/<id>.md`.
    pub docs: &'static str,
    /// The fix its findings can carry (`swatch fix`), and how safe it is;
    /// `None`: the right change needs a person's choice.
    pub fix: Option<crate::finding::Safety>,
}

impl RuleMeta {
    /// The first paragraph of the docs after the title: one line for `swatch rules`.
    pub fn summary(&self) -> &'static str {
        summary_of(self.docs)
    }
}

pub fn summary_of(docs: &str) -> &str {
    docs.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or_default()
}

/// A built-in check over the model.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &mut RuleContext<'_>);
}

/// Declares a rule's unit struct and metadata; its docs come from
/// `rules/<id>.md`.
macro_rules! declare_rule {
    ($name:ident, id = $id:literal, severity = $severity:ident, category = $category:ident $(, fix = $fix:ident)?) => {
        pub(crate) struct $name;

        impl $name {
            pub(crate) const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                id: $id,
                severity: $crate::finding::Severity::$severity,
                category: $crate::rules::Category::$category,
                docs: include_str!(concat!("../../rules/", $id, ".md")),
                fix: $crate::rules::declare_rule!(@fix $($fix)?),
            };
        }
    };
    (@fix) => {
        None
    };
    (@fix $fix:ident) => {
        Some($crate::finding::Safety::$fix)
    };
}
pub(crate) use declare_rule;

/// Every built-in rule that checks the model, sorted by id.
pub static BUILTIN: &[&dyn Rule] = &[
    &api_key_owner_not_admin::ApiKeyOwnerNotAdmin,
    &app_security_delegated::AppSecurityDelegated,
    &deactivated_member_assigned::DeactivatedMemberAssigned,
    &expired_api_key::ExpiredApiKey,
    &external_member::ExternalMember,
    &inactive_member::InactiveMember,
    &last_admin::LastAdmin,
    &license_over_purchased::LicenseOverPurchased,
    &member_without_access::MemberWithoutAccess,
    &missing_app_owner::MissingAppOwner,
    &orphaned_api_key::OrphanedApiKey,
    &orphaned_automation::OrphanedAutomation,
    &over_provisioned_editor::OverProvisionedEditor,
    &primary_owner::PrimaryOwner,
    &public_block::PublicBlock,
    &role_write_default::RoleWriteDefault,
    &stale_api_key::StaleApiKey,
    &unknown_member::UnknownMember,
    &unknown_role::UnknownRole,
    &unused_role::UnusedRole,
];

/// Rules about suppressions themselves, reported by `crate::suppress`.
pub static SUPPRESSION_RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "expired-ignore",
        severity: Severity::Warning,
        category: Category::Suppressions,
        docs: include_str!("../../rules/expired-ignore.md"),
        fix: Some(Safety::Safe),
    },
    RuleMeta {
        id: "stale-baseline",
        severity: Severity::Info,
        category: Category::Suppressions,
        docs: include_str!("../../rules/stale-baseline.md"),
        fix: Some(Safety::Safe),
    },
    RuleMeta {
        id: "unused-ignore",
        severity: Severity::Warning,
        category: Category::Suppressions,
        docs: include_str!("../../rules/unused-ignore.md"),
        fix: Some(Safety::Safe),
    },
];

/// Every built-in rule's metadata, by id.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut all: Vec<&RuleMeta> = BUILTIN
        .iter()
        .map(|r| r.meta())
        .chain(SUPPRESSION_RULES)
        .collect();
    all.sort_by_key(|m| m.id);
    all
}

/// A rule as listed by `swatch rules`, SARIF and `explain`: built-in or user.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc<'a> {
    pub id: &'a str,
    pub severity: Severity,
    pub summary: &'a str,
    pub docs: &'a str,
    /// `builtin` or `user`.
    pub source: &'static str,
}

/// Every rule, built-in ones by id, then user rules by id.
pub fn documented(policies: &crate::policy::Policies) -> Vec<RuleDoc<'_>> {
    all_meta()
        .into_iter()
        .map(|m| RuleDoc {
            id: m.id,
            severity: m.severity,
            summary: m.summary(),
            docs: m.docs,
            source: "builtin",
        })
        .chain(policies.policies.iter().map(|p| RuleDoc {
            id: &p.id,
            severity: p.severity,
            summary: p.summary(),
            docs: &p.docs,
            source: "user",
        }))
        .collect()
}

/// What a rule sees, and where it reports.
pub struct RuleContext<'a> {
    pub model: &'a Model,
    pub licenses: &'a Licenses<'a>,
    pub config: &'a Config,
    pub today: Date,
    rule: &'static str,
    severity: Severity,
    findings: Vec<Finding>,
}

impl<'a> RuleContext<'a> {
    pub fn new(
        licenses: &'a Licenses<'a>,
        config: &'a Config,
        today: Date,
        rule: &'static str,
        severity: Severity,
    ) -> Self {
        Self {
            model: licenses.model,
            licenses,
            config,
            today,
            rule,
            severity,
            findings: Vec::new(),
        }
    }

    /// Report a finding; refine it with the returned builder.
    pub fn report(
        &mut self,
        kind: SubjectKind,
        name: impl Into<String>,
        loc: Option<Loc>,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.rule.to_owned(),
            severity: self.severity,
            subject: Subject::new(kind, name),
            message: message.into(),
            label: String::new(),
            help: String::new(),
            loc,
            involved: Vec::new(),
            yearly_saving: None,
            quantity: None,
            fix: None,
        });
        self.findings.last_mut().expect("just pushed")
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// A member's derived license (by position in the model).
    pub fn license_of(&self, index: usize) -> MemberLicense<'a> {
        self.licenses.members[index]
    }

    /// A license's name in this workspace's model.
    pub fn name(&self, license: License) -> &'static str {
        self.model.license_model.name(license)
    }

    /// "$1,150/yr" for a yearly amount in cents.
    pub fn money(&self, cents: i64) -> String {
        format!("{}/yr", crate::report::json::amount(self.model, cents))
    }

    /// What moving a member from one license to another saves a year.
    pub fn saving(&self, from: License, to: Option<License>) -> i64 {
        self.model.prices.of(from) - to.map_or(0, |t| self.model.prices.of(t))
    }

    /// Days from `date` to today (positive when `date` is in the past).
    pub fn days_since(&self, date: Date) -> i64 {
        (self.today - date).get_days().into()
    }

    pub fn days_until(&self, date: Date) -> i64 {
        -self.days_since(date)
    }
}

impl Finding {
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = label.into();
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = help.into();
        self
    }

    pub fn saving(&mut self, cents: i64) -> &mut Self {
        self.yearly_saving = Some(cents);
        self
    }

    pub fn quantity(&mut self, quantity: crate::quantity::Quantity) -> &mut Self {
        self.quantity = Some(quantity);
        self
    }

    /// Say in the help that the change needs a person's choice, and which
    /// `swatch what-if` shows what one such change would do
    /// (`what_if` are its flags, already quoted with [`quoted`]).
    pub fn no_fix(&mut self, what_if: &str) -> &mut Self {
        self.help.push_str(&format!(
            "; no automatic fix (the change is a person's choice): `swatch what-if {what_if}` shows what one would do"
        ));
        self
    }

    /// Attach the fix `swatch fix --unsafe` applies: it changes access.
    pub fn unsafe_fix(&mut self, summary: impl Into<String>, edits: Vec<FixEdit>) -> &mut Self {
        self.fix = Some(crate::finding::Fix {
            safety: Safety::Unsafe,
            summary: summary.into(),
            edits,
        });
        self
    }
}

/// A `what-if` flag's value for a shell: in single quotes, a quote in it
/// written as `'\''`, so a name with spaces or `&` is pasted as one word.
pub fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'\\''"))
}

/// "an explorer", "a contributor".
pub fn with_article(word: &str) -> String {
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}

/// A member as a subject: kind `member`, named by the lower-cased email.
pub fn member_subject(member: &Member) -> (SubjectKind, String) {
    (SubjectKind::Member, member.key.clone())
}

#[cfg(test)]
mod meta_tests {
    use super::*;

    /// The rule ids cli.md fixes.
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
        let mut contract = CONTRACT.to_vec();
        contract.sort_unstable();
        assert_eq!(ids, contract);
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

    /// A finding carries a fix only of the safety its rule declares.
    #[test]
    fn findings_carry_the_fix_their_rule_declares() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
        let (config, workspace) = crate::load::open(&root, None, None).unwrap();
        let licenses = Licenses::derive(&workspace.model);
        let today = "2026-11-28".parse().unwrap();
        let policies = crate::policy::Policies::default();
        let findings = crate::lint::findings(&licenses, &config, &policies, today);
        let mut fixed = 0;
        for f in &findings {
            let meta = all_meta().into_iter().find(|m| m.id == f.rule).unwrap();
            if let Some(fix) = &f.fix {
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
}

#[cfg(test)]
pub(crate) mod testing {
    //! Run one rule on an inline workspace.
    use super::*;
    use crate::test_utils::workspace;

    pub(crate) const TODAY: &str = "2026-11-28";

    pub(crate) fn check_with(
        rule: &dyn Rule,
        config: &Config,
        files: &[(&str, &str)],
    ) -> Vec<Finding> {
        let ws = workspace(files);
        let licenses = Licenses::derive(&ws.model);
        let meta = rule.meta();
        let mut cx = RuleContext::new(
            &licenses,
            config,
            TODAY.parse().unwrap(),
            meta.id,
            meta.severity,
        );
        rule.check(&mut cx);
        let mut findings = cx.into_findings();
        crate::finding::sort(&mut findings, &ws.sources);
        findings
    }

    pub(crate) fn check(rule: &dyn Rule, files: &[(&str, &str)]) -> Vec<Finding> {
        check_with(rule, &Config::default(), files)
    }

    /// The subject names of the findings.
    pub(crate) fn subjects(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.subject.name.as_str()).collect()
    }
}
