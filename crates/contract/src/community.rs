//! Communities (社区): where residents live and trade.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A text that exists in both languages (names of places and the like).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Community {
    pub id: i64,
    pub slug: String,
    pub name: Localized,
    pub city: Localized,
    pub district: Localized,
    /// Approximate centre of the community (never an address).
    pub lat: f64,
    pub lng: f64,
}

/// `GET /api/v1/communities/{id}`: a community and what its residents achieved together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityPage {
    pub community: Community,
    pub impact: crate::impact::Impact,
    pub active_listings: i64,
}
