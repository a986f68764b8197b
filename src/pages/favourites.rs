//! Me → favourites.

use crate::api;
use crate::components::card_list_page::CardListPage;
use crate::i18n::Key;
use crate::remote::boxed;
use leptos::prelude::*;

#[component]
pub fn Favourites() -> impl IntoView {
    view! {
        <CardListPage title=Key::MyFavourites here="/me/favourites" fetch=|| boxed(api::my_favourites())
            empty=Key::NoFavouritesYet empty_link=(Key::TabBrowse, "/")/>
    }
}
