//! A recycling point: what it takes, when it is open, where it is; the home-pickup request
//! form when it offers pickup; the per-weekday opening-hours form for whoever manages it.

use crate::api;
use crate::components::header::PageHeader;
use crate::i18n::use_i18n;
use crate::pages::recycle::{materials_text, t};
use crate::remote::{boxed, load_for_id, send, show, Pending};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::recycling::{
    weekday_label, DayHours, Material, Pickup, PickupInput, Point, PointInput, TimeWindow, WeekHours,
};
use linli_contract::{ApiError, Field};

/// Unix seconds of a local date (`YYYY-MM-DD`) and time (`HH:MM`) in the browser's zone.
pub fn local_unix(date: &str, time: &str) -> Option<i64> {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&format!("{date}T{time}:00")));
    let ms = d.get_time();
    ms.is_finite().then(|| (ms / 1000.0) as i64)
}

/// "2027-03-01 10:00" in the browser's zone.
pub fn local_text(unix: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix as f64 * 1000.0));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

pub fn window_text(w: &TimeWindow) -> String {
    let end = local_text(w.end);
    format!("{} – {}", local_text(w.start), end.split(' ').nth(1).unwrap_or(&end))
}

/// Tomorrow's date, `YYYY-MM-DD`, as the form's default.
fn tomorrow() -> String {
    let now = js_sys::Date::now() / 1000.0;
    local_text(now as i64 + 24 * 3600).split(' ').next().unwrap_or_default().to_string()
}

