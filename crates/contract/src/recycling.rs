//! Recycling (回收): points where things can be dropped off or traded in, the materials they
//! take, "what goes where" (这个怎么扔), and home pickup (互联网+回收).
//!
//! Materials are OpenStreetMap's `recycling:*` keys, so real map data imports as it is. Opening
//! hours are OSM `opening_hours` text; the server evaluates them (the web app only writes the
//! simple per-weekday form, [`WeekHours`]).
//!
//! A home pickup moves through [`PickupFacts::RULES`]:
//!
//! ```text
//! requested ──schedule(window)──▶ scheduled ──collect(weight)──▶ collected
//!     │  ▲ reschedule ─┘               │
//!     ▼                                 ▼
//! cancelled (resident any time while requested, or before the scheduled window starts;
//!            the operator any time before collection, with a reason)
//! ```

use crate::community::Localized;
use crate::error::ErrorCode;
use crate::field::{Field, FieldError, Validate};
use crate::lang::Lang;
use crate::lifecycle::{self, Machine, Rule};
use crate::text::{self, TextKind};
use serde::{Deserialize, Serialize};

pub mod limits {
    pub const NAME_MIN: usize = 2;
    pub const NAME_MAX: usize = 60;
    pub const ADDRESS_MAX: usize = 200;
    pub const CONTACT_MAX: usize = 60;
    pub const OPENING_HOURS_MAX: usize = 255;
    pub const ITEMS_MIN: usize = 2;
    pub const ITEMS_MAX: usize = 200;
    pub const NOTE_MAX: usize = 300;
    /// A pickup's approximate weight: more than 0 and at most this (a household's worth, not a
    /// lorry's).
    pub const WEIGHT_MAX_KG: f64 = 2000.0;
    /// Preferred windows a resident may offer.
    pub const WINDOWS_MAX: usize = 5;
    /// A window is at most this long.
    pub const WINDOW_MAX_SECS: i64 = 24 * 3600;
    /// …and starts at most this far ahead.
    pub const WINDOW_AHEAD_MAX_SECS: i64 = 90 * 24 * 3600;
    pub const QUERY_MAX: usize = 50;
    /// Points listed at most per request.
    pub const LIST_MAX: i64 = 100;
    /// Default search radius around the position, metres.
    pub const RADIUS_DEFAULT_M: f64 = 20_000.0;
    pub const RADIUS_MAX_M: f64 = 200_000.0;
}
use limits::*;

/// The time zone of a point unless it says otherwise.
pub const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";

/// What kind of place a point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// A container or bin (`recycling_type=container`).
    DropOffBin,
    /// A staffed recycling station (回收站, `recycling_type=centre`).
    Station,
    /// A sorting centre merged with a waste-sorting point (两网融合).
    SortingCentre,
    /// A shop taking old items in exchange for a discount on new ones (以旧换新).
    TradeIn,
    /// A consignment or second-hand shop (寄卖点, `shop=second_hand`).
    Consignment,
}

impl PointKind {
    pub const ALL: [PointKind; 5] = [
        PointKind::DropOffBin,
        PointKind::Station,
        PointKind::SortingCentre,
        PointKind::TradeIn,
        PointKind::Consignment,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PointKind::DropOffBin => "drop_off_bin",
            PointKind::Station => "station",
            PointKind::SortingCentre => "sorting_centre",
            PointKind::TradeIn => "trade_in",
            PointKind::Consignment => "consignment",
        }
    }

    pub fn parse(key: &str) -> Option<PointKind> {
        PointKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PointKind::DropOffBin => lang.pick("回收箱", "Drop-off bin"),
            PointKind::Station => lang.pick("回收站", "Recycling station"),
            PointKind::SortingCentre => lang.pick("两网融合分拣中心", "Sorting centre (with waste sorting)"),
            PointKind::TradeIn => lang.pick("以旧换新", "Trade-in shop"),
            PointKind::Consignment => lang.pick("寄卖点", "Consignment shop"),
        }
    }
}

macro_rules! materials {
    ($($variant:ident = $key:literal, $zh:literal, $en:literal;)*) => {
        /// A material, as OpenStreetMap's `recycling:<key>=yes` names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum Material { $($variant,)* }

        impl Material {
            pub const ALL: &'static [Material] = &[$(Material::$variant,)*];

            /// The OSM key after `recycling:`.
            pub fn key(self) -> &'static str {
                match self { $(Material::$variant => $key,)* }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match self { $(Material::$variant => lang.pick($zh, $en),)* }
            }
        }
    };
}

