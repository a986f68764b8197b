//! Taking over the first screen the server wrote into the page (`crates/server/src/first_screen.rs`):
//! the first page of the feed as cards (`#first-screen`, painted before any WASM ran) and the
//! same page as JSON (`#first-feed`). Browse starts from that page instead of asking for it
//! again and renders the same cards (one renderer, `linli-markup`); once the app is mounted
//! the pre-rendered copy goes, in the same task, so the screen does not blink. A server that
//! does not pre-render sends neither, and the app fetches the feed as always.
//!
//! A listing's page (`/listings/{id}`), the Markets and Recycle tabs (`/markets`, `/recycle`)
//! and, for a visitor who is certainly signed out, Sell (`/sell`) come pre-rendered too (`data-path`): that copy stays,
//! with the app hidden behind it (style/main.css), until the app's page has its data and
//! renders, which then removes it ([`remove`]); leaving the page removes it as well.

use linli_contract::listing::{ListingCard, Page};

fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// The feed's first page the server sent with the page, once (later visits to Browse fetch).
pub fn take_feed() -> Option<Page<ListingCard>> {
    let el = element("first-feed")?;
    el.remove();
    // Browse renders the same cards in this task: the server's copy goes now.
    if let Some(screen) = element("first-screen") {
        screen.remove();
    }
    serde_json::from_str(&el.text_content()?).ok()
}

/// What was typed into a field of the pre-rendered copy (by its id) before the app took over,
/// and whether the field has the focus.
pub fn typed_into(id: &str) -> Option<(String, bool)> {
    use wasm_bindgen::JsCast;
    let field = element(id)?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let focused = web_sys::window()?.document()?.active_element().is_some_and(|e| e.id() == id);
    Some((field.value(), focused))
}

/// For a page the server may have pre-rendered: its copy goes once `ready()` (the page has its
/// data and knows what it needs of the session), after `carry_over` has taken anything the
/// reader did to the copy, and when the page goes.
pub fn hand_over_when(ready: impl Fn() -> bool + 'static, carry_over: impl Fn() + 'static) {
    leptos::prelude::Effect::new(move |_| {
        if ready() && element("first-screen").is_some() {
            carry_over();
            remove();
        }
    });
    leptos::prelude::on_cleanup(remove);
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

/// Once the app is mounted: the copy stays only for the page it was written for (its
/// `data-path`; the service worker may serve a cached copy for any path when offline), where
/// the page removes it when it renders: Browse when it takes the feed ([`take_feed`], in the
/// same task; the router may render after mounting returns, and removing it here first showed
/// Browse empty for a frame, a layout shift of 0.17), the other pages once they have their data.
pub fn settle() {
    let location = web_sys::window().map(|w| w.location());
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    let query = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let written_for = element("first-screen").and_then(|el| el.get_attribute("data-path"));
    let keep = match written_for.as_deref() {
        Some("/") => path == "/" && query.is_empty() && element("first-feed").is_some(),
        Some(p) => p == path,
        None => false,
    };
    if !keep {
        remove();
    }
}
