//! The bottom tab bar of the phone layout (a side rail on wide screens, by CSS).

use crate::components::icons::{Icon, Svg};
use crate::i18n::{tr, use_i18n, Key};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn TabBar() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let pending = move || {
        let u = session.unread();
        u.messages + u.actions
    };
    let tab = move |href: &'static str, icon: Icon, key: Key, exact: bool, class: &'static str| {
        let badge = (key == Key::TabMe).then(|| {
            view! {
                <Show when=move || { pending() > 0 }>
                    <span class="tab-badge" aria-label=move || format!("{} {}", pending(), i18n.t(Key::Pending))>
                        {move || pending().min(99)}
                    </span>
                </Show>
            }
        });
        view! {
            <li class=class>
                // Browse puts its own scroll back where the feed was left (`pages/browse.rs`).
                <A href=href exact=exact scroll=href != "/">
                    <Svg icon=icon/>
                    <span>{tr(key)}</span>
                    {badge}
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