materials! {
    Paper = "paper", "废纸", "Paper";
    Cardboard = "cardboard", "纸板纸箱", "Cardboard";
    Newspaper = "newspaper", "报纸", "Newspapers";
    BeverageCartons = "beverage_cartons", "饮料纸盒", "Beverage cartons";
    Books = "books", "书籍", "Books";
    PlasticBottles = "plastic_bottles", "塑料瓶", "Plastic bottles";
    PlasticPackaging = "plastic_packaging", "塑料包装", "Plastic packaging";
    Plastic = "plastic", "塑料制品", "Plastics";
    GlassBottles = "glass_bottles", "玻璃瓶", "Glass bottles";
    Glass = "glass", "玻璃", "Glass";
    Cans = "cans", "易拉罐", "Cans";
    ScrapMetal = "scrap_metal", "废金属", "Scrap metal";
    Clothes = "clothes", "旧衣物", "Clothes";
    Shoes = "shoes", "旧鞋", "Shoes";
    Textiles = "textiles", "纺织品", "Textiles";
    SmallAppliances = "small_appliances", "小家电", "Small appliances";
    ElectricalAppliances = "electrical_appliances", "大家电", "Electrical appliances";
    Computers = "computers", "电脑", "Computers";
    MobilePhones = "mobile_phones", "手机", "Mobile phones";
    Batteries = "batteries", "电池", "Batteries";
    CarBatteries = "car_batteries", "汽车电瓶", "Car batteries";
    LowEnergyBulbs = "low_energy_bulbs", "节能灯管", "Low-energy bulbs";
    CookingOil = "cooking_oil", "废食用油", "Cooking oil";
    Wood = "wood", "木材", "Wood";
    Furniture = "furniture", "旧家具", "Furniture";
    Tyres = "tyres", "轮胎", "Tyres";
    HazardousWaste = "hazardous_waste", "有害垃圾", "Hazardous waste";
}

impl Material {
    /// The material of an OSM key; a few spellings found in real data count too.
    pub fn parse(key: &str) -> Option<Material> {
        let key = key.trim().to_ascii_lowercase();
        let key = match key.as_str() {
            "plastics" => "plastic",
            "paper_packaging" => "paper",
            "magazines" => "newspaper",
            "tins" => "cans",
            "glass_bottles;glass" => "glass_bottles",
            "electrical_items" | "white_goods" | "fridge_and_freezer" => "electrical_appliances",
            "tv_monitor" | "electronics" => "computers",
            "engine_oil" => "hazardous_waste",
            "tires" => "tyres",
            other => other,
        };
        Material::ALL.iter().copied().find(|m| m.key() == key)
    }
}

/// Parses a list of material keys: the first unknown one is an error of `field`.
pub fn parse_materials(field: Field, keys: &[String]) -> Result<Vec<Material>, FieldError> {
    let mut out = Vec::new();
    for key in keys {
        let m = Material::parse(key).ok_or(FieldError::new(field, ErrorCode::MaterialUnknown))?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out.sort();
    Ok(out)
}

/// The Chinese sorting class of an item (垃圾分类), for what is not recycled at a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WasteClass {
    Recyclable,
    Hazardous,
    Kitchen,
    Residual,
}

impl WasteClass {
    pub fn key(self) -> &'static str {
        match self {
            WasteClass::Recyclable => "recyclable",
            WasteClass::Hazardous => "hazardous",
            WasteClass::Kitchen => "kitchen",
            WasteClass::Residual => "residual",
        }
    }

    pub fn parse(key: &str) -> Option<WasteClass> {
        [WasteClass::Recyclable, WasteClass::Hazardous, WasteClass::Kitchen, WasteClass::Residual]
            .into_iter()
            .find(|c| c.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WasteClass::Recyclable => lang.pick("可回收物", "Recyclable"),
            WasteClass::Hazardous => lang.pick("有害垃圾", "Hazardous waste"),
            WasteClass::Kitchen => lang.pick("湿垃圾（厨余）", "Kitchen waste"),
            WasteClass::Residual => lang.pick("干垃圾（其他）", "Residual waste"),
        }
    }
}

// --- opening hours ---

/// Whether a point is open now and when that changes, in the point's own time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenStatus {
    /// `open`, `closed`, or `unknown` (no hours given, or hours the server cannot read).
    pub state: OpenState,
    /// When it next opens or closes (unix seconds), if within the coming weeks.
    pub next_change_at: Option<i64>,
    /// That moment in the point's time zone: weekday (0 = Monday)…
    pub next_weekday: Option<u8>,
    /// …and time `HH:MM`.
    pub next_time: Option<String>,
    /// Whether that moment is today (local).
    pub next_is_today: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpenState {
    Open,
    Closed,
    Unknown,
}

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A weekday's short name (0 = Monday).
pub fn weekday_label(day: u8, lang: Lang) -> &'static str {
    let d = usize::from(day % 7);
    lang.pick(WEEKDAYS_ZH[d], WEEKDAYS_EN[d])
}

impl OpenStatus {
    pub fn unknown() -> OpenStatus {
        OpenStatus {
            state: OpenState::Unknown,
            next_change_at: None,
            next_weekday: None,
            next_time: None,
            next_is_today: false,
        }
    }

