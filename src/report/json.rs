//! JSON output, in the shapes cli.md fixes (more fields may be added, none renamed).

use super::Amount;
use crate::license::{Licenses, Totals};
use crate::model::Model;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, value: &Value) -> io::Result<()> {
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

/// `swatch licenses --format json`.
pub fn licenses(licenses: &Licenses<'_>) -> Value {
    let model = licenses.model;
    let lm = model.license_model;
    let members: Vec<Value> = model
        .members
        .iter()
        .zip(&licenses.members)
        .map(|(member, derived)| {
            let mut object = Map::new();
            object.insert("email".into(), json!(member.key));
            if let Some(name) = &member.name {
                object.insert("name".into(), json!(name));
            }
            object.insert("account_type".into(), json!(member.account_type.value.as_str()));
            object.insert("status".into(), json!(member.status.as_str()));
            object.insert("license".into(), json!(derived.license.map(|l| lm.name(l))));
            object.insert(
                "driver".into(),
                json!(derived.driver.map(|d| d.to_string())),
            );
            if let Some(seat) = &member.seat {
                object.insert("seat".into(), json!(lm.name(seat.value)));
            }
            Value::Object(object)
        })
        .collect();
    let totals = licenses.totals();
    let mut report = Map::new();
    report.insert("license_model".into(), json!(lm.as_str()));
    report.insert("members".into(), Value::Array(members));
    report.insert("totals".into(), self::totals(model, &totals));
    report.insert("invited".into(), json!(totals.invited));
    report.insert(
        "annual_cost".into(),
        json!(amount(model, totals.annual_cost(model))),
    );
    if let Some(purchased) = &model.purchased {
        let seats: Map<String, Value> = lm
            .licenses()
            .iter()
            .filter_map(|&l| {
                let bought = purchased.get(l)?;
                Some((
                    lm.name(l).to_owned(),
                    json!({"purchased": bought, "used": totals.get(l)}),
                ))
            })
            .collect();
        report.insert("seats".into(), Value::Object(seats));
    }
    Value::Object(report)
}
