//! The thresholds of `swatch diff` (`--max-cost-increase`, `--fail-on-new`,
//! `--deny-escalation`, `--max-new-seats`), and whether the change crosses
//! each: exit 1 when one does, with the reason.

use super::Diff;
use super::access::Escalation;
use crate::code_span::quote;
use crate::finding::{LISTED, Severity, capped_list};
use crate::model::License;
use std::fmt::Write as _;

/// A threshold of `swatch diff`, and whether the change crosses it.
#[derive(Debug, Clone)]
pub(crate) struct GateResult {
    pub gate: String,
    pub failed: bool,
    pub reason: String,
}

/// The thresholds asked for on the command line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gates {
    /// In cents, or a percentage of the old yearly cost.
    pub max_cost_increase: Option<CostLimit>,
    pub fail_on_new: Option<Severity>,
    pub deny_escalation: bool,
    pub max_new_seats: Vec<(License, u64)>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum CostLimit {
    Cents(i64),
    Percent(f64),
}

impl Diff<'_> {
    pub(crate) fn gates(&self, gates: &Gates) -> Vec<GateResult> {
        let mut out = Vec::new();
        // Priced like the tables of the same report: whole dollars only when both sides are.
        let money = |c: i64| self.amount(c).to_string();
        if let Some(limit) = gates.max_cost_increase {
            let delta = self.cost_after() - self.cost_before();
            let (failed, limit_text) = match limit {
                CostLimit::Cents(c) => (delta > c, format!("{}/yr", money(c))),
                CostLimit::Percent(p) => {
                    let before = self.cost_before();
                    let pct = if before == 0 {
                        if delta > 0 { f64::INFINITY } else { 0.0 }
                    } else {
                        delta as f64 * 100.0 / before as f64
                    };
                    // The dollar figure too: nobody computes 10% of $14,700 in a review.
                    let allowed = (before as f64 * p / 100.0).round() as i64;
                    (
                        pct > p,
                        format!("{p}% of {}, {}/yr", money(before), money(allowed)),
                    )
                }
            };
            out.push(GateResult {
                gate: "max-cost-increase".into(),
                failed,
                reason: format!(
                    "yearly cost changes by {}/yr; the limit is {limit_text}",
                    money(delta)
                ),
            });
        }
        if let Some(level) = gates.fail_on_new {
            // A finding that grew counts as new: the base accepted the size it had.
            let mut listed: Vec<String> = self
                .new_findings
                .iter()
                .filter(|f| f.severity >= level)
                .map(|f| format!("{} ({})", f.rule, quote(&f.subject.name)))
                .collect();
            let new = listed.len();
            listed.extend(
                self.grown_findings
                    .iter()
                    .filter(|g| g.after.severity >= level)
                    .map(|g| format!("{} ({}, grown)", g.after.rule, quote(&g.after.subject.name))),
            );
            let what = if listed.len() > new {
                "new or grown finding"
            } else {
                "new finding"
            };
            out.push(GateResult {
                gate: "fail-on-new".into(),
                failed: !listed.is_empty(),
                reason: if listed.is_empty() {
                    format!("no new finding at {level} or above")
                } else {
                    format!(
                        "{} {what}{} at {level} or above: {}",
                        listed.len(),
                        if listed.len() == 1 { "" } else { "s" },
                        capped_list(&listed, LISTED)
                    )
                },
            });
        }
        if gates.deny_escalation {
            let escalations = self.escalations();
            out.push(GateResult {
                gate: "deny-escalation".into(),
                failed: !escalations.is_empty(),
                reason: if escalations.is_empty() {
                    "nobody gains rights".into()
                } else {
                    let mut listed = escalations[..escalations.len().min(LISTED)]
                        .iter()
                        .map(Escalation::message)
                        .collect::<Vec<_>>()
                        .join("; ");
                    if escalations.len() > LISTED {
                        let _ = write!(listed, "; and {} more", escalations.len() - LISTED);
                    }
                    listed
                },
            });
        }
        for &(license, max) in &gates.max_new_seats {
            let lm = self.new.workspace.model.license_model;
            let new_seats =
                self.totals_after.get(license) as i64 - self.totals_before.get(license) as i64;
            out.push(GateResult {
                gate: format!("max-new-seats {}", lm.name(license)),
                failed: new_seats > max as i64,
                reason: format!(
                    "{new_seats:+} {} seat{} (at most {max})",
                    lm.name(license),
                    if new_seats.abs() == 1 { "" } else { "s" }
                ),
            });
        }
        out
    }
}
