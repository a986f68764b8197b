//! Rendering cost of the feed, measured (not asserted) in headless Chromium: `cargo xtask
//! bench` runs each test on its own, each in a fresh page, with `--expose-gc` (release mode),
//! and prints the ratios; `cargo test` skips it.
//!
//! The floor is the browser parsing the very same markup with no WASM at all. Both sides are
//! measured alike: the garbage of the previous run collected before each timed run, and the
//! first (cold) runs each in a page that has rendered no cards yet (a floor measured after the
//! app's runs was a warm one, held against the app's cold run). The app's cold run comes after
//! a shell has been mounted, as in the app, where no feed renders before the framework has.

use leptos::prelude::*;
use linli_contract::community::Localized;
use linli_contract::listing::{Category, Condition, ListingCard, Offer, Status};
use linli_markup::{cards_html_from, Reading};
use linli_web::components::listing_card::CardGrid;
use linli_web::i18n::{utc_offset_secs, I18n};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn card(i: i64) -> ListingCard {
    ListingCard {
        id: i,
        title: format!("海尔双门冰箱 {i} 号，九成新，制冷正常"),
        offer: if i % 7 == 0 { Offer::GiveAway } else { Offer::Sell { price_fen: 100 * (i % 900 + 1) } },
        condition: Condition::ALL[i as usize % Condition::ALL.len()],
        category: Category::Appliances,
        status: Status::Active,
        hidden: false,
        hidden_reason: None,
        community: Localized { zh: "田林社区".into(), en: "Tianlin".into() },
        thumb_url: String::new(),
        created_at: 1_790_000_000 - i * 60,
        seller_name: "居民王芳".into(),
        seller_level: linli_contract::credit::Level::Good,
        distance_km: None,
        want_count: i % 5,
        photo_url: String::new(),
        photo_width: 0,
        photo_height: 0,
    }
}

const CARDS: i64 = 1000;
const RUNS: usize = 15;

/// Collects garbage when the browser exposes it (`--js-flags=--expose-gc`), so a run does not
/// pay for the one before. Says whether it could.
fn collect_garbage() -> bool {
    let gc = js_sys::Reflect::get(&web_sys::window().unwrap(), &"gc".into()).unwrap();
    match gc.dyn_into::<js_sys::Function>() {
        Ok(gc) => gc.call0(&wasm_bindgen::JsValue::NULL).is_ok(),
        Err(_) => false,
    }
}

/// The markup the grid renders for the cards at `now`: its blocks of 20, as CardGrid writes them.
fn markup(cards: &[ListingCard], now: i64) -> String {
    let at = Reading { lang: linli_contract::Lang::Zh, now, utc_offset_secs: utc_offset_secs(now) };
    let mut html = String::from("<div>");
    for (i, block) in cards.chunks(20).enumerate() {
        html.push_str("<div class=\"card-grid\">");
        html.push_str(&cards_html_from(block, i * 20, at));
        html.push_str("</div>");
    }
    html.push_str("<!----></div>"); // the empty marker Leptos leaves in an element without children
    html
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Runs `f` [`RUNS`] times (garbage collected before each), in a fresh element each time;
/// returns the first run and the median, in ms, and whether garbage could be collected.
fn measure<T>(mut f: impl FnMut(&web_sys::HtmlElement) -> T) -> (f64, f64, bool) {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut runs = Vec::new();
    let mut collected = true;
    for _ in 0..RUNS {
        let root = document().create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
        document().body().unwrap().append_child(&root).unwrap();
        collected &= collect_garbage();
        let start = performance.now();
        let rendered = f(&root);
        runs.push(performance.now() - start);
        assert_eq!(root.query_selector_all(".card").unwrap().length(), CARDS as u32);
        drop(rendered);
        root.remove();
    }
    let first = runs[0];
    runs.sort_by(|a, b| a.total_cmp(b));
    (first, runs[RUNS / 2], collected)
}

/// What an app has done before its feed first renders: mounted a shell with the framework
/// (elements, an event handler, reactive text). None of the card code runs.
fn start_the_app(i18n: I18n) {
    let root = document().create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
    document().body().unwrap().append_child(&root).unwrap();
    let count = RwSignal::new(0);
    let shell = leptos::mount::mount_to(root.clone(), move || {
        provide_context(i18n);
        view! {
            <header class="page-header"><h1>{move || i18n.t(linli_web::i18n::Key::TabBrowse)}</h1></header>
            <button type="button" on:click=move |_| count.update(|n| *n += 1)>{move || count.get()}</button>
        }
    });
    drop(shell);
    root.remove();
}

/// The app: CardGrid mounting 1,000 cards, its first run as on a first visit (the shell mounted,
/// no card code run yet); then, in the same page, the floor warm.
#[wasm_bindgen_test]
async fn feed_renders_1000_cards() {
    let all: Vec<ListingCard> = (0..CARDS).map(card).collect();
    // Each run's cards are made beforehand, as the feed has them before it renders, and the
    // language is the app's, chosen at its start.
    let mut inputs: Vec<Vec<ListingCard>> = (0..RUNS).map(|_| all.clone()).collect();
    let i18n = I18n::new();
    start_the_app(i18n);
    let (first, median, collected) = measure(|root| {
        let cards = inputs.pop().unwrap();
        leptos::mount::mount_to(root.clone(), move || {
            provide_context(i18n);
            view! { <CardGrid cards=Signal::stored(cards)/> }
        })
    });
    // The floor parses exactly what the grid renders (checked after the timed runs).
    let root = document().create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
    let now = now_secs();
    let cards = all.clone();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(i18n);
        view! { <CardGrid cards=Signal::stored(cards)/> }
    });
    let html = markup(&all, now);
    let parsed = document().create_element("div").unwrap();
    parsed.set_inner_html(&html);
    let (app, floor) = (root.inner_html(), parsed.inner_html());
    let at = app.bytes().zip(floor.bytes()).position(|(a, b)| a != b).unwrap_or(app.len().min(floor.len()));
    let near = |s: &str| s[s.floor_char_boundary(at.saturating_sub(80))..s.floor_char_boundary(at + 80)].to_string();
    assert!(app == floor, "the floor's markup differs from the grid's at byte {at}: {} | {}", near(&app), near(&floor));
    drop(mounted);
    console_log!("BENCH app first={first:.1} median={median:.1} gc={collected}");
    let (_, floor, _) = measure(|root| root.set_inner_html(&html));
    console_log!("BENCH parse_warm median={floor:.1}");
}

/// The floor cold: the browser parsing the same markup in a page that shows the same shell as
/// the app's (made by the parser here) and has parsed no cards yet.
#[wasm_bindgen_test]
async fn same_markup_parse() {
    let all: Vec<ListingCard> = (0..CARDS).map(card).collect();
    let html = markup(&all, now_secs());
    let shell = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&shell).unwrap();
    shell.set_inner_html("<header class=\"page-header\"><h1>逛逛</h1></header><button type=\"button\">0</button>");
    shell.remove();
    let (first, median, collected) = measure(|root| root.set_inner_html(&html));
    console_log!("BENCH parse first={first:.1} median={median:.1} gc={collected}");
}
