//! Listing cards: the photo grid of the feed, searches, favourites and "my listings".
//!
//! Cards are static, so they are written as one escaped HTML string per block of 20 and
//! handed to the browser's parser in one go: creating a thousand cards element by element
//! through WASM took 70–150 ms on the reference machine, the parser needs about a third of
//! that (`cargo xtask bench` measures it). Links are plain `<a href>`, which the router still
//! turns into in-app navigation. Blocks already shown are kept when more are appended.

use crate::i18n::{offer_text, time_ago_from, use_i18n};
use leptos::prelude::*;
use linli_contract::listing::{status_label, ListingCard, Status};
use linli_contract::photo::{self, THUMB_LONG_SIDE};
use linli_contract::{decimal, Lang};
use std::fmt::Write;

/// Cards per block (the server's page size, so a block is a page of the feed).
const BLOCK: usize = 20;

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
fn card_html(out: &mut String, card: &ListingCard, lang: Lang, now: i64, eager: bool) {
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
    out.push_str("</span></p><p class=\"card-time\">");
    escape_into(out, &time_ago_from(card.created_at, now, lang));
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
pub fn cards_html_from(cards: &[ListingCard], start: usize, lang: Lang, now: i64) -> String {
    let mut columns = [String::with_capacity(cards.len() * 400), String::with_capacity(cards.len() * 400)];
    let mut heights = [0.0f64; 2];
    for (i, card) in cards.iter().enumerate() {
        let col = usize::from(heights[1] < heights[0]);
        heights[col] += card_height(card);
        card_html(&mut columns[col], card, lang, now, start + i < EAGER_CARDS);
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
pub fn cards_html(cards: &[ListingCard], lang: Lang, now: i64) -> String {
    cards_html_from(cards, 0, lang, now)
}

/// A block's identity: its place, its language and what its cards show.
/// What a card shows that can change: id, status, hidden, want count.
type CardKey = (i64, Status, bool, i64);

fn block_key(index: usize, lang: Lang, cards: &[ListingCard]) -> (usize, Lang, Vec<CardKey>) {
    (index, lang, cards.iter().map(|c| (c.id, c.status, c.hidden, c.want_count)).collect())
}

/// A grid of cards, in blocks of 20; existing blocks stay when more cards are appended.
#[component]
pub fn CardGrid(#[prop(into)] cards: Signal<Vec<ListingCard>>) -> impl IntoView {
    let i18n = use_i18n();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let blocks = move || {
        let lang = i18n.lang();
        cards.with(|all| all.chunks(BLOCK).enumerate().map(|(i, b)| (i, lang, b.to_vec())).collect::<Vec<_>>())
    };
    view! {
        <For
            each=blocks
            key=|(i, lang, cards)| block_key(*i, *lang, cards)
            children=move |(i, lang, cards)| view! { <div class="card-grid" inner_html=cards_html_from(&cards, i * BLOCK, lang, now)></div> }
        />
    }
}
