//! Recycle: recycling points and home pickup.

use crate::components::header::PageHeader;
use crate::i18n::{tr, Key};
use leptos::prelude::*;

#[component]
pub fn Recycle() -> impl IntoView {
    view! {
        <PageHeader title=Key::TabRecycle/>
        <section class="page empty-state">
            <p>{tr(Key::RecycleIntro)}</p>
        </section>
    }
}