    /// "营业中，18:00 关门" / "open now, closes 18:00" / "closed, opens Mon 08:00".
    pub fn label(&self, lang: Lang) -> String {
        let when = match (&self.next_time, self.next_weekday) {
            (Some(time), _) if self.next_is_today => time.clone(),
            (Some(time), Some(day)) => format!("{} {time}", weekday_label(day, lang)),
            _ => String::new(),
        };
        match (self.state, when.is_empty()) {
            (OpenState::Open, true) => lang.pick("营业中", "open now").into(),
            (OpenState::Open, false) => match lang {
                Lang::Zh => format!("营业中，{when} 关门"),
                Lang::En => format!("open now, closes {when}"),
            },
            (OpenState::Closed, true) => lang.pick("已关门", "closed").into(),
            (OpenState::Closed, false) => match lang {
                Lang::Zh => format!("已关门，{when} 开门"),
                Lang::En => format!("closed, opens {when}"),
            },
            (OpenState::Unknown, _) => lang.pick("营业时间未知", "hours unknown").into(),
        }
    }
}

/// One weekday of the organisers' simple form: closed, or open from–to (`HH:MM`; a `to`
/// earlier than `from` runs past midnight).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub open: bool,
    pub from: String,
    pub to: String,
}

/// The per-weekday form (Monday first) that writes OSM `opening_hours`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekHours {
    pub days: [DayHours; 7],
}

const OSM_DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

fn hhmm(s: &str) -> Option<(u32, u32)> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && (h < 24 || m == 0) && s.trim().len() == 5).then_some((h, m))
}

impl WeekHours {
    /// Every day open `from`–`to`.
    pub fn every_day(from: &str, to: &str) -> WeekHours {
        let d = DayHours { open: true, from: from.into(), to: to.into() };
        WeekHours { days: std::array::from_fn(|_| d.clone()) }
    }

    /// The OSM syntax: consecutive days with the same hours grouped (`Mo-Fr 08:00-18:00; Sa
    /// 09:00-12:00`), a day open 00:00–24:00 every day is `24/7`. The index of the first
    /// malformed day is the error.
    pub fn to_osm(&self) -> Result<String, usize> {
        let mut spans: Vec<(usize, usize, String)> = Vec::new();
        for (i, d) in self.days.iter().enumerate() {
            if !d.open {
                continue;
            }
            let (Some(from), Some(to)) = (hhmm(&d.from), hhmm(&d.to)) else { return Err(i) };
            if from == to && from != (0, 0) {
                return Err(i);
            }
            let range = if from == (0, 0) && (to == (0, 0) || to == (24, 0)) {
                "00:00-24:00".to_string()
            } else {
                // Past midnight: OSM writes the end as more than 24 hours.
                let to = if to <= from { (to.0 + 24, to.1) } else { to };
                format!("{:02}:{:02}-{:02}:{:02}", from.0, from.1, to.0, to.1)
            };
            match spans.last_mut() {
                Some((_, end, r)) if *end + 1 == i && *r == range => *end = i,
                _ => spans.push((i, i, range)),
            }
        }
        if spans.len() == 1 && spans[0].0 == 0 && spans[0].1 == 6 && spans[0].2 == "00:00-24:00" {
            return Ok("24/7".into());
        }
        if spans.is_empty() {
            return Ok("closed".into());
        }
        Ok(spans
            .iter()
            .map(|(a, b, r)| {
                let days = if a == b { OSM_DAYS[*a].to_string() } else { format!("{}-{}", OSM_DAYS[*a], OSM_DAYS[*b]) };
                format!("{days} {r}")
            })
            .collect::<Vec<_>>()
            .join("; "))
    }

    /// Reads back what [`WeekHours::to_osm`] writes (and the same simple shapes written by
    /// hand); `None` for anything richer, which the form then leaves as text.
    pub fn from_osm(osm: &str) -> Option<WeekHours> {
        let osm = osm.trim();
        let mut week = WeekHours::default();
        if osm == "24/7" {
            return Some(WeekHours::every_day("00:00", "24:00"));
        }
        if osm == "closed" || osm == "off" {
            return Some(week);
        }
        for rule in osm.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let (days, range) = rule.split_once(' ')?;
            let (from, to) = range.trim().split_once('-')?;
            let (fh, fm) = hhmm(from)?;
            let (th, tm) = {
                let (h, m) = to.trim().split_once(':')?;
                (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)
            };
            if th > 48 || tm >= 60 {
                return None;
            }
            let to = if th > 24 || (th == 24 && tm > 0) {
                format!("{:02}:{tm:02}", th - 24)
            } else {
                format!("{th:02}:{tm:02}")
            };
            let from = format!("{fh:02}:{fm:02}");
            for part in days.split(',') {
                let (a, b) = part.split_once('-').unwrap_or((part, part));
                let a = OSM_DAYS.iter().position(|d| *d == a.trim())?;
                let b = OSM_DAYS.iter().position(|d| *d == b.trim())?;
                if b < a {
                    return None;
                }
                for d in &mut week.days[a..=b] {
                    *d = DayHours { open: true, from: from.clone(), to: to.clone() };
                }
            }
        }
        Some(week)
    }
}

// --- points ---

