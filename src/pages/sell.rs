//! Sell: post an idle item (sell, give away or swap).

use crate::components::header::PageHeader;
use crate::components::listing_form::ListingForm;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{tr, Key};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn Sell() -> impl IntoView {
    let session = use_session();
    // A visitor who is certainly signed out got this page pre-rendered by the server, with the
    // prompt to sign in (`crates/server/src/first_screen.rs`): it goes once the app knows.
    crate::first_screen::hand_over_when(move || session.known(), || {});
    view! {
        <PageHeader title=Key::PostListing/>
        <section class="page narrow">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/sell"/> }>
                <p class="lead">{tr(Key::SellIntro)}</p>
                <ListingForm/>
            </Show>
        </section>
    }
}
