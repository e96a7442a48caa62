//! The keys of each table of a workspace file (format.md), which the
//! parser reads and schema/workspace.schema.json describes for editors.

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
pub(super) const WORKSPACE_KEYS: &[&str] = &["name", "license_model", "sso_domains"];
pub(super) const LICENSE_KEYS: &[&str] = &["editor", "modeler", "contributor", "explorer"];
pub(super) const MEMBER_KEYS: &[&str] = &[
    "email",
    "name",
    "account_type",
    "status",
    "last_active",
    "seat",
];
pub(super) const API_KEY_KEYS: &[&str] =
    &["name", "kind", "owner", "created", "expires", "last_used"];
pub(super) const APPLICATION_KEYS: &[&str] = &["name", "owner", "public_blocks"];
pub(super) const ROLE_KEYS: &[&str] = &["permissions", "default_access"];
pub(super) const AUTOMATION_KEYS: &[&str] = &["name", "owner"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountType, ApiKeyKind, DefaultAccess, Keyword, Permission, Status};
    use serde_json::Value;

    /// schema/workspace.schema.json is for editors; it must say what the parser reads.
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
        assert_eq!(keys(&schema), sorted(TOP_KEYS));
        assert_eq!(keys(&props["workspace"]), sorted(WORKSPACE_KEYS));
        assert_eq!(keys(&props["licenses"]), sorted(LICENSE_KEYS));
        assert_eq!(keys(&props["pricing"]), sorted(LICENSE_KEYS));
        assert_eq!(keys(&props["member"]["items"]), sorted(MEMBER_KEYS));
        assert_eq!(keys(&props["api_key"]["items"]), sorted(API_KEY_KEYS));
        assert_eq!(keys(&props["application"]), sorted(APPLICATION_KEYS));
        assert_eq!(
            keys(&props["roles"]["additionalProperties"]),
            sorted(ROLE_KEYS)
        );
        assert_eq!(keys(&props["automation"]["items"]), sorted(AUTOMATION_KEYS));
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
