//! Browse: the feed of neighbours' idle items.

use crate::components::header::PageHeader;
use crate::i18n::{tr, Key};
use leptos::prelude::*;

#[component]
pub fn Browse() -> impl IntoView {
    view! {
        <PageHeader title=Key::TabBrowse/>
        <section class="page empty-state">
            <h2>{tr(Key::BrowseEmpty)}</h2>
            <p>{tr(Key::BrowseEmptyHint)}</p>
            <a class="button" href="/sell">{tr(Key::TabSell)}</a>
        </section>
    }
}
