//! Sell: post an idle item.

use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{tr, Key};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn Sell() -> impl IntoView {
    let session = use_session();
    view! {
        <PageHeader title=Key::TabSell/>
        <section class="page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/sell"/> }>
                <p class="lead">{tr(Key::SellIntro)}</p>
            </Show>
        </section>
    }
}
