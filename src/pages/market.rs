//! A market's page (all its dates; book, join the waitlist, cancel; add to calendar), the
//! organiser's form and per-date stall list with check-in, and the resident's bookings.
//! Words are picked here (lazy page), see `markets.rs`.

use crate::api::markets as api;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::use_i18n;
use crate::remote::{boxed, send, show, Pending, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_contract::listing::{ListingCard, Status};
use linli_contract::market::{
    Booking, BookingAction, BookingInput, BookingListing, BookingState, CancelDate, CheckInInput, MarketPage as Page,
    MoveDate, Occurrence, OccurrenceStatus, RemoveBooking,
};
use linli_contract::{ApiError, ErrorCode, Field, FieldError, Lang, Validate};
use linli_markup::markets::stalls_text;

fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.get().get(name).unwrap_or_default())
}

fn id_param() -> Memo<i64> {
    let p = param("id");
    Memo::new(move |_| p.get().parse().unwrap_or(0))
}

/// Errors of a small per-row form: each shows under its control (`{prefix}-{field}`), and
/// focus moves to the first.
#[derive(Clone, Copy)]
struct RowErrors {
    prefix: StoredValue<String>,
    errors: RwSignal<Vec<FieldError>>,
    other: RwSignal<Option<ErrorCode>>,
}

impl RowErrors {
    fn new(prefix: String) -> Self {
        RowErrors { prefix: StoredValue::new(prefix), errors: RwSignal::new(Vec::new()), other: RwSignal::new(None) }
    }

    fn id(self, field: Field) -> String {
        format!("{}-{}", self.prefix.get_value(), field.as_str())
    }

    fn clear(self) {
        self.errors.set(Vec::new());
        self.other.set(None);
    }

    /// Shows these errors (the first gets focus).
    fn set(self, errors: Vec<FieldError>) {
        if let Some(first) = errors.first() {
            focus_id(self.id(first.field));
        }
        self.errors.set(errors);
    }

    /// The server's answer: at its field when the form has it, else under the form.
    fn answer(self, e: ApiError, fields: &[Field]) {
        match e.field.filter(|f| fields.contains(f)) {
            Some(field) => self.set(vec![FieldError::new(field, e.code)]),
            None => self.other.set(Some(e.code)),
        }
    }

    fn of(self, field: Field) -> impl Fn() -> Option<ErrorCode> + Copy {
        move || self.errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.code))
    }

    /// A labelled text control with its error.
    fn control(self, field: Field, label: &'static str, kind: &'static str, value: RwSignal<String>) -> impl IntoView {
        let i18n = use_i18n();
        let (id, error) = (self.id(field), self.of(field));
        view! {
            <div class="field" class:field-invalid=move || error().is_some()>
                <label for=id.clone()>{label}</label>
                <input id=id.clone() type=kind aria-invalid=move || if error().is_some() { "true" } else { "false" }
                    aria-describedby=format!("{id}-error")
                    prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value())/>
                <p class="error" id=format!("{id}-error") role="alert">{move || error().map(|c| c.message(i18n.lang()))}</p>
            </div>
        }
    }

    fn other_line(self) -> impl IntoView {
        let i18n = use_i18n();
        move || self.other.get().map(|c| view! { <p class="form-error" role="alert">{c.message(i18n.lang())}</p> })
    }
}

/// Moves focus to the element with this id, after the current event.
fn focus_id(id: String) {
    use wasm_bindgen::JsCast;
    gloo_timers::callback::Timeout::new(0, move || {
        if let Some(el) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    })
    .forget();
}

/// The listings a resident linked to a booking, each linking to its page.
fn linked_listings(listings: Vec<BookingListing>, lang: Lang) -> impl IntoView {
    (!listings.is_empty()).then(|| {
        view! {
            <p class="small booking-listings">
                {lang.pick("带来的闲置：", "Bringing: ")}
                {listings.into_iter().enumerate().map(|(i, l)| view! {
                    {(i > 0).then_some(lang.pick("、", ", "))}
                    <a href=format!("/listings/{}", l.id)>{l.title}</a>
                }).collect_view()}
            </p>
        }
    })
}

