//! Accounts, sessions and roles.

use serde::{Deserialize, Serialize};

/// What a user may do beyond trading. Everyone is a resident; the other roles are granted by a
/// moderator (or the server's `grant-role` command), never chosen at sign-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    Organiser,
    Moderator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Resident, Role::Organiser, Role::Moderator];

    /// The stable name used in the database, the URL and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Organiser => "organiser",
            Role::Moderator => "moderator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The role's name for people.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Role::Resident => lang.pick("居民", "Resident"),
            Role::Organiser => lang.pick("组织者", "Organiser"),
            Role::Moderator => lang.pick("管理员", "Moderator"),
        }
    }

    /// Roles that are granted and revoked; `resident` is everyone's and cannot be removed.
    pub fn is_grantable(self) -> bool {
        self != Role::Resident
    }
}

/// `POST /api/v1/auth/register`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// Shown to other residents; unique (case-insensitive), 2–20 characters.
    pub display_name: String,
    /// A mainland mobile number (11 digits, optional +86) or an e-mail address.
    pub contact: String,
    /// 8–128 characters.
    pub password: String,
    /// The one-time set-up code the server printed at start while it has no moderator: the
    /// account signing up with it becomes the first moderator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_code: Option<String>,
}

/// `POST /api/v1/auth/login`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Phone number, e-mail address or display name.
    pub login: String,
    pub password: String,
}

/// The signed-in user, as `GET /api/v1/me` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub display_name: String,
    /// The contact, partly masked (`138****5678`, `z***@example.com`).
    pub contact_masked: String,
    /// Always contains `resident`.
    pub roles: Vec<Role>,
    /// Unix seconds.
    pub member_since: i64,
}

impl Me {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A user as a moderator sees them when managing roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i64,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub member_since: i64,
}

/// `GET /api/v1/admin/users?q=`: users whose name starts with or contains `q`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct UserSearch {
    #[serde(default)]
    pub q: String,
}
