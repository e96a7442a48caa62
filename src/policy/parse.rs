//! Policy files → compiled policies, validated like model files: every
//! unknown field, bad glob, bad date or unknown permission is reported with
//! its place and a "did you mean" (exit 2).

use super::fields::{self, Type};
use super::{Aggregate, Cmp, Condition, Example, Lit, Per, Policy, Test, Where};
use crate::error::InputError;
use crate::finding::{Severity, SubjectKind};
use crate::model::{Keyword, License, Permission, PermissionSet};
use crate::source::{FileId, Loc, Located};
use crate::toml_read::{Key, Reader, Value, did_you_mean, parse_document, suggest};
use toml::de::{DeTable, DeValue};

const RULE_KEYS: &[&str] = &[
    "id",
    "severity",
    "subject",
    "summary",
    "description",
    "message",
    "help",
    "where",
    "count",
    "example",
];
const COUNT_KEYS: &[&str] = &["per", "more_than"];
const EXAMPLE_KEYS: &[&str] = &["name", "fires_on", "workspace"];
const OPERATORS: &[&str] = &[
    "equals",
    "any_of",
    "glob",
    "not",
    "missing",
    "more_than",
    "less_than",
    "at_least",
    "at_most",
    "days_since",
    "days_until",
    "before",
    "after",
    "includes_any",
    "includes_all",
    "only",
];
const SUBJECTS: &[(&str, SubjectKind)] = &[
    ("member", SubjectKind::Member),
    ("assignment", SubjectKind::Assignment),
    ("role", SubjectKind::Role),
    ("application", SubjectKind::Application),
    ("api_key", SubjectKind::ApiKey),
    ("automation", SubjectKind::Automation),
];

/// Parse one policy file.
pub(super) fn parse_file(file: FileId, path: &str, text: &str) -> (Vec<Policy>, Vec<InputError>) {
    let mut r = Reader::new(file);
    let mut policies = Vec::new();
    if let Some(document) = parse_document(&mut r, text) {
        for (key, value) in document.get_ref() {
            if key.get_ref() != "rule" {
                r.unknown_key(key, &["rule"], "a policy file");
                continue;
            }
            let DeValue::Array(items) = value.get_ref() else {
                r.error(
                    InputError::at(
                        "swatch::policy::wrong_type",
                        r.loc(value.span()),
                        "`rule` must be an array of tables",
                    )
                    .help("write each rule under its own [[rule]] header"),
                );
                continue;
            };
            for item in items {
                let header = r.loc(item.span());
                if let Some(table) = r.table(item, "a table") {
                    policies.extend(rule(&mut r, table, header, path, text));
                }
            }
        }
    }
    (policies, r.errors)
}

