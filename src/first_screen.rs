//! Taking over the first screen the server wrote into the page (`crates/server/src/first_screen.rs`):
//! the first page of the feed as cards (`#first-screen`, painted before any WASM ran) and the
//! same page as JSON (`#first-feed`). Browse starts from that page instead of asking for it
//! again and renders the same cards (one renderer, `linli-markup`); once the app is mounted
//! the pre-rendered copy goes, in the same task, so the screen does not blink. A server that
//! does not pre-render sends neither, and the app fetches the feed as always.
//!
//! A listing's page (`/listings/{id}`) comes pre-rendered too (`data-page="listing"`): that copy
//! stays, with the app hidden behind it (style/main.css), until the app's listing page has its
//! data and renders, which then removes it ([`remove`]); leaving the page removes it as well.

use linli_contract::listing::{ListingCard, Page};

fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// The feed's first page the server sent with the page, once (later visits to Browse fetch).
pub fn take_feed() -> Option<Page<ListingCard>> {
    let el = element("first-feed")?;
    el.remove();
    serde_json::from_str(&el.text_content()?).ok()
}

/// Removes the pre-rendered first screen (the app's own rendering replaces it).
pub fn remove() {
    if let Some(el) = element("first-screen") {
        el.remove();
    }
    // Not taken (another page was opened first): its data is stale by the next visit.
    if let Some(el) = element("first-feed") {
        el.remove();
    }
}

/// Once the app is mounted: the feed's copy goes now (Browse rendered the same cards in this
/// task); a listing's copy waits for the listing page (its code and data arrive later).
pub fn settle() {
    let listing = element("first-screen").is_some_and(|el| el.get_attribute("data-page").as_deref() == Some("listing"));
    if !listing {
        remove();
    }
}
