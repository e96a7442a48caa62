//! `swatch licenses --format csv`: one row per member, for spreadsheets.
//!
//! Cells are written by `text::csv`, defused against formulas.

use crate::license::Licenses;
use crate::text::csv::{MemberCells, row};
use std::io::{self, Write};

const HEADER: [&str; 8] = [
    "email",
    "name",
    "account_type",
    "status",
    "license",
    "driver",
    "seat",
    "last_active",
];

pub(crate) fn licenses(out: &mut dyn Write, licenses: &Licenses<'_>) -> io::Result<()> {
    let lm = licenses.model.license_model;
    row(out, &HEADER)?;
    for (member, derived) in licenses.model.members.iter().zip(&licenses.members) {
        let cells = MemberCells::of(member, derived, lm);
        let [email, name, account_type, status, license, driver] = cells.leading();
        let seat = member.seat.as_ref().map(|s| lm.name(s.value));
        row(
            out,
            &[
                email,
                name,
                account_type,
                status,
                license,
                driver,
                seat.unwrap_or_default(),
                &cells.last_active,
            ],
        )?;
    }
    Ok(())
}
