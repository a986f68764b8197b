//! A recycling point: what it takes, when it is open (a weekday a line), where it is, who runs
//! it; the home-pickup request form when it offers pickup, its windows on the point's clock
//! (北京时间 / China time) whatever the browser's zone; the point's form (`point_form.rs`) for
//! whoever manages it, and for moderators the choice of its operator.

use crate::api;
use crate::components::header::PageHeader;
use crate::i18n::use_i18n;
use crate::pages::point_form::PointForm;
use crate::pages::recycling_text::{rt, text, R};
use crate::remote::{boxed, load_for_id, send, show, Pending};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::{Role, UserSummary};
use linli_contract::recycling::{
    timezone_label, weekday_label, LocalWindow, Material, Pickup, PickupInput, Point, WeekHours,
};
use linli_contract::{ApiError, Field, Lang};
use linli_markup::recycling::materials_text;

/// Today's date on the wall clock of a zone `offset_secs` east of UTC, plus `days`.
fn date_in(offset_secs: i64, days: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        ((js_sys::Date::now() / 1000.0) as i64 + offset_secs + days * 24 * 3600) as f64 * 1000.0,
    ));
    format!("{}-{:02}-{:02}", d.get_utc_full_year(), d.get_utc_month() + 1, d.get_utc_date())
}

/// The form's default day: tomorrow on the point's clock. The app carries no zone database;
/// China's clock is UTC+8 all year, other zones start from the browser's own date.
fn tomorrow_at(timezone: &str) -> String {
    if linli_contract::recycling::is_china_time(timezone) {
        date_in(8 * 3600, 1)
    } else {
        date_in(crate::i18n::utc_offset_secs((js_sys::Date::now() / 1000.0) as i64), 1)
    }
}

/// "2027-03-01 10:00–12:00 北京时间".
pub fn local_window_text(w: &LocalWindow, timezone: &str, lang: Lang) -> String {
    format!("{} {}", w.text(), timezone_label(timezone, lang))
}

/// The opening hours in words, a weekday a line, when the weekday form can read them.
fn hours_lines(osm: &str, lang: Lang) -> Vec<String> {
    let Some(week) = WeekHours::from_osm(osm) else { return Vec::new() };
    week.days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let day = weekday_label(i as u8, lang);
            if d.open {
                format!("{day} {}–{}", d.from, d.to)
            } else {
                format!("{day} {}", text(R::Closed, lang))
            }
        })
        .collect()
}

#[component]
pub fn RecyclingPointPage() -> impl IntoView {
    let point = load_for_id(api::recycling_point);
    let i18n = use_i18n();
    let title = Signal::derive(move || match point.data.get() {
        Some(Ok(p)) => p.name,
        _ => text(R::RecyclingPoint, i18n.lang()).to_string(),
    });
    view! {
        <PageHeader title_text=title back="/recycle"/>
        <section class="page">
            {show(point, move |p| view! { <PointDetail point=p on_saved=move || point.reload()/> }.into_any())}
        </section>
    }
}

