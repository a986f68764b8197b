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
//!
//! The other first screens the server writes are here too: the Markets tab's dates
//! ([`markets`]), the Recycle tab's points and words ([`recycling`]) and the prompt to sign in
//! that Sell shows a visitor ([`sign_in`]).

pub mod markets;
pub mod recycling;
pub mod sign_in;
pub mod words;

use linli_contract::listing::{status_label, ListingCard, ListingDetail, Offer, Photo, Status};
use linli_contract::photo::{self, THUMB_LONG_SIDE};
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

/// Cards at the top of the feed whose photos load first (`fetchpriority="high"`, not lazy):
/// the first screen at 360 px shows four to six.
pub const EAGER_CARDS: usize = 4;

/// Colours of the initial-letter avatars (the `.card-avatar-N` classes in the stylesheet).
const AVATAR_COLOURS: u32 = 8;

/// The colour class of a seller's initial-letter avatar: the same name, the same colour.
fn avatar_colour(name: &str) -> u32 {
    name.chars().fold(0u32, |h, c| h.wrapping_mul(31).wrapping_add(c as u32)) % AVATAR_COLOURS
}

/// The thumbnail's size: the cover photo's shape at the thumbnail's long side (4:3 when the
/// photo's size is unknown).
fn thumb_size(card: &ListingCard) -> (u32, u32) {
    if card.photo_width == 0 || card.photo_height == 0 {
        return (THUMB_LONG_SIDE, THUMB_LONG_SIDE * 3 / 4);
    }
    photo::fit(card.photo_width, card.photo_height, THUMB_LONG_SIDE)
}

/// One card: photo first (its own shape, so the card's height follows it and nothing shifts
/// when it loads), then title, price and "n 人想要", condition and place, the seller (initial
/// avatar and credit level), and the posting time on a line of its own (never cut).
/// `eager`: the card is on the first screen (its photo loads at once, first).
pub fn card_html(out: &mut String, card: &ListingCard, at: Reading, eager: bool) {
    let lang = at.lang;
    let gone = !matches!(card.status, Status::Active | Status::Reserved) || card.hidden;
    let _ = write!(
        out,
        "<li class=\"card{}\"><a href=\"/listings/{}\"><div class=\"card-photo\">",
        if gone { " card-inactive" } else { "" },
        card.id
    );
    let (w, h) = thumb_size(card);
    out.push_str("<img src=\"");
    escape_into(out, &card.thumb_url);
    out.push('"');
    if !card.photo_url.is_empty() && card.photo_width > w {
        out.push_str(" srcset=\"");
        escape_into(out, &card.thumb_url);
        let _ = write!(out, " {w}w, ");
        escape_into(out, &card.photo_url);
        let _ = write!(out, " {}w\" sizes=\"(min-width: 720px) 240px, 50vw\"", card.photo_width);
    }
    let _ = write!(
        out,
        " alt=\"\" {} decoding=\"async\" width=\"{w}\" height=\"{h}\">",
        if eager { "fetchpriority=\"high\"" } else { "loading=\"lazy\"" }
    );
    if card.hidden {
        out.push_str("<span class=\"badge badge-status\">");
        escape_into(out, lang.pick("已被隐藏", "Hidden"));
        out.push_str("</span>");
    } else if card.status != Status::Active {
        let _ = write!(out, "<span class=\"badge badge-status badge-{}\">", card.status.key());
        escape_into(out, status_label(card.status, &card.offer, lang));
        out.push_str("</span>");
    }
    out.push_str("</div><div class=\"card-body\"><h3 class=\"card-title\">");
    escape_into(out, &card.title);
    out.push_str("</h3><p class=\"card-price-row\"><span class=\"price\">");
    escape_into(out, &offer_text(&card.offer, lang));
    out.push_str("</span>");
    if card.want_count > 0 {
        out.push_str("<span class=\"card-want\">");
        let _ = write!(out, "{}{}", card.want_count, lang.pick(" 人想要", " want it"));
        out.push_str("</span>");
    }
    out.push_str("</p><p class=\"card-meta\">");
    escape_into(out, card.condition.label(lang));
    out.push_str(" · ");
    escape_into(out, card.community.get(lang));
    if let Some(km) = card.distance_km {
        let _ = write!(out, " · {} km", decimal::format_fixed(km, 1));
    }
    let _ = write!(
        out,
        "</p><p class=\"card-seller\"><span class=\"card-avatar card-avatar-{}\" aria-hidden=\"true\">",
        avatar_colour(&card.seller_name)
    );
    escape_into(out, &card.seller_name.chars().take(1).collect::<String>());
    out.push_str("</span><span class=\"card-seller-name\">");
    escape_into(out, &card.seller_name);
    let _ = write!(out, "</span> <span class=\"level level-{}\">", card.seller_level.key());
    escape_into(out, card.seller_level.label(lang));
    out.push_str("</span></p>");
    // Only the owner's own list carries the reason a moderator hid it.
    if let Some(reason) = card.hidden_reason.as_deref().filter(|_| card.hidden) {
        out.push_str("<p class=\"card-hidden-reason\">");
        escape_into(out, lang.pick("隐藏原因：", "Hidden: "));
        escape_into(out, reason);
        out.push_str("</p>");
    }
    out.push_str("<p class=\"card-time\">");
    escape_into(out, &time_ago_from(card.created_at, at.now, at.utc_offset_secs, lang));
    out.push_str("</p></div></a></li>");
}

