//! Me → my pickups: the home pickups I asked for, and those of the points I operate, with the
//! steps the server says I may take now (schedule a window, mark collected with the weight,
//! cancel with a reason). Opening the page marks every change seen (the Me tab's badge).

use crate::api;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::use_i18n;
use crate::pages::recycling_point::local_window_text;
use crate::pages::recycling_text::{rt, text, R};
use crate::remote::{boxed, send, show, Pending, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::recycling::{timezone_label, LocalWindow, Pickup, PickupAction, PickupRole};
use linli_contract::Field;
use linli_markup::recycling::materials_text;
use serde_json::json;

#[component]
pub fn MyPickups() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let title = Signal::derive(move || text(R::MyPickups, i18n.lang()).to_string());
    view! {
        <PageHeader title_text=title back="/me"/>
        <section class="page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/me/pickups"/> }>
                {
                    let list = Reloadable::new(|| boxed(api::my_pickups()));
                    show(list, move |pickups| {
                        if pickups.is_empty() {
                            view! {
                                <div class="empty-state">
                                    <p>{rt(R::NoPickupsYet)}</p>
                                    <a class="button" href="/recycle">{rt(R::FindARecyclingPoint)}</a>
                                </div>
                            }.into_any()
                        } else {
                            view! {
                                <ul class="pickup-list">
                                    {pickups.into_iter().map(|p| view! { <PickupItem pickup=p on_change=move || list.reload()/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    })
                }
            </Show>
        </section>
    }
}

#[component]
fn PickupItem(pickup: Pickup, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let p = pickup.clone();
    let id = pickup.id;
    let pending = Pending::new();
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let act = move |step: &'static str, body: serde_json::Value| {
        send(pending, boxed(async move { api::pickup_step(id, step, &body).await }), move |r| match r {
            Ok(_) => {
                error.set(None);
                on_change();
            }
            Err(e) => error.set(Some(e.code.message(i18n.lang()))),
        });
    };
    // The schedule form starts at the resident's first preferred window, on the point's clock.
    let first = pickup.windows_local.first().cloned().unwrap_or_default();
    let day = RwSignal::new(first.date);
    let from = RwSignal::new(if first.from.is_empty() { "10:00".to_string() } else { first.from });
    let to = RwSignal::new(if first.to.is_empty() { "12:00".to_string() } else { first.to });
    let tz = pickup.timezone.clone();
    let weight = RwSignal::new(format!("{}", pickup.weight_kg));
    let reason = RwSignal::new(String::new());
    let can = |a: PickupAction| pickup.actions.contains(&a);
    let (can_schedule, can_collect, can_cancel) =
        (can(PickupAction::Schedule), can(PickupAction::Collect), can(PickupAction::Cancel));
    let operator = pickup.my_role == PickupRole::Operator;
    view! {
        <li class="pickup-item" class:is-changed=pickup.changed data-state=pickup.state.key()>
            <h3>
                {pickup.point_name.clone()}
                {pickup.changed.then(|| view! { <span class="badge badge-action">{rt(R::Updated)}</span> })}
            </h3>
            <p class="pickup-state"><strong>{move || p.state.label(i18n.lang())}</strong></p>
            <p class="small">{format!("{} · {} kg", pickup.items, pickup.weight_kg)} " · " {
                let ms = pickup.materials.clone();
                move || materials_text(&ms, i18n.lang())
            }</p>
            <p class="small muted">{
                let who = pickup.resident_name.clone();
                move || if operator { format!("{}{}", text(R::Resident, i18n.lang()), who) } else { String::new() }
            }</p>
            <p class="small">{rt(R::AddressPrefix)}{pickup.address.clone()}</p>
            {pickup.scheduled_local.clone().map(|w| {
                let tz = tz.clone();
                view! { <p class="small pickup-scheduled">{rt(R::Scheduled)}{move || local_window_text(&w, &tz, i18n.lang())}</p> }
            })}
            {(pickup.scheduled.is_none()).then(|| {
                let ws = pickup.windows_local.clone();
                let tz = tz.clone();
                view! { <p class="small muted pickup-preferred">{rt(R::Preferred)}{move || {
                    ws.iter().map(|w| local_window_text(w, &tz, i18n.lang())).collect::<Vec<_>>().join("; ")
                }}</p> }
            })}
            {pickup.kg_co2e.map(|kg| view! {
                <p class="small">{rt(R::CollectedAvoidedAbout)}{format!("{kg:.1} kg CO₂e")}</p>
            })}
            {pickup.cancel_reason.clone().map(|r| view! { <p class="small">{rt(R::CancelReason)}{r}</p> })}
            {can_schedule.then(|| view! {
                <form class="pickup-step" on:submit=move |ev| {
                    ev.prevent_default();
                    let w = LocalWindow { date: day.get(), from: from.get(), to: to.get() };
                    // The shape here, the zone, the hours and the past on the server.
                    match w.check(Field::Window) {
                        Ok(()) => act("schedule", json!({ "local": w })),
                        Err(fe) => error.set(Some(fe.code.message(i18n.lang()))),
                    }
                }>
                    <p class="small">{rt(R::TimesAreIn)}{
                        let tz = pickup.timezone.clone();
                        move || timezone_label(&tz, i18n.lang())
                    }</p>
                    <label class="inline-field"><span>{rt(R::Date)}</span>
                        <input type="date" name="date" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev))/></label>
                    <label class="inline-field"><span>{rt(R::From)}</span>
                        <input type="time" name="from" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
                    <label class="inline-field"><span>{rt(R::To)}</span>
                        <input type="time" name="to" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
                    <button type="submit" class="button" disabled=move || pending.get()>{rt(R::Schedule)}</button>
                </form>
            })}
            {can_collect.then(|| view! {
                <form class="pickup-step" on:submit=move |ev| {
                    ev.prevent_default();
                    act("collect", json!({"weight_kg": weight.get().trim().parse::<f64>().unwrap_or(0.0)}));
                }>
                    <label class="inline-field"><span>{rt(R::WeightCollectedKg)}</span>
                        <input type="number" name="weight" inputmode="decimal" min="0.1" step="0.1"
                            prop:value=move || weight.get() on:input=move |ev| weight.set(event_target_value(&ev))/></label>
                    <button type="submit" class="button" disabled=move || pending.get()>{rt(R::MarkCollected)}</button>
                </form>
            })}
            {can_cancel.then(|| view! {
                <form class="pickup-step" on:submit=move |ev| {
                    ev.prevent_default();
                    act("cancel", json!({"reason": reason.get()}));
                }>
                    <label class="inline-field"><span>{rt(R::ReasonToCancel)}</span>
                        <input type="text" name="reason" maxlength="200"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/></label>
                    <button type="submit" class="button button-secondary" disabled=move || pending.get()>{rt(R::CancelPickup)}</button>
                </form>
            })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </li>
    }
}

/// The Me tab's link to the pickups, with the number changed by the other side since last seen.
#[component]
pub fn PickupsLink() -> impl IntoView {
    let badge = Reloadable::new(|| boxed(api::pickup_badge()));
    let changed = move || badge.data.get().and_then(Result::ok).map(|b| b.changed).unwrap_or(0);
    view! {
        <a class="list-link" href="/me/pickups">
            {rt(R::MyPickups)}
            <Show when=move || { changed() > 0 }>
                <span class="count-badge" aria-label=rt(R::Updates)>{changed}</span>
            </Show>
        </a>
    }
}
