//! Me → my listings, every status.

use crate::api;
use crate::components::card_list_page::CardListPage;
use crate::i18n::Key;
use crate::remote::boxed;
use leptos::prelude::*;

#[component]
pub fn MyListings() -> impl IntoView {
    view! {
        <CardListPage title=Key::MyListings here="/me/listings" fetch=|| boxed(api::my_listings())
            empty=Key::NoListingsYet empty_link=(Key::PostListing, "/sell")/>
    }
}
