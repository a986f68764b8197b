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

fn card_html(out: &mut String, card: &ListingCard, lang: Lang, now: i64) {
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
    escape_into(out, &time_ago_from(card.created_at, now, lang));
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
pub fn cards_html(cards: &[ListingCard], lang: Lang, now: i64) -> String {
    let mut out = String::with_capacity(cards.len() * 600);
    for card in cards {
        card_html(&mut out, card, lang, now);
    }
    out
}

/// A block's identity: its place, its language and what its cards show.
fn block_key(index: usize, lang: Lang, cards: &[ListingCard]) -> (usize, Lang, Vec<(i64, Status, bool)>) {
    (index, lang, cards.iter().map(|c| (c.id, c.status, c.hidden)).collect())
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
            children=move |(_, lang, cards)| view! { <ul class="card-grid" inner_html=cards_html(&cards, lang, now)></ul> }
        />
    }
}
