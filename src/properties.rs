//! Properties over small random workspaces (proptest, 64 cases each so the
//! suite stays fast): licenses only grow when access grows, every JSON
//! output parses back, and outputs do not depend on the order files are
//! read in. (That they do not depend on how the workspace path is spelled
//! is in tests/properties.rs: it runs the binary.)

use crate::license::Licenses;
use crate::load::{Content, Workspace};
use crate::model::License;
use crate::source::Sources;
use proptest::prelude::*;
use random_workspace::{ACCESS, PERMISSIONS, Ws, workspace};
use std::collections::BTreeMap;

// The generator is shared with tests/properties.rs, which cannot reach
// this crate's internals; there its items are used from another crate.
#[allow(unreachable_pub, dead_code)]
#[path = "../tests/common/random_workspace.rs"]
mod random_workspace;

fn load(files: &[(String, String)]) -> Workspace {
    let contents = files
        .iter()
        .map(|(path, text)| (path.clone(), Content::Bytes(text.clone().into_bytes())))
        .collect();
    crate::load::load(
        Sources::default(),
        contents,
        crate::load::MaxFileSize::DEFAULT,
    )
    .expect("a generated workspace is valid")
}

/// Each member's license, by email.
fn licenses_of(ws: &Ws) -> BTreeMap<String, Option<License>> {
    let workspace = load(&ws.files());
    let licenses = Licenses::derive(&workspace.model);
    workspace
        .model
        .members
        .iter()
        .zip(&licenses.members)
        .map(|(member, license)| (member.key.to_string(), license.license))
        .collect()
}

fn assert_no_license_drops(before: &Ws, after: &Ws) -> Result<(), TestCaseError> {
    let (old, new) = (licenses_of(before), licenses_of(after));
    for (email, license) in &old {
        prop_assert!(
            new[email] >= *license,
            "{email}: {license:?} became {:?}",
            new[email]
        );
    }
    Ok(())
}

