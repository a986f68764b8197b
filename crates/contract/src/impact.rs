//! Green impact (碳减排, 绿色积分): the estimated emissions a reuse avoids.
//!
//! A second-hand item that changes hands replaces, some of the time, a new one that would have
//! been made. The avoided emissions are the new item's production footprint times that
//! displacement. Per category we take a typical item's cradle-to-gate footprint and a 50 %
//! displacement rate (not every second-hand purchase replaces a new one), rounded down.
//!
//! Sources of the production footprints (typical item of the category):
//! * Appliances — fridge-freezer ≈ 350 kg CO2e, washing machine ≈ 280 kg: ADEME, Base
//!   Empreinte / "Impacts environnementaux du numérique et des équipements" (2022).
//! * Electronics — laptop ≈ 250 kg, monitor ≈ 200 kg: ADEME/Arcep "Évaluation de l'impact
//!   environnemental du numérique en France" (2022); Apple and Dell product footprints.
//! * Phones — smartphone ≈ 60 kg (≈ 80 % of its 70 kg life cycle is manufacturing): Apple
//!   iPhone product environmental reports (2021–2023); ADEME (2022).
//! * Furniture — sofa ≈ 90 kg, table ≈ 50 kg, chair ≈ 20 kg: WRAP, "Benefits of Reuse" tool
//!   and case studies (2011, updated 2017).
//! * Clothing and textiles — ≈ 15 kg per garment: WRAP "Valuing our Clothes" (2017); Ellen
//!   MacArthur Foundation, "A New Textiles Economy" (2017).
//! * Books — ≈ 2.5 kg per book: Cleantech / publishers' footprints summarised by WRAP (2011).
//! * Baby and kids — stroller ≈ 50 kg, toys ≈ 5 kg: WRAP "Benefits of Reuse" (2011).
//! * Sports — bicycle ≈ 100 kg, small equipment ≈ 10 kg: European Cyclists' Federation (2011);
//!   WRAP (2011).
//! * Other — a conservative 5 kg.
//!
//! These are estimates for motivation, not carbon accounting; the profile says so.

use crate::listing::Category;
use serde::{Deserialize, Serialize};

/// Share of reused items assumed to replace a new purchase.
pub const DISPLACEMENT: f64 = 0.5;

/// Typical production footprint of an item of the category, kg CO2e.
pub fn production_kg(category: Category) -> f64 {
    match category {
        Category::Appliances => 300.0,
        Category::Electronics => 220.0,
        Category::Phones => 60.0,
        Category::Furniture => 60.0,
        Category::Clothing => 15.0,
        Category::Books => 2.5,
        Category::BabyKids => 25.0,
        Category::Sports => 40.0,
        Category::Other => 5.0,
    }
}

/// Estimated kg CO2e avoided when an item of this category is reused, in grams (stored as an
/// integer so sums are exact).
pub fn avoided_grams(category: Category) -> i64 {
    (production_kg(category) * DISPLACEMENT * 1000.0).round() as i64
}

/// Green points for a completed reuse: one per kg avoided, at least 1, and 5 more for giving
/// something away for free.
pub fn points(category: Category, given_away: bool) -> i64 {
    (avoided_grams(category) / 1000).max(1) + if given_away { 5 } else { 0 }
}

/// Completed trades between the same two accounts (either way round) that earn green impact.
/// Neighbours do trade again, but a pair swapping things back and forth is not more reuse:
/// from the third trade of a pair on, a completed trade counts as a trade and credits no
/// CO2e and no points. (Six trades of one pair earned 900 points before this limit.)
pub const PAIR_CREDIT_LIMIT: i64 = 2;

/// Credited trades that came before the one completing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Earlier {
    /// Earlier credited trades of the same listing (sold, returned in a dispute, sold again).
    pub of_listing: i64,
    /// Earlier credited trades between the same two accounts, either way round.
    pub of_pair: i64,
}

/// What a completed trade credits, in grams of CO2e avoided and green points: an item's reuse
/// counts once per listing, and at most [`PAIR_CREDIT_LIMIT`] times between two accounts.
pub fn credit(category: Category, given_away: bool, earlier: Earlier) -> (i64, i64) {
    if earlier.of_listing > 0 || earlier.of_pair >= PAIR_CREDIT_LIMIT {
        return (0, 0);
    }
    (avoided_grams(category), points(category, given_away))
}

