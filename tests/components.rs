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
    assert_eq!(attr(&root, "button", "aria-label").as_deref(), Some("切换语言：English"));

    root.query_selector("button").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    tick().await;
    assert_eq!(text_of(&root, ".tab"), "Browse");
    assert_eq!(document().document_element().unwrap().get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(LocalStorage::get::<Lang>("linli.lang").ok(), Some(Lang::En), "remembered across reloads");
    LocalStorage::delete("linli.lang");
}

#[wasm_bindgen_test]
async fn cards_show_markup_as_text_and_link_to_the_listing() {
    use linli_contract::community::Localized;
    use linli_contract::listing::{Category, Condition, ListingCard, Offer, Status};
    use linli_web::components::listing_card::CardGrid;
    let root = container();
    let evil = "<img src=x onerror=\"document.title='pwned'\"> 沙发 & \"椅子\"".to_string();
    let card = ListingCard {
        id: 7,
        title: evil.clone(),
        offer: Offer::Swap { swap_for: "<b>bike</b>".into() },
        condition: Condition::LikeNew,
        category: Category::Furniture,
        status: Status::Sold,
        hidden: false,
        hidden_reason: None,
        community: Localized { zh: "田林社区".into(), en: "Tianlin".into() },
        thumb_url: "/media/abc_t.jpg\" onload=\"alert(1)".into(),
        created_at: 0,
        seller_name: "王芳".into(),
        seller_level: linli_contract::credit::Level::Good,
        distance_km: Some(1.234),
        want_count: 3,
        photo_url: "/media/abc.jpg".into(),
        photo_width: 1200,
        photo_height: 1600,
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