/// A point as listed and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    pub id: i64,
    pub name: String,
    pub kind: PointKind,
    pub materials: Vec<Material>,
    /// Materials it collects from home; empty when it offers no pickup.
    pub pickup_materials: Vec<Material>,
    /// OSM `opening_hours`; empty when unknown.
    pub opening_hours: String,
    pub timezone: String,
    pub status: OpenStatus,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    pub contact: String,
    /// The account that operates it (an organiser), if any.
    pub operator_id: Option<i64>,
    pub operator_name: Option<String>,
    /// `node/123` when imported from OpenStreetMap.
    pub osm_id: Option<String>,
    /// Metres from the position asked about, when one was.
    pub distance_m: Option<f64>,
    /// Whether the viewer may edit it (its operator, or a moderator).
    pub can_manage: bool,
}

/// `POST /recycling/points`, `PUT /recycling/points/{id}`. Materials are keys, so an unknown one
/// is a field error rather than an unreadable body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointInput {
    pub name: String,
    pub kind: Option<PointKind>,
    pub materials: Vec<String>,
    #[serde(default)]
    pub pickup_materials: Vec<String>,
    #[serde(default)]
    pub opening_hours: String,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    #[serde(default)]
    pub contact: String,
}

/// `PUT /recycling/points/{id}/operator` (moderators only): the organiser account that runs
/// the point from now on (its pickups go with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignOperator {
    pub operator_id: i64,
}

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

fn line(field: Field, s: &str, max: usize) -> Result<(), FieldError> {
    text::check_field(field, s, TextKind::SingleLine)?;
    if chars(s) > max {
        return Err(FieldError::new(field, ErrorCode::NoteTooLong));
    }
    Ok(())
}

/// A position on Earth.
pub fn position(lat: f64, lng: f64) -> Result<(), FieldError> {
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        return Err(FieldError::new(Field::Lat, ErrorCode::PositionInvalid));
    }
    if !lng.is_finite() || !(-180.0..=180.0).contains(&lng) {
        return Err(FieldError::new(Field::Lng, ErrorCode::PositionInvalid));
    }
    Ok(())
}

/// Everything about a point the contract can check; the server also parses `opening_hours`
/// and the time zone. Returns the parsed materials and pickup materials.
pub fn point(input: &PointInput) -> Result<(Vec<Material>, Vec<Material>), FieldError> {
    line(Field::Name, &input.name, NAME_MAX)?;
    match chars(&input.name) {
        0 => return Err(FieldError::new(Field::Name, ErrorCode::Required)),
        n if n < NAME_MIN => return Err(FieldError::new(Field::Name, ErrorCode::TitleTooShort)),
        _ => {}
    }
    if input.kind.is_none() {
        return Err(FieldError::new(Field::Kind, ErrorCode::Required));
    }
    let materials = parse_materials(Field::Materials, &input.materials)?;
    if materials.is_empty() {
        return Err(FieldError::new(Field::Materials, ErrorCode::Required));
    }
    let pickup = parse_materials(Field::PickupMaterials, &input.pickup_materials)?;
    line(Field::OpeningHours, &input.opening_hours, OPENING_HOURS_MAX)
        .map_err(|e| FieldError::new(e.field, ErrorCode::OpeningHoursInvalid))?;
    line(Field::Address, &input.address, ADDRESS_MAX)?;
    line(Field::Contact, &input.contact, CONTACT_MAX)?;
    position(input.lat, input.lng)?;
    Ok((materials, pickup))
}

impl Validate for PointInput {
    fn errors(&self) -> Vec<FieldError> {
        point(self).err().into_iter().collect()
    }
}

/// `GET /recycling/points` query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PointQuery {
    /// The position to sort from (both or neither)…
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// …else the community's centre.
    pub community_id: Option<i64>,
    /// Only points taking this material (an OSM key).
    pub material: Option<String>,
    /// Only points open now.
    #[serde(default)]
    pub open_now: bool,
    /// Only points offering home pickup.
    #[serde(default)]
    pub pickup: bool,
    /// Metres around the position (default 20 km).
    pub radius_m: Option<f64>,
    pub limit: Option<i64>,
}

// --- what goes where ---

/// `GET /recycling/lookup?q=…`: one item of the table and where it can go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemAnswer {
    pub name: Localized,
    pub materials: Vec<Material>,
    pub class: WasteClass,
    /// How to prepare it.
    pub tip: Localized,
    /// Whether a neighbour might still use it: list it for free first.
    pub reusable: bool,
    /// The nearest points (open ones first) that take one of its materials.
    pub points: Vec<Point>,
}

// --- pickups ---

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PickupState {
    Requested,
    Scheduled,
    Collected,
    Cancelled,
}

impl PickupState {
    pub const ALL: [PickupState; 4] =
        [PickupState::Requested, PickupState::Scheduled, PickupState::Collected, PickupState::Cancelled];

