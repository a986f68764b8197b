//! Listing cards: the photo grid of the feed, searches, favourites and "my listings".
//!
//! Cards are static, so they are written as one escaped HTML string per block of 20 by the
//! renderer the server shares (`crates/markup`, which says why) and handed to the browser's
//! parser in one go. Blocks already shown are kept when more are appended.

use crate::i18n::{use_i18n, utc_offset_secs};
use leptos::prelude::*;
use linli_contract::listing::{ListingCard, Status};
use linli_contract::Lang;
use linli_markup::{cards_html_from, Reading};

/// Cards per block (the server's page size, so a block is a page of the feed).
const BLOCK: usize = 20;

/// The cards' markup comes from the one renderer the server shares (`crates/markup`).
pub use linli_markup::{cards_html, escape_into, EAGER_CARDS};

/// What a shown block shows: its language, and of each card what can change (id, status,
/// hidden, want count). A block is written again only when this changes.
type BlockKey = (Lang, Vec<(i64, Status, bool, i64)>);

fn block_key(lang: Lang, cards: &[ListingCard]) -> BlockKey {
    (lang, cards.iter().map(|c| (c.id, c.status, c.hidden, c.want_count)).collect())
}

/// Brings `host`'s blocks from `shown` to `cards`: blocks past the end go, changed blocks are
/// written again, new ones are appended in one parse. Returns what is shown now.
fn update_blocks(host: &web_sys::Element, shown: &[BlockKey], cards: &[ListingCard], at: Reading) -> Vec<BlockKey> {
    let blocks: Vec<&[ListingCard]> = cards.chunks(BLOCK).collect();
    let keys: Vec<BlockKey> = blocks.iter().map(|b| block_key(at.lang, b)).collect();
    let mut existing = Vec::with_capacity(shown.len());
    let mut child = host.first_element_child();
    while let Some(el) = child {
        child = el.next_element_sibling();
        existing.push(el);
    }
    for gone in existing.drain(keys.len().min(existing.len())..) {
        gone.remove();
    }
    // Room for the new blocks at once (a card's markup is about 650 bytes).
    let mut appended = String::with_capacity(cards.len().saturating_sub(existing.len() * BLOCK) * 700);
    for (i, (block, key)) in blocks.iter().zip(&keys).enumerate() {
        match existing.get(i) {
            Some(el) if shown.get(i) != Some(key) => el.set_inner_html(&cards_html_from(block, i * BLOCK, at)),
            Some(_) => {}
            None => {
                appended.push_str("<div class=\"card-grid\">");
                appended.push_str(&cards_html_from(block, i * BLOCK, at));
                appended.push_str("</div>");
            }
        }
    }
    if !appended.is_empty() {
        let _ = host.insert_adjacent_html("beforeend", &appended);
    }
    keys
}

/// A grid of cards, in blocks of 20; existing blocks stay when more cards are appended.
///
/// The blocks are kept by hand rather than by a keyed `<For>`: a first screen of cards is then
/// a single parse of their markup, with next to no code of its own run first.
#[component]
pub fn CardGrid(#[prop(into)] cards: Signal<Vec<ListingCard>>) -> impl IntoView {
    let i18n = use_i18n();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let updates = StoredValue::new_local(None::<RenderEffect<Vec<BlockKey>>>);
    // Runs as the element is built, so the cards are there when the grid is (no empty frame).
    let fill = move |host: web_sys::Element| {
        let effect = RenderEffect::new(move |shown: Option<Vec<BlockKey>>| {
            let at = Reading { lang: i18n.lang(), now, utc_offset_secs: utc_offset_secs(now) };
            cards.with(|all| update_blocks(&host, shown.as_deref().unwrap_or_default(), all, at))
        });
        updates.set_value(Some(effect));
    };
    // A finger or pointer on a card: fetch the listing page's code while it lands.
    view! {
        <div use:fill
            on:pointerdown=|_| crate::lazy::preload_listing()
            on:pointerover=|_| crate::lazy::preload_listing()
            on:focusin=|_| crate::lazy::preload_listing()></div>
    }
}