fn rule(
    r: &mut Reader,
    table: &DeTable<'_>,
    header: Loc,
    path: &str,
    text: &str,
) -> Option<Policy> {
    let mut id = None;
    let mut severity = None;
    let mut subject = None;
    let (mut summary, mut description, mut message, mut help) = (None, None, None, None);
    // Read the subject first: the meaning of `where` depends on it.
    for (key, value) in table {
        if key.get_ref() == "subject" {
            subject = r.string(value).and_then(|s| {
                if let Some(&(_, kind)) = SUBJECTS.iter().find(|(n, _)| *n == s.value) {
                    Some(kind)
                } else {
                    let help = suggest(&s.value, SUBJECTS.iter().map(|(n, _)| *n), || {
                        "a subject is member, assignment, role, application, api_key or automation"
                            .to_owned()
                    });
                    r.error(
                        InputError::at(
                            "swatch::policy::unknown_subject",
                            s.loc,
                            format!("unknown subject `{}`", s.value),
                        )
                        .label("not a subject kind")
                        .help(help),
                    );
                    None
                }
            });
        }
    }
    let (mut conditions, mut count, mut examples) = (None, None, Vec::new());
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "id" => id = r.non_empty_string(value),
            "severity" => severity = r.keyword::<Severity>(value),
            "subject" => {}
            "summary" => summary = r.non_empty_string(value).map(|s| s.value),
            "description" => description = r.string(value).map(|s| s.value),
            "message" => message = r.non_empty_string(value),
            "help" => help = r.string(value),
            "where" => {
                if let (Some(kind), Some(t)) = (subject, r.table(value, "a table of conditions")) {
                    conditions = Some(where_(r, kind, t));
                }
            }
            "count" => {
                count = r
                    .table(value, "a table")
                    .and_then(|t| aggregate(r, t, subject));
            }
            "example" => {
                if let DeValue::Array(items) = value.get_ref() {
                    for item in items {
                        let header = r.loc(item.span());
                        if let Some(t) = r.table(item, "a table") {
                            examples.extend(example(r, t, header, path, text));
                        }
                    }
                } else {
                    r.error(
                        InputError::at(
                            "swatch::policy::wrong_type",
                            r.loc(value.span()),
                            "`example` must be an array of tables",
                        )
                        .help("write each example under its own [[rule.example]] header"),
                    );
                }
            }
            _ => r.unknown_key(key, RULE_KEYS, "[[rule]]"),
        }
    }
    let id = r.require(id, table, "id", header, "[[rule]]");
    let severity = r.require(severity, table, "severity", header, "[[rule]]");
    let subject = r.require(subject, table, "subject", header, "[[rule]]");
    let message = r.require(message, table, "message", header, "[[rule]]");
    let (id, severity, subject, message) = (id?, severity?, subject?, message?);
    if !id.value.contains('/') || id.value.starts_with('/') || id.value.ends_with('/') {
        r.error(
            InputError::at("swatch::policy::bad_id", id.loc, format!("the rule id `{}` has no namespace", id.value))
                .label("not namespaced")
                .help("user rule ids are namespaced with a `/`, like `acme/no-contractor-editors`, so they never clash with built-in rules"),
        );
    } else if !is_rule_id(&id.value) {
        r.error(
            InputError::at(
                "swatch::policy::bad_id",
                id.loc,
                format!("the rule id `{}` has characters a rule id cannot have", crate::source::escape(&id.value)),
            )
            .label("not a rule id")
            .help("a user rule id is `namespace/name`: lowercase letters, digits, `_` and `-`, then `/`, then the same or `.`, like `acme/no-contractor-editors`"),
        );
    }
    let aggregate_fields: &[&str] = match &count {
        Some(a) if a.per == Per::Application => &["count", "limit", "application"],
        Some(_) => &["count", "limit"],
        None => &[],
    };
    placeholders(r, &message, subject, aggregate_fields);
    if let Some(help) = &help {
        placeholders(r, help, subject, aggregate_fields);
    }
    Some(Policy {
        id: id.value,
        loc: id.loc,
        severity: severity.value,
        subject,
        summary,
        description,
        message: message.value,
        help: help.map(|h| h.value).unwrap_or_default(),
        conditions: conditions.unwrap_or_default(),
        aggregate: count,
        examples,
        path: path.to_owned(),
        docs: String::new(),
    })
}

