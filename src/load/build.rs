//! Parsed files → one [`Model`]: what spans files is checked here (an entity
//! defined twice, `[workspace]` in two files, a license the model lacks).
//! Dangling references (unknown members, unknown roles) are kept: they are
//! findings of rules, not invalid input.

use super::parse::{ParsedFile, PendingMembers};
use crate::error::InputError;
use crate::model::{Application, Assignee, License, LicenseModel, Model, Name, Prices};
use crate::source::Loc;
use rayon::prelude::*;

/// What [`build`] makes: the model, the files' inline suppressions, and,
/// when asked for, each application file's `[members]` lines by the
/// file's position (read only, so given back rather than copied first).
pub(super) type Built = (
    Model,
    Vec<crate::load::InlineIgnore>,
    Vec<(usize, PendingMembers)>,
);

/// Merge parsed files. No file's text is read here: it may be gone
/// already. With `give_back_lines`, each application's `[members]` lines
/// (without their role names, which the model takes) are given back.
pub(super) fn build(
    files: Vec<ParsedFile>,
    errors: &mut Vec<InputError>,
    give_back_lines: bool,
) -> Built {
    let mut model = Model::default();
    let mut inline = Vec::new();
    let mut license_model_loc = None;
    let mut pricing = None;
    let (mut workspace_at, mut licenses_at, mut pricing_at): (
        Option<Loc>,
        Option<Loc>,
        Option<Loc>,
    ) = (None, None, None);

    // Sized once: a vector grown by doubling ends up to twice its length.
    model
        .members
        .reserve_exact(files.iter().map(|f| f.members.len()).sum());
    // Applications wait for the members' index to resolve their emails.
    let mut pending = Vec::new();
    for (at, file) in files.into_iter().enumerate() {
        if let Some((info, license_model)) = file.workspace {
            if once(errors, &mut workspace_at, info.loc, "[workspace]") {
                if let Some(m) = license_model {
                    model.license_model = m.value;
                    license_model_loc = Some(m.loc);
                }
                model.workspace = Some(info);
            }
        }
        if let Some(purchased) = file.licenses {
            if once(errors, &mut licenses_at, purchased.loc, "[licenses]") {
                model.purchased = Some(purchased);
            }
        }
        if let Some((loc, prices)) = file.pricing {
            if once(errors, &mut pricing_at, loc, "[pricing]") {
                pricing = Some(prices);
            }
        }
        model.members.extend(file.members);
        model.api_keys.extend(file.api_keys);
        if let Some(application) = file.application {
            pending.push((at, application, file.assignments));
        }
        inline.extend(file.inline_ignores);
    }

    // Sort then compare neighbours: duplicates in O(n log n), whatever the file order.
    // Unstable, so in place: no two members share a location, so the order is the
    // stable sort's, without its scratch copy of the members (8 MB at 100k), whose
    // free raised glibc's mmap threshold (check's peak RSS 129 -> 122 MB, #16).
    model
        .members
        .sort_unstable_by(|a, b| a.key.cmp(&b.key).then(a.loc.cmp(&b.loc)));
    report_duplicates(
        errors,
        &model.members,
        |m| (&m.key, m.loc),
        "member",
        "email",
    );
    model.members.dedup_by(|b, a| a.key == b.key);
    model.index_members();
    // Applications are independent: their references resolve in parallel.
    let (applications, lines): (Vec<_>, Vec<_>) = pending
        .into_par_iter()
        .map(|(at, application, mut assignments)| {
            let application = resolved(&model, application, &mut assignments);
            (application, give_back_lines.then_some((at, assignments)))
        })
        .unzip();
    model.applications = applications;
    let lines = lines.into_iter().flatten().collect();

    model
        .applications
        .sort_by(|a, b| a.name.cmp(&b.name).then(a.loc.cmp(&b.loc)));
    report_duplicates(
        errors,
        &model.applications,
        |a| (&a.name, a.loc),
        "application",
        "name",
    );
    model.applications.dedup_by(|b, a| a.name == b.name);

    model
        .api_keys
        .sort_by(|a, b| a.name.cmp(&b.name).then(a.loc.cmp(&b.loc)));
    report_duplicates(
        errors,
        &model.api_keys,
        |k| (&k.name, k.loc),
        "API key",
        "name",
    );
    model.api_keys.dedup_by(|b, a| a.name == b.name);

    let license_model = model.license_model;
    let mut check = |license: License, loc: Loc| {
        if !license_model.has(license) {
            errors.push(missing_license(
                license_model,
                license,
                loc,
                license_model_loc,
            ));
        }
    };
    for member in &model.members {
        if let Some(seat) = &member.seat {
            check(seat.value, seat.loc);
        }
    }
    if let Some(purchased) = &model.purchased {
        for (license, count) in &purchased.seats {
            check(*license, count.loc);
        }
    }
    let mut prices = Prices::default();
    for (license, cents) in pricing.unwrap_or_default() {
        check(license, cents.loc);
        prices.set(license, cents.value);
    }
    model.prices = prices;
    (model, inline, lines)
}

