//! `swatch report --format csv`: one row per member and application, what
//! auditors load into their own tools. Cells go through the same quoting
//! and formula defusing as `licenses --format csv`.

use super::Review;
use crate::text::csv::{MemberCells, encode_into, row, write_cell};
use std::io::{self, Write};

const HEADER: [&str; 11] = [
    "email",
    "name",
    "account_type",
    "status",
    "license",
    "driver",
    "application",
    "role",
    "owner",
    "last_active",
    "findings",
];

pub(super) fn write(out: &mut dyn Write, review: &Review<'_>) -> io::Result<()> {
    let licenses = review.licenses;
    let model = licenses.model;
    let lm = model.license_model;
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    row(&mut out, &HEADER)?;
    // A member's columns repeat on each of their rows, an application's on
    // each of its holders': each is quoted once and then copied.
    let applications: Vec<(Vec<u8>, Vec<u8>)> = model
        .applications
        .iter()
        .map(|app| {
            let owner = app.owner.as_ref().map_or("", |o| o.value.as_str());
            let (mut name_cell, mut owner_cell) = (Vec::new(), Vec::new());
            encode_into(&mut name_cell, &[app.name.as_str()]);
            encode_into(&mut owner_cell, &[owner]);
            (name_cell, owner_cell)
        })
        .collect();
    let (mut leading, mut trailing) = (Vec::new(), Vec::new());
    for (m, member) in model.members.iter().enumerate() {
        let cells = MemberCells::of(member, &licenses.members[m], lm);
        encode_into(&mut leading, &cells.leading());
        let findings = review.rules_of(&review.by_member[m]);
        encode_into(&mut trailing, &[cells.last_active.as_str(), &findings]);
        // email … driver, application, role, owner, last_active, findings.
        let emit = |out: &mut dyn Write, app: Option<u32>, role: &str, trailing: &[u8]| {
            let (name, owner) = app.map_or((&[][..], &[][..]), |a| {
                let (name, owner) = &applications[a as usize];
                (name.as_slice(), owner.as_slice())
            });
            out.write_all(&leading)?;
            out.write_all(b",")?;
            out.write_all(name)?;
            out.write_all(b",")?;
            write_cell(out, role)?;
            out.write_all(b",")?;
            out.write_all(owner)?;
            out.write_all(b",")?;
            out.write_all(trailing)?;
            out.write_all(b"\r\n")
        };
        let accesses = review.accesses(m);
        for access in &accesses {
            if access.role.is_some() {
                emit(&mut out, Some(access.position), access.role_name, &trailing)?;
            } else {
                // Flagged even when the finding is waived: the row grants nothing.
                let role = format!("{} {}", access.role_name, super::NO_SUCH_ROLE);
                let flags = with_rule(&findings, super::UNKNOWN_ROLE_RULE);
                let mut flagged = Vec::new();
                encode_into(&mut flagged, &[cells.last_active.as_str(), &flags]);
                emit(&mut out, Some(access.position), &role, &flagged)?;
            }
        }
        // Owning an application gives access without a role: a row too.
        for &owned in &licenses.owned[m] {
            let has_role = licenses.held[m].iter().any(|h| h.application == owned);
            if !has_role {
                emit(&mut out, Some(owned), "", &trailing)?;
            }
        }
        // A member with no application: one row, its application columns empty.
        if accesses.is_empty() && licenses.owned[m].is_empty() {
            emit(&mut out, None, "", &trailing)?;
        }
    }
    out.flush()
}

/// `rules` ("a, b", sorted) with `rule` added if it is not there.
fn with_rule(rules: &str, rule: &str) -> String {
    let mut all: std::collections::BTreeSet<&str> =
        rules.split(", ").filter(|r| !r.is_empty()).collect();
    all.insert(rule);
    all.into_iter().collect::<Vec<_>>().join(", ")
}