#[component]
fn PointDetail(point: Point, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let p = point.clone();
    let offers_pickup = !point.pickup_materials.is_empty();
    let is_operator = move || session.me().is_some_and(|me| Some(me.id) == p.operator_id);
    let p2 = point.clone();
    let point_id = point.id;
    view! {
        <dl class="facts">
            <div><dt>{rt(R::Kind)}</dt><dd>{move || p2.kind.label(i18n.lang())}</dd></div>
            <div><dt>{rt(R::OpenState)}</dt><dd class="open-status">{
                let s = point.status.clone();
                move || s.label(i18n.lang())
            }</dd></div>
            <div><dt>{rt(R::OpeningHours)}</dt><dd class="opening-hours">
                <ul class="point-list hours-lines">{
                    let osm = point.opening_hours.clone();
                    move || hours_lines(&osm, i18n.lang()).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()
                }</ul>
                // As written, only when the weekday lines cannot say it.
                {WeekHours::from_osm(&point.opening_hours).is_none().then(|| view! {
                    <code>{if point.opening_hours.is_empty() { "—".to_string() } else { point.opening_hours.clone() }}</code>
                })}
                <span class="small muted">" "{
                    let tz = point.timezone.clone();
                    move || timezone_label(&tz, i18n.lang())
                }</span>
            </dd></div>
            <div><dt>{rt(R::Operator)}</dt><dd class="point-operator">{
                match point.operator_name.clone() {
                    Some(n) => n.into_any(),
                    None => view! { <span class="muted">{rt(R::NoOperator)}</span> }.into_any(),
                }
            }</dd></div>
            <div><dt>{rt(R::Materials)}</dt><dd>{
                let ms = point.materials.clone();
                move || materials_text(&ms, i18n.lang())
            }</dd></div>
            {offers_pickup.then(|| {
                let ms = point.pickup_materials.clone();
                view! { <div><dt>{rt(R::HomePickupTitle)}</dt><dd>{move || materials_text(&ms, i18n.lang())}</dd></div> }
            })}
            <div><dt>{rt(R::Address)}</dt><dd>{point.address.clone()}</dd></div>
            {(!point.contact.is_empty()).then(|| view! {
                <div><dt>{rt(R::Contact)}</dt><dd>{point.contact.clone()}</dd></div>
            })}
        </dl>
        {
            let point = point.clone();
            move || {
                let point = point.clone();
                // Nothing until the session is known: a signed-in resident is never offered to log in.
                if !offers_pickup || !session.known() {
                    ().into_any()
                } else if session.me().is_none() {
                    view! { <a class="button button-block" href=format!("/login?next=/recycle/points/{}", point.id)>
                        {rt(R::LogInToBook)}
                    </a> }.into_any()
                } else if is_operator() {
                    view! { <a class="list-link" href="/me/pickups">{rt(R::ManagePickups)}</a> }.into_any()
                } else {
                    view! { <PickupForm point=point/> }.into_any()
                }
            }
        }
        {move || session.has_role(Role::Moderator).then(|| view! { <AssignOperatorForm point_id=point_id on_saved=on_saved/> })}
        // The form's draft belongs to the signed-in account: it waits until the session knows
        // who that is (the point can arrive first).
        {move || (point.can_manage && session.known()).then(|| view! {
            <details class="point-edit">
                <summary class="button button-secondary">{rt(R::EditPoint)}</summary>
                <PointForm point=Some(point.clone()) on_saved=move |_| on_saved()/>
            </details>
        })}
    }
}

