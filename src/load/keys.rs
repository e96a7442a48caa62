//! The keys of the two tables whose names other tables' errors need: the
//! top level (to tell a foreign TOML file from a mistyped workspace file)
//! and `[application]` (to say that a key under `[roles.…]` or
//! `[members]` belongs there). Every table's keys are the ones its
//! `TableReader` asks for; the test below holds them, these lists and
//! schema/workspace.schema.json to one another.

pub(super) const TOP_KEYS: &[&str] = &[
    "workspace",
    "licenses",
    "pricing",
    "member",
    "api_key",
    "application",
    "roles",
    "members",
    "automation",
];
pub(super) const APPLICATION_KEYS: &[&str] = &["name", "owner", "public_blocks"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse::parse_file;
    use crate::model::{AccountType, ApiKeyKind, DefaultAccess, Keyword, Permission, Status};
    use crate::source::{FileId, SourceFile};
    use serde_json::Value;

    /// The keys the reader takes in the table that `text` opens, from the
    /// help of the unknown key `zz_not_a_key` it puts there: "… takes: a, b".
    fn reader_keys(text: &str) -> Vec<String> {
        let source = SourceFile::new("keys.toml".to_owned(), text.to_owned());
        let (_, errors) = parse_file(FileId(0), &source);
        let unknown = errors
            .iter()
            .find(|e| e.message.contains("`zz_not_a_key`"))
            .unwrap_or_else(|| panic!("no unknown-key error in {text:?}: {errors:?}"));
        let help = unknown.help.as_deref().expect("an unknown key has help");
        let (_, keys) = help
            .split_once(" takes: ")
            .expect("the help lists the keys");
        let mut keys: Vec<String> = keys.split(", ").map(str::to_owned).collect();
        keys.sort();
        keys
    }

    /// schema/workspace.schema.json is for editors; it must say what the
    /// parser reads, table by table.
    #[test]
    fn the_json_schema_matches_the_parser() {
        let schema: Value =
            serde_json::from_str(include_str!("../../schema/workspace.schema.json")).unwrap();
        let props = &schema["properties"];
        let keys = |v: &Value| {
            let mut k: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            k.sort();
            k
        };
        let sorted = |k: &[&str]| {
            let mut k: Vec<String> = k.iter().map(|s| (*s).to_owned()).collect();
            k.sort();
            k
        };
        let app = "[application]\nname = \"A\"\n";
        let member = "email = \"a@x.com\"\naccount_type = \"builder\"\n";
        let tables = [
            (keys(&schema), "zz_not_a_key = 1\n[workspace]\n".to_owned()),
            (keys(&props["workspace"]), "[workspace]\nzz_not_a_key = 1\n".to_owned()),
            (keys(&props["licenses"]), "[licenses]\nzz_not_a_key = 1\n".to_owned()),
            (keys(&props["pricing"]), "[pricing]\nzz_not_a_key = 1\n".to_owned()),
            (
                keys(&props["member"]["items"]),
                format!("[[member]]\n{member}zz_not_a_key = 1\n"),
            ),
            (
                keys(&props["api_key"]["items"]),
                "[[api_key]]\nname = \"k\"\nkind = \"import\"\nowner = \"a@x.com\"\nzz_not_a_key = 1\n".to_owned(),
            ),
            (keys(&props["application"]), format!("{app}zz_not_a_key = 1\n")),
            (
                keys(&props["roles"]["additionalProperties"]),
                format!("{app}[roles.R]\npermissions = []\nzz_not_a_key = 1\n"),
            ),
            (
                keys(&props["automation"]["items"]),
                format!("{app}[[automation]]\nname = \"x\"\nowner = \"a@x.com\"\nzz_not_a_key = 1\n"),
            ),
        ];
        for (schema_keys, text) in &tables {
            assert_eq!(&reader_keys(text), schema_keys, "{text}");
        }
        assert_eq!(keys(&schema), sorted(TOP_KEYS));
        assert_eq!(keys(&props["application"]), sorted(APPLICATION_KEYS));
        let values = |v: &Value| -> Vec<String> {
            v["enum"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect()
        };
        let names = |all: Vec<&str>| all.into_iter().map(str::to_owned).collect::<Vec<_>>();
        let member = &props["member"]["items"]["properties"];
        assert_eq!(
            values(&member["account_type"]),
            names(AccountType::ALL.iter().map(|(n, _)| *n).collect())
        );
        assert_eq!(
            values(&member["status"]),
            names(Status::ALL.iter().map(|(n, _)| *n).collect())
        );
        assert_eq!(
            values(&props["api_key"]["items"]["properties"]["kind"]),
            names(ApiKeyKind::ALL.iter().map(|(n, _)| *n).collect())
        );
        let role = &props["roles"]["additionalProperties"]["properties"];
        assert_eq!(
            values(&role["permissions"]["items"]),
            names(Permission::ALL.iter().map(|(n, _)| *n).collect())
        );
        assert_eq!(
            values(&role["default_access"]),
            names(DefaultAccess::ALL.iter().map(|(n, _)| *n).collect())
        );
    }
}
