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

impl Community {
    /// "望京社区 · 北京朝阳区", "Wangjing · Beijing Chaoyang": Chinese place names run
    /// together, English ones are separated by spaces.
    pub fn full_name(&self, lang: Lang) -> String {
        let sep = lang.pick("", " ");
        format!("{} · {}{sep}{}", self.name.get(lang), self.city.get(lang), self.district.get(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_place_names_are_separated() {
        let l = |zh: &str, en: &str| Localized { zh: zh.into(), en: en.into() };
        let c = Community {
            id: 1,
            slug: "bj-wangjing".into(),
            name: l("望京社区", "Wangjing"),
            city: l("北京", "Beijing"),
            district: l("朝阳区", "Chaoyang"),
            lat: 0.0,
            lng: 0.0,
        };
        assert_eq!(c.full_name(Lang::Zh), "望京社区 · 北京朝阳区");
        assert_eq!(c.full_name(Lang::En), "Wangjing · Beijing Chaoyang");
    }
}

/// `GET /api/v1/communities/{id}`: a community and what its residents achieved together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityPage {
    pub community: Community,
    pub impact: crate::impact::Impact,
    pub active_listings: i64,
}
