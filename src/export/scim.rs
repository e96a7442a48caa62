//! An identity provider's SCIM 2.0 view of users: a `ListResponse` of
//! `User` resources (RFC 7643/7644), as Okta, Entra ID or `OneLogin` return it.

use crate::error::InputError;
use crate::source::{FileId, Loc, Sources};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct ListResponse {
    #[serde(rename = "Resources", alias = "resources", default)]
    resources: Vec<RawUser>,
}

// SCIM attribute names are case-insensitive (RFC 7643 §2.1); the aliases
// cover the spellings IdPs actually send.
#[derive(Deserialize)]
struct RawUser {
    #[serde(rename = "userName", alias = "username", alias = "UserName")]
    user_name: String,
    #[serde(default)]
    emails: Vec<RawEmail>,
    /// Absent means the identity provider does not say: not inactive.
    #[serde(default = "active_by_default")]
    active: bool,
    #[serde(rename = "displayName", alias = "displayname", default)]
    display_name: Option<String>,
    #[serde(default)]
    name: Option<RawName>,
}

fn active_by_default() -> bool {
    true
}

#[derive(Deserialize)]
struct RawEmail {
    #[serde(default)]
    value: Option<String>,
}

#[derive(Deserialize)]
struct RawName {
    #[serde(default)]
    formatted: Option<String>,
}

/// One SCIM user.
#[derive(Debug, Clone)]
pub(crate) struct ScimUser {
    pub(crate) active: bool,
    /// `displayName`, else `name.formatted`.
    pub(crate) display_name: Option<String>,
}

/// The users of a SCIM export, found by `userName`, else by any email.
#[derive(Debug)]
pub(crate) struct ScimExport {
    users: Vec<ScimUser>,
    by_user_name: BTreeMap<String, usize>,
    by_email: BTreeMap<String, usize>,
}

impl ScimExport {
    /// The user whose `userName` is `email`, else whose `emails[].value`
    /// has it; compared case-insensitively (`email` is lower-cased).
    pub(crate) fn find(&self, email: &str) -> Option<&ScimUser> {
        self.by_user_name
            .get(email)
            .or_else(|| self.by_email.get(email))
            .map(|&i| &self.users[i])
    }
}

pub(super) fn read(
    sources: &Sources,
    file: FileId,
    errors: &mut Vec<InputError>,
) -> Option<ScimExport> {
    let text = sources.get(file).text();
    let response: ListResponse = match serde_json::from_str(text) {
        Ok(response) => response,
        Err(e) => {
            let at = offset_of(text, e.line(), e.column());
            errors.push(
                InputError::at(
                    "swatch::export::bad_scim",
                    Loc::new(file, at..at),
                    format!("this SCIM export is not a ListResponse of users: {e}"),
                )
                .help("save the IdP's answer to GET /Users (a SCIM 2.0 ListResponse) as JSON"),
            );
            return None;
        }
    };
    let mut export = ScimExport {
        users: Vec::with_capacity(response.resources.len()),
        by_user_name: BTreeMap::new(),
        by_email: BTreeMap::new(),
    };
    for raw in response.resources {
        let i = export.users.len();
        // The first resource with a name wins, as the IdP lists it.
        export
            .by_user_name
            .entry(raw.user_name.trim().to_lowercase())
            .or_insert(i);
        for email in raw.emails.iter().filter_map(|e| e.value.as_deref()) {
            export
                .by_email
                .entry(email.trim().to_lowercase())
                .or_insert(i);
        }
        let display_name = raw
            .display_name
            .or_else(|| raw.name.and_then(|n| n.formatted))
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        export.users.push(ScimUser {
            active: raw.active,
            display_name,
        });
    }
    Some(export)
}

/// The byte offset of `serde_json`'s 1-based line and column (a column of 0
/// means the end of the previous line).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}
