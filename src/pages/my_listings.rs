//! Me → my listings, every status.

use crate::api;
use crate::components::header::PageHeader;
use crate::components::listing_card::CardGrid;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{tr, Key};
use crate::remote::{boxed, load, show};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn MyListings() -> impl IntoView {
    let session = use_session();
    let reload = RwSignal::new(0u32);
    view! {
        <PageHeader title=Key::MyListings back="/me"/>
        <section class="page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/me/listings"/> }>
                {
                    let cards = load(move || { reload.track(); boxed(api::my_listings()) });
                    show(cards, move || reload.update(|n| *n += 1), |list| {
                        if list.is_empty() {
                            view! {
                                <div class="empty-state">
                                    <p>{tr(Key::NoListingsYet)}</p>
                                    <a class="button" href="/sell">{tr(Key::PostListing)}</a>
                                </div>
                            }.into_any()
                        } else {
                            view! { <CardGrid cards=Signal::stored(list)/> }.into_any()
                        }
                    })
                }
            </Show>
        </section>
    }
}
