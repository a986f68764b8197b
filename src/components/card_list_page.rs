//! A signed-in resident's list of cards (their listings, their favourites).

use crate::components::header::PageHeader;
use crate::components::listing_card::CardGrid;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{tr, Key};
use crate::remote::{show, BoxFuture, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::listing::ListingCard;

#[component]
pub fn CardListPage(
    title: Key,
    /// This page's own path, to come back to after signing in.
    here: &'static str,
    fetch: fn() -> BoxFuture<Vec<ListingCard>>,
    /// Shown when the list is empty, with a link onwards.
    empty: Key,
    empty_link: (Key, &'static str),
) -> impl IntoView {
    let session = use_session();
    view! {
        <PageHeader title=title back="/me"/>
        <section class="page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next=here/> }>
                {show(Reloadable::new(fetch), move |list| {
                    if list.is_empty() {
                        view! {
                            <div class="empty-state">
                                <p>{tr(empty)}</p>
                                <a class="button" href=empty_link.1>{tr(empty_link.0)}</a>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! { <CardGrid cards=Signal::stored(list)/> }.into_any()
                    }
                })}
            </Show>
        </section>
    }
}
