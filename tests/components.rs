//! Browser component tests: pieces of the app mounted into a real DOM in headless Chromium
//! (wasm-bindgen-test with chromedriver; `cargo xtask test` runs them).

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::tick;
use linli_contract::{ErrorCode, Lang};
use linli_web::components::field::TextField;
use linli_web::components::header::LangSwitch;
use linli_web::i18n::{tr, I18n, Key};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page to mount into; starts every test in Chinese.
fn container() -> web_sys::HtmlElement {
    LocalStorage::delete("linli.lang");
    let doc = document();
    let el = doc.create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).text_content().unwrap_or_default()
}

fn attr(root: &web_sys::HtmlElement, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector).unwrap().unwrap().get_attribute(name)
}

#[wasm_bindgen_test]
async fn a_field_error_is_announced_and_follows_the_language() {
    let root = container();
    let error = RwSignal::new(None::<ErrorCode>);
    let i18n = RwSignal::new(None::<I18n>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let ctx = I18n::new();
        i18n.set(Some(ctx));
        provide_context(ctx);
        view! { <TextField id="password" label=Key::Password hint=Key::PasswordHint value=RwSignal::new(String::new()) error=error kind="password"/> }
    });
    tick().await;
    assert_eq!(text_of(&root, "label"), "密码");
    assert_eq!(attr(&root, "label", "for").as_deref(), Some("password"));
    assert_eq!(attr(&root, "input", "aria-invalid").as_deref(), Some("false"));
    assert_eq!(attr(&root, "input", "aria-describedby").as_deref(), Some("password-hint"));
    assert_eq!(text_of(&root, ".error"), "");

    error.set(Some(ErrorCode::PasswordTooShort));
    tick().await;
    assert_eq!(attr(&root, "input", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(attr(&root, "input", "aria-describedby").as_deref(), Some("password-hint password-error"));
    assert_eq!(text_of(&root, "#password-error"), "密码至少 8 位");
    assert_eq!(attr(&root, "#password-error", "role").as_deref(), Some("alert"));

    i18n.get_untracked().unwrap().set(Lang::En);
    tick().await;
    assert_eq!(text_of(&root, "label"), "Password");
    assert_eq!(text_of(&root, "#password-error"), "The password needs at least 8 characters.");
}

#[wasm_bindgen_test]
async fn typing_updates_the_bound_value() {
    let root = container();
    let value = RwSignal::new(String::from("王"));
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new());
        view! { <TextField id="display_name" label=Key::DisplayName value=value error=Signal::stored(None)/> }
    });
    tick().await;
    let input = root.query_selector("input").unwrap().unwrap().unchecked_into::<web_sys::HtmlInputElement>();
    assert_eq!(input.value(), "王", "the draft is shown");
    input.set_value("王芳");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
    assert_eq!(value.get_untracked(), "王芳");
}

#[wasm_bindgen_test]
async fn the_language_switch_relabels_and_remembers() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new());
        view! { <LangSwitch/> <p class="tab">{tr(Key::TabBrowse)}</p> }
    });
    tick().await;
    assert_eq!(text_of(&root, ".tab"), "逛逛");
    assert_eq!(attr(&root, "button", "aria-label").as_deref(), Some("EN 切换语言：English"));

    root.query_selector("button").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    tick().await;
    assert_eq!(text_of(&root, ".tab"), "Browse");
    assert_eq!(document().document_element().unwrap().get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(LocalStorage::get::<Lang>("linli.lang").ok(), Some(Lang::En), "remembered across reloads");
    LocalStorage::delete("linli.lang");
}

#[wasm_bindgen_test]
async fn cards_show_markup_as_text_and_link_to_the_listing() {
    use linli_contract::listing::{ListingCard, Offer, Status};
    use linli_web::components::listing_card::CardGrid;
    let root = container();
    let evil = "<img src=x onerror=\"document.title='pwned'\"> 沙发 & \"椅子\"".to_string();
    let card = ListingCard {
        title: evil.clone(),
        offer: Offer::Swap { swap_for: "<b>bike</b>".into() },
        status: Status::Sold,
        thumb_url: "/media/abc_t.jpg\" onload=\"alert(1)".into(),
        distance_km: Some(1.234),
        want_count: 3,
        photo_url: "/media/abc.jpg".into(),
        photo_width: 1200,
        photo_height: 1600,
        ..plain_card(7)
    };
    let cards = RwSignal::new(vec![card]);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new());
        view! { <CardGrid cards=cards/> }
    });
    tick().await;
    assert_eq!(root.query_selector_all("img").unwrap().length(), 1, "only the card's own image");
    assert_eq!(attr(&root, "img", "onload"), None);
    assert_eq!(text_of(&root, ".card-title"), evil);
    assert_eq!(text_of(&root, ".price"), "换：<b>bike</b>");
    assert_eq!(attr(&root, "a", "href").as_deref(), Some("/listings/7"));
    assert_eq!(text_of(&root, ".badge-status"), "已换出");
    assert!(text_of(&root, ".card").contains("几乎全新 · 田林社区 · 1.2 km"));
    assert_eq!(text_of(&root, ".level"), "信用良好");
    assert_ne!(document().title(), "pwned");
}