    pub fn key(self) -> &'static str {
        match self {
            PickupState::Requested => "requested",
            PickupState::Scheduled => "scheduled",
            PickupState::Collected => "collected",
            PickupState::Cancelled => "cancelled",
        }
    }

    pub fn parse(key: &str) -> Option<PickupState> {
        PickupState::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PickupState::Requested => lang.pick("等待安排", "Waiting to be scheduled"),
            PickupState::Scheduled => lang.pick("已安排上门", "Scheduled"),
            PickupState::Collected => lang.pick("已回收", "Collected"),
            PickupState::Cancelled => lang.pick("已取消", "Cancelled"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PickupAction {
    Schedule,
    Collect,
    Cancel,
}

/// The viewer's part in a pickup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PickupRole {
    /// Who asked for it.
    Resident,
    /// The point's operator (or a moderator acting for it).
    Operator,
}

/// The facts of a pickup its rules depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupFacts {
    pub stored: PickupState,
    /// Start of the scheduled window, once scheduled.
    pub window_start: Option<i64>,
}

/// The resident may cancel a scheduled pickup only before its window starts (the collector
/// may already be on the way).
fn resident_cancel_scheduled(p: &PickupFacts, _: PickupRole, now: i64) -> Result<(), ErrorCode> {
    match p.window_start {
        Some(start) if now >= start => Err(ErrorCode::PickupWindowStarted),
        _ => Ok(()),
    }
}

impl Machine for PickupFacts {
    type State = PickupState;
    type Action = PickupAction;
    type Role = PickupRole;

    const RULES: &'static [Rule<Self>] = {
        use PickupAction::*;
        use PickupRole::*;
        use PickupState::*;
        &[
            // Scheduling again moves the window (the resident sees the change).
            Rule {
                from: &[Requested, Scheduled],
                action: Schedule,
                by: &[Operator],
                to: Some(Scheduled),
                guard: lifecycle::ok,
            },
            Rule { from: &[Scheduled], action: Collect, by: &[Operator], to: Some(Collected), guard: lifecycle::ok },
            Rule {
                from: &[Requested, Scheduled],
                action: Cancel,
                by: &[Operator],
                to: Some(Cancelled),
                guard: lifecycle::ok,
            },
            Rule { from: &[Requested], action: Cancel, by: &[Resident], to: Some(Cancelled), guard: lifecycle::ok },
            Rule {
                from: &[Scheduled],
                action: Cancel,
                by: &[Resident],
                to: Some(Cancelled),
                guard: resident_cancel_scheduled,
            },
        ]
    };

    fn conflict(_: PickupAction) -> ErrorCode {
        ErrorCode::PickupStateInvalid
    }

    fn open_while_suspended(action: PickupAction) -> bool {
        action == PickupAction::Cancel
    }

    fn state(&self, _now: i64) -> PickupState {
        self.stored
    }
}

impl PickupFacts {
    pub fn actions(&self, role: PickupRole, now: i64) -> Vec<PickupAction> {
        lifecycle::allowed(self, &[role], now)
    }
}

/// A time window, unix seconds, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeWindow {
    pub start: i64,
    pub end: i64,
}

/// A window as a person enters and reads it: a date and two times on the wall clocks of the
/// point's time zone (`2027-03-01`, `10:00`, `12:00`). Only the server holds the zone
/// database, so only the server turns it into a [`TimeWindow`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalWindow {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub from: String,
    /// `HH:MM`, later than `from` on the same day (`24:00` is the day's end).
    pub to: String,
}

/// A valid calendar date `YYYY-MM-DD`: (year, month, day).
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let s = s.trim();
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// `HH:MM` as minutes after midnight (`24:00` is 1440).
pub fn parse_hhmm(s: &str) -> Option<u32> {
    hhmm(s).map(|(h, m)| h * 60 + m)
}

impl LocalWindow {
    /// The shape of the window (the server checks the rest in the point's zone): a real
    /// date, two times, the end after the start.
    pub fn check(&self, field: Field) -> Result<(), FieldError> {
        let (Some(_), Some(from), Some(to)) = (parse_date(&self.date), parse_hhmm(&self.from), parse_hhmm(&self.to))
        else {
            return Err(FieldError::new(field, ErrorCode::WindowInvalid));
        };
        if to <= from {
            return Err(FieldError::new(field, ErrorCode::WindowInvalid));
        }
        Ok(())
    }

    /// "2027-03-01 10:00–12:00".
    pub fn text(&self) -> String {
        format!("{} {}–{}", self.date, self.from, self.to)
    }
}

/// Whether a zone keeps China's clock (UTC+8 all year, no daylight saving).
pub fn is_china_time(tz: &str) -> bool {
    matches!(tz, "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Harbin" | "PRC")
}

/// How the wall-clock time of a zone is called: 北京时间 / China time for mainland China's.
pub fn timezone_label(tz: &str, lang: Lang) -> String {
    match tz {
        tz if is_china_time(tz) => lang.pick("北京时间", "China time").to_string(),
        other => match lang {
            Lang::Zh => format!("{other} 当地时间"),
            Lang::En => format!("{other} time"),
        },
    }
}