/// A card's expected height in column widths (photo plus a body of about the same height
/// on every card), to balance the two columns.
fn card_height(card: &ListingCard) -> f64 {
    let (w, h) = thumb_size(card);
    f64::from(h) / f64::from(w) + 0.8
}

/// The HTML of a block of cards: two columns (闲鱼's photo-first masonry), each card placed
/// in the shorter column so far, so the columns stay even and the first cards stay on top.
/// `start` is the first card's place in the whole list (the first [`EAGER_CARDS`] load first).
pub fn cards_html_from(cards: &[ListingCard], start: usize, at: Reading) -> String {
    let mut columns = [String::with_capacity(cards.len() * 400), String::with_capacity(cards.len() * 400)];
    let mut heights = [0.0f64; 2];
    for (i, card) in cards.iter().enumerate() {
        let col = usize::from(heights[1] < heights[0]);
        heights[col] += card_height(card);
        card_html(&mut columns[col], card, at, start + i < EAGER_CARDS);
    }
    let mut out = String::with_capacity(columns[0].len() + columns[1].len() + 64);
    for column in columns {
        out.push_str("<ul class=\"card-col\">");
        out.push_str(&column);
        out.push_str("</ul>");
    }
    out
}

/// The HTML of a block of cards at the top of a list (see [`cards_html_from`]).
pub fn cards_html(cards: &[ListingCard], at: Reading) -> String {
    cards_html_from(cards, 0, at)
}

/// A listing page's photos, in its gallery's strip: each at its own size (no shift when it
/// loads), the first loaded at once and first (the page's largest paint), the others lazily.
pub fn gallery_photos_html(photos: &[Photo], title: &str) -> String {
    let mut out = String::with_capacity(photos.len() * 200);
    let count = photos.len();
    for (i, p) in photos.iter().enumerate() {
        out.push_str("<img src=\"");
        escape_into(&mut out, &p.url);
        out.push_str("\" alt=\"");
        escape_into(&mut out, title);
        let _ = write!(out, " {}/{count}\" width=\"{}\" height=\"{}\"", i + 1, p.width, p.height);
        out.push_str(if i == 0 {
            " fetchpriority=\"high\" decoding=\"async\">"
        } else {
            " loading=\"lazy\" decoding=\"async\">"
        });
    }
    out
}

/// A listing page's head (inside `<div class="detail-head">`): price (or 免费送 / 换：…),
/// title, and condition, category and community as tags.
pub fn detail_head_html(listing: &ListingDetail, lang: Lang) -> String {
    let mut out = String::with_capacity(400);
    out.push_str("<p class=\"price price-large\">");
    escape_into(&mut out, &offer_text(&listing.offer, lang));
    out.push_str("</p><h2 class=\"detail-title\">");
    escape_into(&mut out, &listing.title);
    out.push_str("</h2><ul class=\"tags\"><li class=\"badge\" title=\"");
    escape_into(&mut out, listing.condition.guide(lang));
    out.push_str("\">");
    escape_into(&mut out, listing.condition.label(lang));
    out.push_str("</li><li class=\"badge badge-plain\">");
    escape_into(&mut out, listing.category.label(lang));
    out.push_str("</li><li class=\"badge badge-plain\">");
    escape_into(&mut out, listing.community.name.get(lang));
    out.push_str("</li></ul>");
    out
}

/// What the page says about a listing that is not simply on offer (inside
/// `<p class="notice status-notice">`): its status, and for its owner that a moderator hid it
/// and why. `None` for an active listing nobody hid.
pub fn status_notice_html(listing: &ListingDetail, lang: Lang) -> Option<String> {
    if listing.status == Status::Active && !listing.hidden {
        return None;
    }
    let mut out = String::from("<strong>");
    escape_into(&mut out, status_label(listing.status, &listing.offer, lang));
    out.push_str("</strong>");
    if listing.hidden {
        out.push_str(" · ");
        escape_into(
            &mut out,
            lang.pick("已被管理员隐藏，其他人看不到", "Hidden by a moderator: nobody else can see it"),
        );
    }
    if let Some(reason) = &listing.hidden_reason {
        out.push_str(" · ");
        escape_into(&mut out, lang.pick("隐藏原因", "Reason"));
        out.push_str(": ");
        escape_into(&mut out, reason);
    }
    Some(out)
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
