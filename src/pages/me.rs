//! Me: who I am, my roles, and (later) my listings, trades, bookings and impact.

use crate::api;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{date, use_i18n, Key};
use crate::remote::{boxed, send, Pending};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::Role;
use linli_contract::decimal;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let pending = Pending::new();
    let logout = move || {
        send(pending, boxed(api::logout()), move |r| {
            if r.is_ok() {
                session.signed_out();
            }
        })
    };

    let profile = move || {
        session.me().map(|me| {
            let lang = i18n.lang();
            let initial: String = me.display_name.chars().take(1).collect();
            let is_moderator = me.has_role(Role::Moderator);
            view! {
                <div class="profile-card">
                    <div class="avatar" aria-hidden="true">{initial}</div>
                    <div>
                        <h2 class="profile-name">{me.display_name.clone()}</h2>
                        <p class="muted">{me.contact_masked.clone()}</p>
                    </div>
                </div>
                <dl class="facts">
                    <div>
                        <dt>{i18n.t(Key::MyRoles)}</dt>
                        <dd class="roles">
                            {me.roles.iter().map(|r| view! { <span class=format!("badge badge-{}", r.as_str())>{r.label(lang)}</span> }).collect_view()}
                        </dd>
                    </div>
                    <div>
                        <dt>{i18n.t(Key::MemberSince)}</dt>
                        <dd>{date(me.member_since, lang)}</dd>
                    </div>
                </dl>
                <MyStanding/>
                <MyImpact/>
                <nav class="link-list" aria-label=i18n.t(Key::TabMe)>
                    <a class="list-link" href="/me/trades">
                        {i18n.t(Key::MyTrades)}
                        <Show when=move || { let u = session.unread(); u.messages + u.actions > 0 }>
                            <span class="count-badge">{move || { let u = session.unread(); u.messages + u.actions }}</span>
                        </Show>
                    </a>
                    <a class="list-link" href="/me/listings">{i18n.t(Key::MyListings)}</a>
                    <BookingsLink/>
                    <crate::pages::my_pickups::PickupsLink/>
                    <a class="list-link" href="/me/favourites">{i18n.t(Key::MyFavourites)}</a>
                    <a class="list-link" href=format!("/users/{}", me.id)>{i18n.t(Key::MyCreditPage)}</a>
                </nav>
                {is_moderator.then(|| view! {
                    <a class="list-link" href="/moderation">{i18n.t(Key::Moderation)}</a>
                })}
                <button type="button" class="button button-secondary button-block" on:click=move |_| logout()
                    disabled=move || pending.get()>
                    {i18n.t(Key::Logout)}
                </button>
            }
        })
    };

    view! {
        <PageHeader title=Key::TabMe/>
        <section class="page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/me"/> }>
                {profile}
            </Show>
        </section>
    }
}

/// The resident's own green impact (碳减排, 绿色积分). The list is there from the start, with
/// dashes until the figures come, so the links below it do not move under a finger.
#[component]
fn MyImpact() -> impl IntoView {
    let i18n = use_i18n();
    let impact = crate::remote::load(|| crate::remote::boxed(api::my_impact()));
    let figures = move || impact.get().and_then(Result::ok);
    let value = move |f: fn(&linli_contract::impact::Impact) -> String| {
        move || figures().map(|m| f(&m)).unwrap_or_else(|| "—".to_string())
    };
    view! {
        <dl class="facts impact" aria-busy=move || if figures().is_none() { "true" } else { "false" }>
            <div><dt>{i18n.t(Key::CarbonAvoided)}</dt><dd>{value(|m| format!("{} kg CO₂e", decimal::format_fixed(m.kg_co2e, 1)))}</dd></div>
            <div><dt>{i18n.t(Key::GreenPoints)}</dt><dd>{value(|m| m.points.to_string())}</dd></div>
            <div><dt>{i18n.t(Key::CompletedTrades)}</dt><dd>{value(|m| m.trades.to_string())}</dd></div>
        </dl>
    }
}

/// Me → my market bookings, with a badge for bookings changed since last seen (promoted from
/// the waitlist, moved, cancelled by the organiser).
#[component]
fn BookingsLink() -> impl IntoView {
    let i18n = use_i18n();
    let bookings = crate::remote::load(|| crate::remote::boxed(api::markets::my_bookings()));
    let unseen = move || bookings.get().and_then(Result::ok).map_or(0, |b| b.unseen);
    view! {
        <a class="list-link" href="/me/bookings">
            {move || i18n.lang().pick("我的摊位预订", "My market bookings")}
            <Show when=move || { unseen() > 0 }>
                <span class="count-badge" aria-label=move || format!("{} {}", unseen(), i18n.lang().pick("条更新", "updates"))>{unseen}</span>
            </Show>
        </a>
    }
}

/// The resident's own standing: a suspension in force (until when, why) and the warnings
/// received (why, when). Only the viewer's own: the API has no id to ask for another's.
#[component]
fn MyStanding() -> impl IntoView {
    let i18n = use_i18n();
    let standing = crate::remote::load(|| crate::remote::boxed(api::my_standing()));
    // The section and its heading are there from the start (a line held while loading), so
    // the links below do not move under a finger when the answer comes.
    view! {
        <section class="standing" aria-labelledby="standing-heading">
        <h2 id="standing-heading">{i18n.t(Key::MyStanding)}</h2>
        {move || match standing.get().and_then(Result::ok) {
            None => view! { <p class="small muted" aria-busy="true">"…"</p> }.into_any(),
            Some(s) => view! {
                {s.suspension.clone().map(|sus| view! {
                    <p class="notice notice-error" role="status">
                        <strong>{i18n.t(Key::SuspendedNotice)}</strong>
                        " · " {i18n.t(Key::SuspendedUntil)} " "
                        {sus.ends_at.map(|e| date(e, i18n.lang())).unwrap_or_else(|| i18n.t(Key::SuspendedUntilLifted).to_string())}
                        " · " {i18n.t(Key::ModReason)} ": " {sus.reason.clone()}
                    </p>
                })}
                {if s.warnings.is_empty() {
                    view! { <p class="small muted">{i18n.t(Key::NoWarnings)}</p> }.into_any()
                } else {
                    view! {
                        <h3>{i18n.t(Key::WarningsReceived)}</h3>
                        <ul class="warnings">
                            {s.warnings.iter().map(|w| view! {
                                <li class="warning">
                                    <p>{w.detail.clone()}</p>
                                    <p class="small muted">{date(w.at, i18n.lang())}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }.into_any(),
        }}
        </section>
    }
}
