//! A trader's public profile: credit level and score, why, visible ratings, green impact.

use crate::api;
use crate::components::header::PageHeader;
use crate::components::level::LevelBadge;
use crate::components::trust_seed::TrustSeedControl;
use crate::i18n::{date, tr, use_i18n, Key};
use crate::pages::trade::RatingCard;
use crate::remote::{load_for_id, show};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::Role;
use linli_contract::decimal;
use linli_contract::trade::Profile;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = load_for_id(api::profile);
    view! {
        <PageHeader title=Key::Profile back="/"/>
        <section class="page">
            {show(profile, |p| view! { <ProfileView profile=p/> }.into_any())}
        </section>
    }
}

#[component]
fn ProfileView(profile: Profile) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let p = StoredValue::new(profile);
    let get = move || p.get_value();
    let credit = get().credit;
    let initial: String = get().display_name.chars().take(1).collect();
    view! {
        <div class="profile-card">
            <div class="avatar" aria-hidden="true">{initial}</div>
            <div>
                <h2 class="profile-name">{get().display_name}</h2>
                <p><LevelBadge level=credit.level/> " "
                    <span class="score">{move || format!("{} {}", i18n.t(Key::CreditScore), decimal::format_fixed(get().credit.score, 1))}</span>
                </p>
            </div>
        </div>
        <dl class="facts">
            <div><dt>{tr(Key::CompletedTrades)}</dt><dd>{credit.completed_trades}</dd></div>
            <div><dt>{tr(Key::DistinctCounterparties)}</dt><dd>{credit.distinct_counterparties}</dd></div>
            <div><dt>{tr(Key::MemberSince)}</dt><dd>{move || date(get().member_since, i18n.lang())}</dd></div>
            <div><dt>{tr(Key::CarbonAvoided)}</dt><dd>{move || format!("{} kg CO₂e", decimal::format_fixed(get().impact.kg_co2e, 1))}</dd></div>
            <div><dt>{tr(Key::GreenPoints)}</dt><dd>{get().impact.points}</dd></div>
        </dl>
        <section class="why" aria-labelledby="why-heading">
            <h2 id="why-heading">{tr(Key::WhyThisScore)}</h2>
            <ul>
                {move || get().credit.factors.iter().map(|f| view! { <li>{f.text(i18n.lang())}</li> }).collect_view()}
            </ul>
            <p class="muted small">{tr(Key::ScoreExplained)}</p>
        </section>
        {move || session.me().filter(|me| me.has_role(Role::Moderator)).map(|_| view! { <TrustSeedControl user_id=get().id/> })}
        <section aria-labelledby="received-heading">
            <h2 id="received-heading">{tr(Key::RatingsReceived)}</h2>
            {if get().ratings.is_empty() {
                view! { <p class="muted">{tr(Key::NoRatingsYet)}</p> }.into_any()
            } else {
                get().ratings.into_iter().map(|r| view! { <RatingCard rating=r heading=Key::RatingFrom/> }).collect_view().into_any()
            }}
        </section>
    }
}