/// The code a resident shows at the market, large.
fn checkin_code_view(b: &Booking, lang: Lang) -> Option<impl IntoView> {
    let code = b.checkin_code.clone().filter(|_| matches!(b.state, BookingState::Booked | BookingState::Promoted))?;
    Some(view! {
        <div class="checkin-code-box">
            <p class="small">{lang.pick("到场签到时出示签到码", "Show this check-in code at the market")}</p>
            <p class="checkin-code" aria-label=format!("{} {code}", lang.pick("签到码", "Check-in code"))>{code.clone()}</p>
            <crate::components::qr_code::QrCode digits=code.clone() label=lang.pick("签到二维码", "Check-in QR code")/>
        </div>
    })
}

/// "Moved to … : reason", "Cancelled: reason" for a booking whose date changed.
fn date_change(b: &Booking, lang: Lang) -> Option<String> {
    let reason = b.reason.clone().unwrap_or_default();
    match b.occurrence_status {
        OccurrenceStatus::Scheduled => (!reason.is_empty()).then_some(reason),
        OccurrenceStatus::Moved => Some(match lang {
            Lang::Zh => format!("已改期到 {} {}–{}：{reason}", b.day, b.start_time, b.end_time),
            Lang::En => format!("Moved to {} {}–{}: {reason}", b.day, b.start_time, b.end_time),
        }),
        OccurrenceStatus::Cancelled => {
            Some(format!("{}{}{reason}", OccurrenceStatus::Cancelled.label(lang), lang.pick("：", ": ")))
        }
    }
}

/// Asked before a date is cancelled for everyone who booked it.
fn cancel_date_question(date: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("确定取消 {date} 这一场吗？这一场的所有预订都会被取消。"),
        Lang::En => format!("Cancel the market on {date}? Every booking for it is cancelled."),
    }
}

pub fn state_text(b: &Booking, lang: Lang) -> String {
    match (b.state, b.waitlist_position) {
        (BookingState::Waitlisted, Some(n)) => match lang {
            Lang::Zh => format!("候补第 {n} 位"),
            Lang::En => format!("Waitlisted, number {n}"),
        },
        (s, _) => s.label(lang).into(),
    }
}

#[component]
pub fn MarketPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = id_param();
    let page = Reloadable::new(move || boxed(api::market(id.get())));
    let title = Signal::derive(move || {
        page.data
            .with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).map(|p| p.market.name.clone()))
            .unwrap_or_else(|| linli_markup::markets::Words::Title.text(i18n.lang()).to_string())
    });
    // The signed-in resident's listings on offer, to link some when booking.
    let mine = RwSignal::new(Vec::<ListingCard>::new());
    Effect::new(move |_| {
        if session.me().is_some() {
            leptos::task::spawn_local(async move {
                if let Ok(list) = crate::api::my_listings().await {
                    mine.set(list.into_iter().filter(|l| l.status == Status::Active && !l.hidden).collect());
                }
            });
        }
    });
    view! {
        <PageHeader title_text=title back="/markets"/>
        <section class="page market-page">
            {show(page, move |p| market_view(p, page, mine, i18n.lang()).into_any())}
        </section>
    }
}

fn market_view(p: Page, page: Reloadable<Page>, mine: RwSignal<Vec<ListingCard>>, lang: Lang) -> impl IntoView {
    let m = p.market.clone();
    let my_bookings = p.my_bookings.clone();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    view! {
        <div class="market-facts">
            <p>{m.description.clone()}</p>
            <p><strong>{m.venue_name.clone()}</strong>" "{m.venue_address.clone()}</p>
            <p>{format!(
                "{} · {}–{} · {}",
                m.recurrence_text,
                m.schedule.start_time,
                m.schedule.end_time,
                linli_contract::recycling::timezone_label(&m.schedule.time_zone, lang)
            )}</p>
            {(!m.categories.is_empty()).then(|| view! {
                <p class="small">{lang.pick("欢迎：", "Welcome: ")}{m.categories.iter().map(|c| c.label(lang)).collect::<Vec<_>>().join(lang.pick("、", ", "))}</p>
            })}
            <p class="small muted">{lang.pick("组织者：", "Organiser: ")}{m.organiser_name.clone()}</p>
            {(!m.contact.is_empty()).then(|| view! { <p class="small">{lang.pick("联系方式：", "Contact: ")}{m.contact.clone()}</p> })}
            {(!m.rules.is_empty()).then(|| view! { <p class="small market-rules">{m.rules.clone()}</p> })}
            <a class="button button-secondary" href=api::market_calendar(m.id) download="">{lang.pick("添加到日历", "Add to calendar")}</a>
            {m.can_edit.then(|| view! {
                <a class="button button-secondary" href=format!("/markets/{}/edit", m.id)>{lang.pick("修改市集", "Edit the market")}</a>
            })}
        </div>
        <h2>{lang.pick("日期", "Dates")}</h2>
        <ul class="market-dates">
            {p.occurrences.into_iter().map(|o| {
                let booking = my_bookings.iter().rev().find(|b| b.date == o.date).cloned();
                date_row(o, booking, m.can_edit, now, page, mine)
            }).collect_view()}
        </ul>
    }
}