/// `{field}` names in a template must be fields of the subject (or of the aggregate).
fn placeholders(r: &mut Reader, template: &Located<String>, kind: SubjectKind, extra: &[&str]) {
    let mut rest = template.value.as_str();
    while let Some(open) = rest.find('{') {
        if rest[open..].starts_with("{{") {
            rest = &rest[open + 2..];
            continue;
        }
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let known = if extra.is_empty() {
            fields::field(kind, name).is_some()
        } else {
            extra.contains(&name)
        };
        if !known {
            let candidates: Vec<&str> = if extra.is_empty() {
                fields::names(kind).collect()
            } else {
                extra.to_vec()
            };
            let help = match did_you_mean(name, candidates.iter().copied()) {
                Some(close) => format!("did you mean `{{{close}}}`?"),
                None => format!(
                    "placeholders here: {}",
                    candidates
                        .iter()
                        .map(|c| format!("{{{c}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            r.error(
                InputError::at(
                    "swatch::policy::unknown_placeholder",
                    template.loc,
                    format!("unknown placeholder `{{{name}}}`"),
                )
                .label("in this text")
                .help(help),
            );
        }
    }
}

fn aggregate(
    r: &mut Reader,
    table: &DeTable<'_>,
    subject: Option<SubjectKind>,
) -> Option<Aggregate> {
    let (mut per, mut more_than) = (None, None);
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "per" => {
                per = r.string(value).and_then(|s| match s.value.as_str() {
                    "application" => {
                        if matches!(subject, Some(SubjectKind::Member | SubjectKind::Application | SubjectKind::ApiKey)) {
                            r.error(
                                InputError::at("swatch::policy::bad_count", s.loc, "only assignments, roles and automations belong to an application")
                                    .help("count them per workspace, or count assignments per application"),
                            );
                            return None;
                        }
                        Some(Per::Application)
                    }
                    "workspace" => Some(Per::Workspace),
                    other => {
                        r.error(
                            InputError::at("swatch::policy::bad_count", s.loc, format!("unknown grouping `{other}`"))
                                .help("`per` is application or workspace"),
                        );
                        None
                    }
                });
            }
            "more_than" => more_than = r.count(value).map(|n| n.value),
            _ => r.unknown_key(key, COUNT_KEYS, "[rule.count]"),
        }
    }
    Some(Aggregate {
        per: per?,
        more_than: more_than?,
    })
}

fn example(
    r: &mut Reader,
    table: &DeTable<'_>,
    header: Loc,
    path: &str,
    text: &str,
) -> Option<Example> {
    let (mut name, mut fires_on, mut workspace) = (None, None, None);
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "name" => name = r.non_empty_string(value).map(|n| n.value),
            "fires_on" => {
                fires_on = r
                    .strings(value)
                    .map(|l| l.value.into_iter().map(|s| s.value).collect::<Vec<_>>());
            }
            "workspace" => {
                workspace = r.string(value).map(|w| {
                    // The line of the workspace text's first line in the policy file.
                    let start = value.span().start;
                    let mut line = text[..start].matches('\n').count() + 1;
                    if text[start..].starts_with("'''\n") || text[start..].starts_with("\"\"\"\n") {
                        line += 1;
                    }
                    (w.value, line)
                });
            }
            _ => r.unknown_key(key, EXAMPLE_KEYS, "[[rule.example]]"),
        }
    }
    let name = r.require(name, table, "name", header, "[[rule.example]]");
    let fires_on = r.require(fires_on, table, "fires_on", header, "[[rule.example]]");
    let workspace = r.require(workspace, table, "workspace", header, "[[rule.example]]");
    let (workspace, first_line) = workspace?;
    Some(Example {
        name: name?,
        fires_on: fires_on?,
        workspace,
        path: path.to_owned(),
        first_line,
    })
}

fn where_(r: &mut Reader, kind: SubjectKind, table: &DeTable<'_>) -> Where {
    let mut out = Where::default();
    for (key, value) in table {
        if key.get_ref() == "not" {
            if let Some(t) = r.table(value, "a table of conditions") {
                out.not.push(where_(r, kind, t));
            }
            continue;
        }
        let Some((index, ty)) = fields::field(kind, key.get_ref()) else {
            unknown_field(r, key, kind);
            continue;
        };
        if let Some(test) = test(r, ty, value) {
            out.all.push(Condition { field: index, test });
        }
    }
    out
}

fn unknown_field(r: &mut Reader, key: &Key<'_>, kind: SubjectKind) {
    let names: Vec<&str> = fields::names(kind).collect();
    let help = suggest(key.get_ref(), names.iter().copied(), || {
        format!("a {} has: {}, and `not`", kind.as_str(), names.join(", "))
    });
    r.error(
        InputError::at(
            "swatch::policy::unknown_field",
            r.loc(key.span()),
            format!("a {} has no field `{}`", kind.as_str(), key.get_ref()),
        )
        .label("unknown field")
        .help(help),
    );
}

/// A condition on one field: a literal (equality), an array (any of), or a
/// table of operators, all of which must hold.
fn test(r: &mut Reader, ty: Type, value: &Value<'_>) -> Option<Test> {
    match value.get_ref() {
        DeValue::Array(_) => any_of(r, ty, value),
        DeValue::Table(ops) => {
            let mut tests = Vec::new();
            for (op, arg) in ops {
                tests.extend(operator(r, ty, op, arg));
            }
            if tests.is_empty() && ops.is_empty() {
                r.error(
                    InputError::at(
                        "swatch::policy::empty",
                        r.loc(value.span()),
                        "an empty condition",
                    )
                    .help("give an operator, e.g. `{ glob = \"*@acme.com\" }`"),
                );
            }
            Some(Test::All(tests))
        }
        _ => literal(r, ty, value).map(Test::Eq),
    }
}

fn any_of(r: &mut Reader, ty: Type, value: &Value<'_>) -> Option<Test> {
    if ty == Type::Permissions {
        return permissions(r, value).map(Test::Eq);
    }
    let items = r.array(value)?;
    Some(Test::AnyOf(
        items.iter().filter_map(|v| literal(r, ty, v)).collect(),
    ))
}

