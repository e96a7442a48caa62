//! JSON output, in the shapes cli.md fixes (more fields may be added, none renamed).

use super::Amount;
use crate::finding::{Finding, Summary};
use crate::license::{Licenses, Totals};
use crate::model::Model;
use crate::source::Sources;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// `{"editor": N, "contributor": N, "explorer": N}` in the model's names and order.
pub fn totals(model: &Model, totals: &Totals) -> Value {
    let lm = model.license_model;
    Value::Object(
        lm.licenses()
            .iter()
            .map(|&l| (lm.name(l).to_owned(), json!(totals.get(l))))
            .collect(),
    )
}

pub fn amount(model: &Model, cents: i64) -> Amount {
    Amount {
        cents,
        whole: model.prices.whole_dollars(),
    }
}

/// One member in `licenses --format json`; a struct rather than a map,
/// since a workspace may have 100k of them.
#[derive(Serialize)]
pub struct MemberRow<'a> {
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    account_type: &'a str,
    status: &'a str,
    license: Option<&'a str>,
    driver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seat: Option<&'a str>,
}

/// `swatch licenses --format json`.
pub fn licenses<'a>(licenses: &'a Licenses<'a>) -> LicensesReport<'a> {
    let model = licenses.model;
    let lm = model.license_model;
    let members: Vec<MemberRow<'_>> = model
        .members
        .iter()
        .zip(&licenses.members)
        .map(|(member, derived)| MemberRow {
            email: &member.key,
            name: member.name.as_deref(),
            account_type: member.account_type.value.as_str(),
            status: member.status.as_str(),
            license: derived.license.map(|l| lm.name(l)),
            driver: derived.driver.map(|d| d.to_string()),
            seat: member.seat.as_ref().map(|s| lm.name(s.value)),
        })
        .collect();
    let totals = licenses.totals();
    let seats = model.purchased.as_ref().map(|purchased| {
        lm.licenses()
            .iter()
            .filter_map(|&l| {
                let bought = purchased.get(l)?;
                Some((
                    lm.name(l).to_owned(),
                    json!({"purchased": bought, "used": totals.get(l)}),
                ))
            })
            .collect()
    });
    LicensesReport {
        license_model: lm.as_str(),
        members,
        totals: self::totals(model, &totals),
        invited: totals.invited,
        annual_cost: amount(model, totals.annual_cost(model)),
        seats,
    }
}

/// `swatch licenses --format json`, in cli.md's field order.
#[derive(Serialize)]
pub struct LicensesReport<'a> {
    license_model: &'a str,
    members: Vec<MemberRow<'a>>,
    totals: Value,
    invited: u64,
    annual_cost: Amount,
    #[serde(skip_serializing_if = "Option::is_none")]
    seats: Option<Map<String, Value>>,
}

/// One finding as cli.md shapes it.
#[derive(Serialize)]
pub struct FindingJson<'a> {
    rule: &'a str,
    severity: crate::finding::Severity,
    message: &'a str,
    help: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    subject: &'a crate::finding::Subject,
    #[serde(skip_serializing_if = "Option::is_none")]
    yearly_saving: Option<Amount>,
}

pub fn finding<'a>(f: &'a Finding, sources: &'a Sources, model: &Model) -> FindingJson<'a> {
    let position = f.loc.map(|loc| sources.position(loc));
    FindingJson {
        rule: &f.rule,
        severity: f.severity,
        message: &f.message,
        help: &f.help,
        file: position.map(|p| p.path),
        line: position.map(|p| p.line),
        column: position.map(|p| p.column),
        subject: &f.subject,
        yearly_saving: f.yearly_saving.map(|c| amount(model, c)),
    }
}

/// `swatch check --format json`.
#[derive(Serialize)]
pub struct CheckReport<'a> {
    findings: Vec<FindingJson<'a>>,
    summary: Summary,
}

pub fn check<'a>(findings: &'a [Finding], sources: &'a Sources, model: &Model) -> CheckReport<'a> {
    CheckReport {
        findings: findings
            .iter()
            .map(|f| finding(f, sources, model))
            .collect(),
        summary: Summary::of(findings),
    }
}
