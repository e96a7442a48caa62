//! Built-in rules: one file per rule, one line per rule in
//! [`builtin_rules!`].
//!
//! A rule reads the model and the derived licenses and reports findings
//! through a [`RuleContext`]; it never formats output. Its file declares it
//! with [`declare_rule!`] (id, severity, category, options, fix) and
//! implements [`Check`]. Its user documentation is `rules/<id>.md` at the top
//! of the project, embedded here and printed by `swatch explain`; a meta test
//! holds the documented severity and options to the declaration.

use crate::config::{Config, RuleOption};
use crate::finding::{Edits, Finding, Safety, Severity, Subject, Text, Words};
use crate::license::{Licenses, MemberLicense};
use crate::model::{License, Model};
use crate::source::Loc;
use jiff::civil::Date;

/// Declares the rule modules and [`BUILTIN`], every built-in rule that
/// checks the model: one `module::Rule` line per rule.
macro_rules! builtin_rules {
    ($($module:ident::$rule:ident),* $(,)?) => {
        $(mod $module;)*

        /// Every built-in rule that checks the model.
        pub(crate) static BUILTIN: &[&dyn Rule] = &[$(&$module::$rule),*];
    };
}

builtin_rules![
    api_key_owner_not_admin::ApiKeyOwnerNotAdmin,
    app_security_delegated::AppSecurityDelegated,
    deactivated_member_assigned::DeactivatedMemberAssigned,
    expired_api_key::ExpiredApiKey,
    external_member::ExternalMember,
    inactive_member::InactiveMember,
    last_admin::LastAdmin,
    license_over_purchased::LicenseOverPurchased,
    member_without_access::MemberWithoutAccess,
    missing_app_owner::MissingAppOwner,
    orphaned_api_key::OrphanedApiKey,
    orphaned_automation::OrphanedAutomation,
    over_provisioned_editor::OverProvisionedEditor,
    primary_owner::PrimaryOwner,
    public_block::PublicBlock,
    role_write_default::RoleWriteDefault,
    stale_api_key::StaleApiKey,
    unknown_member::UnknownMember,
    unknown_role::UnknownRole,
    unused_role::UnusedRole,
];

/// What a rule is about, for grouping in `swatch rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    Ownership,
    Licenses,
    Access,
    References,
    Hygiene,
    Suppressions,
}

impl Category {
    pub(crate) fn as_str(self) -> &'static str {
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
pub(crate) struct RuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// `rules/<id>.md`.
    pub docs: &'static str,
    /// What `[rules.ID]` accepts besides `severity`.
    pub options: &'static [RuleOption],
    /// Whether its findings have a size (`crate::finding::quantity`), which
    /// baselines record and `[[ignore]] max` bounds.
    pub sized: bool,
    /// The fix its findings can carry (`swatch fix`), and how safe it is;
    /// `None`: the right change needs a person's choice.
    pub fix: Option<Safety>,
}

impl RuleMeta {
    /// The first paragraph of the docs after the title: one line for `swatch rules`.
    pub(crate) fn summary(&self) -> &'static str {
        summary_of(self.docs)
    }
}

pub(crate) fn summary_of(docs: &str) -> &str {
    docs.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or_default()
}

/// A built-in check over the model; [`declare_rule!`] implements it from
/// the rule's declaration and its [`Check`].
pub(crate) trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &mut RuleContext<'_>);
}

