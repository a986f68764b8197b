//! Markets: upcoming dates of community flea and swap markets (跳蚤市场 / 二手市集), grouped by
//! day, nearest first when the resident shares their position, with the free stalls of each.
//!
//! The Markets pages are lazy: their words are written with `Lang::pick` rather than in the
//! shared dictionary, so they arrive with the page and not in the first download. The tab's
//! words and its list of dates come from `linli_markup::markets`, which the server also uses
//! to send this page already rendered (`crates/server/src/first_screen.rs`); that copy goes
//! once the dates are here.

use crate::api::markets as api;
use crate::components::header::PageHeader;
use crate::i18n::use_i18n;
use crate::remote::{boxed, show, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::Role;
use linli_contract::market::UpcomingDay;
use linli_markup::markets::{upcoming_html, Words};

#[component]
pub fn Markets() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let near = RwSignal::new(None::<(f64, f64)>);
    let locating = RwSignal::new(false);
    let located_failed = RwSignal::new(false);
    let days = Reloadable::new(move || boxed(api::upcoming(near.get())));
    // The server's pre-render of this page goes once this one shows the dates (or cannot),
    // with the organiser's button if it is theirs.
    crate::first_screen::hand_over_when(move || days.data.with(Option::is_some) && session.known(), || {});
    let locate = move |_| {
        locating.set(true);
        located_failed.set(false);
        leptos::task::spawn_local(async move {
            let pos = crate::geo::position().await;
            locating.set(false);
            located_failed.set(pos.is_none());
            if pos.is_some() {
                near.set(pos);
            }
        });
    };
    let map_open = RwSignal::new(false);
    let title = Signal::derive(move || Words::Title.text(i18n.lang()).to_string());
    view! {
        <PageHeader title_text=title/>
        <section class="page markets">
            <div class="button-row">
                <button type="button" class="button button-secondary" on:click=locate disabled=move || locating.get()>
                    {move || Words::NearestFirst.text(i18n.lang())}
                </button>
                <Show when=move || session.has_role(Role::Organiser)>
                    <a class="button" href="/markets/new">{move || Words::Organise.text(i18n.lang())}</a>
                </Show>
                <button type="button" class="button button-secondary" aria-pressed=move || map_open.get().to_string()
                    on:click=move |_| map_open.update(|o| *o = !*o)>
                    {move || if map_open.get() { Words::List.text(i18n.lang()) } else { Words::Map.text(i18n.lang()) }}
                </button>
                <a class="button button-secondary" href="/me/bookings">{move || Words::MyBookings.text(i18n.lang())}</a>
            </div>
            <Show when=move || located_failed.get()>
                <p class="form-error" role="alert">{move || Words::PositionFailed.text(i18n.lang())}</p>
            </Show>
            {show(days, move |days| {
                if map_open.get() { markets_map(days).into_any() } else { day_list(days).into_any() }
            })}
        </section>
    }
}

/// The dates by day, in the markup the server's pre-render uses (`linli_markup::markets`).
fn day_list(days: Vec<UpcomingDay>) -> impl IntoView {
    let i18n = use_i18n();
    view! { <div class="market-days-host" inner_html=move || upcoming_html(&days, i18n.lang())></div> }
}

/// The same upcoming markets on a map (one marker per market, at its next date).
fn markets_map(days: Vec<UpcomingDay>) -> impl IntoView {
    use crate::components::map::{MapView, Marker};
    let i18n = use_i18n();
    let mut markers: Vec<Marker> = Vec::new();
    let mut seen = Vec::new();
    for o in days.iter().flat_map(|d| d.occurrences.iter()) {
        if seen.contains(&o.market_id) {
            continue;
        }
        seen.push(o.market_id);
        markers.push(Marker {
            lat: o.lat,
            lng: o.lng,
            label: format!("{} · {} {}", o.market_name, o.day, o.start_time),
            href: format!("/markets/{}", o.market_id),
        });
    }
    let tiles = crate::remote::load(|| crate::remote::boxed(crate::api::health()));
    let label = i18n.lang().pick("市集地图", "Map of markets");
    move || {
        tiles.get().map(|health| {
            let tiles = health.ok().and_then(|h| h.map_tiles);
            view! { <MapView markers=markers.clone() tiles=tiles label=label/> }
        })
    }
}