/// A window that starts after `now`, ends after it starts, is not too long and not too far.
pub fn window(field: Field, w: &TimeWindow, now: i64) -> Result<(), FieldError> {
    if w.end <= w.start || w.end.saturating_sub(w.start) > WINDOW_MAX_SECS {
        return Err(FieldError::new(field, ErrorCode::WindowInvalid));
    }
    if w.start < now {
        return Err(FieldError::new(field, ErrorCode::WindowInPast));
    }
    if w.start.saturating_sub(now) > WINDOW_AHEAD_MAX_SECS {
        return Err(FieldError::new(field, ErrorCode::WindowInvalid));
    }
    Ok(())
}

/// An approximate weight in kg: more than 0, at most [`limits::WEIGHT_MAX_KG`].
pub fn weight(field: Field, kg: f64) -> Result<(), FieldError> {
    if !kg.is_finite() || kg <= 0.0 || kg > WEIGHT_MAX_KG {
        return Err(FieldError::new(field, ErrorCode::WeightInvalid));
    }
    Ok(())
}

/// Grams, as stored.
pub fn grams(kg: f64) -> i64 {
    (kg * 1000.0).round() as i64
}

/// `POST /recycling/points/{id}/pickups`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PickupInput {
    /// What is to be collected ("一台旧冰箱").
    pub items: String,
    pub materials: Vec<String>,
    pub weight_kg: f64,
    /// Where to collect it; shown to the point's operator and the resident only.
    pub address: String,
    /// Preferred windows, at least one (here or in `local_windows`).
    #[serde(default)]
    pub windows: Vec<TimeWindow>,
    /// Preferred windows on the point's wall clock (what the app sends): the server converts
    /// them in the point's time zone and adds them to `windows`.
    #[serde(default)]
    pub local_windows: Vec<LocalWindow>,
    #[serde(default)]
    pub note: String,
}

/// Checks a request's own fields (the server also checks that the point picks up these
/// materials and that the windows fall in its hours). Returns the parsed materials.
pub fn pickup(input: &PickupInput, now: i64) -> Result<Vec<Material>, FieldError> {
    pickup_items(input)?;
    let materials = pickup_materials(input)?;
    pickup_weight(input)?;
    pickup_address(input)?;
    pickup_windows_present(input)?;
    pickup_windows(input, now)?;
    pickup_note(input)?;
    Ok(materials)
}

/// Every problem of a pickup request in form order, so the form shows them all at once.
pub fn pickup_errors(input: &PickupInput, now: i64) -> Vec<FieldError> {
    let mut errors = crate::field::Errors::default();
    errors.keep(pickup_items(input));
    errors.keep(pickup_materials(input).map(|_| ()));
    errors.keep(pickup_weight(input));
    errors.keep(pickup_address(input));
    errors.keep(pickup_windows_present(input).and_then(|()| pickup_windows(input, now)));
    errors.keep(pickup_note(input));
    errors.into_vec()
}

fn pickup_items(input: &PickupInput) -> Result<(), FieldError> {
    line(Field::Items, &input.items, ITEMS_MAX)?;
    match chars(&input.items) {
        0 => Err(FieldError::new(Field::Items, ErrorCode::Required)),
        n if n < ITEMS_MIN => Err(FieldError::new(Field::Items, ErrorCode::TitleTooShort)),
        _ => Ok(()),
    }
}

fn pickup_materials(input: &PickupInput) -> Result<Vec<Material>, FieldError> {
    let materials = parse_materials(Field::Materials, &input.materials)?;
    if materials.is_empty() {
        return Err(FieldError::new(Field::Materials, ErrorCode::Required));
    }
    Ok(materials)
}

fn pickup_weight(input: &PickupInput) -> Result<(), FieldError> {
    weight(Field::WeightKg, input.weight_kg)
}

fn pickup_address(input: &PickupInput) -> Result<(), FieldError> {
    line(Field::Address, &input.address, ADDRESS_MAX)?;
    if chars(&input.address) < 4 {
        return Err(FieldError::new(Field::Address, ErrorCode::Required));
    }
    Ok(())
}

fn pickup_windows_present(input: &PickupInput) -> Result<(), FieldError> {
    if input.windows.is_empty() && input.local_windows.is_empty() {
        return Err(FieldError::new(Field::Windows, ErrorCode::Required));
    }
    Ok(())
}

fn pickup_windows(input: &PickupInput, now: i64) -> Result<(), FieldError> {
    if input.windows.len() + input.local_windows.len() > WINDOWS_MAX {
        return Err(FieldError::new(Field::Windows, ErrorCode::WindowInvalid));
    }
    for w in &input.local_windows {
        w.check(Field::Windows)?;
    }
    for w in &input.windows {
        window(Field::Windows, w, now)?;
    }
    Ok(())
}

fn pickup_note(input: &PickupInput) -> Result<(), FieldError> {
    text::check_field(Field::Note, &input.note, TextKind::MultiLine)?;
    if chars(&input.note) > NOTE_MAX {
        return Err(FieldError::new(Field::Note, ErrorCode::NoteTooLong));
    }
    Ok(())
}

