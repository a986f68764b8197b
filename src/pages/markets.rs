//! Markets: community flea and swap markets.

use crate::components::header::PageHeader;
use crate::i18n::{tr, Key};
use leptos::prelude::*;

#[component]
pub fn Markets() -> impl IntoView {
    view! {
        <PageHeader title=Key::TabMarkets/>
        <section class="page empty-state">
            <p>{tr(Key::MarketsIntro)}</p>
        </section>
    }
}
