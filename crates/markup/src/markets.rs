//! The Markets tab's words and its list of upcoming dates, written once for the app's page
//! (`src/pages/markets.rs`) and the server's pre-render of `/markets`
//! (`crates/server/src/first_screen.rs`).

use crate::escape_into;
use linli_contract::market::{Occurrence, OccurrenceStatus, UpcomingDay};
use linli_contract::Lang;
use std::fmt::Write;

/// The fixed words of the Markets tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    Title,
    NearestFirst,
    Organise,
    Map,
    List,
    MyBookings,
    NoneComing,
    Moved,
    PositionFailed,
}

impl Words {
    pub fn text(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Words::Title => ("二手市集", "Swap markets"),
            Words::NearestFirst => ("离我最近", "Nearest first"),
            Words::Organise => ("发起市集", "Organise a market"),
            Words::Map => ("地图", "Map"),
            Words::List => ("列表", "List"),
            Words::MyBookings => ("我的摊位", "My bookings"),
            Words::NoneComing => ("近期没有市集", "No markets coming up"),
            Words::Moved => ("已改期", "Moved"),
            Words::PositionFailed => (
                "无法获取你的位置（可能未允许定位），市集仍按日期排列",
                "Could not get your position (location may not be allowed); markets stay in date order",
            ),
        };
        lang.pick(zh, en)
    }
}

/// "3 free of 20 stalls", "full, 4 waiting", "cancelled".
pub fn stalls_text(o: &Occurrence, lang: Lang) -> String {
    match (o.status, o.free) {
        (OccurrenceStatus::Cancelled, _) => lang.pick("已取消", "Cancelled").into(),
        (_, 0) => match lang {
            Lang::Zh => format!("摊位已满，{} 人候补", o.waitlisted),
            Lang::En => format!("Full, {} on the waitlist", o.waitlisted),
        },
        (_, free) => match lang {
            Lang::Zh => format!("剩余 {free} / {} 个摊位", o.stalls),
            Lang::En => format!("{free} of {} stalls free", o.stalls),
        },
    }
}

/// The upcoming dates grouped by day (each row a link to its market), or the empty state.
pub fn upcoming_html(days: &[UpcomingDay], lang: Lang) -> String {
    if days.is_empty() {
        let mut out = String::from("<p class=\"empty-state\">");
        escape_into(&mut out, Words::NoneComing.text(lang));
        out.push_str("</p>");
        return out;
    }
    let mut out = String::with_capacity(days.len() * 600);
    out.push_str("<div class=\"market-days\">");
    for day in days {
        out.push_str("<section class=\"market-day\" aria-label=\"");
        escape_into(&mut out, &day.day);
        out.push_str("\"><h2 class=\"market-day-title\">");
        escape_into(&mut out, &day.day);
        out.push_str("</h2><ul class=\"market-list\">");
        for o in &day.occurrences {
            occurrence_html(&mut out, o, lang);
        }
        out.push_str("</ul></section>");
    }
    out.push_str("</div>");
    out
}

fn occurrence_html(out: &mut String, o: &Occurrence, lang: Lang) {
    let cancelled = o.status == OccurrenceStatus::Cancelled;
    let _ = write!(
        out,
        "<li class=\"market-row{}\"><a href=\"/markets/{}\"><strong>",
        if cancelled { " market-cancelled" } else { "" },
        o.market_id
    );
    escape_into(out, &o.market_name);
    out.push_str("</strong><span class=\"small muted\">");
    escape_into(out, &format!("{}–{} · {}", o.start_time, o.end_time, o.venue_name));
    if let Some(m) = o.distance_m {
        let _ = if m < 1000 { write!(out, " · {m} m") } else { write!(out, " · {} km", m / 1000) };
    }
    out.push_str("</span><span class=\"small\">");
    escape_into(out, &stalls_text(o, lang));
    out.push_str("</span>");
    if o.status == OccurrenceStatus::Moved {
        out.push_str("<span class=\"badge\">");
        escape_into(out, Words::Moved.text(lang));
        out.push_str("</span>");
    }
    out.push_str("</a></li>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrence(status: OccurrenceStatus, free: u32) -> Occurrence {
        Occurrence {
            market_id: 7,
            market_name: "望京 <周末> 市集".into(),
            date: "2026-12-05".into(),
            day: "2026-12-05".into(),
            start_time: "09:00".into(),
            end_time: "12:00".into(),
            starts_at: 0,
            ends_at: 0,
            time_zone: "Asia/Shanghai".into(),
            status,
            reason: None,
            stalls: 20,
            booked: 20 - free,
            waitlisted: 4,
            free,
            venue_name: "广场".into(),
            lat: 40.0,
            lng: 116.4,
            distance_m: Some(1500),
        }
    }

    #[test]
    fn rows_say_what_a_resident_needs() {
        let days = vec![UpcomingDay {
            day: "2026-12-05".into(),
            occurrences: vec![
                occurrence(OccurrenceStatus::Scheduled, 3),
                occurrence(OccurrenceStatus::Moved, 0),
                occurrence(OccurrenceStatus::Cancelled, 5),
            ],
        }];
        let html = upcoming_html(&days, Lang::Zh);
        assert!(html.contains("<h2 class=\"market-day-title\">2026-12-05</h2>"), "{html}");
        assert!(html.contains("<a href=\"/markets/7\"><strong>望京 &lt;周末&gt; 市集</strong>"), "{html}");
        assert!(html.contains("09:00–12:00 · 广场 · 1 km"), "{html}");
        assert!(html.contains("剩余 3 / 20 个摊位"), "{html}");
        assert!(html.contains("摊位已满，4 人候补</span><span class=\"badge\">已改期</span>"), "{html}");
        assert!(html.contains("<li class=\"market-row market-cancelled\">"), "{html}");
        assert!(upcoming_html(&days, Lang::En).contains("Cancelled"));
    }

    #[test]
    fn no_dates_says_so() {
        assert_eq!(upcoming_html(&[], Lang::En), "<p class=\"empty-state\">No markets coming up</p>");
    }
}