/// Recycling (a collected home pickup): kg CO2e avoided per kg of the material recycled
/// instead of landfilled, rounded down to be conservative.
///
/// Source: US EPA, Waste Reduction Model (WARM) v16, "Recycling" vs "Landfilling" emission
/// factors (2023), converted from MTCO2e per short ton (÷ 0.907): mixed paper ≈ 3.5, corrugated
/// cardboard ≈ 3.1, newspaper ≈ 2.7, books ≈ 3.0, PET ≈ 1.1, mixed plastics ≈ 1.0, glass ≈ 0.3,
/// aluminium cans ≈ 9.1, steel/mixed metals ≈ 1.8–4.4, textiles ≈ 2.4, mixed electronics ≈ 0.8,
/// dimensional lumber ≈ 2.1, tyres ≈ 0.4. Cooking oil: UK DESNZ/DEFRA "Greenhouse gas reporting:
/// conversion factors 2023", biodiesel from used cooking oil replacing diesel (≈ 2.5 kg per
/// kg). Batteries, bulbs and hazardous waste are collected to keep them out of the ground,
/// not for the emissions; they count a token 0.1 kg.
pub fn recycling_kg_per_kg(material: crate::recycling::Material) -> f64 {
    use crate::recycling::Material::*;
    match material {
        Paper | Cardboard | Books | BeverageCartons => 3.0,
        Newspaper => 2.5,
        PlasticBottles => 1.0,
        PlasticPackaging | Plastic => 0.9,
        GlassBottles | Glass => 0.3,
        Cans => 9.0,
        ScrapMetal => 1.8,
        Clothes | Shoes | Textiles => 2.4,
        SmallAppliances | ElectricalAppliances | Computers | MobilePhones => 0.8,
        Wood | Furniture => 2.0,
        Tyres => 0.4,
        CookingOil => 2.5,
        Batteries | CarBatteries | LowEnergyBulbs | HazardousWaste => 0.1,
    }
}

/// kg CO2e avoided by recycling `grams` of a pickup made of `materials` (the weight is split
/// evenly between them), in grams.
pub fn recycling_avoided_grams(materials: &[crate::recycling::Material], grams: i64) -> i64 {
    if materials.is_empty() || grams <= 0 {
        return 0;
    }
    let per_material = grams as f64 / materials.len() as f64;
    materials.iter().map(|m| per_material * recycling_kg_per_kg(*m)).sum::<f64>().round() as i64
}

/// Green points for a collected pickup: one per kg CO2e avoided, at least 1.
pub fn recycling_points(avoided_grams: i64) -> i64 {
    (avoided_grams / 1000).max(1)
}

/// Totals for a person or a community.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Impact {
    /// Completed trades (including give-aways and swaps).
    pub trades: i64,
    /// Of which given away for free.
    pub given_away: i64,
    /// Estimated kg CO2e avoided.
    pub kg_co2e: f64,
    pub points: i64,
    /// Collected recycling pickups (their CO2e and points are in the totals above).
    #[serde(default)]
    pub pickups: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_avoids_something_and_bigger_things_avoid_more() {
        for c in Category::ALL {
            assert!(avoided_grams(*c) > 0);
            assert!(points(*c, false) >= 1);
        }
        assert!(avoided_grams(Category::Appliances) > avoided_grams(Category::Books));
        assert_eq!(points(Category::Books, true), 6, "1 point, plus 5 for giving it away");
        assert_eq!(avoided_grams(Category::Phones), 30_000);
    }

    #[test]
    fn a_listing_counts_once_and_a_pair_at_most_its_limit() {
        let full = (avoided_grams(Category::Appliances), points(Category::Appliances, false));
        assert_eq!(credit(Category::Appliances, false, Earlier::default()), full);
        assert_eq!(credit(Category::Appliances, false, Earlier { of_listing: 1, of_pair: 0 }), (0, 0));
        let credited: Vec<_> = (0..6)
            .map(|n| credit(Category::Appliances, false, Earlier { of_listing: 0, of_pair: n }).1)
            .take_while(|p| *p > 0)
            .collect();
        assert_eq!(credited.len() as i64, PAIR_CREDIT_LIMIT);
    }

    #[test]
    fn recycling_factors() {
        use crate::recycling::Material;
        for m in Material::ALL {
            assert!(recycling_kg_per_kg(*m) > 0.0, "{m:?}");
        }
        assert_eq!(recycling_avoided_grams(&[Material::Cans], 1000), 9000);
        assert_eq!(recycling_avoided_grams(&[Material::Paper, Material::Glass], 2000), 3300);
        assert_eq!(recycling_points(500), 1);
        assert_eq!(recycling_avoided_grams(&[], 1000), 0);
    }
}