fn date_row(
    o: Occurrence,
    booking: Option<Booking>,
    can_edit: bool,
    now: i64,
    page: Reloadable<Page>,
    mine: RwSignal<Vec<ListingCard>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let brings = RwSignal::new(String::new());
    let linked = RwSignal::new(Vec::<i64>::new());
    let errs = RowErrors::new(format!("book-{}", o.date));
    // Each date's booking form opens on request: a market has dozens of dates.
    let asking = RwSignal::new(false);
    let pending = Pending::new();
    let (market, date) = (o.market_id, o.date.clone());
    let open = o.status != OccurrenceStatus::Cancelled;
    let book = {
        let date = date.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            errs.clear();
            let input = BookingInput { brings: brings.get_untracked(), listing_ids: linked.get_untracked() };
            let bad = input.errors();
            if !bad.is_empty() {
                errs.set(bad);
                return;
            }
            let date = date.clone();
            send(pending, boxed(async move { api::book(market, &date, &input).await }), move |r| match r {
                Ok(_) => page.reload(),
                Err(e) => errs.answer(e, &[Field::Brings, Field::ListingIds]),
            });
        }
    };
    let live = booking.as_ref().filter(|b| BookingState::OPEN.contains(&b.state)).cloned();
    let occ = o.clone();
    let upcoming = open && o.starts_at > now;
    let listings_error = errs.of(Field::ListingIds);
    view! {
        <li class="market-date" class:market-cancelled=!open aria-label=o.day.clone()>
            <div>
                <strong>{o.day.clone()}</strong>" "{format!("{}–{}", o.start_time, o.end_time)}
                <span class="small">" · "{move || stalls_text(&occ, i18n.lang())}</span>
                {o.reason.clone().map(|r| view! { <p class="small muted">{o.status.label(i18n.lang())}": "{r}</p> })}
            </div>
            {booking.clone().map(|b| {
                let cancel = b.actions.contains(&BookingAction::Cancel);
                let id = b.id;
                let lang = i18n.lang();
                let waitlisted = b.state == BookingState::Waitlisted;
                let (label, question) = if waitlisted {
                    (lang.pick("退出候补", "Leave the waitlist"), lang.pick("确定退出候补吗？", "Leave the waitlist?"))
                } else {
                    (
                        lang.pick("取消预订", "Cancel booking"),
                        lang.pick("确定取消这个摊位吗？摊位会让给候补的人。", "Cancel this stall? It goes to the next on the waitlist."),
                    )
                };
                view! {
                    <p class="booking-state" role="status">{state_text(&b, lang)}</p>
                    {linked_listings(b.listings.clone(), lang)}
                    {checkin_code_view(&b, lang)}
                    {cancel.then(|| view! {
                        <button type="button" class="button button-secondary" disabled=move || pending.get()
                            on:click=move |_| {
                                if !crate::confirm::confirmed(question) {
                                    return;
                                }
                                send(pending, boxed(api::cancel_booking(id)), move |r| match r {
                                    Ok(_) => page.reload(),
                                    Err(e) => errs.answer(e, &[]),
                                })
                            }>
                            {label}
                        </button>
                    })}
                    <a class="button button-secondary" href=api::booking_calendar(id) download="">{lang.pick("添加到日历", "Add to calendar")}</a>
                }
            })}
            {(upcoming && live.is_none()).then(|| view! {
                <Show when=move || session.me().is_some() && !asking.get()>
                    <button type="button" class="button button-secondary" aria-expanded="false" on:click=move |_| {
                        asking.set(true);
                        focus_id(errs.id(Field::Brings));
                    }>{move || i18n.lang().pick("我要摆摊", "I want a stall")}</button>
                </Show>
                <Show when=move || session.me().is_some() && asking.get()>
                    <form class="form form-inline booking-form" on:submit=book.clone() novalidate>
                        {errs.control(Field::Brings, i18n.lang().pick("你会带什么", "What you will bring"), "text", brings)}
                        <Show when=move || !mine.with(Vec::is_empty)>
                            <fieldset class="field listing-choices" class:field-invalid=move || listings_error().is_some()>
                                <legend>{move || i18n.lang().pick("关联我的闲置（可选）", "Link my listings (optional)")}</legend>
                                <div class="choices" id=errs.id(Field::ListingIds) tabindex="-1">
                                    <For each=move || mine.get() key=|l| l.id let:l>
                                        <label class="checkbox">
                                            <input type="checkbox" value=l.id.to_string()
                                                prop:checked=move || linked.with(|v| v.contains(&l.id))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    linked.update(|v| { v.retain(|x| *x != l.id); if on { v.push(l.id); } });
                                                }/>
                                            <span>{l.title.clone()}</span>
                                        </label>
                                    </For>
                                </div>
                                <p class="error" role="alert">{move || listings_error().map(|c| c.message(i18n.lang()))}</p>
                            </fieldset>
                        </Show>
                        <button type="submit" class="button" disabled=move || pending.get()>
                            {move || if o.free > 0 { i18n.lang().pick("预订摊位", "Book a stall") } else { i18n.lang().pick("加入候补", "Join the waitlist") }}
                        </button>
                    </form>
                </Show>
            })}
            {errs.other_line()}
            {can_edit.then(|| view! {
                <a class="button button-secondary" href=format!("/markets/{market}/dates/{date}")>{move || i18n.lang().pick("摊位名单", "Stall list")}</a>
            })}
            {(can_edit && upcoming).then(|| change_date(o.clone(), page))}
        </li>
    }
}

