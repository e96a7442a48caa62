//! The `what-if` edit flags. They are one list in command-line order (edits
//! apply in that order), which clap's derive cannot express for eight
//! different flags, so `Args` is implemented here over the raw matches and
//! their indices.

use clap::{Arg, ArgAction, ArgMatches, Command};

/// One hypothetical edit, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Edit {
    RemovePermission {
        app: String,
        role: String,
        permission: String,
    },
    AddPermission {
        app: String,
        role: String,
        permission: String,
    },
    DefaultAccess {
        app: String,
        role: String,
        access: String,
    },
    AccountType {
        email: String,
        account_type: String,
    },
    Status {
        email: String,
        status: String,
    },
    Assign {
        app: String,
        email: String,
        role: String,
    },
    Unassign {
        app: String,
        email: String,
    },
    Owner {
        app: String,
        email: String,
    },
}

impl std::fmt::Display for Edit {
    /// What the edit does, in words ("set Plan/Planner's default access to read").
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RemovePermission {
                app,
                role,
                permission,
            } => {
                write!(f, "remove {permission} from {app}/{role}")
            }
            Self::AddPermission {
                app,
                role,
                permission,
            } => {
                write!(f, "add {permission} to {app}/{role}")
            }
            Self::DefaultAccess { app, role, access } => {
                write!(f, "set {app}/{role}'s default access to {access}")
            }
            Self::AccountType {
                email,
                account_type,
            } => {
                write!(f, "make {email} {account_type}")
            }
            Self::Status { email, status } => write!(f, "set {email}'s status to {status}"),
            Self::Assign { app, email, role } => write!(f, "give {email} {role} in {app}"),
            Self::Unassign { app, email } => write!(f, "remove {email}'s role in {app}"),
            Self::Owner { app, email } => write!(f, "make {email} the owner of {app}"),
        }
    }
}

/// flag, value name, help.
const FLAGS: [(&str, &str, &str); 8] = [
    (
        "remove-permission",
        "APP/ROLE=PERM",
        "Take a permission out of a role",
    ),
    (
        "add-permission",
        "APP/ROLE=PERM",
        "Add a permission to a role",
    ),
    (
        "default-access",
        "APP/ROLE=ACCESS",
        "Change a role's default access (read, write, unspecified, none)",
    ),
    (
        "account-type",
        "EMAIL=TYPE",
        "Change a member's account type",
    ),
    (
        "status",
        "EMAIL=STATUS",
        "Change a member's status (active, invited, deactivated)",
    ),
    (
        "assign",
        "APP/EMAIL=ROLE",
        "Assign (or reassign) a role in an application",
    ),
    (
        "unassign",
        "APP/EMAIL",
        "Remove a member's assignment in an application",
    ),
    ("owner", "APP=EMAIL", "Change an application's owner"),
];

fn split<'t>(text: &'t str, at: char, shape: &str) -> Result<(&'t str, &'t str), String> {
    text.split_once(at)
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| format!("expected {shape}, found `{text}`"))
}

/// `APP/REST`: application names never hold a `/` (format.md).
fn app_and<'t>(text: &'t str, shape: &str) -> Result<(String, &'t str), String> {
    let (app, rest) = split(text, '/', shape)?;
    Ok((app.to_owned(), rest))
}

fn parse(flag: &str, text: &str) -> Result<Edit, String> {
    let shape = FLAGS
        .iter()
        .find(|(f, ..)| *f == flag)
        .map_or("a value", |(_, shape, _)| *shape);
    let app_role_value = || -> Result<(String, String, String), String> {
        let (app, rest) = app_and(text, shape)?;
        let (role, value) = split(rest, '=', shape)?;
        Ok((app, role.to_owned(), value.to_owned()))
    };
    let email_value = || -> Result<(String, String), String> {
        let (email, value) = split(text, '=', shape)?;
        Ok((email.to_owned(), value.to_owned()))
    };
    Ok(match flag {
        "remove-permission" => {
            let (app, role, permission) = app_role_value()?;
            Edit::RemovePermission {
                app,
                role,
                permission,
            }
        }
        "add-permission" => {
            let (app, role, permission) = app_role_value()?;
            Edit::AddPermission {
                app,
                role,
                permission,
            }
        }
        "default-access" => {
            let (app, role, access) = app_role_value()?;
            Edit::DefaultAccess { app, role, access }
        }
        "account-type" => {
            let (email, account_type) = email_value()?;
            Edit::AccountType {
                email,
                account_type,
            }
        }
        "status" => {
            let (email, status) = email_value()?;
            Edit::Status { email, status }
        }
        "assign" => {
            let (app, role, email) = app_role_value()?;
            Edit::Assign {
                app,
                email: role,
                role: email,
            }
        }
        "unassign" => {
            let (app, email) = app_and(text, shape)?;
            Edit::Unassign {
                app,
                email: email.to_owned(),
            }
        }
        _ => {
            let (app, email) = split(text, '=', shape)?;
            Edit::Owner {
                app: app.to_owned(),
                email: email.to_owned(),
            }
        }
    })
}

/// The edits of one `what-if`, in command-line order.
#[derive(Debug, Clone)]
pub(crate) struct Edits(pub Vec<Edit>);

impl clap::FromArgMatches for Edits {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut edits = Vec::new();
        for (flag, ..) in FLAGS {
            if let (Some(values), Some(indices)) =
                (matches.get_many::<Edit>(flag), matches.indices_of(flag))
            {
                edits.extend(indices.zip(values.cloned()));
            }
        }
        if edits.is_empty() {
            return Err(clap::Error::raw(
                clap::error::ErrorKind::MissingRequiredArgument,
                "give at least one edit, e.g. --default-access 'FP&A/Planner=read'\n",
            ));
        }
        edits.sort_by_key(|&(index, _)| index);
        Ok(Self(edits.into_iter().map(|(_, edit)| edit).collect()))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Args for Edits {
    fn augment_args(command: Command) -> Command {
        FLAGS
            .iter()
            .fold(command, |command, &(flag, value_name, help)| {
                command.arg(
                    Arg::new(flag)
                        .long(flag)
                        .value_name(value_name)
                        .help(help)
                        .help_heading("Edits (repeatable, applied in command-line order)")
                        .action(ArgAction::Append)
                        .value_parser(move |text: &str| parse(flag, text)),
                )
            })
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Probe {
        #[command(flatten)]
        edits: Edits,
    }

    #[test]
    fn edits_keep_command_line_order_across_flags() {
        let probe = Probe::try_parse_from([
            "x",
            "--status",
            "a@x.com=deactivated",
            "--assign",
            "FP&A/b@x.com=Reader",
            "--status",
            "c@x.com=active",
        ])
        .unwrap();
        assert_eq!(
            probe.edits.0,
            vec![
                Edit::Status {
                    email: "a@x.com".into(),
                    status: "deactivated".into()
                },
                Edit::Assign {
                    app: "FP&A".into(),
                    email: "b@x.com".into(),
                    role: "Reader".into()
                },
                Edit::Status {
                    email: "c@x.com".into(),
                    status: "active".into()
                },
            ]
        );
    }

    #[test]
    fn a_malformed_edit_is_a_usage_error() {
        assert!(Probe::try_parse_from(["x", "--owner", "FP&A"]).is_err());
        assert!(Probe::try_parse_from(["x"]).is_err());
    }
}