/// What a rule's file implements: the check itself.
pub(crate) trait Check {
    fn check(&self, cx: &mut RuleContext<'_>);
}

/// Declares a rule: its metadata (docs from `rules/<id>.md`), and
/// - `declare_rule!(Name, id = …, …)`: a unit struct `Name` implementing
///   [`Rule`] by its `META` and its [`Check`];
/// - `declare_rule!(const NAME, id = …, …)`: the metadata only, for a rule
///   another module reports (the suppression rules, in `crate::suppress`).
///
/// After `id`, `severity` (its default) and `category`: `options = [Days]`
/// for the [`RuleOption`]s `[rules.ID]` takes, `sized = true` when its
/// findings have a size, `fix = Safe | Unsafe` for the fix its findings carry.
macro_rules! declare_rule {
    (const $name:ident, $($meta:tt)*) => {
        pub(crate) const $name: $crate::rules::RuleMeta = $crate::rules::declare_rule!(@meta $($meta)*);
    };
    ($name:ident, $($meta:tt)*) => {
        pub(crate) struct $name;

        impl $name {
            pub(crate) const META: $crate::rules::RuleMeta = $crate::rules::declare_rule!(@meta $($meta)*);
        }

        impl $crate::rules::Rule for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }

            fn check(&self, cx: &mut $crate::rules::RuleContext<'_>) {
                $crate::rules::Check::check(self, cx);
            }
        }
    };
    (@meta id = $id:literal, severity = $severity:ident, category = $category:ident
        $(, options = [$($option:ident),* $(,)?])? $(, sized = $sized:literal)? $(, fix = $fix:ident)? $(,)?) => {
        $crate::rules::RuleMeta {
            id: $id,
            severity: $crate::finding::Severity::$severity,
            category: $crate::rules::Category::$category,
            docs: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $id, ".md")),
            options: &[$($($crate::config::RuleOption::$option),*)?],
            sized: $crate::rules::declare_rule!(@sized $($sized)?),
            fix: $crate::rules::declare_rule!(@fix $($fix)?),
        }
    };
    (@sized) => {
        false
    };
    (@sized $sized:literal) => {
        $sized
    };
    (@fix) => {
        None
    };
    (@fix $fix:ident) => {
        Some($crate::finding::Safety::$fix)
    };
}
pub(crate) use declare_rule;

declare_rule!(
    const EXPIRED_IGNORE,
    id = "expired-ignore",
    severity = Warning,
    category = Suppressions,
    fix = Safe
);
declare_rule!(
    const STALE_BASELINE,
    id = "stale-baseline",
    severity = Info,
    category = Suppressions,
    fix = Safe
);
declare_rule!(
    const UNUSED_IGNORE,
    id = "unused-ignore",
    severity = Warning,
    category = Suppressions,
    fix = Safe
);

/// Rules about suppressions themselves, reported by `crate::suppress`.
pub(crate) static SUPPRESSION_RULES: &[RuleMeta] = &[EXPIRED_IGNORE, STALE_BASELINE, UNUSED_IGNORE];

/// Every built-in rule's metadata, by id.
pub(crate) fn all_meta() -> Vec<&'static RuleMeta> {
    let mut all: Vec<&RuleMeta> = BUILTIN
        .iter()
        .map(|r| r.meta())
        .chain(SUPPRESSION_RULES)
        .collect();
    all.sort_by_key(|m| m.id);
    all
}

/// The options `[rules.ID]` takes for a rule id; none for a user rule or an
/// unknown id.
pub(crate) fn options_of(id: &str) -> &'static [RuleOption] {
    all_meta()
        .into_iter()
        .find(|m| m.id == id)
        .map_or(&[], |m| m.options)
}

/// A rule as listed by `swatch rules`, SARIF and `explain`: built-in or user.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleDoc<'a> {
    pub id: &'a str,
    pub severity: Severity,
    pub summary: &'a str,
    pub docs: &'a str,
    /// `builtin` or `user`.
    pub source: &'static str,
    /// A built-in rule's category; user rules have none.
    pub category: Option<Category>,
    /// The fix its findings carry, if any (user rules have none).
    pub fix: Option<Safety>,
}

/// What a rule sees, and where it reports.
pub(crate) struct RuleContext<'a> {
    pub model: &'a Model,
    pub licenses: &'a Licenses<'a>,
    pub config: &'a Config,
    pub today: Date,
    rule: &'static str,
    severity: Severity,
    findings: Vec<Finding>,
    words: Words<'a>,
}

