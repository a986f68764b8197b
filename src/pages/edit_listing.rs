//! Editing one's own listing.

use crate::api;
use crate::components::header::PageHeader;
use crate::components::listing_form::ListingForm;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{tr, Key};
use crate::remote::{load_for_id, show};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EditListing() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").and_then(|v| v.parse::<i64>().ok()));
    let listing = load_for_id(api::listing);
    let back = move || id.get().map(|id| format!("/listings/{id}")).unwrap_or_else(|| "/".into());
    view! {
        <PageHeader title=Key::EditListing back=back()/>
        <section class="page narrow">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded/> }>
                {show(listing, |l| {
                    if l.is_owner {
                        view! { <ListingForm editing=l/> }.into_any()
                    } else {
                        view! { <p class="notice">{tr(Key::NotYourListing)}</p> }.into_any()
                    }
                })}
            </Show>
        </section>
    }
}
