//! Policy files → compiled policies, validated like model files: every
//! unknown field, bad glob, bad date or unknown permission is reported with
//! its place and a "did you mean" (exit 2).

mod conditions;

use super::fields::Field;
use super::{Aggregate, Example, Per, Policy};
use crate::error::InputError;
use crate::finding::{Severity, SubjectKind, Text};
use crate::model::Keyword;
use crate::source::{FileId, Loc, Located};
use crate::toml_read::TomlTable;
use crate::toml_read::{Reader, TableReader, Value, did_you_mean, parse_document, suggest};

const SUBJECTS: &[(&str, SubjectKind)] = &[
    ("member", SubjectKind::Member),
    ("assignment", SubjectKind::Assignment),
    ("role", SubjectKind::Role),
    ("application", SubjectKind::Application),
    ("api_key", SubjectKind::ApiKey),
    ("automation", SubjectKind::Automation),
];

/// The largest count a policy compares with: no workspace has more
/// members, roles or assignments, and a larger number only hides a typo
/// (or, past `i64`, wrapped to a negative and matched everything).
const MAX_COUNT: u32 = 1_000_000;

/// The most days `days_since` and `days_until` count: a hundred years.
const MAX_DAYS: u32 = 36_500;

const WRONG_TYPE: &str = "swatch::policy::wrong_type";

/// Parse one policy file.
pub(super) fn parse_file(file: FileId, path: &str, text: &str) -> (Vec<Policy>, Vec<InputError>) {
    let mut r = Reader::new(file);
    let mut policies = Vec::new();
    if let Some(document) = parse_document(&mut r, text) {
        let whole = r.loc(document.span());
        let mut root = TableReader::new(&mut r, document.get_ref(), whole, "a policy file");
        root.optional("rule", |r, value| {
            let items = r.array_of_tables(value, WRONG_TYPE, "rule", "rule", "[[rule]]")?;
            for item in items {
                let header = r.loc(item.span());
                if let Some(table) = r.table(item, "a table") {
                    policies.extend(rule(r, table, header, path, text));
                }
            }
            Some(())
        });
        root.finalize();
    }
    (policies, r.errors)
}

fn subject(r: &mut Reader, value: &Value<'_>) -> Option<SubjectKind> {
    let s = r.string(value)?;
    if let Some(&(_, kind)) = SUBJECTS.iter().find(|(n, _)| *n == s.value) {
        return Some(kind);
    }
    let help = suggest(&s.value, SUBJECTS.iter().map(|(n, _)| *n), || {
        "a subject is member, assignment, role, application, api_key or automation".to_owned()
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

fn rule(
    r: &mut Reader,
    table: &TomlTable<'_>,
    header: Loc,
    path: &str,
    text: &str,
) -> Option<Policy> {
    let mut t = TableReader::new(r, table, header, "[[rule]]");
    let id = t.required("id", Reader::non_empty_string);
    let severity = t.required("severity", Reader::keyword::<Severity>);
    // The meaning of `where` and `count` depends on the subject.
    let subject = t.required("subject", subject);
    let summary = t.optional("summary", Reader::non_empty_string);
    let description = t.optional("description", Reader::string);
    let message = t.required("message", Reader::non_empty_string);
    let help = t.optional("help", Reader::string);
    let conditions = t.optional("where", |r, value| {
        let table = r.table(value, "a table of conditions")?;
        Some(conditions::where_(r, subject?, table))
    });
    let count = t.optional("count", |r, value| {
        let table = r.table(value, "a table")?;
        let header = r.loc(value.span());
        aggregate(r, table, header, subject)
    });
    let examples = t.optional("example", |r, value| {
        let items =
            r.array_of_tables(value, WRONG_TYPE, "example", "example", "[[rule.example]]")?;
        let mut examples = Vec::new();
        for item in items {
            let header = r.loc(item.span());
            if let Some(t) = r.table(item, "a table") {
                examples.extend(example(r, t, header, path, text));
            }
        }
        Some(examples)
    });
    t.finalize();
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
        id: Text::from(id.value).shared(),
        loc: id.loc,
        severity: severity.value,
        subject,
        summary: summary.map(|s| s.value),
        description: description.map(|d| d.value),
        message: Text::from(message.value).shared(),
        help: help.map_or(Text::EMPTY, |h| Text::from(h.value).shared()),
        conditions: conditions.unwrap_or_default(),
        aggregate: count,
        examples: examples.unwrap_or_default(),
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
            Field::named(kind, name).is_some()
        } else {
            extra.contains(&name)
        };
        if !known {
            let candidates: Vec<&str> = if extra.is_empty() {
                Field::names(kind).collect()
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
    table: &TomlTable<'_>,
    header: Loc,
    subject: Option<SubjectKind>,
) -> Option<Aggregate> {
    let mut t = TableReader::new(r, table, header, "[rule.count]");
    let per = t.required("per", |r, value| {
        let s = r.string(value)?;
        match s.value.as_str() {
            "application" => {
                if matches!(
                    subject,
                    Some(SubjectKind::Member | SubjectKind::Application | SubjectKind::ApiKey)
                ) {
                    r.error(
                        InputError::at(
                            "swatch::policy::bad_count",
                            s.loc,
                            "only assignments, roles and automations belong to an application",
                        )
                        .help("count them per workspace, or count assignments per application"),
                    );
                    return None;
                }
                Some(Per::Application)
            }
            "workspace" => Some(Per::Workspace),
            other => {
                r.error(
                    InputError::at(
                        "swatch::policy::bad_count",
                        s.loc,
                        format!("unknown grouping `{other}`"),
                    )
                    .help("`per` is application or workspace"),
                );
                None
            }
        }
    });
    let more_than = t.required("more_than", |r, value| {
        conditions::threshold(
            r,
            value,
            "`more_than` in [rule.count]",
            MAX_COUNT,
            "the most matching subjects allowed before the rule fires, e.g. `more_than = 5`",
        )
    });
    t.finalize();
    Some(Aggregate {
        per: per?,
        more_than: u64::from(more_than?),
    })
}

fn example(
    r: &mut Reader,
    table: &TomlTable<'_>,
    header: Loc,
    path: &str,
    text: &str,
) -> Option<Example> {
    let mut t = TableReader::new(r, table, header, "[[rule.example]]");
    let name = t.required("name", Reader::non_empty_string);
    let fires_on = t.required("fires_on", |r, value| {
        let list = r.strings(value)?;
        Some(list.value.into_iter().map(|s| s.value).collect::<Vec<_>>())
    });
    let workspace = t.required("workspace", |r, value| {
        let workspace = r.string(value)?;
        // The line of the workspace text's first line in the policy file.
        let start = value.span().start;
        let mut line = text[..start].matches('\n').count() + 1;
        if text[start..].starts_with("'''\n") || text[start..].starts_with("\"\"\"\n") {
            line += 1;
        }
        Some((workspace.value, line))
    });
    t.finalize();
    let (workspace, first_line) = workspace?;
    Some(Example {
        name: name?.value,
        fires_on: fires_on?,
        workspace,
        path: path.to_owned(),
        first_line,
    })
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
