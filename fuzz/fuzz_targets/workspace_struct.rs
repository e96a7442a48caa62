//! Structure-aware: arbitrary but well-formed workspaces (members, API keys,
//! applications with roles, assignments and automations, a config with rule
//! settings and ignores, split over several files), so the fuzzer spends its
//! time in licenses, rules, suppressions and reports rather than in TOML
//! syntax errors. Names are arbitrary strings: escapes are exercised too.
#![no_main]

use arbitrary::Arbitrary;
use std::fmt::Write;

/// A few emails, so that references (owners, assignments) often resolve.
const PEOPLE: [&str; 6] = [
    "ada@acme.com",
    "Bob@Acme.com",
    "carol@acme.com",
    "dave@other.io",
    "erin@acme.com",
    "x@acme.com",
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

const RULES: [&str; 8] = [
    "inactive-member",
    "unknown-role",
    "orphaned-api-key",
    "external-member",
    "unused-role",
    "over-provisioned-editor",
    "stale-api-key",
    "no-such-rule",
];

#[derive(Debug, Arbitrary)]
struct Input {
    name: Option<String>,
    license_model: u8,
    sso: bool,
    licenses: Option<(u16, u16, u16)>,
    pricing: Option<(u32, u32, u32)>,
    members: Vec<Member>,
    keys: Vec<Key>,
    apps: Vec<App>,
    config: Option<Config>,
    /// Where each member goes: the file index is this modulo 3.
    split: u8,
}

#[derive(Debug, Arbitrary)]
struct Member {
    person: u8,
    name: Option<String>,
    account_type: u8,
    status: u8,
    last_active: Option<(u8, u8)>,
    seat: Option<u8>,
    ignore: Option<u8>,
}

#[derive(Debug, Arbitrary)]
struct Key {
    name: String,
    kind: u8,
    owner: u8,
    expires: Option<(u8, u8)>,
    last_used: Option<(u8, u8)>,
}

#[derive(Debug, Arbitrary)]
struct App {
    name: String,
    owner: Option<u8>,
    public_blocks: Vec<String>,
    roles: Vec<Role>,
    assignments: Vec<(u8, u8)>,
    automations: Vec<(String, u8)>,
}

#[derive(Debug, Arbitrary)]
struct Role {
    name: String,
    permissions: u32,
    default_access: Option<u8>,
}

#[derive(Debug, Arbitrary)]
struct Config {
    rules: Vec<(u8, u8, Option<u16>)>,
    ignores: Vec<(u8, String, Option<(u8, u8)>)>,
}

fn pick<'a>(options: &[&'a str], at: u8) -> &'a str {
    options[usize::from(at) % options.len()]
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date in 2024–2026 (the fuzz runs' day is 2025-06-01).
fn date((month, day): (u8, u8)) -> String {
    format!(
        "{}-{:02}-{:02}",
        2024 + u16::from(month / 12 % 3),
        month % 12 + 1,
        day % 28 + 1
    )
}

fn render(input: &Input) -> swatch::fuzzing::Files {
    let mut files = vec![String::new(), String::new(), String::new()];
    let head = &mut files[0];
    head.push_str("[workspace]\n");
    if let Some(name) = &input.name {
        let _ = writeln!(head, "name = {}", quoted(name));
    }
    let model = pick(&["current", "legacy-v1", "legacy-v2"], input.license_model);
    let _ = writeln!(head, "license_model = \"{model}\"");
    if input.sso {
        head.push_str("sso_domains = [\"acme.com\"]\n");
    }
    let top = if model == "legacy-v1" {
        "modeler"
    } else {
        "editor"
    };
    let middle = model != "legacy-v2";
    if let Some((e, c, x)) = input.licenses {
        let _ = writeln!(head, "[licenses]\n{top} = {e}\nexplorer = {x}");
        if middle {
            let _ = writeln!(head, "contributor = {c}");
        }
    }
    if let Some((e, c, x)) = input.pricing {
        let _ = writeln!(head, "[pricing]\n{top} = {e}\nexplorer = {x}");
        if middle {
            let _ = writeln!(head, "contributor = {c}.5");
        }
    }
    for (i, member) in input.members.iter().enumerate() {
        let file = &mut files[(usize::from(input.split) + i) % 3];
        if let Some(rule) = member.ignore {
            let _ = writeln!(file, "# swatch: ignore {} -- fuzz", pick(&RULES, rule));
        }
        let _ = writeln!(
            file,
            "[[member]]\nemail = \"{}\"\naccount_type = \"{}\"\nstatus = \"{}\"",
            pick(&PEOPLE, member.person),
            pick(
                &[
                    "primary_owner",
                    "security_admin",
                    "workspace_admin",
                    "builder",
                    "standard_member"
                ],
                member.account_type
            ),
            pick(&["active", "invited", "deactivated"], member.status),
        );
        if let Some(name) = &member.name {
            let _ = writeln!(file, "name = {}", quoted(name));
        }
        if let Some(at) = member.last_active {
            let _ = writeln!(file, "last_active = {}", date(at));
        }
        if let Some(seat) = member.seat {
            let seats: &[&str] = if middle {
                &["editor", "contributor", "explorer"]
            } else {
                &["editor", "explorer"]
            };
            let _ = writeln!(file, "seat = \"{}\"", pick(seats, seat));
        }
    }
    for key in &input.keys {
        let file = &mut files[1];
        let _ = writeln!(
            file,
            "[[api_key]]\nname = {}\nkind = \"{}\"\nowner = \"{}\"",
            quoted(&key.name),
            pick(
                &["import", "export", "audit_logs", "scim", "other"],
                key.kind
            ),
            pick(&PEOPLE, key.owner),
        );
        if let Some(at) = key.expires {
            let _ = writeln!(file, "expires = {}", date(at));
        }
        if let Some(at) = key.last_used {
            let _ = writeln!(file, "last_used = {}", date(at));
        }
    }
    let mut model_files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .enumerate()
        .map(|(i, text)| (format!("part{i}.toml"), text.into_bytes()))
        .collect();
    for (i, app) in input.apps.iter().take(8).enumerate() {
        let mut file = format!("[application]\nname = {}\n", quoted(&app.name));
        if let Some(owner) = app.owner {
            let _ = writeln!(file, "owner = \"{}\"", pick(&PEOPLE, owner));
        }
        let blocks: Vec<String> = app.public_blocks.iter().map(|b| quoted(b)).collect();
        let _ = writeln!(file, "public_blocks = [{}]", blocks.join(", "));
        for role in &app.roles {
            let permissions: Vec<String> = PERMISSIONS
                .iter()
                .enumerate()
                .filter(|(bit, _)| role.permissions & (1 << bit) != 0)
                .map(|(_, p)| format!("\"{p}\""))
                .collect();
            let _ = writeln!(
                file,
                "[roles.{}]\npermissions = [{}]",
                quoted(&role.name),
                permissions.join(", ")
            );
            if let Some(access) = role.default_access {
                let access = pick(&["read", "write", "unspecified", "none"], access);
                let _ = writeln!(file, "default_access = \"{access}\"");
            }
        }
        file.push_str("[members]\n");
        let mut seen = std::collections::BTreeSet::new();
        for &(person, role) in &app.assignments {
            let email = pick(&PEOPLE, person);
            if !seen.insert(email.to_lowercase()) {
                continue;
            }
            let role = match app.roles.get(usize::from(role) % (app.roles.len() + 2)) {
                Some(custom) => quoted(&custom.name),
                None => quoted(pick(&["Reader", "Admin", "Editor", "Nobody"], role)),
            };
            let _ = writeln!(file, "\"{email}\" = {role}");
        }
        for (name, owner) in &app.automations {
            let _ = writeln!(
                file,
                "[[automation]]\nname = {}\nowner = \"{}\"",
                quoted(name),
                pick(&PEOPLE, *owner)
            );
        }
        model_files.push((format!("apps/app{i}.toml"), file.into_bytes()));
    }
    let config = input.config.as_ref().map(|config| {
        let mut text = String::new();
        for &(rule, severity, days) in &config.rules {
            let _ = writeln!(
                text,
                "[rules.{}]\nseverity = \"{}\"",
                pick(&RULES, rule),
                pick(&["off", "info", "warning", "error"], severity)
            );
            if let Some(days) = days {
                let _ = writeln!(text, "days = {days}");
            }
        }
        for (rule, subject, until) in &config.ignores {
            let _ = writeln!(
                text,
                "[[ignore]]\nrule = \"{}\"\nsubject = {}\nreason = \"fuzz\"",
                pick(&RULES, *rule),
                quoted(subject)
            );
            if let Some(at) = until {
                let _ = writeln!(text, "until = {}", date(*at));
            }
        }
        text.into_bytes()
    });
    swatch::fuzzing::Files {
        config,
        model: model_files,
        policies: Vec::new(),
    }
}

libfuzzer_sys::fuzz_target!(|input: Input| swatch::fuzzing::check(&render(&input)));