/// The organiser's "move" and "cancel" of one date, each a small form with its reason.
fn change_date(o: Occurrence, page: Reloadable<Page>) -> impl IntoView {
    let i18n = use_i18n();
    let mode = RwSignal::new(None::<&'static str>);
    let day = RwSignal::new(o.day.clone());
    let start = RwSignal::new(o.start_time.clone());
    let end = RwSignal::new(o.end_time.clone());
    let reason = RwSignal::new(String::new());
    let errs = RowErrors::new(format!("change-{}", o.date));
    let pending = Pending::new();
    let (market, date) = (o.market_id, StoredValue::new(o.date.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errs.clear();
        let date = date.get_value();
        match mode.get_untracked() {
            Some("move") => {
                let req = MoveDate {
                    day: day.get_untracked(),
                    start_time: start.get_untracked(),
                    end_time: end.get_untracked(),
                    reason: reason.get_untracked(),
                };
                let bad = req.errors();
                if !bad.is_empty() {
                    return errs.set(bad);
                }
                send(pending, boxed(async move { api::move_date(market, &date, &req).await }), move |r| match r {
                    Ok(_) => page.reload(),
                    Err(e) => errs.answer(e, &[Field::Day, Field::StartTime, Field::EndTime, Field::Reason]),
                });
            }
            _ => {
                let req = CancelDate { reason: reason.get_untracked() };
                if let Err(code) = linli_contract::trade::reason(&req.reason) {
                    return errs.set(vec![FieldError::new(Field::Reason, code)]);
                }
                if !crate::confirm::confirmed(cancel_date_question(&date, i18n.lang()).as_str()) {
                    return;
                }
                send(pending, boxed(async move { api::cancel_date(market, &date, &req).await }), move |r| match r {
                    Ok(_) => page.reload(),
                    Err(e) => errs.answer(e, &[Field::Reason]),
                });
            }
        }
    };
    let toggle = move |m: &'static str| {
        move |_| {
            errs.clear();
            mode.update(|x| *x = if *x == Some(m) { None } else { Some(m) });
        }
    };
    view! {
        <div class="date-actions">
            <button type="button" class="button button-secondary" aria-expanded=move || (mode.get() == Some("move")).to_string()
                on:click=toggle("move")>{move || i18n.lang().pick("改期", "Move")}</button>
            <button type="button" class="button button-secondary" aria-expanded=move || (mode.get() == Some("cancel")).to_string()
                on:click=toggle("cancel")>{move || i18n.lang().pick("取消这一场", "Cancel this date")}</button>
        </div>
        <Show when=move || mode.get().is_some()>
            <form class="form date-change-form" on:submit=submit novalidate>
                <Show when=move || mode.get() == Some("move")>
                    {move || {
                        let lang = i18n.lang();
                        view! {
                            {errs.control(Field::Day, lang.pick("新日期", "New date"), "date", day)}
                            {errs.control(Field::StartTime, lang.pick("新开始时间", "New start"), "time", start)}
                            {errs.control(Field::EndTime, lang.pick("新结束时间", "New end"), "time", end)}
                        }
                    }}
                </Show>
                {move || {
                    let lang = i18n.lang();
                    let label = if mode.get() == Some("move") { lang.pick("改期原因", "Why it moves") } else { lang.pick("取消原因", "Why it is cancelled") };
                    errs.control(Field::Reason, label, "text", reason)
                }}
                {errs.other_line()}
                <button type="submit" class="button" disabled=move || pending.get()>
                    {move || if mode.get() == Some("move") { i18n.lang().pick("确认改期", "Move the date") } else { i18n.lang().pick("确认取消", "Cancel the date") }}
                </button>
            </form>
        </Show>
    }
}

/// The organiser's per-date stall list: who, what they bring (and the listings they linked);
/// check in by tapping a name, typing the code the resident shows, or scanning it with the
/// camera where the browser can; remove a booking with a reason; cancel the date.
#[component]
pub fn MarketStalls() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let date = param("date");
    let list = Reloadable::new(move || {
        let date = date.get();
        boxed(async move { api::stalls(id.get_untracked(), &date).await })
    });
    let code = RwSignal::new(String::new());
    let code_errs = RowErrors::new("checkin".into());
    let errs = RowErrors::new("stalls".into());
    let done = RwSignal::new(None::<String>);
    let pending = Pending::new();
    let reason = RwSignal::new(String::new());
    let check_in = move |req: CheckInInput| {
        let date = date.get_untracked();
        code_errs.clear();
        errs.clear();
        done.set(None);
        let typed = req.code.is_some();
        send(pending, boxed(async move { api::check_in(id.get_untracked(), &date, &req).await }), move |r| match r {
            Ok(b) => {
                code.set(String::new());
                done.set(Some(b.resident_name));
                list.reload();
            }
            Err(e) if typed => code_errs.answer(e, &[Field::Code]),
            Err(e) => errs.answer(e, &[]),
        });
    };
    let by_code = move |typed: String| {
        let typed = typed.trim().to_string();
        if typed.len() != 6 || !typed.bytes().all(|c| c.is_ascii_digit()) {
            code_errs.set(vec![FieldError::new(Field::Code, ErrorCode::CheckInCodeInvalid)]);
            return;
        }
        check_in(CheckInInput { booking_id: None, code: Some(typed) });
    };
    let cancel_date =
        move |_| {
            let date = date.get_untracked();
            let req = CancelDate { reason: reason.get_untracked() };
            errs.clear();
            if let Err(c) = linli_contract::trade::reason(&req.reason) {
                return errs.set(vec![FieldError::new(Field::Reason, c)]);
            }
            if !crate::confirm::confirmed(cancel_date_question(&date, i18n.lang()).as_str()) {
                return;
            }
            send(pending, boxed(async move { api::cancel_date(id.get_untracked(), &date, &req).await }), move |r| {
                match r {
                    Ok(_) => list.reload(),
                    Err(e) => errs.answer(e, &[Field::Reason]),
                }
            });
        };
    let title = Signal::derive(move || format!("{} {}", i18n.lang().pick("摊位名单", "Stalls"), date.get()));
    view! {
        <PageHeader title_text=title back=format!("/markets/{}", id.get_untracked())/>
        <section class="page">
            <form class="form form-inline checkin-form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                by_code(code.get_untracked());
            }>
                {move || code_errs.control(Field::Code, i18n.lang().pick("签到码", "Check-in code"), "text", code)}
                <button type="submit" class="button" disabled=move || pending.get()>{move || i18n.lang().pick("签到", "Check in")}</button>
                <crate::components::code_scanner::CodeScanner on_code=Callback::new(move |c: String| {
                    code.set(c.clone());
                    by_code(c);
                })/>
            </form>
            {code_errs.other_line()}
            {move || done.get().map(|name| view! {
                <p class="notice" role="status">{match i18n.lang() { Lang::Zh => format!("{name} 已签到"), Lang::En => format!("{name} is checked in") }}</p>
            })}
            {errs.other_line()}
            {show(list, move |l| {
                let lang = i18n.lang();
                view! {
                    <p>{stalls_text(&l.occurrence, lang)}</p>
                    <ul class="stall-list">
                        {l.bookings.into_iter().map(|b| {
                            let id = b.id;
                            let can_check = b.actions.contains(&BookingAction::CheckIn);
                            let can_remove = b.actions.contains(&BookingAction::Remove);
                            let name = b.resident_name.clone();
                            view! {
                                <li class="stall-row">
                                    <strong>{b.resident_name.clone()}</strong>" · "{b.brings.clone()}
                                    <span class="small">" · "{state_text(&b, lang)}</span>
                                    {linked_listings(b.listings.clone(), lang)}
                                    {can_check.then(|| view! {
                                        <button type="button" class="button" aria-label=format!("{} {}", lang.pick("签到", "Check in"), name)
                                            on:click=move |_| check_in(CheckInInput { booking_id: Some(id), code: None })>
                                            {lang.pick("签到", "Check in")}
                                        </button>
                                    })}
                                    {can_remove.then(|| view! {
                                        <button type="button" class="button button-secondary" on:click=move |_| {
                                            let req = RemoveBooking { reason: reason.get_untracked() };
                                            errs.clear();
                                            if let Err(c) = linli_contract::trade::reason(&req.reason) {
                                                return errs.set(vec![FieldError::new(Field::Reason, c)]);
                                            }
                                            let question = match lang {
                                                Lang::Zh => format!("确定移除 {name} 的摊位吗？"),
                                                Lang::En => format!("Remove {name}'s stall?"),
                                            };
                                            if !crate::confirm::confirmed(&question) {
                                                return;
                                            }
                                            send(pending, boxed(async move { api::remove_booking(id, &req).await }), move |r| match r {
                                                Ok(_) => list.reload(),
                                                Err(e) => errs.answer(e, &[Field::Reason]),
                                            });
                                        }>{lang.pick("移除（填写原因）", "Remove (give a reason)")}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            {move || errs.control(Field::Reason, i18n.lang().pick("原因（移除或取消本场时必填）", "Reason (for removing or cancelling)"), "text", reason)}
            <button type="button" class="button button-secondary" on:click=cancel_date disabled=move || pending.get()>
                {move || i18n.lang().pick("取消这一场", "Cancel this date")}
            </button>
        </section>
    }
}

/// Me → my bookings, with their state; opening it marks changes seen.
#[component]
pub fn MyBookings() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let list = Reloadable::new(|| boxed(api::my_bookings()));
    // Seen once shown.
    Effect::new(move |_| {
        if list.data.with(|d| d.as_ref().is_some_and(|r| r.as_ref().is_ok_and(|b| b.unseen > 0))) {
            leptos::task::spawn_local(async {
                let _ = api::seen().await;
            });
        }
    });
    let title = Signal::derive(move || i18n.lang().pick("我的摊位预订", "My bookings").to_string());
    view! {
        <PageHeader title_text=title back="/me"/>
        <section class="page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/me/bookings"/> }>
                {show(list, move |l| {
                    if l.bookings.is_empty() {
                        return view! { <p class="empty-state">{i18n.lang().pick("还没有预订摊位", "No bookings yet")}</p> }.into_any();
                    }
                    view! {
                        <ul class="booking-list">
                            {l.bookings.into_iter().map(|b| view! {
                                <li class="booking-row" class:booking-unseen=b.unseen>
                                    <a href=format!("/markets/{}", b.market_id)>
                                        <strong>{b.market_name.clone()}</strong>
                                        <span class="small">{format!(" {} {}–{}", b.day, b.start_time, b.end_time)}</span>
                                        <span class="booking-state">{state_text(&b, i18n.lang())}</span>
                                        {date_change(&b, i18n.lang()).map(|r| view! { <span class="small muted booking-change">{r}</span> })}
                                        {b.unseen.then(|| view! { <span class="badge badge-action">{i18n.lang().pick("有更新", "Updated")}</span> })}
                                    </a>
                                    {linked_listings(b.listings.clone(), i18n.lang())}
                                    {checkin_code_view(&b, i18n.lang())}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Show>
        </section>
    }
}
