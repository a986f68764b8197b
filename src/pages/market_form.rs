//! The organiser's market form, for a new market and for editing a series from a date on:
//! name, description, venue (name, address, map position typed or from "use my location"),
//! time window, recurrence as plain choices (once; weekly on chosen weekdays every n weeks;
//! monthly on the n-th weekday), first and last date, stalls per date, categories welcome,
//! rules, contact and time zone. A preview of the next dates comes from the server.
//!
//! Every bad field shows its message at the field, in the reader's language: the contract's
//! `Validate::errors()` first (the checks the server runs), then the server's answer
//! (`ApiError.field`); focus moves to the first bad field. What was typed stays in the form and
//! in a draft on the device (cleared at log-out, and once published).

use crate::api::markets as api;
use crate::components::field::{focus, FieldErrors};
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::draft;
use crate::i18n::{error_text, use_i18n};
use crate::remote::{boxed, send, show, Pending, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_contract::auth::Role;
use linli_contract::listing::Category;
use linli_contract::market::{limits, Market, MarketInput, Preview, Recurrence, Schedule, Weekday};
use linli_contract::{ErrorCode, Field, FieldError, Lang, Validate};
use serde::{Deserialize, Serialize};

/// The form's fields in the order they show: errors are listed, and focus goes, in this order.
const FIELD_ORDER: &[Field] = &[
    Field::Name,
    Field::Description,
    Field::VenueName,
    Field::VenueAddress,
    Field::Lat,
    Field::Lng,
    Field::Recurrence,
    Field::Weekdays,
    Field::EveryWeeks,
    Field::Nth,
    Field::FirstDate,
    Field::LastDate,
    Field::StartTime,
    Field::EndTime,
    Field::TimeZone,
    Field::FromDate,
    Field::Stalls,
    Field::Rules,
    Field::Contact,
];

/// A short list of common zones (the server knows every IANA name).
const ZONES: &[(&str, &str, &str)] = &[
    ("Asia/Shanghai", "北京时间（上海）", "China (Shanghai)"),
    ("Asia/Hong_Kong", "香港", "Hong Kong"),
    ("Asia/Taipei", "台北", "Taipei"),
    ("Asia/Urumqi", "乌鲁木齐", "Urumqi"),
    ("Asia/Tokyo", "东京", "Tokyo"),
    ("Asia/Singapore", "新加坡", "Singapore"),
    ("Europe/London", "伦敦", "London"),
    ("Europe/Berlin", "柏林", "Berlin"),
    ("America/New_York", "纽约", "New York"),
    ("America/Los_Angeles", "洛杉矶", "Los Angeles"),
    ("Australia/Sydney", "悉尼", "Sydney"),
];

/// Everything typed, as kept on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Draft {
    name: String,
    description: String,
    venue_name: String,
    venue_address: String,
    lat: String,
    lng: String,
    /// `once`, `weekly` or `monthly`.
    repeat: String,
    weekdays: Vec<Weekday>,
    every_weeks: String,
    /// `1`–`4`, or `-1` for the last.
    nth: String,
    monthly_weekday: Weekday,
    first_date: String,
    last_date: String,
    start_time: String,
    end_time: String,
    time_zone: String,
    stalls: String,
    categories: Vec<Category>,
    rules: String,
    contact: String,
    from_date: String,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            name: String::new(),
            description: String::new(),
            venue_name: String::new(),
            venue_address: String::new(),
            lat: String::new(),
            lng: String::new(),
            repeat: "weekly".into(),
            weekdays: vec![Weekday::Sat],
            every_weeks: "1".into(),
            nth: "1".into(),
            monthly_weekday: Weekday::Sat,
            first_date: String::new(),
            last_date: String::new(),
            start_time: "09:00".into(),
            end_time: "12:00".into(),
            time_zone: limits::DEFAULT_TIME_ZONE.into(),
            stalls: "20".into(),
            categories: Vec::new(),
            rules: String::new(),
            contact: String::new(),
            from_date: String::new(),
        }
    }
}

