//! Rendering cost of the feed, measured (not asserted) in headless Chromium:
//! `cargo xtask bench` runs it (release mode) and prints the figure; `cargo test` skips it.

use leptos::prelude::*;
use linli_contract::community::Localized;
use linli_contract::listing::{Category, Condition, ListingCard, Offer, Status};
use linli_web::components::listing_card::CardGrid;
use linli_web::i18n::I18n;
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

#[wasm_bindgen_test]

async fn feed_renders_1000_cards() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut runs = Vec::new();
    const RUNS: usize = 15;
    for _ in 0..RUNS {
        let root = document().create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
        document().body().unwrap().append_child(&root).unwrap();
        let cards: Vec<ListingCard> = (0..1000).map(card).collect();
        let start = performance.now();
        let mounted = leptos::mount::mount_to(root.clone(), move || {
            provide_context(I18n::new());
            view! { <CardGrid cards=Signal::stored(cards)/> }
        });
        let scripting = performance.now() - start;
        assert_eq!(root.query_selector_all(".card").unwrap().length(), 1000);
        runs.push(scripting);
        drop(mounted);
        root.remove();
    }
    // The first run is the cold one (nothing compiled or cached yet), as on a first visit.
    let first = runs[0];
    runs.sort_by(|a, b| a.total_cmp(b));
    console_log!(
        "BENCH feed_1000_cards_scripting_ms first={first:.1} median={:.1} min={:.1} max={:.1} ({RUNS} runs)",
        runs[RUNS / 2],
        runs[0],
        runs[RUNS - 1]
    );

    // The floor: the browser parsing the very same markup in one assignment, no WASM at all.
    let root = document().create_element("div").unwrap();
    let cards: Vec<ListingCard> = (0..1000).map(card).collect();
    let mounted = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        provide_context(I18n::new());
        view! { <CardGrid cards=Signal::stored(cards)/> }
    });
    let html = root.inner_html();
    drop(mounted);
    let mut floor = Vec::new();
    for _ in 0..RUNS {
        let target = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&target).unwrap();
        let start = performance.now();
        target.set_inner_html(&html);
        floor.push(performance.now() - start);
        target.remove();
    }
    floor.sort_by(|a, b| a.total_cmp(b));
    console_log!(
        "BENCH same_markup_inner_html_ms median={:.1} min={:.1} (the browser's own parsing)",
        floor[RUNS / 2],
        floor[0]
    );
}
