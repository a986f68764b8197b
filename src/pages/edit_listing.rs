//! Editing one's own listing.

use crate::api;
use crate::components::header::PageHeader;
use crate::components::listing_form::ListingForm;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{tr, Key};
use crate::remote::{boxed, load, show};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_contract::{ApiError, ErrorCode, Lang};

#[component]
pub fn EditListing() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").and_then(|v| v.parse::<i64>().ok()));
    let reload = RwSignal::new(0u32);
    let listing = load(move || {
        reload.track();
        let id = id.get();
        boxed(async move {
            match id {
                Some(id) => api::listing(id).await,
                None => Err(ApiError::new(ErrorCode::NotFound, Lang::Zh)),
            }
        })
    });
    let back = move || id.get().map(|id| format!("/listings/{id}")).unwrap_or_else(|| "/".into());
    view! {
        <PageHeader title=Key::EditListing back=back()/>
        <section class="page narrow">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/me/listings"/> }>
                {show(listing, move || reload.update(|n| *n += 1), |l| {
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