fn json(value: &impl serde::Serialize) -> Result<(), TestCaseError> {
    let mut out = Vec::new();
    serde_json::to_writer_pretty(&mut out, value).expect("renders");
    prop_assert!(
        serde_json::from_slice::<serde_json::Value>(&out).is_ok(),
        "not JSON: {}",
        String::from_utf8_lossy(&out)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn adding_a_permission_never_lowers_a_license(
        ws in workspace(),
        app in any::<prop::sample::Index>(),
        role in any::<prop::sample::Index>(),
        permission in 0..PERMISSIONS.len(),
    ) {
        let mut wider = ws.clone();
        let app = app.get_mut(&mut wider.apps);
        role.get_mut(&mut app.roles).permissions |= 1 << permission;
        assert_no_license_drops(&ws, &wider)?;
    }

    #[test]
    fn widening_default_access_never_lowers_a_license(
        ws in workspace(),
        app in any::<prop::sample::Index>(),
        role in any::<prop::sample::Index>(),
        to in 0..ACCESS.len(),
    ) {
        let mut wider = ws.clone();
        let app = app.get_mut(&mut wider.apps);
        let role = role.get_mut(&mut app.roles);
        prop_assume!(ACCESS[to].1 > ACCESS[role.access].1);
        role.access = to;
        assert_no_license_drops(&ws, &wider)?;
    }

    /// `diff` drops the words of base-side findings the new side makes
    /// too, and an edited copy's of both sides (#9): every finding it shows
    /// says exactly what `check` says of it on its side, and the copy's
    /// way shows the same as the other.
    #[test]
    fn diff_shows_each_finding_as_check_does(
        ws in workspace(),
        app in any::<prop::sample::Index>(),
        role in any::<prop::sample::Index>(),
        permission in 0..PERMISSIONS.len(),
        member in any::<prop::sample::Index>(),
        (account, status) in (0..5usize, 0..3usize),
    ) {
        let mut changed = ws.clone();
        let app = app.get_mut(&mut changed.apps);
        role.get_mut(&mut app.roles).permissions |= 1 << permission;
        let people: Vec<usize> = changed.members.keys().copied().collect();
        changed.members.insert(*member.get(&people), (account, status));
        let mut sides = crate::diff::sides::Sides {
            config: crate::config::Config::default(),
            new_config: None,
            baseline: None,
            policies: crate::policy::Policies::default(),
            old: load(&ws.files()),
            new: load(&changed.files()),
            old_label: "old".to_owned(),
            new_label: "new".to_owned(),
            settings: Vec::new(),
            similar: false,
        };
        let today = jiff::civil::date(2026, 11, 28);
        let checked = |w: &Workspace| {
            let licenses = Licenses::derive(&w.model);
            let result = crate::lint::run(w, &licenses, &sides.config, &sides.policies, today, None);
            let report = crate::report::json::check(&result.findings, &w.sources, &w.model);
            let value = serde_json::to_value(&report).expect("renders");
            value["findings"].as_array().cloned().unwrap_or_default()
        };
        let (before, after) = (checked(&sides.old), checked(&sides.new));
        let diff = |sides: &crate::diff::sides::Sides| {
            crate::diff::review::review(sides, today, |d, awaiting| {
                let gates = crate::diff::Gates::default();
                serde_json::to_value(crate::report::json::diff(d, awaiting, &d.gates(&gates)))
                    .expect("renders")
            })
        };
        let shown = diff(&sides);
        sides.similar = true;
        prop_assert_eq!(&diff(&sides), &shown);
        for (list, side) in [("new", &after), ("resolved", &before)] {
            for finding in shown["findings"][list].as_array().into_iter().flatten() {
                prop_assert!(side.contains(finding), "{list}: {finding} is not one of {side:?}");
            }
        }
    }

    #[test]
    fn json_outputs_parse_back(old in workspace(), new in workspace()) {
        let today = jiff::civil::date(2026, 11, 28);
        let config = crate::config::Config::default();
        let policies = crate::policy::Policies::default();
        let workspace = load(&new.files());
        let licenses = Licenses::derive(&workspace.model);
        json(&crate::report::json::licenses(&licenses))?;
        let result = crate::lint::run(&workspace, &licenses, &config, &policies, today, None);
        json(&crate::report::json::check(&result.findings, &workspace.sources, &workspace.model))?;
        drop(result);
        drop(licenses);
        let sides = crate::diff::sides::Sides {
            config,
            new_config: None,
            baseline: None,
            policies,
            old: load(&old.files()),
            new: workspace,
            old_label: "old".to_owned(),
            new_label: "new".to_owned(),
            settings: Vec::new(),
            similar: false,
        };
        let gates = crate::diff::Gates { deny_escalation: true, ..Default::default() };
        crate::diff::review::review(&sides, today, |d, awaiting| {
            json(&crate::report::json::diff(d, awaiting, &d.gates(&gates)))
        })?;
    }

    #[test]
    fn output_is_the_same_in_any_file_order(
        (files, shuffled) in workspace().prop_flat_map(|ws| {
            let files = ws.files();
            (Just(files.clone()), Just(files).prop_shuffle())
        }),
    ) {
        let render = |files: &[(String, String)]| {
            let workspace = load(files);
            let licenses = Licenses::derive(&workspace.model);
            let result = crate::lint::run(
                &workspace,
                &licenses,
                &crate::config::Config::default(),
                &crate::policy::Policies::default(),
                jiff::civil::date(2026, 11, 28),
                None,
            );
            let mut out = Vec::new();
            serde_json::to_writer_pretty(&mut out, &crate::report::json::licenses(&licenses)).expect("renders");
            crate::report::csv::licenses(&mut out, &licenses).expect("renders");
            serde_json::to_writer_pretty(
                &mut out,
                &crate::report::json::check(&result.findings, &workspace.sources, &workspace.model),
            )
            .expect("renders");
            crate::report::github::check(&mut out, &result.findings, &workspace.sources, &crate::load::work_tree::RepoPaths::default()).expect("renders");
            out
        };
        prop_assert_eq!(
            String::from_utf8(render(&files)).expect("utf-8"),
            String::from_utf8(render(&shuffled)).expect("utf-8")
        );
    }
}
