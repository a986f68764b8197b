//! Listing cards: the photo grid of the feed, searches, favourites and "my listings".

use crate::i18n::{offer_text, time_ago, use_i18n};
use leptos::prelude::*;
use linli_contract::listing::{status_label, ListingCard, Status};

#[component]
pub fn Card(card: ListingCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/listings/{}", card.id);
    let active = card.status == Status::Active;
    let ListingCard {
        title, offer, condition, status, community, thumb_url, created_at, seller_name, distance_km, ..
    } = card;
    let status_offer = offer.clone();
    view! {
        <li class="card" class:card-inactive=!active>
            <a href=href>
                <img src=thumb_url alt="" loading="lazy" decoding="async" width="240" height="180"/>
                <div class="card-body">
                    <p class="price">{move || offer_text(&offer, i18n.lang())}</p>
                    <h3 class="card-title">{title}</h3>
                    <p class="card-meta">
                        {move || {
                            let lang = i18n.lang();
                            let mut meta = format!("{} · {}", condition.label(lang), community.get(lang));
                            if let Some(km) = distance_km {
                                meta.push_str(&format!(" · {km:.1} km"));
                            }
                            meta
                        }}
                    </p>
                    <p class="card-meta">{seller_name} " · " {move || time_ago(created_at, i18n.lang())}</p>
                    {(!active).then(|| view! {
                        <span class="badge badge-status">{move || status_label(status, &status_offer, i18n.lang())}</span>
                    })}
                </div>
            </a>
        </li>
    }
}

/// A grid of cards; `For` keeps existing cards when a page is appended.
#[component]
pub fn CardGrid(#[prop(into)] cards: Signal<Vec<ListingCard>>) -> impl IntoView {
    view! {
        <ul class="card-grid">
            <For each=move || cards.get() key=|c| (c.id, c.status) let:card>
                <Card card/>
            </For>
        </ul>
    }
}
