//! The one renderer of the feed's cards, shared by the web app (which hands the HTML to the
//! browser's parser in blocks, `src/components/listing_card.rs`) and the server (which puts
//! the first page of the feed into the page it sends, so it paints before any WASM has run,
//! `crates/server/src/first_screen.rs`). Pure Rust on linli-contract only: it compiles for
//! wasm32 and the host, and both sides write the same text from the same data.
//!
//! Cards are static, so they are written as one escaped HTML string: creating a thousand cards
//! element by element through WASM took 70–150 ms on the reference machine, the parser needs
//! about a third of that (`cargo xtask bench` measures it). Links are plain `<a href>`, which
//! the router still turns into in-app navigation.

use linli_contract::listing::{status_label, ListingCard, Offer, Status};
use linli_contract::{decimal, money, Lang};
use std::fmt::Write;

/// Appends `text` with the five characters HTML gives meaning to escaped (safe both as text
/// and inside a double-quoted attribute).
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Price, 免费送 or 换：… as a card or a detail page shows it.
pub fn offer_text(offer: &Offer, lang: Lang) -> String {
    match offer {
        Offer::Sell { price_fen } => money::format_yuan(*price_fen),
        Offer::GiveAway => lang.pick("免费送", "Free").to_string(),
        Offer::Swap { swap_for } => format!("{}{swap_for}", lang.pick("换：", "Swap for: ")),
    }
}

/// Formats unix seconds as a calendar date in the reader's convention, at `utc_offset_secs`
/// east of UTC (the browser's offset in the app; the community's on the server).
pub fn date(unix_secs: i64, utc_offset_secs: i64, lang: Lang) -> String {
    let (y, m, day) = civil_date((unix_secs + utc_offset_secs).div_euclid(86_400));
    match lang {
        Lang::Zh => format!("{y}年{m}月{day}日"),
        Lang::En => format!("{y}-{m:02}-{day:02}"),
    }
}

/// (year, month 1–12, day 1–31) of a day counted from 1970-01-01 (proleptic Gregorian;
/// Howard Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// "3 分钟前" / "3 min ago" against `now` (a whole list shares one clock reading), then the
/// date after a week.
pub fn time_ago_from(unix_secs: i64, now: i64, utc_offset_secs: i64, lang: Lang) -> String {
    let secs = (now - unix_secs).max(0);
    match secs {
        0..60 => lang.pick("刚刚", "just now").to_string(),
        60..3600 => format!("{}{}", secs / 60, lang.pick(" 分钟前", " min ago")),
        3600..86_400 => format!("{}{}", secs / 3600, lang.pick(" 小时前", " h ago")),
        86_400..604_800 => format!("{}{}", secs / 86_400, lang.pick(" 天前", " days ago")),
        _ => date(unix_secs, utc_offset_secs, lang),
    }
}

/// When and where the cards are read: the language, the clock reading, the reader's offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub lang: Lang,
    pub now: i64,
    pub utc_offset_secs: i64,
}

pub fn card_html(out: &mut String, card: &ListingCard, at: Reading) {
    let lang = at.lang;
    let active = card.status == Status::Active && !card.hidden;
    let _ = write!(
        out,
        "<li class=\"card{}\"><a href=\"/listings/{}\">",
        if active { "" } else { " card-inactive" },
        card.id
    );
    out.push_str("<img src=\"");
    escape_into(out, &card.thumb_url);
    out.push_str(
        "\" alt=\"\" loading=\"lazy\" decoding=\"async\" width=\"240\" height=\"180\"><div class=\"card-body\">",
    );
    out.push_str("<p class=\"price\">");
    escape_into(out, &offer_text(&card.offer, lang));
    out.push_str("</p><h3 class=\"card-title\">");
    escape_into(out, &card.title);
    out.push_str("</h3><p class=\"card-meta\">");
    escape_into(out, card.condition.label(lang));
    out.push_str(" · ");
    escape_into(out, card.community.get(lang));
    if let Some(km) = card.distance_km {
        let _ = write!(out, " · {} km", decimal::format_fixed(km, 1));
    }
    out.push_str("</p><p class=\"card-meta\">");
    escape_into(out, &card.seller_name);
    let _ = write!(out, " <span class=\"level level-{}\">", card.seller_level.key());
    escape_into(out, card.seller_level.label(lang));
    out.push_str("</span> · ");
    escape_into(out, &time_ago_from(card.created_at, at.now, at.utc_offset_secs, lang));
    out.push_str("</p>");
    if card.status != Status::Active {
        out.push_str("<span class=\"badge badge-status\">");
        escape_into(out, status_label(card.status, &card.offer, lang));
        out.push_str("</span>");
    }
    if card.hidden {
        out.push_str("<span class=\"badge badge-status\">");
        escape_into(out, lang.pick("已被隐藏", "Hidden"));
        out.push_str("</span>");
    }
    out.push_str("</div></a></li>");
}

/// The HTML of a block of cards.
pub fn cards_html(cards: &[ListingCard], at: Reading) -> String {
    let mut out = String::with_capacity(cards.len() * 600);
    for card in cards {
        card_html(&mut out, card, at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_at_an_offset() {
        // 2026-01-01T00:00:00Z
        let t = 1_767_225_600;
        assert_eq!(date(t, 0, Lang::En), "2026-01-01");
        assert_eq!(date(t - 1, 0, Lang::En), "2025-12-31");
        assert_eq!(date(t - 1, 8 * 3600, Lang::Zh), "2026年1月1日", "Beijing is 8 hours ahead");
        assert_eq!(date(t, -5 * 3600, Lang::En), "2025-12-31");
        assert_eq!(date(0, 0, Lang::En), "1970-01-01");
        assert_eq!(date(951_782_400, 0, Lang::En), "2000-02-29");
        assert_eq!(date(-86_400, 0, Lang::En), "1969-12-31");
    }

    #[test]
    fn time_ago_steps() {
        let now = 1_767_225_600;
        assert_eq!(time_ago_from(now - 30, now, 0, Lang::Zh), "刚刚");
        assert_eq!(time_ago_from(now - 180, now, 0, Lang::En), "3 min ago");
        assert_eq!(time_ago_from(now - 2 * 86_400, now, 0, Lang::Zh), "2 天前");
        assert_eq!(time_ago_from(now - 30 * 86_400, now, 0, Lang::En), "2025-12-02");
    }

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }
}
