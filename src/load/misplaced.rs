//! A key under the wrong table header. In TOML a key belongs to the last
//! table header above it, so a line appended at the end of a file (a new
//! `"max@acme.com" = "Viewer"` after `[[automation]]`) lands in whatever
//! table comes last. "unknown key" alone does not say that; this names the
//! header the key was read under, its line, and the table that takes it.

use crate::error::InputError;
use crate::source::{Loc, SourceFile};
use crate::toml_read::{Key, Misplaced, Reader, did_you_mean};

/// The table that takes `key` when it is not ambiguous (`name` and `owner`
/// are keys of several tables), with what such a line does there.
fn home_of(key: &str) -> Option<(&'static str, &'static str)> {
    if key.contains('@') {
        return Some(("[members]", "an email key assigns the member a role"));
    }
    Some(match key {
        "email" | "account_type" | "status" | "last_active" | "seat" => {
            ("[[member]]", "it describes a member")
        }
        "kind" | "created" | "expires" | "last_used" => ("[[api_key]]", "it describes an API key"),
        "public_blocks" => ("[application]", "it describes the application"),
        "permissions" | "default_access" => ("[roles.NAME]", "it describes a role"),
        "license_model" | "sso_domains" => ("[workspace]", "it describes the workspace"),
        "editor" | "modeler" | "contributor" | "explorer" => (
            "[licenses] or [pricing]",
            "it counts the seats bought, or sets a price",
        ),
        _ => return None,
    })
}

/// Report a key `table` does not have: a likely typo of one of `known`
/// as "did you mean", a key another table takes as misplaced (below
/// `header`), anything else as unknown.
pub(super) fn unknown_key(r: &mut Reader, key: &Key<'_>, known: &[&str], table: &str, header: Loc) {
    let typo = did_you_mean(key.get_ref(), known.iter().copied()).is_some();
    if typo || !misplaced(r, key, table, header) {
        r.unknown_key(key, known, table);
    }
}

/// [`unknown_key`] for the table reader (which has ruled out a typo): a
/// key another table takes is reported as misplaced, not as unknown.
pub(super) fn misplaced_key(
    r: &mut Reader,
    key: &Key<'_>,
    unknown: InputError,
    table: &str,
    header: Loc,
) -> Option<InputError> {
    (!misplaced(r, key, table, header)).then_some(unknown)
}

/// Report `key`, read under `table` (whose header is `header`), as
/// misplaced if another table takes it; whether it was.
pub(super) fn misplaced(r: &mut Reader, key: &Key<'_>, table: &str, header: Loc) -> bool {
    let name = key.get_ref().as_ref();
    let Some((home, _)) = home_of(name).filter(|(home, _)| !home.starts_with(table)) else {
        return false;
    };
    r.misplaced.push(Misplaced {
        key: r.loc(key.span()),
        name: name.to_owned(),
        table: table.to_owned(),
        header,
        home,
    });
    true
}

impl Misplaced {
    /// The error, with the header's line read from `file`.
    pub(super) fn into_error(self, file: &SourceFile) -> InputError {
        let (line, _) = file.line_col(self.header.start);
        let why = home_of(&self.name).map_or("", |(_, why)| why);
        let name = &self.name;
        InputError::at(
            "swatch::load::misplaced_key",
            self.key,
            format!(
                "`{name}` is read as a key of {} (line {line}), which has no such key",
                self.table
            ),
        )
        .label(format!("belongs under {}", self.home))
        .also(self.header, "the last table header above it")
        .help(format!(
            "in TOML a key belongs to the last table header above it, here {} on line {line}; \
             `{name}` belongs under {} ({why}): move this line up, into that table",
            self.table, self.home
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_one_table_have_a_home_and_shared_ones_none() {
        assert_eq!(home_of("max@acme.com").map(|h| h.0), Some("[members]"));
        assert_eq!(home_of("account_type").map(|h| h.0), Some("[[member]]"));
        assert_eq!(home_of("permissions").map(|h| h.0), Some("[roles.NAME]"));
        assert_eq!(home_of("name"), None);
        assert_eq!(home_of("owner"), None);
    }
}