#[component]
pub fn RecyclingPointPage() -> impl IntoView {
    let point = load_for_id(api::recycling_point);
    let i18n = use_i18n();
    let title = Signal::derive(move || match point.data.get() {
        Some(Ok(p)) => p.name,
        _ => i18n.lang().pick("回收点", "Recycling point").to_string(),
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
    view! {
        <dl class="facts">
            <div><dt>{t("类型", "Kind")}</dt><dd>{move || p2.kind.label(i18n.lang())}</dd></div>
            <div><dt>{t("营业状态", "Open")}</dt><dd class="open-status">{
                let s = point.status.clone();
                move || s.label(i18n.lang())
            }</dd></div>
            <div><dt>{t("营业时间", "Opening hours")}</dt><dd><code>{
                if point.opening_hours.is_empty() { "—".to_string() } else { point.opening_hours.clone() }
            }</code></dd></div>
            <div><dt>{t("回收材料", "Materials")}</dt><dd>{
                let ms = point.materials.clone();
                move || materials_text(&ms, i18n.lang())
            }</dd></div>
            {offers_pickup.then(|| {
                let ms = point.pickup_materials.clone();
                view! { <div><dt>{t("上门回收", "Home pickup")}</dt><dd>{move || materials_text(&ms, i18n.lang())}</dd></div> }
            })}
            <div><dt>{t("地址", "Address")}</dt><dd>{point.address.clone()}</dd></div>
            {(!point.contact.is_empty()).then(|| view! {
                <div><dt>{t("联系方式", "Contact")}</dt><dd>{point.contact.clone()}</dd></div>
            })}
        </dl>
        {
            let point = point.clone();
            move || {
                let point = point.clone();
                if !offers_pickup {
                    ().into_any()
                } else if session.me().is_none() {
                    view! { <a class="button button-block" href=format!("/login?next=/recycle/points/{}", point.id)>
                        {t("登录后预约上门回收", "Log in to book a home pickup")}
                    </a> }.into_any()
                } else if is_operator() {
                    view! { <a class="list-link" href="/me/pickups">{t("管理上门回收", "Manage pickups")}</a> }.into_any()
                } else {
                    view! { <PickupForm point=point/> }.into_any()
                }
            }
        }
        {point.can_manage.then(|| view! { <HoursForm point=point.clone() on_saved=on_saved/> })}
    }
}

#[component]
fn PickupForm(point: Point) -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(String::new());
    let chosen: RwSignal<Vec<Material>> = RwSignal::new(point.pickup_materials.first().copied().into_iter().collect());
    let weight = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let day = RwSignal::new(tomorrow());
    let from = RwSignal::new("10:00".to_string());
    let to = RwSignal::new("12:00".to_string());
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let done: RwSignal<Option<Pickup>> = RwSignal::new(None);
    let pending = Pending::new();
    let point_id = point.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (start, end) = (local_unix(&day.get(), &from.get()), local_unix(&day.get(), &to.get()));
        let input = PickupInput {
            items: items.get(),
            materials: chosen.get().iter().map(|m| m.key().to_string()).collect(),
            weight_kg: weight.get().trim().parse().unwrap_or(0.0),
            address: address.get(),
            windows: match (start, end) {
                (Some(start), Some(end)) => vec![TimeWindow { start, end }],
                _ => Vec::new(),
            },
            note: String::new(),
        };
        // The contract's own checks first: the error shows at its field, nothing is sent.
        let now = (js_sys::Date::now() / 1000.0) as i64;
        if let Err(fe) = linli_contract::recycling::pickup(&input, now) {
            error.set(Some(ApiError::for_field(fe, i18n.lang())));
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
            error.get().filter(|e| e.field == Some(field)).map(|e| {
                view! {
                    <p class="field-error" role="alert">{e.code.message(i18n.lang())}</p>
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
            <p class="notice" role="status">{t("已提交上门回收预约，等待回收点安排时间。", "Pickup requested; the point will schedule a time.")}</p>
            <a class="list-link" href="/me/pickups">{t("我的上门回收", "My pickups")}</a>
        }>
            <form class="pickup-form" novalidate on:submit=submit>
                <h2 class="section-title">{t("预约上门回收", "Book a home pickup")}</h2>
                <label class="field">
                    <span>{t("物品", "Items")}</span>
                    <input id="pickup-items" type="text" maxlength="200" required
                        placeholder=t("例如：旧冰箱一台", "e.g. one old fridge")
                        prop:value=move || items.get() on:input=move |ev| items.set(event_target_value(&ev))/>
                    {field_error(Field::Items)}
                </label>
                <fieldset class="field">
                    <legend>{t("材料", "Materials")}</legend>
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
                    <span>{t("大约重量（公斤）", "Approximate weight (kg)")}</span>
                    <input id="pickup-weight" type="number" inputmode="decimal" min="0.1" step="0.1" required
                        prop:value=move || weight.get() on:input=move |ev| weight.set(event_target_value(&ev))/>
                    {field_error(Field::WeightKg)}
                </label>
                <label class="field">
                    <span>{t("上门地址（只有你和回收点能看到）", "Address (only you and the point see it)")}</span>
                    <input id="pickup-address" type="text" maxlength="200" required autocomplete="street-address"
                        prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
                    {field_error(Field::Address)}
                </label>
                <fieldset class="field">
                    <legend>{t("希望上门的时间", "Preferred time")}</legend>
                    <label class="inline-field"><span>{t("日期", "Date")}</span>
                        <input id="pickup-date" type="date" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev))/></label>
                    <label class="inline-field"><span>{t("从", "From")}</span>
                        <input id="pickup-from" type="time" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
                    <label class="inline-field"><span>{t("到", "To")}</span>
                        <input id="pickup-to" type="time" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
                    {field_error(Field::Windows)}
                </fieldset>
                {other_error}
                <button type="submit" class="button button-block" disabled=move || pending.get()>{t("提交预约", "Request pickup")}</button>
            </form>
        </Show>
    }
}

/// The organiser's simple per-weekday form; writes OSM `opening_hours`.
#[component]
fn HoursForm(point: Point, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let initial = WeekHours::from_osm(&point.opening_hours).unwrap_or_else(|| WeekHours::every_day("08:00", "18:00"));
    let days: [RwSignal<DayHours>; 7] = std::array::from_fn(|i| RwSignal::new(initial.days[i].clone()));
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let pending = Pending::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let week = WeekHours { days: std::array::from_fn(|i| days[i].get()) };
        let osm = match week.to_osm() {
            Ok(osm) => osm,
            Err(day) => {
                error.set(Some(format!(
                    "{}: {}",
                    weekday_label(day as u8, i18n.lang()),
                    i18n.lang().pick("时间格式不正确", "time is malformed")
                )));
                return;
            }
        };
        let p = point.clone();
        let input = PointInput {
            name: p.name,
            kind: Some(p.kind),
            materials: p.materials.iter().map(|m| m.key().to_string()).collect(),
            pickup_materials: p.pickup_materials.iter().map(|m| m.key().to_string()).collect(),
            opening_hours: osm,
            timezone: Some(p.timezone),
            address: p.address,
            lat: p.lat,
            lng: p.lng,
            contact: p.contact,
        };
        send(pending, boxed(async move { api::update_recycling_point(p.id, &input).await }), move |r| match r {
            Ok(_) => {
                error.set(None);
                saved.set(true);
                on_saved();
            }
            Err(e) => error.set(Some(e.code.message(i18n.lang()))),
        });
    };
    view! {
        <form class="hours-form" on:submit=submit>
            <h2 class="section-title">{t("营业时间", "Opening hours")}</h2>
            {(0..7).map(|i| {
                let d = days[i];
                view! {
                    <fieldset class="day-hours">
                        <legend>{move || weekday_label(i as u8, i18n.lang())}</legend>
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || d.get().open
                                on:change=move |ev| d.update(|x| {
                                    x.open = event_target_checked(&ev);
                                    if x.open && x.from.is_empty() { x.from = "08:00".into(); x.to = "18:00".into(); }
                                })/>
                            <span>{t("营业", "Open")}</span>
                        </label>
                        <label class="inline-field"><span>{t("从", "From")}</span>
                            <input type="time" prop:value=move || d.get().from disabled=move || !d.get().open
                                on:input=move |ev| d.update(|x| x.from = event_target_value(&ev))/></label>
                        <label class="inline-field"><span>{t("到", "To")}</span>
                            <input type="time" prop:value=move || d.get().to disabled=move || !d.get().open
                                on:input=move |ev| d.update(|x| x.to = event_target_value(&ev))/></label>
                    </fieldset>
                }
            }).collect_view()}
            <p class="small muted">{t("结束早于开始表示营业到次日凌晨。", "An end before the start runs past midnight.")}</p>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <Show when=move || saved.get()><p class="notice" role="status">{t("已保存", "Saved")}</p></Show>
            <button type="submit" class="button" disabled=move || pending.get()>{t("保存营业时间", "Save opening hours")}</button>
        </form>
    }
}
