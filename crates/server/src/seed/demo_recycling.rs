//! Demo recycling: the hand-made OpenStreetMap sample (imported as `import-osm` would), points
//! the demo organiser runs in every demo community (every kind, most materials, realistic
//! hours: a 24/7 bin, one closed on Mondays, one open past midnight), a few with home pickup,
//! and demo pickups in every state.

use crate::db::recycling::{self, Change, NewPickup, NewPoint};
use crate::db::{now, Db};
use crate::error::AppResult;
use linli_contract::impact;
use linli_contract::recycling::{Material, PickupRole, PointKind, TimeWindow, DEFAULT_TIMEZONE};

const SAMPLE: &str = include_str!("../../data/recycling-sample.geojson");

struct Demo {
    name: &'static str,
    kind: PointKind,
    materials: &'static [Material],
    pickup: &'static [Material],
    hours: &'static str,
    /// Offset from the community's centre, in thousandths of a degree.
    at: (i32, i32),
    address: &'static str,
}

const POINTS: &[Demo] = {
    use Material::*;
    use PointKind::*;
    &[
        Demo {
            name: "智能回收箱（1 号楼旁）",
            kind: DropOffBin,
            materials: &[Paper, Cardboard, PlasticBottles, Cans, Clothes],
            pickup: &[],
            hours: "24/7",
            at: (1, 1),
            address: "1 号楼东侧",
        },
        Demo {
            name: "有害垃圾回收箱",
            kind: DropOffBin,
            materials: &[Batteries, LowEnergyBulbs, HazardousWaste],
            pickup: &[],
            hours: "Mo-Su 07:00-21:00",
            at: (-2, 1),
            address: "物业服务中心门口",
        },
        Demo {
            name: "社区再生资源回收站",
            kind: Station,
            materials: &[Paper, Cardboard, Newspaper, Books, ScrapMetal, GlassBottles, Plastic, CookingOil],
            pickup: &[ElectricalAppliances, Furniture],
            hours: "Tu-Su 08:30-17:30",
            at: (3, -2),
            address: "南门停车场旁",
        },
        Demo {
            name: "两网融合分拣中心",
            kind: SortingCentre,
            materials: &[
                Paper,
                Cardboard,
                Plastic,
                PlasticPackaging,
                Glass,
                ScrapMetal,
                SmallAppliances,
                ElectricalAppliances,
                Computers,
                Wood,
                Tyres,
            ],
            pickup: &[ElectricalAppliances, SmallAppliances, Computers],
            hours: "Mo-Sa 08:00-18:00; PH off",
            at: (8, 6),
            address: "街道环卫所院内",
        },
        Demo {
            name: "家电以旧换新门店",
            kind: TradeIn,
            materials: &[SmallAppliances, ElectricalAppliances, MobilePhones, Computers],
            pickup: &[ElectricalAppliances],
            hours: "Mo-Su 10:00-21:00",
            at: (-5, -6),
            address: "商业街 12 号",
        },
        Demo {
            name: "邻里寄卖点",
            kind: Consignment,
            materials: &[Clothes, Shoes, Books, Furniture, Textiles],
            pickup: &[],
            hours: "Mo-Fr 12:00-20:00; Sa-Su 10:00-20:00",
            at: (4, 5),
            address: "社区活动中心一楼",
        },
        Demo {
            name: "夜间回收亭",
            kind: Station,
            materials: &[Paper, Cans, PlasticBottles, GlassBottles, BeverageCartons],
            pickup: &[],
            hours: "Mo-Su 18:00-02:00",
            at: (-6, 3),
            address: "夜市入口",
        },
        Demo {
            name: "旧衣物回收箱",
            kind: DropOffBin,
            materials: &[Clothes, Shoes, Textiles],
            pickup: &[],
            hours: "24/7",
            at: (2, -4),
            address: "3 号门岗旁",
        },
        Demo {
            name: "汽修店电瓶轮胎回收",
            kind: Station,
            materials: &[CarBatteries, Tyres, ScrapMetal],
            pickup: &[],
            hours: "Mo-Sa 08:00-19:00",
            at: (12, -9),
            address: "环路 88 号",
        },
    ]
};

/// Imports the sample and adds the demo points and pickups. `organiser` operates the demo
/// points; `residents` ask for pickups.
pub async fn seed(db: &Db, organiser: i64, residents: &[i64], community_ids: &[i64]) -> AppResult<()> {
    let at = now();
    // The sample file, as `linli-server import-osm crates/server/data/recycling-sample.geojson` would.
    let _ = crate::osm_import::import(db, at, SAMPLE).await?;

    let mut pickup_points = Vec::new();
    for &community_id in community_ids {
        let Some(c) = crate::db::communities::find(db, community_id).await? else { continue };
        for d in POINTS {
            let point = NewPoint {
                name: format!("{}·{}", c.name.zh, d.name),
                kind: d.kind,
                materials: d.materials.to_vec(),
                pickup_materials: d.pickup.to_vec(),
                opening_hours: d.hours.into(),
                timezone: DEFAULT_TIMEZONE.into(),
                address: format!("{}{}", c.name.zh, d.address),
                contact: "400-800-1234".into(),
                lat: c.lat + f64::from(d.at.0) / 1000.0,
                lng: c.lng + f64::from(d.at.1) / 1000.0,
            };
            let id = recycling::insert_point(db, at, Some(organiser), &point).await?;
            if d.kind == PointKind::TradeIn {
                pickup_points.push(id);
            }
        }
    }

    // Pickups in every state at the first community's trade-in shop (open every day 10–21).
    let Some(&point) = pickup_points.first() else { return Ok(()) };
    let day = 24 * 3600;
    // A window tomorrow 14:00–16:00 Shanghai time (UTC+8), whatever the hour now.
    let tomorrow_14 = (at + 8 * 3600) / day * day + day + 14 * 3600 - 8 * 3600;
    let window = TimeWindow { start: tomorrow_14, end: tomorrow_14 + 2 * 3600 };
    let fridge = [Material::ElectricalAppliances];
    let plans: [(&str, f64, &str); 4] = [
        ("旧冰箱一台（双门）", 60.0, "requested"),
        ("滚筒洗衣机一台", 70.0, "scheduled"),
        ("旧空调外机一台", 35.0, "collected"),
        ("老式电视机", 25.0, "cancelled"),
    ];
    for (i, (items, kg, target)) in plans.into_iter().enumerate() {
        let resident = residents[i % residents.len().max(1)];
        let new = NewPickup {
            items,
            materials: &fridge,
            weight_g: linli_contract::recycling::grams(kg),
            address: "田林路 100 弄 5 号 302 室",
            windows: &[window],
            note: "",
        };
        let id = recycling::request_pickup(db, at, point, resident, &new).await?;
        if target == "requested" {
            continue;
        }
        let row = recycling::find_pickup_for(db, id, resident).await?;
        if target == "cancelled" {
            recycling::act(
                db,
                at,
                &row,
                &[PickupRole::Resident],
                Change::Cancel { reason: "已经送给邻居了", by: resident },
            )
            .await?;
            continue;
        }
        recycling::act(db, at, &row, &[PickupRole::Operator], Change::Schedule(window)).await?;
        if target == "collected" {
            let row = recycling::find_pickup_for(db, id, resident).await?;
            let grams = linli_contract::recycling::grams(kg);
            let co2e_g = impact::recycling_avoided_grams(&fridge, grams);
            let points = impact::recycling_points(co2e_g);
            recycling::act(db, at, &row, &[PickupRole::Operator], Change::Collect { grams, co2e_g, points }).await?;
        }
    }
    Ok(())
}