fn operator(r: &mut Reader, ty: Type, op: &Key<'_>, arg: &Value<'_>) -> Option<Test> {
    let name = op.get_ref().as_ref();
    let fits = match name {
        "equals" | "any_of" | "not" | "missing" => true,
        "glob" => matches!(ty, Type::Text | Type::Email | Type::Keyword(_)),
        "more_than" | "less_than" => matches!(ty, Type::Number),
        "at_least" | "at_most" => matches!(ty, Type::Number | Type::License),
        "days_since" | "days_until" | "before" | "after" => ty == Type::Date,
        "includes_any" | "includes_all" | "only" => ty == Type::Permissions,
        _ => {
            let help = suggest(name, OPERATORS.iter().copied(), || {
                format!("operators: {}", OPERATORS.join(", "))
            });
            r.error(
                InputError::at(
                    "swatch::policy::unknown_operator",
                    r.loc(op.span()),
                    format!("unknown operator `{name}`"),
                )
                .label("unknown operator")
                .help(help),
            );
            return None;
        }
    };
    if !fits {
        r.error(
            InputError::at(
                "swatch::policy::wrong_operator",
                r.loc(op.span()),
                format!("`{name}` does not apply to {}", ty.describe()),
            )
            .label("not for this field")
            .help(operators_for(ty)),
        );
        return None;
    }
    match name {
        "equals" => literal(r, ty, arg).map(Test::Eq),
        "any_of" => any_of(r, ty, arg),
        "not" => test(r, ty, arg).map(|t| Test::Not(Box::new(t))),
        "missing" => r.bool_value(arg).map(Test::Missing),
        "glob" => {
            let pattern = r.string(arg)?;
            let text = if ty == Type::Email {
                pattern.value.to_lowercase()
            } else {
                pattern.value.clone()
            };
            match super::Pattern::new(&text) {
                Ok(pattern) => Some(Test::Glob(pattern)),
                Err(e) => {
                    r.error(
                        InputError::at(
                            "swatch::policy::bad_glob",
                            pattern.loc,
                            format!("invalid glob `{}`: {}", pattern.value, e.kind()),
                        )
                        .label("invalid glob")
                        .help("globs use `*`, `?`, `[abc]` and `{a,b}`"),
                    );
                    None
                }
            }
        }
        "more_than" => r
            .count(arg)
            .map(|n| Test::Number(Cmp::MoreThan, n.value as i64)),
        "less_than" => r
            .count(arg)
            .map(|n| Test::Number(Cmp::LessThan, n.value as i64)),
        "at_least" | "at_most" if ty == Type::License => {
            let license = license(r, arg)?;
            Some(if name == "at_least" {
                Test::LicenseAtLeast(license)
            } else {
                Test::LicenseAtMost(license)
            })
        }
        "at_least" => r
            .count(arg)
            .map(|n| Test::Number(Cmp::AtLeast, n.value as i64)),
        "at_most" => r
            .count(arg)
            .map(|n| Test::Number(Cmp::AtMost, n.value as i64)),
        "days_since" | "days_until" => {
            let table = r.table(arg, "a table like `{ more_than = 90 }`")?;
            let mut tests = Vec::new();
            for (op, n) in table {
                let cmp = match op.get_ref().as_ref() {
                    "more_than" => Cmp::MoreThan,
                    "less_than" => Cmp::LessThan,
                    "at_least" => Cmp::AtLeast,
                    "at_most" => Cmp::AtMost,
                    _ => {
                        r.unknown_key(op, &["more_than", "less_than", "at_least", "at_most"], name);
                        continue;
                    }
                };
                if let Some(n) = r.count(n) {
                    tests.push(if name == "days_since" {
                        Test::DaysSince(cmp, n.value as i64)
                    } else {
                        Test::DaysUntil(cmp, n.value as i64)
                    });
                }
            }
            Some(Test::All(tests))
        }
        "before" => r.date(arg).map(|d| Test::Before(d.value)),
        "after" => r.date(arg).map(|d| Test::After(d.value)),
        "includes_any" => permissions(r, arg).map(|p| match p {
            Lit::Permissions(set) => Test::IncludesAny(set),
            _ => unreachable!("permissions() returns a set"),
        }),
        "includes_all" => permissions(r, arg).map(|p| match p {
            Lit::Permissions(set) => Test::IncludesAll(set),
            _ => unreachable!("permissions() returns a set"),
        }),
        "only" => permissions(r, arg).map(|p| match p {
            Lit::Permissions(set) => Test::Only(set),
            _ => unreachable!("permissions() returns a set"),
        }),
        _ => unreachable!("operators are checked above"),
    }
}