/// Six decimals (about 10 cm) without the long tails of float formatting.
fn coord_text(v: f64) -> String {
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Draft {
    fn from_market(m: &Market, from_date: String) -> Draft {
        let s = &m.schedule;
        let mut d = Draft {
            name: m.name.clone(),
            description: m.description.clone(),
            venue_name: m.venue_name.clone(),
            venue_address: m.venue_address.clone(),
            lat: coord_text(m.lat),
            lng: coord_text(m.lng),
            first_date: s.first_date.clone(),
            last_date: s.last_date.clone(),
            start_time: s.start_time.clone(),
            end_time: s.end_time.clone(),
            time_zone: s.time_zone().to_string(),
            stalls: m.stalls.to_string(),
            categories: m.categories.clone(),
            rules: m.rules.clone(),
            contact: m.contact.clone(),
            from_date,
            ..Draft::default()
        };
        match &s.recurrence {
            Recurrence::Once => d.repeat = "once".into(),
            Recurrence::Weekly { weekdays, every_weeks } => {
                d.repeat = "weekly".into();
                d.weekdays = weekdays.clone();
                d.every_weeks = every_weeks.to_string();
            }
            Recurrence::MonthlyNth { nth, weekday } => {
                d.repeat = "monthly".into();
                d.nth = nth.to_string();
                d.monthly_weekday = *weekday;
            }
        }
        d
    }

    /// The schedule, with the errors of the choices that did not parse.
    fn schedule(&self, errors: &mut Vec<FieldError>) -> Schedule {
        let recurrence = match self.repeat.as_str() {
            "once" => Recurrence::Once,
            "monthly" => Recurrence::MonthlyNth { nth: self.nth.parse().unwrap_or(0), weekday: self.monthly_weekday },
            _ => {
                let every_weeks = self.every_weeks.trim().parse().unwrap_or_else(|_| {
                    errors.push(FieldError::new(Field::EveryWeeks, ErrorCode::RecurrenceInvalid));
                    1
                });
                let mut weekdays = self.weekdays.clone();
                weekdays.sort();
                Recurrence::Weekly { weekdays, every_weeks }
            }
        };
        Schedule {
            recurrence,
            first_date: self.first_date.clone(),
            last_date: if self.repeat == "once" { String::new() } else { self.last_date.clone() },
            start_time: self.start_time.clone(),
            end_time: self.end_time.clone(),
            time_zone: self.time_zone.clone(),
        }
    }

    /// The request, or every field error in form order.
    fn input(&self, editing: bool) -> Result<MarketInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let coord = |s: &str| s.trim().parse::<f64>().ok();
        let (lat, lng) = (coord(&self.lat), coord(&self.lng));
        if lat.is_none() {
            errors.push(FieldError::new(Field::Lat, ErrorCode::LocationInvalid));
        }
        if lng.is_none() {
            errors.push(FieldError::new(Field::Lng, ErrorCode::LocationInvalid));
        }
        let stalls = self.stalls.trim().parse().unwrap_or_else(|_| {
            errors.push(FieldError::new(Field::Stalls, ErrorCode::StallsInvalid));
            1
        });
        let schedule = self.schedule(&mut errors);
        let input = MarketInput {
            name: self.name.clone(),
            description: self.description.clone(),
            venue_name: self.venue_name.clone(),
            venue_address: self.venue_address.clone(),
            lat: lat.unwrap_or(31.2),
            lng: lng.unwrap_or(121.4),
            schedule,
            stalls,
            categories: Category::ALL.iter().copied().filter(|c| self.categories.contains(c)).collect(),
            rules: self.rules.clone(),
            contact: self.contact.clone(),
            from_date: if editing { self.from_date.clone() } else { String::new() },
        };
        errors.extend(input.errors());
        if editing && input.from_date.trim().is_empty() {
            errors.push(FieldError::new(Field::FromDate, ErrorCode::Required));
        }
        if errors.is_empty() {
            return Ok(input);
        }
        errors.sort_by_key(|e| FIELD_ORDER.iter().position(|o| *o == e.field));
        errors.dedup_by_key(|e| e.field);
        Err(errors)
    }
}

/// `/markets/new`: organisers (and moderators) schedule a market.
#[component]
pub fn NewMarket() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let title = Signal::derive(move || i18n.lang().pick("发起市集", "Organise a market").to_string());
    let may = move || session.has_role(Role::Organiser) || session.has_role(Role::Moderator);
    view! {
        <PageHeader title_text=title back="/markets"/>
        <section class="page narrow">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/markets/new"/> }>
                <Show when=may fallback=move || view! {
                    <p class="form-error" role="alert">{move || i18n.lang().pick("只有组织者可以发起市集", "Only organisers can schedule markets.")}</p>
                }>
                    <MarketForm editing=None/>
                </Show>
            </Show>
        </section>
    }
}

