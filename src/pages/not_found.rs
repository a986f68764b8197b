//! Shown for any URL the app does not know.

use crate::components::header::PageHeader;
use crate::i18n::{tr, Key};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageHeader title=Key::NotFoundTitle/>
        <section class="page empty-state">
            <p class="empty-mark" aria-hidden="true">"404"</p>
            <p>{tr(Key::NotFoundBody)}</p>
            <a class="button" href="/">{tr(Key::BackHome)}</a>
        </section>
    }
}
