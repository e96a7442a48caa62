//! `swatch report --format csv`: one row per member and application, what
//! auditors load into their own tools. Cells go through the same quoting
//! and formula defusing as `licenses --format csv`.

use super::Review;
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
    crate::report::csv::row(&mut out, &HEADER)?;
    for (m, member) in model.members.iter().enumerate() {
        let derived = &licenses.members[m];
        let driver = derived.driver.map(|d| d.to_string()).unwrap_or_default();
        let member_cells = [
            member.key.as_str(),
            member.name.as_deref().unwrap_or_default(),
            member.account_type.value.as_str(),
            member.status.as_str(),
            derived.license.map(|l| lm.name(l)).unwrap_or_default(),
            driver.as_str(),
        ];
        let last_active = member
            .last_active
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        let findings = review.rules_of(&review.by_member[m]);
        let mut rows = 0;
        let mut emit = |out: &mut dyn Write, app: &crate::model::Application, role: &str| {
            rows += 1;
            let owner = app.owner.as_ref().map_or("", |o| o.value.as_str());
            let [email, name, account_type, status, license, driver] = member_cells;
            let cells = [
                email,
                name,
                account_type,
                status,
                license,
                driver,
                app.name.as_str(),
                role,
                owner,
                last_active.as_str(),
                findings.as_str(),
            ];
            crate::report::csv::row(out, &cells)
        };
        for held in &licenses.held[m] {
            let (app, role) = licenses.role_of(*held);
            emit(&mut out, app, role.name)?;
        }
        // Owning an application gives access without a role: a row too.
        for &owned in &licenses.owned[m] {
            let app = &model.applications[owned as usize];
            let has_role = licenses.held[m].iter().any(|h| h.application == owned);
            if !has_role {
                emit(&mut out, app, "")?;
            }
        }
        if rows == 0 {
            let [email, name, account_type, status, license, driver] = member_cells;
            let cells = [
                email,
                name,
                account_type,
                status,
                license,
                driver,
                "",
                "",
                "",
                last_active.as_str(),
                findings.as_str(),
            ];
            crate::report::csv::row(&mut out, &cells)?;
        }
    }
    out.flush()
}