/// `POST /pickups/{id}/schedule`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleInput {
    /// The window in unix seconds…
    #[serde(default)]
    pub window: Option<TimeWindow>,
    /// …or on the point's wall clock (what the app sends); one of the two.
    #[serde(default)]
    pub local: Option<LocalWindow>,
}

/// `POST /pickups/{id}/collect`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectInput {
    pub weight_kg: f64,
}

/// `POST /pickups/{id}/cancel`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PickupCancel {
    pub reason: String,
}

/// A pickup as one of its two sides sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pickup {
    pub id: i64,
    pub point_id: i64,
    pub point_name: String,
    pub resident_id: i64,
    pub resident_name: String,
    pub my_role: PickupRole,
    pub state: PickupState,
    pub items: String,
    pub materials: Vec<Material>,
    pub weight_kg: f64,
    /// Only ever sent to the resident and the point's operator.
    pub address: String,
    pub windows: Vec<TimeWindow>,
    pub note: String,
    pub scheduled: Option<TimeWindow>,
    /// The point's time zone, in which both sides read and enter windows.
    pub timezone: String,
    /// `windows` on the point's wall clock.
    pub windows_local: Vec<LocalWindow>,
    /// `scheduled` on the point's wall clock.
    pub scheduled_local: Option<LocalWindow>,
    pub collected_kg: Option<f64>,
    pub kg_co2e: Option<f64>,
    pub points: Option<i64>,
    pub cancel_reason: Option<String>,
    pub actions: Vec<PickupAction>,
    /// Changed by the other side since the viewer last looked.
    pub changed: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// `GET /me/pickups/badge`: pickups changed by the other side since last seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PickupBadge {
    pub changed: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::{decide, from_states};

    fn facts(stored: PickupState, window_start: Option<i64>) -> PickupFacts {
        PickupFacts { stored, window_start }
    }

    #[test]
    fn material_keys_round_trip_and_aliases_parse() {
        for m in Material::ALL {
            assert_eq!(Material::parse(m.key()), Some(*m));
            assert_ne!(m.label(Lang::Zh), m.label(Lang::En));
        }
        assert_eq!(Material::parse("plastics"), Some(Material::Plastic));
        assert_eq!(Material::parse("unobtainium"), None);
        let err = parse_materials(Field::Materials, &["paper".into(), "gold".into()]).unwrap_err();
        assert_eq!((err.field, err.code), (Field::Materials, ErrorCode::MaterialUnknown));
    }

    #[test]
    fn an_empty_pickup_request_names_every_field_at_once() {
        let fields: Vec<Field> = pickup_errors(&PickupInput::default(), 0).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Items, Field::Materials, Field::WeightKg, Field::Address, Field::Windows]);
        let first = pickup(&PickupInput::default(), 0).unwrap_err();
        assert_eq!(first.field, Field::Items, "the server answers the first, in the same order");
    }

    #[test]
    fn the_pickup_table() {
        use PickupAction::*;
        use PickupRole::*;
        let now = 1_000;
        let requested = facts(PickupState::Requested, None);
        assert_eq!(requested.actions(Operator, now), vec![Schedule, Cancel]);
        assert_eq!(requested.actions(Resident, now), vec![Cancel]);
        assert_eq!(decide(&requested, &[Resident], Schedule, now), Err(ErrorCode::Forbidden));
        assert_eq!(decide(&requested, &[Operator], Collect, now), Err(ErrorCode::PickupStateInvalid));

        let scheduled = facts(PickupState::Scheduled, Some(2_000));
        assert_eq!(scheduled.actions(Operator, now), vec![Schedule, Collect, Cancel]);
        assert_eq!(scheduled.actions(Resident, now), vec![Cancel]);
        assert_eq!(decide(&scheduled, &[Resident], Cancel, 2_000), Err(ErrorCode::PickupWindowStarted));
        assert_eq!(decide(&scheduled, &[Operator], Cancel, 3_000).map(|m| m.to), Ok(PickupState::Cancelled));

        for end in [PickupState::Collected, PickupState::Cancelled] {
            assert!(facts(end, Some(2_000)).actions(Operator, now).is_empty());
            assert!(facts(end, Some(2_000)).actions(Resident, now).is_empty());
        }
        assert_eq!(from_states::<PickupFacts>(Collect), vec![PickupState::Scheduled]);
        assert_eq!(from_states::<PickupFacts>(Cancel), vec![PickupState::Requested, PickupState::Scheduled]);
    }

    #[test]
    fn inputs_are_checked_per_field() {
        let now = 10_000;
        let good = PickupInput {
            items: "旧冰箱一台".into(),
            materials: vec!["electrical_appliances".into()],
            weight_kg: 60.0,
            address: "田林路 100 弄 5 号 302".into(),
            windows: vec![TimeWindow { start: now + 3600, end: now + 7200 }],
            local_windows: vec![],
            note: String::new(),
        };
        assert_eq!(pickup(&good, now), Ok(vec![Material::ElectricalAppliances]));
        let field = |p: PickupInput| pickup(&p, now).map(|_| ()).unwrap_err();
        assert_eq!(field(PickupInput { weight_kg: 0.0, ..good.clone() }).code, ErrorCode::WeightInvalid);
        assert_eq!(field(PickupInput { weight_kg: -3.0, ..good.clone() }).code, ErrorCode::WeightInvalid);
        assert_eq!(field(PickupInput { weight_kg: 1e9, ..good.clone() }).code, ErrorCode::WeightInvalid);
        assert_eq!(field(PickupInput { weight_kg: f64::NAN, ..good.clone() }).field, Field::WeightKg);
        assert_eq!(
            field(PickupInput { materials: vec!["gold".into()], ..good.clone() }).code,
            ErrorCode::MaterialUnknown
        );
        let past = vec![TimeWindow { start: now - 10, end: now + 10 }];
        assert_eq!(field(PickupInput { windows: past, ..good.clone() }).code, ErrorCode::WindowInPast);
        let huge = vec![TimeWindow { start: i64::MIN, end: i64::MAX }];
        assert_eq!(field(PickupInput { windows: huge, ..good.clone() }).code, ErrorCode::WindowInvalid);
        let far = vec![TimeWindow { start: i64::MAX - 10, end: i64::MAX }];
        assert_eq!(field(PickupInput { windows: far, ..good.clone() }).code, ErrorCode::WindowInvalid);
        let inverted = vec![TimeWindow { start: now + 10, end: now + 5 }];
        assert_eq!(field(PickupInput { windows: inverted, ..good.clone() }).code, ErrorCode::WindowInvalid);
        assert_eq!(field(PickupInput { windows: vec![], ..good.clone() }).field, Field::Windows);
        assert_eq!(position(91.0, 0.0).unwrap_err().field, Field::Lat);
        assert_eq!(position(0.0, -180.5).unwrap_err().field, Field::Lng);
        assert_eq!(position(f64::NAN, 0.0).unwrap_err().code, ErrorCode::PositionInvalid);
    }

    #[test]
    fn week_form_writes_osm_and_reads_it_back() {
        let mut w = WeekHours::every_day("08:00", "18:00");
        assert_eq!(w.to_osm().unwrap(), "Mo-Su 08:00-18:00");
        w.days[0] = DayHours::default();
        w.days[5] = DayHours { open: true, from: "09:00".into(), to: "12:00".into() };
        w.days[6] = DayHours { open: true, from: "18:00".into(), to: "02:00".into() };
        let osm = w.to_osm().unwrap();
        assert_eq!(osm, "Tu-Fr 08:00-18:00; Sa 09:00-12:00; Su 18:00-26:00");
        assert_eq!(WeekHours::from_osm(&osm), Some(w.clone()));
        assert_eq!(WeekHours::every_day("00:00", "24:00").to_osm().unwrap(), "24/7");
        w.days[2].to = "25:99".into();
        assert_eq!(w.to_osm(), Err(2));
        assert_eq!(WeekHours::from_osm("Mo-Fr 08:00-12:00,14:00-18:00; PH off"), None);
    }

    #[test]
    fn local_windows_are_checked_for_shape() {
        let w = |d: &str, f: &str, t: &str| LocalWindow { date: d.into(), from: f.into(), to: t.into() };
        assert!(w("2027-03-01", "10:00", "12:00").check(Field::Windows).is_ok());
        assert!(w("2027-03-01", "22:00", "24:00").check(Field::Windows).is_ok());
        assert!(w("2028-02-29", "10:00", "12:00").check(Field::Windows).is_ok());
        for bad in [
            w("2027-02-29", "10:00", "12:00"),
            w("2027-13-01", "10:00", "12:00"),
            w("27-3-1", "10:00", "12:00"),
            w("2027-03-01", "12:00", "10:00"),
            w("2027-03-01", "10:00", "10:00"),
            w("2027-03-01", "1000", "12:00"),
            w("2027-03-01", "10:00", "25:00"),
        ] {
            assert_eq!(bad.check(Field::Windows).unwrap_err().code, ErrorCode::WindowInvalid, "{bad:?}");
        }
        assert_eq!(timezone_label("Asia/Shanghai", Lang::Zh), "北京时间");
        assert_eq!(timezone_label("Asia/Shanghai", Lang::En), "China time");
    }

    #[test]
    fn open_status_reads_naturally() {
        let s = OpenStatus {
            state: OpenState::Open,
            next_change_at: Some(1),
            next_weekday: Some(0),
            next_time: Some("18:00".into()),
            next_is_today: true,
        };
        assert_eq!(s.label(Lang::En), "open now, closes 18:00");
        assert_eq!(s.label(Lang::Zh), "营业中，18:00 关门");
        let c = OpenStatus { state: OpenState::Closed, next_is_today: false, next_time: Some("08:00".into()), ..s };
        assert_eq!(c.label(Lang::En), "closed, opens Mon 08:00");
        assert_eq!(c.label(Lang::Zh), "已关门，周一 08:00 开门");
    }
}
