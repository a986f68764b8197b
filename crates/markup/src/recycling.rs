//! The recycling pages' words (Recycle, a point, its form, my pickups) in Chinese and English,
//! and the Recycle tab's list of points, written once for the app's pages (`src/pages/recycle.rs`
//! and the pages it links) and the server's pre-render of `/recycle`
//! (`crates/server/src/first_screen.rs`).
//!
//! The app's shared dictionary (`src/i18n.rs`) is part of its first download; this table is
//! used only by the lazily loaded recycling pages, so it arrives with them.

use crate::escape_into;
use linli_contract::recycling::{Material, OpenState, Point};
use linli_contract::Lang;
use std::fmt::Write;

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A text of the recycling pages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum R { $($key,)* }

        const ZH: &[&str] = &[$($zh,)*];
        const EN: &[&str] = &[$($en,)*];
    };
}

/// The text for `key` in `lang`.
pub fn text(key: R, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => ZH[key as usize],
        Lang::En => EN[key as usize],
    }
}

texts! {
    NewPoint => "新建回收点", "New recycling point";
    OnlyOrganisers => "只有组织者和管理员可以管理回收点", "Only organisers and moderators manage recycling points";
    PointName => "名称", "Name";
    Kind => "类型", "Kind";
    Choose => "请选择", "Choose";
    MaterialsAccepted => "回收哪些材料", "Materials accepted";
    OpeningHours => "营业时间", "Opening hours";
    HoursAsOsm => "营业时间（OpenStreetMap 格式）", "Opening hours (OpenStreetMap syntax)";
    UseWeekdayEditor => "改用按星期填写", "Use the weekday editor";
    Open => "营业", "Open";
    From => "从", "From";
    To => "到", "To";
    PastMidnightHint => "结束早于开始表示营业到次日凌晨。", "An end before the start runs past midnight.";
    Address => "地址", "Address";
    Position => "位置", "Position";
    Latitude => "纬度", "Latitude";
    Longitude => "经度", "Longitude";
    Locating => "定位中…", "Locating…";
    UseMyLocation => "使用我的位置", "Use my location";
    Contact => "联系方式", "Contact";
    PickupMaterials => "上门回收的材料", "Collected from home";
    PickupMaterialsHint => "不勾选表示不提供上门回收。", "Leave all unticked if the point offers no home pickup.";
    Saved => "已保存", "Saved";
    CreatePoint => "创建回收点", "Create point";
    SavePoint => "保存回收点", "Save point";
    EditPoint => "编辑回收点", "Edit point";
    Operator => "运营者", "Operator";
    NoOperator => "暂无运营者", "No operator yet";
    AssignOperator => "指定运营者", "Assign an operator";
    FindOrganiser => "查找组织者（名字）", "Find an organiser (name)";
    Search => "搜索", "Search";
    AssignThis => "指定", "Assign";
    NoUsersFound => "没有找到用户", "No users found";
    ManagePoints => "管理回收点", "Manage points";
    MyPoints => "我运营的回收点", "Points I operate";
    Community => "社区", "Community";
    RecyclingPoints => "回收点", "Recycling points";
    NearMe => "附近的回收点", "Near me";
    PositionFailed => "无法获取位置，请选择社区", "Could not get your position; choose a community";
    Material => "回收材料", "Material";
    All => "全部", "All";
    OpenNowOnly => "只看营业中", "Open now only";
    List => "列表", "List";
    Map => "地图", "Map";
    Loading => "加载中…", "Loading…";
    NoPointsNearby => "附近没有符合条件的回收点", "No matching recycling points nearby";
    PointListLabel => "回收点列表", "Recycling points";
    WhereDoesItGo => "这个怎么扔？", "Where does it go?";
    LookupPlaceholder => "例如：旧电池、充电宝、快递纸箱、microwave", "e.g. batteries, power bank, microwave";
    LookUp => "查一查", "Look up";
    NothingFound => "没找到这件物品，换个说法试试", "Nothing found; try another word";
    StillUsable => "还能用？先问问邻居要不要：", "Still usable? A neighbour may want it: ";
    GiveItAway => "免费送出", "Give it away";
    ListSeparator => "、", ", ";
    MapOfRecyclingPoints => "回收点地图", "Map of recycling points";
    HomePickup => "可上门回收", "home pickup";
    OpenState => "营业状态", "Now";
    Materials => "回收材料", "Materials";
    HomePickupTitle => "上门回收", "Home pickup";
    LogInToBook => "登录后预约上门回收", "Log in to book a home pickup";
    ManagePickups => "管理上门回收", "Manage pickups";
    PickupRequested => "已提交上门回收预约，等待回收点安排时间。", "Pickup requested; the point will schedule a time.";
    MyPickups => "我的上门回收", "My pickups";
    BookAHomePickup => "预约上门回收", "Book a home pickup";
    Items => "物品", "Items";
    ItemsPlaceholder => "例如：旧冰箱一台", "e.g. one old fridge";
    MaterialsField => "材料", "Materials";
    ApproximateWeightKg => "大约重量（公斤）", "Approximate weight (kg)";
    PickupAddress => "上门地址（只有你和回收点能看到）", "Address (only you and the point see it)";
    PreferredTime => "希望上门的时间", "Preferred time";
    Date => "日期", "Date";
    RequestPickup => "提交预约", "Request pickup";
    Closed => "休息", "closed";
    RecyclingPoint => "回收点", "Recycling point";
    NoPickupsYet => "还没有上门回收预约", "No pickups yet";
    FindARecyclingPoint => "找回收点", "Find a recycling point";
    Updated => "有更新", "Updated";
    AddressPrefix => "地址：", "Address: ";
    Scheduled => "上门时间：", "Scheduled: ";
    Preferred => "希望时间：", "Preferred: ";
    CollectedAvoidedAbout => "已回收，约减少碳排放 ", "Collected; avoided about ";
    CancelReason => "取消原因：", "Reason: ";
    TimesAreIn => "时间为", "Times are in ";
    Schedule => "安排上门", "Schedule";
    WeightCollectedKg => "实际重量（公斤）", "Weight collected (kg)";
    MarkCollected => "确认已回收", "Mark collected";
    ReasonToCancel => "取消原因", "Reason to cancel";
    CancelPickup => "取消预约", "Cancel pickup";
    Updates => "条更新", "updates";
    Resident => "居民：", "Resident: ";
}

