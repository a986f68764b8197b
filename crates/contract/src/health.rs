//! `GET /api/v1/health`

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// True while the app has no moderator and a set-up code printed by the server can make
    /// one: the register page then asks for the code.
    #[serde(default)]
    pub setup_pending: bool,
    /// The map tiles' URL template (`LINLI_MAP_TILES`, e.g.
    /// `https://tile.openstreetmap.org/{z}/{x}/{y}.png`); none: maps show markers on a plain
    /// background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_tiles: Option<String>,
}