#[component]
fn PickupForm(point: Point) -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(String::new());
    let chosen: RwSignal<Vec<Material>> = RwSignal::new(point.pickup_materials.first().copied().into_iter().collect());
    let weight = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let timezone = point.timezone.clone();
    let day = RwSignal::new(tomorrow_at(&timezone));
    let from = RwSignal::new("10:00".to_string());
    let to = RwSignal::new("12:00".to_string());
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    // The form's own checks: every field's error at once.
    let checked: RwSignal<Vec<linli_contract::FieldError>> = RwSignal::new(Vec::new());
    let done: RwSignal<Option<Pickup>> = RwSignal::new(None);
    let pending = Pending::new();
    let point_id = point.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = PickupInput {
            items: items.get(),
            materials: chosen.get().iter().map(|m| m.key().to_string()).collect(),
            weight_kg: weight.get().trim().parse().unwrap_or(0.0),
            address: address.get(),
            // On the point's clock, whatever the browser's zone: the server converts.
            windows: Vec::new(),
            local_windows: vec![LocalWindow { date: day.get(), from: from.get(), to: to.get() }],
            note: String::new(),
        };
        // The contract's own checks first: the error shows at its field, nothing is sent.
        let now = (js_sys::Date::now() / 1000.0) as i64;
        error.set(None);
        checked.set(linli_contract::recycling::pickup_errors(&input, now));
        if !checked.with_untracked(Vec::is_empty) {
            return;
        }
        send(pending, boxed(async move { api::request_pickup(point_id, &input).await }), move |r| match r {
            Ok(p) => {
                error.set(None);
                done.set(Some(p));
            }
            Err(e) => error.set(Some(e)),
        });
    };
    let field_error = move |field: Field| {
        move || {
            let own = checked.with(|c| c.iter().find(|e| e.field == field).map(|e| e.code));
            own.or_else(|| error.get().filter(|e| e.field == Some(field)).map(|e| e.code)).map(|code| {
                view! {
                    <p class="field-error" role="alert">{code.message(i18n.lang())}</p>
                }
            })
        }
    };
    let other_error = move || {
        error
            .get()
            .filter(|e| e.field.is_none())
            .map(|e| view! { <p class="field-error" role="alert">{e.code.message(i18n.lang())}</p> })
    };
    let materials = point.pickup_materials.clone();
    view! {
        <Show when=move || done.get().is_none() fallback=move || view! {
            <p class="notice" role="status">{rt(R::PickupRequested)}</p>
            <a class="list-link" href="/me/pickups">{rt(R::MyPickups)}</a>
        }>
            <form class="pickup-form" novalidate on:submit=submit>
                <h2 class="section-title">{rt(R::BookAHomePickup)}</h2>
                <label class="field">
                    <span>{rt(R::Items)}</span>
                    <input id="pickup-items" type="text" maxlength="200" required
                        placeholder=rt(R::ItemsPlaceholder)
                        prop:value=move || items.get() on:input=move |ev| items.set(event_target_value(&ev))/>
                    {field_error(Field::Items)}
                </label>
                <fieldset class="field">
                    <legend>{rt(R::MaterialsField)}</legend>
                    {materials.clone().into_iter().map(|m| view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || chosen.get().contains(&m)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| *x != m); if on { c.push(m); } });
                                }/>
                            <span>{move || m.label(i18n.lang())}</span>
                        </label>
                    }).collect_view()}
                    {field_error(Field::Materials)}
                </fieldset>
                <label class="field">
                    <span>{rt(R::ApproximateWeightKg)}</span>
                    <input id="pickup-weight" type="number" inputmode="decimal" min="0.1" step="0.1" required
                        prop:value=move || weight.get() on:input=move |ev| weight.set(event_target_value(&ev))/>
                    {field_error(Field::WeightKg)}
                </label>
                <label class="field">
                    <span>{rt(R::PickupAddress)}</span>
                    <input id="pickup-address" type="text" maxlength="200" required autocomplete="street-address"
                        prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
                    {field_error(Field::Address)}
                </label>
                <fieldset class="field">
                    <legend>{rt(R::PreferredTime)}" ("{
                        let tz = timezone.clone();
                        move || timezone_label(&tz, i18n.lang())
                    }")"</legend>
                    <label class="inline-field"><span>{rt(R::Date)}</span>
                        <input id="pickup-date" type="date" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev))/></label>
                    <label class="inline-field"><span>{rt(R::From)}</span>
                        <input id="pickup-from" type="time" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
                    <label class="inline-field"><span>{rt(R::To)}</span>
                        <input id="pickup-to" type="time" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
                    {field_error(Field::Windows)}
                </fieldset>
                {other_error}
                <button type="submit" class="button button-block" disabled=move || pending.get()>{rt(R::RequestPickup)}</button>
            </form>
        </Show>
    }
}

/// Moderators: hand the point (an imported one too) to an organiser, found by name.
#[component]
fn AssignOperatorForm(point_id: i64, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let found: RwSignal<Option<Vec<UserSummary>>> = RwSignal::new(None);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let pending = Pending::new();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get();
        let call = boxed(async move { api::admin_users(&q).await });
        send(pending, call, move |r| match r {
            Ok(list) => {
                error.set(None);
                found.set(Some(list));
            }
            Err(e) => error.set(Some(e)),
        });
    };
    let assign = move |user_id: i64| {
        let call = boxed(async move { api::assign_point_operator(point_id, user_id).await });
        send(pending, call, move |r| match r {
            Ok(_) => {
                error.set(None);
                on_saved();
            }
            Err(e) => error.set(Some(e)),
        });
    };
    view! {
        <form class="assign-operator" on:submit=search>
            <h2 class="section-title">{rt(R::AssignOperator)}</h2>
            <label class="field">
                <span>{rt(R::FindOrganiser)}</span>
                <input id="operator-query" type="search" maxlength="50" autocomplete="off"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="button button-secondary" disabled=move || pending.get()>{rt(R::Search)}</button>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.code.message(i18n.lang())}</p> })}
            {move || found.get().map(|list| if list.is_empty() {
                view! { <p class="muted" role="status">{rt(R::NoUsersFound)}</p> }.into_any()
            } else {
                view! {
                    <ul class="point-list user-choices">
                        {list.into_iter().map(|u| {
                            let id = u.id;
                            let organiser = u.roles.contains(&Role::Organiser);
                            let name = u.display_name.clone();
                            view! {
                                <li class="user-choice">
                                    <span>{u.display_name.clone()}" "
                                        {move || organiser.then(|| Role::Organiser.label(i18n.lang()))}</span>
                                    <button type="button" class="button" aria-label=move || format!("{} {}", rt(R::AssignThis)(), name)
                                        disabled=move || pending.get() on:click=move |_| assign(id)>{rt(R::AssignThis)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </form>
    }
}