fn operators_for(ty: Type) -> String {
    let ops = match ty {
        Type::Text | Type::Email | Type::Keyword(_) => "equals, any_of, glob, missing, not",
        Type::Number => "equals, any_of, more_than, less_than, at_least, at_most, not",
        Type::Bool => "equals, not",
        Type::Date => "days_since, days_until, before, after, missing, not",
        Type::License => "equals, any_of, at_least, at_most, missing, not",
        Type::Permissions => "includes_any, includes_all, only, equals, not",
    };
    format!("{} takes: {ops}", ty.describe())
}

fn license(r: &mut Reader, value: &Value<'_>) -> Option<License> {
    let text = r.string(value)?;
    r.keyword_text::<License>(&text)
}

fn permissions(r: &mut Reader, value: &Value<'_>) -> Option<Lit> {
    let list = r.strings(value)?;
    let mut set = PermissionSet::default();
    for item in &list.value {
        set = set.with(r.keyword_text::<Permission>(item)?);
    }
    Some(Lit::Permissions(set))
}

/// A literal of the field's type.
fn literal(r: &mut Reader, ty: Type, value: &Value<'_>) -> Option<Lit> {
    match ty {
        Type::Text => r.string(value).map(|s| Lit::Text(s.value)),
        Type::Email => r.string(value).map(|s| Lit::Text(s.value.to_lowercase())),
        Type::Keyword(allowed) => {
            let s = r.string(value)?;
            if allowed.contains(&s.value.as_str()) || s.value.is_empty() {
                return Some(Lit::Text(s.value));
            }
            let help = suggest(&s.value, allowed.iter().copied(), || {
                format!("expected one of: {}", allowed.join(", "))
            });
            r.error(
                InputError::at(
                    "swatch::policy::unknown_value",
                    s.loc,
                    format!("unknown value `{}`", s.value),
                )
                .label("not a value of this field")
                .help(help),
            );
            None
        }
        Type::Date => r.date(value).map(|d| Lit::Date(d.value)),
        Type::Number => r.count(value).map(|n| Lit::Number(n.value as i64)),
        Type::Bool => r.bool_value(value).map(Lit::Bool),
        Type::License => license(r, value).map(Lit::License),
        Type::Permissions => permissions(r, value),
    }
}

impl Reader {
    pub(super) fn bool_value(&mut self, value: &Value<'_>) -> Option<bool> {
        if let DeValue::Boolean(b) = value.get_ref() {
            Some(*b)
        } else {
            self.error(
                InputError::at(
                    "swatch::load::wrong_type",
                    self.loc(value.span()),
                    "expected true or false",
                )
                .label("expected a boolean"),
            );
            None
        }
    }
}

impl Keyword for Severity {
    const WHAT: &'static str = "severity";
    const ALL: &'static [(&'static str, Self)] = &[
        ("error", Self::Error),
        ("warning", Self::Warning),
        ("info", Self::Info),
    ];
}

/// `[a-z0-9_-]+/[a-z0-9_.-]+`: ids reach terminals, CI logs, markdown and
/// file names, so they hold nothing that any of them interprets.
fn is_rule_id(id: &str) -> bool {
    let Some((namespace, name)) = id.split_once('/') else {
        return false;
    };
    let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-');
    !namespace.is_empty()
        && !name.is_empty()
        && namespace.chars().all(plain)
        && name.chars().all(|c| plain(c) || c == '.')
}

#[cfg(test)]
mod rule_id_tests {
    #[test]
    fn rule_ids_are_plain_text() {
        assert!(super::is_rule_id("acme/no-contractor-editors"));
        assert!(super::is_rule_id("a_1/v1.2"));
        for bad in [
            "acme/x\u{1b}]52;c;aGk=\u{7}",
            "Acme/x",
            "a/b/c",
            "a/b c",
            "a.b/c",
            "a/`b`",
        ] {
            assert!(!super::is_rule_id(bad), "{bad}");
        }
    }
}
