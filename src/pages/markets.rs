//! Markets: upcoming dates of community flea and swap markets (跳蚤市场 / 二手市集), grouped by
//! day, nearest first when the resident shares their position, with the free stalls of each.
//!
//! The Markets pages are lazy: their words are written here with `Lang::pick` rather than in
//! the shared dictionary, so they arrive with the page and not in the first download.

use crate::api::markets as api;
use crate::components::header::PageHeader;
use crate::i18n::use_i18n;
use crate::remote::{boxed, show, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::Role;
use linli_contract::market::{Occurrence, OccurrenceStatus, UpcomingDay};
use linli_contract::Lang;

/// "3 free of 20 stalls", "full, 4 waiting", "cancelled".
pub fn stalls_text(o: &Occurrence, lang: Lang) -> String {
    match (o.status, o.free) {
        (OccurrenceStatus::Cancelled, _) => lang.pick("已取消", "Cancelled").into(),
        (_, 0) => match lang {
            Lang::Zh => format!("摊位已满，{} 人候补", o.waitlisted),
            Lang::En => format!("Full, {} on the waitlist", o.waitlisted),
        },
        (_, free) => match lang {
            Lang::Zh => format!("剩余 {free} / {} 个摊位", o.stalls),
            Lang::En => format!("{free} of {} stalls free", o.stalls),
        },
    }
}

#[component]
pub fn Markets() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let near = RwSignal::new(None::<(f64, f64)>);
    let locating = RwSignal::new(false);
    let days = Reloadable::new(move || boxed(api::upcoming(near.get())));
    let locate = move |_| {
        locating.set(true);
        leptos::task::spawn_local(async move {
            let pos = crate::geo::position().await;
            locating.set(false);
            if pos.is_some() {
                near.set(pos);
            }
        });
    };
    let map_open = RwSignal::new(false);
    let title = Signal::derive(move || i18n.lang().pick("二手市集", "Swap markets").to_string());
    view! {
        <PageHeader title_text=title/>
        <section class="page markets">
            <div class="button-row">
                <button type="button" class="button button-secondary" on:click=locate disabled=move || locating.get()>
                    {move || i18n.lang().pick("离我最近", "Nearest first")}
                </button>
                <Show when=move || session.has_role(Role::Organiser)>
                    <a class="button" href="/markets/new">{move || i18n.lang().pick("发起市集", "Organise a market")}</a>
                </Show>
                <button type="button" class="button button-secondary" aria-pressed=move || map_open.get().to_string()
                    on:click=move |_| map_open.update(|o| *o = !*o)>
                    {move || if map_open.get() { i18n.lang().pick("列表", "List") } else { i18n.lang().pick("地图", "Map") }}
                </button>
                <a class="button button-secondary" href="/me/bookings">{move || i18n.lang().pick("我的摊位", "My bookings")}</a>
            </div>
            {show(days, move |days| {
                if map_open.get() { markets_map(days).into_any() } else { day_list(days).into_any() }
            })}
        </section>
    }
}

fn day_list(days: Vec<UpcomingDay>) -> impl IntoView {
    let i18n = use_i18n();
    if days.is_empty() {
        return view! { <p class="empty-state">{move || i18n.lang().pick("近期没有市集", "No markets coming up")}</p> }
            .into_any();
    }
    view! {
        <div class="market-days">
            {days.into_iter().map(|d| view! {
                <section class="market-day" aria-label=d.day.clone()>
                    <h2 class="market-day-title">{d.day.clone()}</h2>
                    <ul class="market-list">
                        {d.occurrences.into_iter().map(occurrence_row).collect_view()}
                    </ul>
                </section>
            }).collect_view()}
        </div>
    }
    .into_any()
}

fn occurrence_row(o: Occurrence) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/markets/{}", o.market_id);
    let distance = o.distance_m.map(|m| if m < 1000 { format!("{m} m") } else { format!("{} km", m / 1000) });
    let cancelled = o.status == OccurrenceStatus::Cancelled;
    let occ = o.clone();
    view! {
        <li class="market-row" class:market-cancelled=cancelled>
            <a href=href>
                <strong>{o.market_name.clone()}</strong>
                <span class="small muted">{format!("{}–{} · {}", o.start_time, o.end_time, o.venue_name)}{distance.map(|d| format!(" · {d}"))}</span>
                <span class="small">{move || stalls_text(&occ, i18n.lang())}</span>
                {(o.status == OccurrenceStatus::Moved).then(|| view! {
                    <span class="badge">{move || i18n.lang().pick("已改期", "Moved")}</span>
                })}
            </a>
        </li>
    }
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
