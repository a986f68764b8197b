//! The page header: title, optional back link, language switch.

use crate::components::icons::{Icon, Svg};
use crate::i18n::{tr, use_i18n, Key};
use leptos::prelude::*;
use linli_contract::Lang;

#[component]
pub fn PageHeader(
    /// A fixed title…
    #[prop(optional)]
    title: Option<Key>,
    /// …or one that depends on data (a listing's name).
    #[prop(optional, into)]
    title_text: Option<Signal<String>>,
    /// Where the back arrow goes; none on the top-level tabs.
    #[prop(optional, into)]
    back: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = Signal::derive(move || match (title, title_text) {
        (_, Some(text)) => text.get(),
        (Some(key), None) => i18n.t(key).to_string(),
        (None, None) => String::new(),
    });
    // The browser tab shows the page too.
    Effect::new(move |_| {
        document().set_title(&format!("{} · {}", title.get(), i18n.t(Key::AppName)));
    });
    view! {
        <header class="page-header">
            {back.map(|href| {
                // Browse puts its own scroll back where the feed was left (`pages/browse.rs`).
                let to_browse = href == "/" || href.starts_with("/?");
                view! {
                <a class="icon-button" href=href aria-label=tr(Key::Back) data-noscroll=to_browse.then_some("")>
                    <Svg icon=Icon::Back/>
                </a>
                }
            })}
            <h1>{move || title.get()}</h1>
            <LangSwitch/>
        </header>
    }
}

/// Toggles between 中文 and English; the choice survives reloads.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |_| {
        i18n.set(match i18n.lang() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        })
    };
    view! {
        <button type="button" class="lang-switch" on:click=toggle aria-label=tr(Key::SwitchLanguage)>
            <Svg icon=Icon::Globe/>
            <span aria-hidden="true">{tr(Key::OtherLanguage)}</span>
        </button>
    }
}