/// `/markets/:id/edit`: the same form, prefilled; the changes apply from a chosen date on.
#[component]
pub fn EditMarket() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let page = Reloadable::new(move || boxed(api::market(id.get())));
    let title = Signal::derive(move || i18n.lang().pick("修改市集", "Edit the market").to_string());
    view! {
        <PageHeader title_text=title back=format!("/markets/{}", id.get_untracked())/>
        <section class="page narrow">
            {show(page, move |p| {
                if !p.market.can_edit {
                    return view! {
                        <p class="form-error" role="alert">{i18n.lang().pick("只有市集的组织者或管理员可以修改", "Only the market's organiser or a moderator can edit it.")}</p>
                    }.into_any();
                }
                // By default the changes apply from the next date that has not started.
                let now = (js_sys::Date::now() / 1000.0) as i64;
                let from = p.occurrences.iter().find(|o| o.starts_at > now).map(|o| o.date.clone()).unwrap_or_default();
                view! { <MarketForm editing=Some((p.market, from))/> }.into_any()
            })}
        </section>
    }
}

/// A label, the control and its error (`id` is the field's name, so focus can find it).
fn field_row(
    field: Field,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    errors: FieldErrors,
    control: AnyView,
) -> impl IntoView {
    let error = errors.of(field);
    let id = field.as_str();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            {control}
            <p class="error" id=format!("{id}-error") role="alert" aria-live="polite">{error_text(error)}</p>
        </div>
    }
}

