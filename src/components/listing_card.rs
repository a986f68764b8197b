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
            children=move |(i, lang, cards)| {
                let at = Reading { lang, now, utc_offset_secs: utc_offset_secs(now) };
                // A finger or pointer on a card: fetch the listing page's code while it lands.
                view! {
                    <div class="card-grid" inner_html=cards_html_from(&cards, i * BLOCK, at)
                        on:pointerdown=|_| crate::lazy::preload_listing()
                        on:pointerover=|_| crate::lazy::preload_listing()
                        on:focusin=|_| crate::lazy::preload_listing()></div>
                }
            }
        />
    }
}