fn plain_card(id: i64) -> linli_contract::listing::ListingCard {
    use linli_contract::community::Localized;
    use linli_contract::listing::{Category, Condition, ListingCard, Offer, Status};
    ListingCard {
        id,
        title: format!("台灯 {id}"),
        offer: Offer::Sell { price_fen: 3000 },
        condition: Condition::LikeNew,
        category: Category::Furniture,
        status: Status::Active,
        hidden: false,
        hidden_reason: None,
        community: Localized { zh: "田林社区".into(), en: "Tianlin".into() },
        thumb_url: format!("/media/{id}_t.jpg"),
        created_at: 0,
        seller_name: "王芳".into(),
        seller_level: linli_contract::credit::Level::Good,
        distance_km: None,
        want_count: 0,
        photo_url: String::new(),
        photo_width: 0,
        photo_height: 0,
    }
}

/// The grid's blocks of 20, in order, and the ids of the cards in each (by link).
fn blocks_of(root: &web_sys::HtmlElement) -> Vec<(web_sys::Element, Vec<String>)> {
    let blocks = root.query_selector_all(".card-grid").unwrap();
    (0..blocks.length())
        .map(|i| {
            let block = blocks.get(i).unwrap().unchecked_into::<web_sys::Element>();
            let links = block.query_selector_all("a").unwrap();
            let ids = (0..links.length())
                .map(|j| links.get(j).unwrap().unchecked_into::<web_sys::Element>().get_attribute("href").unwrap())
                .collect();
            (block, ids)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_grid_keeps_shown_cards_and_rewrites_only_what_changed() {
    use linli_web::components::listing_card::CardGrid;
    let root = container();
    let cards = RwSignal::new((1..=25).map(plain_card).collect::<Vec<_>>());
    let i18n = RwSignal::new(None::<I18n>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let ctx = I18n::new();
        i18n.set(Some(ctx));
        provide_context(ctx);
        view! { <CardGrid cards=cards/> }
    });
    let before = blocks_of(&root);
    assert_eq!(before.len(), 2, "25 cards are a block of 20 and one of 5");
    assert_eq!(before[1].1.len(), 5);
    assert_eq!(root.query_selector_all(".card").unwrap().length(), 25, "shown as soon as the grid is");

    // The next page arrives: the blocks shown stay as they are (their photos do not reload).
    let first_markup = before[0].0.inner_html();
    cards.update(|c| c.extend((26..=45).map(plain_card)));
    tick().await;
    let after = blocks_of(&root);
    assert_eq!(after.len(), 3);
    assert!(after[0].0.is_same_node(Some(&before[0].0)) && after[0].0.inner_html() == first_markup);
    assert!(after[1].0.is_same_node(Some(&before[1].0)));
    let ids: Vec<String> = after.iter().flat_map(|(_, ids)| ids.clone()).collect();
    assert_eq!(ids.len(), 45);
    for id in 1..=45 {
        assert!(ids.contains(&format!("/listings/{id}")), "card {id} shown once");
    }

    // Someone wants card 30: its block says so; the first block is untouched.
    cards.update(|c| c[29].want_count = 2);
    tick().await;
    let changed = blocks_of(&root);
    assert!(changed[0].0.is_same_node(Some(&before[0].0)) && changed[0].0.inner_html() == first_markup);
    assert!(text_of(&root, "a[href='/listings/30']").contains("2 人想要"));

    // A new search with fewer results: the blocks past it go.
    cards.set((100..103).map(plain_card).collect());
    tick().await;
    let fewer = blocks_of(&root);
    assert_eq!(fewer.len(), 1);
    let mut ids = fewer[0].1.clone();
    ids.sort(); // the block's two columns hold them in turn
    assert_eq!(ids, ["/listings/100", "/listings/101", "/listings/102"].map(String::from));

    // Another language: every card is written in it.
    i18n.get_untracked().unwrap().set(Lang::En);
    tick().await;
    assert!(text_of(&root, ".card").contains("Like new"), "{}", text_of(&root, ".card"));
    cards.set(Vec::new());
    tick().await;
    assert_eq!(root.query_selector_all(".card-grid").unwrap().length(), 0, "no cards, no blocks");
    LocalStorage::delete("linli.lang");
}