/// An application with its owner and its `[members]` lines resolved to
/// members and roles, once: each email is looked up in the members' index,
/// each role name the lines write in the application's roles.
fn resolved(
    model: &Model,
    mut application: Application,
    pending: &mut PendingMembers,
) -> Application {
    application.owner_member = application
        .owner
        .as_ref()
        .and_then(|o| model.member_index(&o.value))
        .map(|i| i as u32);
    // The lines' emails are lower-cased already.
    application.set_assigned_roles(std::mem::take(&mut pending.roles));
    application.assignments.reserve_exact(pending.lines.len());
    for line in &pending.lines {
        let email = pending.email(line);
        let who = match model.member_position(email) {
            Some(i) => Assignee::Member(i),
            None => Assignee::Unknown(Name::from(email)),
        };
        application.push_assignment(who, line.loc, line.role);
    }
    application
}

/// Record where a once-per-workspace table is; report a second one.
fn once(errors: &mut Vec<InputError>, first: &mut Option<Loc>, here: Loc, table: &str) -> bool {
    if let Some(first) = *first {
        errors.push(
            InputError::at(
                "swatch::load::duplicate",
                here,
                format!("{table} is defined in two files"),
            )
            .label("second definition")
            .also(first, "first definition")
            .help(format!("a workspace has one {table}: merge the two tables")),
        );
        return false;
    }
    *first = Some(here);
    true
}

fn report_duplicates<T>(
    errors: &mut Vec<InputError>,
    sorted: &[T],
    identity: impl Fn(&T) -> (&str, Loc),
    what: &str,
    key: &str,
) {
    // Every later definition points at the first one, not at the one before.
    let mut first_of_run = 0;
    for (i, item) in sorted.iter().enumerate().skip(1) {
        let (first, first_loc) = identity(&sorted[first_of_run]);
        let (second, second_loc) = identity(item);
        if first == second {
            let note = if what == "member" {
                " (emails compare case-insensitively)"
            } else {
                ""
            };
            errors.push(
                InputError::at(
                    "swatch::load::duplicate",
                    second_loc,
                    format!("the {what} `{second}` is defined twice{note}"),
                )
                .label("second definition")
                .also(first_loc, "first definition")
                .help(format!(
                    "each {what} is defined once: remove one, or change its {key}"
                )),
            );
        } else {
            first_of_run = i;
        }
    }
}

fn missing_license(
    model: LicenseModel,
    license: License,
    loc: Loc,
    model_loc: Option<Loc>,
) -> InputError {
    let known: Vec<&str> = model.licenses().iter().map(|&l| model.name(l)).collect();
    let mut error = InputError::at(
        "swatch::load::unknown_license",
        loc,
        format!(
            "the license model {model} has no `{}` license",
            license.as_str()
        ),
    )
    .label(format!("not a license of {model}"))
    .help(format!("{model} has: {}", known.join(", ")));
    if let Some(model_loc) = model_loc {
        error = error.also(model_loc, "license model set here");
    }
    error
}
