//! The bottom tab bar of the phone layout (a side rail on wide screens, by CSS).

use crate::components::icons::{Icon, Svg};
use crate::i18n::{tr, Key};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn TabBar() -> impl IntoView {
    let tab = move |href: &'static str, icon: Icon, key: Key, exact: bool, class: &'static str| {
        view! {
            <li class=class>
                <A href=href exact=exact>
                    <Svg icon=icon/>
                    <span>{tr(key)}</span>
                </A>
            </li>
        }
    };
    view! {
        <nav class="tab-bar" aria-label=tr(Key::MainNav)>
            <ul>
                {tab("/", Icon::Browse, Key::TabBrowse, true, "tab")}
                {tab("/markets", Icon::Markets, Key::TabMarkets, false, "tab")}
                {tab("/sell", Icon::Sell, Key::TabSell, false, "tab tab-sell")}
                {tab("/recycle", Icon::Recycle, Key::TabRecycle, false, "tab")}
                {tab("/me", Icon::Me, Key::TabMe, false, "tab")}
            </ul>
        </nav>
    }
}