#[component]
fn MarketForm(
    /// The market being edited and the date its changes apply from by default; none: a new one.
    editing: Option<(Market, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let editing_id = editing.as_ref().map(|(m, _)| m.id);
    let draft_key = match editing_id {
        Some(id) => format!("market-{id}"),
        None => "market-new".to_string(),
    };
    let saved = draft::load::<Draft>(&draft_key)
        .or_else(|| editing.as_ref().map(|(m, from)| Draft::from_market(m, from.clone())))
        .unwrap_or_default();
    let d = RwSignal::new(saved);
    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| d.with(|d| draft::save(&draft_key, d)));
    }
    let errors = FieldErrors::new();
    let form_error = RwSignal::new(None::<ErrorCode>);
    let preview = RwSignal::new(None::<Preview>);
    let pending = Pending::new();
    let locating = RwSignal::new(false);
    let locate_failed = RwSignal::new(false);
    let pick = move |zh: &'static str, en: &'static str| move || i18n.lang().pick(zh, en);

    // A text control bound to one string of the draft.
    macro_rules! input {
        ($field:expr, $member:ident, $kind:expr) => {{
            let f: Field = $field;
            let error = errors.of(f);
            view! {
                <input id=f.as_str() name=f.as_str() type=$kind
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby=format!("{}-error", f.as_str())
                    prop:value=move || d.with(|d| d.$member.clone())
                    on:input:target=move |ev| { let v = ev.target().value(); d.update(|d| d.$member = v); }/>
            }
            .into_any()
        }};
    }
    macro_rules! area {
        ($field:expr, $member:ident) => {{
            let f: Field = $field;
            view! {
                <textarea id=f.as_str() name=f.as_str() rows="4" aria-describedby=format!("{}-error", f.as_str())
                    prop:value=move || d.with(|d| d.$member.clone())
                    on:input:target=move |ev| { let v = ev.target().value(); d.update(|d| d.$member = v); }></textarea>
            }
            .into_any()
        }};
    }

    let use_location = move |_| {
        locating.set(true);
        locate_failed.set(false);
        leptos::task::spawn_local(async move {
            match crate::geo::position().await {
                Some((lat, lng)) => {
                    d.update(|d| {
                        d.lat = coord_text(lat);
                        d.lng = coord_text(lng);
                    });
                    errors.set(Field::Lat, None);
                    errors.set(Field::Lng, None);
                }
                None => locate_failed.set(true),
            }
            locating.set(false);
        });
    };

    let is_edit = editing_id.is_some();
    // A server answer at a field of this form shows there; anything else under the form.
    let server_error = move |e: linli_contract::ApiError| match e.field.filter(|f| FIELD_ORDER.contains(f)) {
        Some(field) => {
            errors.set(field, Some(e.code));
            focus(field.as_str());
        }
        None => form_error.set(Some(e.code)),
    };
    let do_preview = move |_| {
        form_error.set(None);
        let mut errs = Vec::new();
        let s = d.with_untracked(|d| d.schedule(&mut errs));
        errs.extend(s.errors());
        if let Some(first) = errs.first().map(|e| e.field) {
            errors.set_all(errs);
            focus(first.as_str());
            return;
        }
        errors.set_all(Vec::new());
        send(pending, boxed(async move { api::preview(&s).await }), move |r| match r {
            Ok(p) => preview.set(Some(p)),
            Err(e) => server_error(e),
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        match d.with_untracked(|d| d.input(is_edit)) {
            Err(errs) => errors.show(errs),
            Ok(input) => {
                errors.set_all(Vec::new());
                let call = match editing_id {
                    Some(id) => boxed(async move { api::update(id, &input).await }),
                    None => boxed(async move { api::create(&input).await }),
                };
                let (draft_key, navigate) = (draft_key.clone(), navigate.clone());
                send(pending, call, move |r| match r {
                    Ok(p) => {
                        draft::clear(&draft_key);
                        navigate(&format!("/markets/{}", p.market.id), Default::default());
                    }
                    Err(e) => server_error(e),
                });
            }
        }
    };

    let weekday_error = errors.of(Field::Weekdays);
    let categories_view = move || {
        let lang = i18n.lang();
        Category::ALL
            .iter()
            .copied()
            .map(|c| {
                view! {
                    <label class="checkbox">
                        <input type="checkbox" name="categories" value=c.key()
                            prop:checked=move || d.with(|d| d.categories.contains(&c))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                d.update(|d| { d.categories.retain(|x| *x != c); if on { d.categories.push(c); } });
                            }/>
                        <span>{c.label(lang)}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let zone_options = move || {
        let lang = i18n.lang();
        let current = d.with_untracked(|d| d.time_zone.clone());
        let mut zones: Vec<(String, String)> =
            ZONES.iter().map(|(id, zh, en)| (id.to_string(), format!("{} ({id})", lang.pick(zh, en)))).collect();
        if !current.is_empty() && !zones.iter().any(|(id, _)| *id == current) {
            zones.push((current.clone(), current.clone()));
        }
        zones
            .into_iter()
            .map(|(id, label)| {
                let selected = id == current;
                view! { <option value=id selected=selected>{label}</option> }
            })
            .collect_view()
    };

    view! {
        <form class="form market-form" on:submit=submit novalidate>
            {field_row(Field::Name, pick("市集名称", "Market name"), errors, input!(Field::Name, name, "text"))}
            {field_row(Field::Description, pick("介绍", "Description"), errors, area!(Field::Description, description))}
            <fieldset class="field">
                <legend>{pick("场地", "Venue")}</legend>
                {field_row(Field::VenueName, pick("场地名称", "Venue name"), errors, input!(Field::VenueName, venue_name, "text"))}
                {field_row(Field::VenueAddress, pick("地址", "Address"), errors, input!(Field::VenueAddress, venue_address, "text"))}
                <div class="position-fields">
                    {field_row(Field::Lat, pick("纬度", "Latitude"), errors, input!(Field::Lat, lat, "text"))}
                    {field_row(Field::Lng, pick("经度", "Longitude"), errors, input!(Field::Lng, lng, "text"))}
                    <button type="button" class="button button-secondary" on:click=use_location disabled=move || locating.get()>
                        {move || if locating.get() { i18n.lang().pick("正在定位…", "Locating…") } else { i18n.lang().pick("使用我的位置", "Use my location") }}
                    </button>
                </div>
                <Show when=move || locate_failed.get()>
                    <p class="form-error" role="alert">{move || i18n.lang().pick(
                        "无法获取你的位置（可能未允许定位），请填写纬度和经度",
                        "Could not get your position (location may not be allowed); type the latitude and longitude",
                    )}</p>
                </Show>
            </fieldset>
            <fieldset class="field">
                <legend>{pick("时间", "When")}</legend>
                {field_row(Field::Recurrence, pick("重复", "Repeat"), errors, view! {
                    <select id="recurrence" name="recurrence" on:change:target=move |ev| { let v = ev.target().value(); d.update(|d| d.repeat = v); }>
                        <option value="weekly" selected=move || d.with(|d| d.repeat == "weekly")>{pick("每周 / 每隔几周", "Weekly / every few weeks")}</option>
                        <option value="monthly" selected=move || d.with(|d| d.repeat == "monthly")>{pick("每月第几个星期几", "Monthly on the n-th weekday")}</option>
                        <option value="once" selected=move || d.with(|d| d.repeat == "once")>{pick("单次", "Once")}</option>
                    </select>
                }.into_any())}
                <Show when=move || d.with(|d| d.repeat == "weekly")>
                    <fieldset class="field weekday-choices" class:field-invalid=move || weekday_error.get().is_some()>
                        <legend>{pick("星期（可多选）", "Weekdays (one or more)")}</legend>
                        <div class="choices" id="weekdays" tabindex="-1">
                            {Weekday::ALL.into_iter().map(|w| view! {
                                <label class="checkbox">
                                    <input type="checkbox" name="weekdays" value=w.ical()
                                        prop:checked=move || d.with(|d| d.weekdays.contains(&w))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            d.update(|d| { d.weekdays.retain(|x| *x != w); if on { d.weekdays.push(w); d.weekdays.sort(); } });
                                        }/>
                                    <span>{move || w.label(i18n.lang())}</span>
                                </label>
                            }).collect_view()}
                        </div>
                        <p class="error" id="weekdays-error" role="alert">{error_text(weekday_error)}</p>
                    </fieldset>
                    {field_row(Field::EveryWeeks, pick("每几周一次", "Every how many weeks"), errors, input!(Field::EveryWeeks, every_weeks, "number"))}
                </Show>
                <Show when=move || d.with(|d| d.repeat == "monthly")>
                    {field_row(Field::Nth, pick("第几个", "Which one"), errors, view! {
                        <select id="nth" name="nth" on:change:target=move |ev| { let v = ev.target().value(); d.update(|d| d.nth = v); }>
                            {[("1", "第 1 个", "1st"), ("2", "第 2 个", "2nd"), ("3", "第 3 个", "3rd"), ("4", "第 4 个", "4th"), ("-1", "最后一个", "Last")]
                                .into_iter().map(|(v, zh, en)| view! {
                                    <option value=v selected=move || d.with(|d| d.nth == v)>{pick(zh, en)}</option>
                                }).collect_view()}
                        </select>
                    }.into_any())}
                    <div class="field">
                        <label for="monthly_weekday">{pick("星期几", "Weekday")}</label>
                        <select id="monthly_weekday" on:change:target=move |ev| {
                            let i: usize = ev.target().value().parse().unwrap_or(5);
                            d.update(|d| d.monthly_weekday = Weekday::ALL[i.min(6)]);
                        }>
                            {Weekday::ALL.into_iter().enumerate().map(|(i, w)| view! {
                                <option value=i.to_string() selected=move || d.with(|d| d.monthly_weekday == w)>{move || w.label(i18n.lang())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                {field_row(Field::FirstDate, pick("第一场日期", "First date"), errors, input!(Field::FirstDate, first_date, "date"))}
                <Show when=move || d.with(|d| d.repeat != "once")>
                    {field_row(Field::LastDate, pick("最后日期", "Last date"), errors, input!(Field::LastDate, last_date, "date"))}
                </Show>
                {field_row(Field::StartTime, pick("开始时间", "Start"), errors, input!(Field::StartTime, start_time, "time"))}
                {field_row(Field::EndTime, pick("结束时间", "End"), errors, input!(Field::EndTime, end_time, "time"))}
                {field_row(Field::TimeZone, pick("时区", "Time zone"), errors, view! {
                    <select id="time_zone" name="time_zone" on:change:target=move |ev| { let v = ev.target().value(); d.update(|d| d.time_zone = v); }>
                        {zone_options}
                    </select>
                }.into_any())}
                {is_edit.then(|| field_row(Field::FromDate, pick("修改从这一天起生效", "Changes apply from"), errors, input!(Field::FromDate, from_date, "date")))}
                <button type="button" class="button button-secondary" on:click=do_preview disabled=move || pending.get()>
                    {pick("预览日期", "Preview dates")}
                </button>
                {move || preview.get().map(|p| view! {
                    <div class="preview" role="status">
                        <p>{match i18n.lang() { Lang::Zh => format!("共 {} 场，接下来：", p.total), Lang::En => format!("{} dates; next:", p.total) }}</p>
                        <ul>{p.dates.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                    </div>
                })}
            </fieldset>
            {field_row(Field::Stalls, pick("每场摊位数", "Stalls per date"), errors, input!(Field::Stalls, stalls, "number"))}
            <fieldset class="field category-choices">
                <legend>{pick("欢迎的品类", "Categories welcome")}</legend>
                <div class="choices">{categories_view}</div>
            </fieldset>
            {field_row(Field::Rules, pick("市集规则", "Rules"), errors, area!(Field::Rules, rules))}
            {field_row(Field::Contact, pick("联系方式", "Contact"), errors, input!(Field::Contact, contact, "text"))}
            <p class="form-error" role="alert" aria-live="assertive">{error_text(form_error.into())}</p>
            <button type="submit" class="button button-block" disabled=move || pending.get()>
                {move || if is_edit { i18n.lang().pick("保存修改", "Save changes") } else { i18n.lang().pick("发布市集", "Publish the market") }}
            </button>
        </form>
    }
}
