//! Properties over small random workspaces (proptest, 64 cases each so the
//! suite stays fast): licenses only grow when access grows, every JSON
//! output parses back, and outputs do not depend on the order files are
//! read in or on how the workspace path is spelled.

mod common;

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use swatch::license::Licenses;
use swatch::load::{Content, Workspace};
use swatch::model::License;
use swatch::source::Sources;

const PEOPLE: [&str; 5] = [
    "ada@acme.com",
    "bob@acme.com",
    "carol@acme.com",
    "dave@other.io",
    "erin@acme.com",
];

const PERMISSIONS: [&str; 20] = [
    "display_application",
    "configure_application",
    "define_application_security",
    "configure_automations",
    "configure_calendars",
    "view_history",
    "create_delete_folders",
    "create_scenarios",
    "delete_scenarios",
    "formula_playground",
    "open_block_explorer",
    "configure_blocks",
    "configure_views",
    "add_list_items",
    "remove_list_items",
    "reorder_list_items",
    "import_data",
    "open_boards",
    "comment_boards",
    "configure_boards",
];

/// Default access rights, ordered by what they grant for licensing
/// (`unspecified` counts as write, domain.md).
const ACCESS: [(&str, u8); 4] = [("none", 0), ("read", 1), ("write", 2), ("unspecified", 2)];

#[derive(Debug, Clone)]
struct Role {
    permissions: u32,
    access: usize,
}

#[derive(Debug, Clone)]
struct App {
    roles: Vec<Role>,
    /// (person, role index) per assigned person.
    assignments: BTreeMap<usize, usize>,
    owner: Option<usize>,
}

#[derive(Debug, Clone)]
struct Ws {
    license_model: usize,
    /// (person, account type, status) per member.
    members: BTreeMap<usize, (usize, usize)>,
    apps: Vec<App>,
}

fn role() -> impl Strategy<Value = Role> {
    (any::<u32>(), 0..ACCESS.len()).prop_map(|(bits, access)| Role {
        // Sparse: most roles grant a few permissions, so that licenses vary.
        permissions: bits & (bits >> 7) & 0xF_FFFF,
        access,
    })
}

fn app() -> impl Strategy<Value = App> {
    (
        prop::collection::vec(role(), 1..4),
        prop::collection::btree_map(0..PEOPLE.len(), 0..4usize, 0..5),
        prop::option::of(0..PEOPLE.len()),
    )
        .prop_map(|(roles, assignments, owner)| {
            let n = roles.len();
            App {
                assignments: assignments.into_iter().map(|(p, r)| (p, r % n)).collect(),
                roles,
                owner,
            }
        })
}

fn workspace() -> impl Strategy<Value = Ws> {
    (
        0..3usize,
        prop::collection::btree_map(0..PEOPLE.len(), (0..5usize, 0..3usize), 1..6),
        prop::collection::vec(app(), 1..3),
    )
        .prop_map(|(license_model, members, apps)| Ws {
            license_model,
            members,
            apps,
        })
}

impl Ws {
    /// The workspace's files: (path, text), members and each application apart.
    fn files(&self) -> Vec<(String, String)> {
        let model = ["current", "legacy-v1", "legacy-v2"][self.license_model];
        let mut head = format!(
            "[workspace]\nname = \"Prop\"\nlicense_model = \"{model}\"\nsso_domains = [\"acme.com\"]\n"
        );
        for (&person, &(account, status)) in &self.members {
            let account = [
                "primary_owner",
                "security_admin",
                "workspace_admin",
                "builder",
                "standard_member",
            ][account];
            let status = ["active", "invited", "deactivated"][status];
            let _ = write!(
                head,
                "\n[[member]]\nemail = \"{}\"\naccount_type = \"{account}\"\nstatus = \"{status}\"\nlast_active = 2026-01-0{}\n",
                PEOPLE[person],
                person + 1
            );
        }
        let mut files = vec![("workspace.toml".to_owned(), head)];
        for (a, app) in self.apps.iter().enumerate() {
            let mut text = format!("[application]\nname = \"App {a}\"\n");
            if let Some(owner) = app.owner {
                let _ = writeln!(text, "owner = \"{}\"", PEOPLE[owner]);
            }
            for (r, role) in app.roles.iter().enumerate() {
                let permissions: Vec<String> = PERMISSIONS
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| role.permissions & (1 << bit) != 0)
                    .map(|(_, p)| format!("\"{p}\""))
                    .collect();
                let _ = write!(
                    text,
                    "\n[roles.R{r}]\npermissions = [{}]\ndefault_access = \"{}\"\n",
                    permissions.join(", "),
                    ACCESS[role.access].0
                );
            }
            text.push_str("\n[members]\n");
            for (&person, &role) in &app.assignments {
                let _ = writeln!(text, "\"{}\" = \"R{role}\"", PEOPLE[person]);
            }
            files.push((format!("apps/app{a}.toml"), text));
        }
        files
    }
}

