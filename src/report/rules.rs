//! `swatch rules`: every rule with its effective severity and options, as a
//! table or as JSON (cli.md: `{"rules": [{"id", "severity", "summary",
//! "source", "options"}]}`, plus `category` and `fix`).

use crate::config::Config;
use crate::finding::Safety;
use crate::rules::{Category, RuleDoc};
use std::io::{self, Write};

/// One rule as configured: its documentation, the severity after config
/// and the options it takes.
pub(crate) struct RuleRow<'r> {
    pub(crate) rule: &'r RuleDoc<'r>,
    pub(crate) severity: &'static str,
    /// The effective `days`, where the rule takes it.
    pub(crate) days: Option<i64>,
}

impl<'r> RuleRow<'r> {
    /// Every rule of `rules`, as `config` sets it.
    pub(crate) fn of(rules: &'r [RuleDoc<'r>], config: &Config) -> Vec<Self> {
        rules
            .iter()
            .map(|rule| RuleRow {
                rule,
                severity: config.level_or(rule.id, rule.severity).as_str(),
                days: crate::rules::options_of(rule.id)
                    .contains(&crate::config::RuleOption::Days)
                    .then(|| config.days(rule.id)),
            })
            .collect()
    }
}

/// The table for a terminal.
pub(crate) fn human(out: &mut dyn Write, rows: &[RuleRow<'_>]) -> io::Result<()> {
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let r = row.rule;
            let summary = crate::source::escape(r.summary);
            // The summary's default would contradict a config that sets
            // another number.
            let (summary, options) = match row.days {
                Some(n) => (
                    summary.replace("90 days (configurable)", &format!("{n} days")),
                    format!("days = {n}"),
                ),
                None => (summary.into_owned(), String::new()),
            };
            vec![
                crate::source::escape(r.id).into_owned(),
                row.severity.to_owned(),
                r.source.to_owned(),
                options,
                r.fix.map_or("", Safety::as_str).to_owned(),
                summary,
            ]
        })
        .collect();
    crate::text::table::table(
        out,
        &["RULE", "SEVERITY", "SOURCE", "OPTIONS", "FIX", "FIRES WHEN"],
        &table,
    )
}

/// `{"rules": [...]}`.
pub(crate) fn json(out: &mut dyn Write, rows: &[RuleRow<'_>]) -> io::Result<()> {
    let rules: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let r = row.rule;
            let options = match row.days {
                Some(n) => serde_json::json!({ "days": n }),
                None => serde_json::json!({}),
            };
            serde_json::json!({
                "id": r.id,
                "severity": row.severity,
                "summary": r.summary,
                "source": r.source,
                "options": options,
                "category": r.category.map(Category::as_str),
                "fix": r.fix.map(Safety::as_str),
            })
        })
        .collect();
    crate::text::write_json(out, &serde_json::json!({ "rules": rules }))
}
