//! Small random workspaces for property tests (proptest): five people,
//! one to two applications of one to three roles, every account type,
//! status and license model. Shared by the crate's own property tests
//! (src/properties.rs, through `#[path]`) and tests/properties.rs.

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const PEOPLE: [&str; 5] = [
    "ada@acme.com",
    "bob@acme.com",
    "carol@acme.com",
    "dave@other.io",
    "erin@acme.com",
];

pub const PERMISSIONS: [&str; 20] = [
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
pub const ACCESS: [(&str, u8); 4] = [("none", 0), ("read", 1), ("write", 2), ("unspecified", 2)];

#[derive(Debug, Clone)]
pub struct Role {
    pub permissions: u32,
    pub access: usize,
}

#[derive(Debug, Clone)]
pub struct App {
    pub roles: Vec<Role>,
    /// (person, role index) per assigned person.
    pub assignments: BTreeMap<usize, usize>,
    pub owner: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Ws {
    pub license_model: usize,
    /// (person, account type, status) per member.
    pub members: BTreeMap<usize, (usize, usize)>,
    pub apps: Vec<App>,
}

pub fn role() -> impl Strategy<Value = Role> {
    (any::<u32>(), 0..ACCESS.len()).prop_map(|(bits, access)| Role {
        // Sparse: most roles grant a few permissions, so that licenses vary.
        permissions: bits & (bits >> 7) & 0xF_FFFF,
        access,
    })
}

pub fn app() -> impl Strategy<Value = App> {
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

pub fn workspace() -> impl Strategy<Value = Ws> {
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
    pub fn files(&self) -> Vec<(String, String)> {
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

pub fn write_workspace(dir: &std::path::Path, files: &[(String, String)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}