fn load(files: &[(String, String)]) -> Workspace {
    let contents = files
        .iter()
        .map(|(path, text)| (path.clone(), Content::Bytes(text.clone().into_bytes())))
        .collect();
    swatch::load::load(
        Sources::default(),
        contents,
        swatch::load::MaxFileSize::DEFAULT,
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

fn write_workspace(dir: &std::path::Path, files: &[(String, String)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
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

    #[test]
    fn json_outputs_parse_back(old in workspace(), new in workspace()) {
        let today = jiff::civil::date(2026, 11, 28);
        let config = swatch::config::Config::default();
        let policies = swatch::policy::Policies::default();
        let workspace = load(&new.files());
        let licenses = Licenses::derive(&workspace.model);
        json(&swatch::report::json::licenses(&licenses))?;
        let result = swatch::lint::run(&workspace, &licenses, &config, &policies, today, None);
        json(&swatch::report::json::check(&result.findings, &workspace.sources, &workspace.model))?;
        drop(result);
        drop(licenses);
        let sides = swatch::diff::sides::Sides {
            config,
            new_config: None,
            baseline: None,
            policies,
            old: load(&old.files()),
            new: workspace,
            old_label: "old".to_owned(),
            new_label: "new".to_owned(),
            settings: Vec::new(),
        };
        let gates = swatch::diff::Gates { deny_escalation: true, ..Default::default() };
        swatch::diff::review::review(&sides, today, |d, awaiting| {
            json(&swatch::report::json::diff(d, awaiting, &d.gates(&gates)))
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
            let result = swatch::lint::run(
                &workspace,
                &licenses,
                &swatch::config::Config::default(),
                &swatch::policy::Policies::default(),
                jiff::civil::date(2026, 11, 28),
                None,
            );
            let mut out = Vec::new();
            serde_json::to_writer_pretty(&mut out, &swatch::report::json::licenses(&licenses)).expect("renders");
            swatch::report::csv::licenses(&mut out, &licenses).expect("renders");
            serde_json::to_writer_pretty(
                &mut out,
                &swatch::report::json::check(&result.findings, &workspace.sources, &workspace.model),
            )
            .expect("renders");
            swatch::report::github::check(&mut out, &result.findings, &workspace.sources, &swatch::load::work_tree::RepoPaths::default()).expect("renders");
            out
        };
        prop_assert_eq!(
            String::from_utf8(render(&files)).expect("utf-8"),
            String::from_utf8(render(&shuffled)).expect("utf-8")
        );
    }
}

proptest! {
    // Each case runs the binary a few times: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn output_is_the_same_however_the_path_is_spelled(ws in workspace()) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        write_workspace(&dir.path().join("ws"), &ws.files());
        for format in ["human", "json", "sarif", "github", "gitlab", "junit"] {
            let outputs: Vec<String> = ["ws", "ws/", "./ws", "ws//", "./ws/"]
                .iter()
                .map(|path| {
                    common::run_in(dir.path(), &["check", path, "--format", format]).stdout
                })
                .collect();
            for output in &outputs[1..] {
                prop_assert_eq!(output, &outputs[0], "--format {}", format);
            }
        }
    }
}