/// "850 m" / "3.2 km".
pub fn distance_text(m: f64) -> String {
    if m < 1000.0 {
        format!("{} m", (m / 10.0).round() * 10.0)
    } else {
        format!("{:.1} km", m / 1000.0)
    }
}

/// "纸类、塑料" / "paper, plastic".
pub fn materials_text(ms: &[Material], lang: Lang) -> String {
    ms.iter().map(|m| m.label(lang)).collect::<Vec<_>>().join(text(R::ListSeparator, lang))
}

/// The rows of a list of points (`<li>` each, for a `ul.point-list`): name, kind, distance,
/// home pickup, whether it is open now, and the materials it takes; each a link to the point.
pub fn point_rows_html(points: &[Point], lang: Lang) -> String {
    let mut out = String::with_capacity(points.len() * 400);
    for p in points {
        let _ =
            write!(out, "<li><a class=\"point-row\" href=\"/recycle/points/{}\"><strong class=\"point-name\">", p.id);
        escape_into(&mut out, &p.name);
        out.push_str("</strong><span class=\"small muted\">");
        let mut parts = vec![p.kind.label(lang).to_string()];
        if let Some(d) = p.distance_m {
            parts.push(distance_text(d));
        }
        if !p.pickup_materials.is_empty() {
            parts.push(text(R::HomePickup, lang).to_string());
        }
        escape_into(&mut out, &parts.join(" · "));
        out.push_str(if p.status.state == OpenState::Open {
            "</span><span class=\"small open-status is-open\">"
        } else {
            "</span><span class=\"small open-status\">"
        });
        escape_into(&mut out, &p.status.label(lang));
        out.push_str("</span><span class=\"small\">");
        escape_into(&mut out, &materials_text(&p.materials, lang));
        out.push_str("</span></a></li>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_contract::recycling::{OpenStatus, PointKind};

    fn point(open: OpenState, pickup: bool) -> Point {
        Point {
            id: 9,
            name: "田林 <回收> 站".into(),
            kind: PointKind::Station,
            materials: vec![Material::Paper, Material::Plastic],
            pickup_materials: if pickup { vec![Material::Paper] } else { Vec::new() },
            opening_hours: "Mo-Su 08:00-18:00".into(),
            timezone: "Asia/Shanghai".into(),
            status: OpenStatus {
                state: open,
                next_change_at: None,
                next_weekday: None,
                next_time: None,
                next_is_today: false,
            },
            address: "田林路 1 号".into(),
            lat: 31.17,
            lng: 121.42,
            contact: String::new(),
            operator_id: None,
            operator_name: None,
            osm_id: None,
            distance_m: Some(1234.0),
            can_manage: false,
        }
    }

    #[test]
    fn a_row_says_what_a_resident_needs() {
        let html = point_rows_html(&[point(OpenState::Open, true)], Lang::Zh);
        assert!(html.starts_with("<li><a class=\"point-row\" href=\"/recycle/points/9\">"), "{html}");
        assert!(html.contains("<strong class=\"point-name\">田林 &lt;回收&gt; 站</strong>"), "{html}");
        assert!(html.contains(" · 1.2 km · 可上门回收</span>"), "{html}");
        assert!(html.contains("<span class=\"small open-status is-open\">"), "{html}");
        assert!(html.contains("<span class=\"small\">废纸、塑料制品</span>"), "{html}");
        let en = point_rows_html(&[point(OpenState::Closed, false)], Lang::En);
        assert!(en.contains("<span class=\"small open-status\">"), "{en}");
        assert!(!en.contains("home pickup"), "{en}");
        assert!(en.contains("<span class=\"small\">Paper, Plastics</span>"), "{en}");
        assert_eq!(point_rows_html(&[], Lang::Zh), "");
    }

    #[test]
    fn distances_read_naturally() {
        assert_eq!(distance_text(849.0), "850 m");
        assert_eq!(distance_text(3240.0), "3.2 km");
    }
}
