//! The closed vocabularies of the format: account types, statuses,
//! permissions, default access rights, license names, API key kinds.

/// A closed set of names written in the files.
pub(crate) trait Keyword: Sized + Copy + 'static {
    /// What the value is, for error messages ("account type").
    const WHAT: &'static str;
    /// Every accepted spelling and its value, in documentation order.
    const ALL: &'static [(&'static str, Self)];

    fn from_keyword(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|&(_, v)| v)
    }
}

macro_rules! keywords {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum $name { $($variant),+ }

        impl Keyword for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [(&'static str, Self)] = &[$(($text, Self::$variant)),+];
        }

        impl $name {
            pub(crate) fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keywords! {
    /// Workspace-level account type (seed 001).
    AccountType, "account type" {
        PrimaryOwner = "primary_owner",
        SecurityAdmin = "security_admin",
        WorkspaceAdmin = "workspace_admin",
        Builder = "builder",
        StandardMember = "standard_member",
    }
}

impl AccountType {
    /// Invite, remove and edit members (and so keep the workspace administered).
    pub(crate) fn can_manage_members(self) -> bool {
        matches!(
            self,
            Self::PrimaryOwner | Self::SecurityAdmin | Self::WorkspaceAdmin
        )
    }

    /// Create and manage connectors and API keys.
    pub(crate) fn can_manage_api_keys(self) -> bool {
        self.can_manage_members()
    }
}

keywords! {
    Status, "status" {
        Active = "active",
        Invited = "invited",
        Deactivated = "deactivated",
    }
}

keywords! {
    /// A role's default access right on data.
    DefaultAccess, "default access" {
        Read = "read",
        Write = "write",
        Unspecified = "unspecified",
        None = "none",
    }
}

impl DefaultAccess {
    /// Pigment counts `unspecified` as write for licensing.
    pub(crate) fn grants_write(self) -> bool {
        matches!(self, Self::Write | Self::Unspecified)
    }
}

keywords! {
    ApiKeyKind, "API key kind" {
        Import = "import",
        Export = "export",
        AuditLogs = "audit_logs",
        Scim = "scim",
        Other = "other",
    }
}

keywords! {
    LicenseModel, "license model" {
        Current = "current",
        LegacyV1 = "legacy-v1",
        LegacyV2 = "legacy-v2",
    }
}

/// A license, lowest to highest. `Editor` is the top license of every
/// model: legacy-v1 calls it "modeler"; legacy-v2 has no `Contributor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum License {
    Explorer,
    Contributor,
    Editor,
}

impl Keyword for License {
    const WHAT: &'static str = "license";
    // `modeler` names the top license in every model (format.md).
    const ALL: &'static [(&'static str, Self)] = &[
        ("editor", Self::Editor),
        ("modeler", Self::Editor),
        ("contributor", Self::Contributor),
        ("explorer", Self::Explorer),
    ];
}

impl License {
    /// The name in the current model; use [`LicenseModel::name`] for others.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Explorer => "explorer",
            Self::Contributor => "contributor",
            Self::Editor => "editor",
        }
    }
}

impl LicenseModel {
    /// The licenses of this model, highest first (the order of every table).
    pub(crate) fn licenses(self) -> &'static [License] {
        match self {
            Self::Current | Self::LegacyV1 => {
                &[License::Editor, License::Contributor, License::Explorer]
            }
            Self::LegacyV2 => &[License::Editor, License::Explorer],
        }
    }

    pub(crate) fn has(self, license: License) -> bool {
        self.licenses().contains(&license)
    }

    /// How this model names a license.
    pub(crate) fn name(self, license: License) -> &'static str {
        match (self, license) {
            (Self::LegacyV1, License::Editor) => "modeler",
            (_, other) => other.as_str(),
        }
    }

    /// A tier as this model has it: legacy-v2 has no contributor, so what
    /// would be contributor is editor.
    pub(crate) fn fit(self, license: License) -> License {
        match (self, license) {
            (Self::LegacyV2, License::Contributor) => License::Editor,
            (_, other) => other,
        }
    }
}

keywords! {
    /// The 20 application permissions, in format.md's order. That order is
    /// also the order in which a driver's permission is chosen, so
    /// reordering a role's list never changes what swatch reports.
    Permission, "permission" {
        DisplayApplication = "display_application",
        ConfigureApplication = "configure_application",
        DefineApplicationSecurity = "define_application_security",
        ConfigureAutomations = "configure_automations",
        ConfigureCalendars = "configure_calendars",
        ViewHistory = "view_history",
        CreateDeleteFolders = "create_delete_folders",
        CreateScenarios = "create_scenarios",
        DeleteScenarios = "delete_scenarios",
        FormulaPlayground = "formula_playground",
        OpenBlockExplorer = "open_block_explorer",
        ConfigureBlocks = "configure_blocks",
        ConfigureViews = "configure_views",
        AddListItems = "add_list_items",
        RemoveListItems = "remove_list_items",
        ReorderListItems = "reorder_list_items",
        ImportData = "import_data",
        OpenBoards = "open_boards",
        CommentBoards = "comment_boards",
        ConfigureBoards = "configure_boards",
    }
}

impl Permission {
    /// The lowest license that allows this permission (seed 004's table).
    pub(crate) fn tier(self) -> License {
        match self {
            Self::DisplayApplication
            | Self::FormulaPlayground
            | Self::OpenBoards
            | Self::CommentBoards => License::Explorer,
            Self::OpenBlockExplorer
            | Self::AddListItems
            | Self::RemoveListItems
            | Self::ReorderListItems
            | Self::ImportData => License::Contributor,
            _ => License::Editor,
        }
    }
}

/// A set of permissions, as a bitset in format.md's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct PermissionSet(u32);

impl PermissionSet {
    pub(crate) const ALL: Self = Self((1 << 20) - 1);

    pub(crate) const fn from_bits(bits: u32) -> Self {
        Self(bits & Self::ALL.0)
    }

    #[must_use]
    pub(crate) fn with(self, permission: Permission) -> Self {
        Self(self.0 | 1 << permission as u32)
    }

    pub(crate) fn contains(self, permission: Permission) -> bool {
        self.0 & (1 << permission as u32) != 0
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub(crate) fn is_subset(self, other: Self) -> bool {
        self.0 & !other.0 == 0
    }

    pub(crate) fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }

    /// The permissions in format.md's order.
    pub(crate) fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .iter()
            .map(|&(_, p)| p)
            .filter(move |&p| self.contains(p))
    }
}