impl<'a> RuleContext<'a> {
    pub(crate) fn new(
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
            words: Words::All,
        }
    }

    /// Keep only the words `words` keeps, dropping the others' as they are
    /// made.
    pub(crate) fn keeping(self, words: Words<'a>) -> Self {
        Self { words, ..self }
    }

    /// Report a finding; refine it with the returned builder.
    pub(crate) fn report(
        &mut self,
        subject: Subject,
        loc: Option<Loc>,
        message: impl Into<Text>,
    ) -> &mut Finding {
        // The one before is complete: its builder is gone.
        self.settle_last();
        self.findings.push(Finding::new(
            self.rule,
            self.severity,
            subject,
            loc,
            message,
        ));
        self.findings.last_mut().expect("just pushed")
    }

    /// Report a finding without a size whose message and help (`words`)
    /// are made only when it keeps them: words that cost a rule a search
    /// are not made for a finding that would drop them (the base side of a
    /// diff, a finding on both sides of an edited copy, `fix --diff`).
    pub(crate) fn report_with(
        &mut self,
        subject: Subject,
        loc: Option<Loc>,
        words: impl FnOnce() -> (Text, Text),
    ) -> &mut Finding {
        let kept = self.words;
        let finding = self.report(subject, loc, Text::EMPTY);
        // No size yet: what it keeps is decided by what it is.
        if kept.keep(finding) {
            (finding.message, finding.help) = words();
        }
        finding
    }

    pub(crate) fn into_findings(mut self) -> Vec<Finding> {
        self.settle_last();
        self.findings
    }

    fn settle_last(&mut self) {
        if let Some(last) = self.findings.last_mut() {
            self.words.settle(last);
        }
    }

    /// A member's derived license (by position in the model).
    pub(crate) fn license_of(&self, index: usize) -> MemberLicense<'a> {
        self.licenses.members[index]
    }

    /// A license's name in this workspace's model.
    pub(crate) fn name(&self, license: License) -> &'static str {
        self.model.license_model.name(license)
    }

    /// "$1,150/yr" for a yearly amount in cents.
    pub(crate) fn money(&self, cents: i64) -> String {
        format!("{}/yr", self.model.amount(cents))
    }

    /// What moving a member from one license to another saves a year.
    pub(crate) fn saving(&self, from: License, to: Option<License>) -> i64 {
        self.model.prices.of(from) - to.map_or(0, |t| self.model.prices.of(t))
    }

    /// Days from `date` to today (positive when `date` is in the past).
    pub(crate) fn days_since(&self, date: Date) -> i64 {
        (self.today - date).get_days().into()
    }
}

impl Finding {
    pub(crate) fn label(&mut self, label: impl Into<Text>) -> &mut Self {
        self.label = label.into();
        self
    }

    pub(crate) fn help(&mut self, help: impl Into<Text>) -> &mut Self {
        self.help = help.into();
        self
    }

    /// For a thing whose owner is not active: a `swatch what-if` that shows
    /// what reactivating them would do, when they are a member at all.
    pub(crate) fn reactivating(&mut self, owner: Option<&crate::model::Member>) -> &mut Self {
        if let Some(m) = owner {
            self.help = format!(
                "{}; `swatch what-if --status {}` shows what reactivating the owner would do",
                self.help,
                quoted(&format!("{}=active", m.key))
            )
            .into();
        }
        self
    }

    pub(crate) fn saving(&mut self, cents: i64) -> &mut Self {
        self.set_yearly_saving(cents);
        self
    }

    pub(crate) fn quantity(&mut self, quantity: crate::finding::quantity::Quantity) -> &mut Self {
        self.quantity = Some(Box::new(quantity));
        self
    }

    /// Say in the help that the change needs a person's choice, and which
    /// `swatch what-if` shows what one such change would do
    /// (`what_if` are its flags, already quoted with [`quoted`]).
    pub(crate) fn no_fix(&mut self, what_if: &str) -> &mut Self {
        self.help = no_fix(&self.help, what_if).into();
        self
    }

    /// Attach the fix `swatch fix --unsafe` applies: it changes access.
    pub(crate) fn unsafe_fix(&mut self, summary: impl Into<Text>, edits: Edits) -> &mut Self {
        self.set_fix(crate::finding::Fix {
            safety: Safety::Unsafe,
            summary: summary.into(),
            edits,
        });
        self
    }
}

/// `help` with what [`Finding::no_fix`] adds to it: for a help that many
/// findings share, made once.
pub(crate) fn no_fix(help: &str, what_if: &str) -> String {
    format!(
        "{help}; no automatic fix (the change is a person's choice): `swatch what-if {what_if}` shows what one would do"
    )
}

/// A `what-if` flag's value for a shell: in single quotes, a quote in it
/// written as `'\''`, so a name with spaces or `&` is pasted as one word.
pub(crate) fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'\\''"))
}

/// "an explorer", "a contributor".
pub(crate) fn with_article(word: &str) -> String {
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}

#[cfg(test)]
mod meta_tests;

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
        findings.iter().map(|f| f.subject.name.as_ref()).collect()
    }
}
