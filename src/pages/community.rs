//! A community: where it is and what its residents achieved together by reusing.

use crate::api;
use crate::components::header::PageHeader;
use crate::i18n::{tr, use_i18n, Key};
use crate::remote::{load_for_id, show};
use leptos::prelude::*;
use linli_contract::decimal;

#[component]
pub fn CommunityPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = load_for_id(api::community);
    view! {
        <PageHeader title=Key::Community back="/"/>
        <section class="page">
            {show(page, move |p| {
                let c = p.community.clone();
                let impact = p.impact.clone();
                view! {
                    <h2>{move || c.name.get(i18n.lang()).to_string()}</h2>
                    <p class="muted">{move || format!("{} · {}", p.community.city.get(i18n.lang()), p.community.district.get(i18n.lang()))}</p>
                    <dl class="facts impact">
                        <div><dt>{tr(Key::CarbonAvoided)}</dt><dd>{format!("{} kg CO₂e", decimal::format_fixed(impact.kg_co2e, 1))}</dd></div>
                        <div><dt>{tr(Key::CompletedTrades)}</dt><dd>{impact.trades}</dd></div>
                        <div><dt>{tr(Key::GivenAway)}</dt><dd>{impact.given_away}</dd></div>
                        <div><dt>{tr(Key::GreenPoints)}</dt><dd>{impact.points}</dd></div>
                    </dl>
                    <p class="muted small">{tr(Key::ImpactEstimate)}</p>
                    <a class="button" href=format!("/?community_id={}", p.community.id)>
                        {move || format!("{} ({})", i18n.t(Key::SeeListings), p.active_listings)}
                    </a>
                }.into_any()
            })}
        </section>
    }
}
