//! A market's page (all its dates; book, join the waitlist, cancel; add to calendar), the
//! organiser's form and per-date stall list with check-in, and the resident's bookings.
//! Words are picked here (lazy page), see `markets.rs`.

use crate::api::markets as api;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::use_i18n;
use crate::pages::markets::stalls_text;
use crate::remote::{boxed, send, show, Pending, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_contract::market::{
    Booking, BookingAction, BookingInput, BookingState, CancelDate, CheckInInput, MarketInput, MarketPage as Page,
    Occurrence, OccurrenceStatus, Recurrence, RemoveBooking, Schedule, Weekday,
};
use linli_contract::{ApiError, Field, Lang, Validate};

fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.get().get(name).unwrap_or_default())
}

fn id_param() -> Memo<i64> {
    let p = param("id");
    Memo::new(move |_| p.get().parse().unwrap_or(0))
}

fn error_line(err: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || err.get().map(|e| view! { <p class="form-error" role="alert">{e.code.message(i18n.lang())}</p> })
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
    let id = id_param();
    let page = Reloadable::new(move || boxed(api::market(id.get())));
    let title = Signal::derive(move || {
        page.data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).map(|p| p.market.name.clone())).unwrap_or_default()
    });
    view! {
        <PageHeader title_text=title back="/markets"/>
        <section class="page market-page">
            {show(page, move |p| market_view(p, page, i18n.lang()).into_any())}
        </section>
    }
}

fn market_view(p: Page, page: Reloadable<Page>, lang: Lang) -> impl IntoView {
    let m = p.market.clone();
    let mine = p.my_bookings.clone();
    view! {
        <div class="market-facts">
            <p>{m.description.clone()}</p>
            <p><strong>{m.venue_name.clone()}</strong>" "{m.venue_address.clone()}</p>
            <p>{format!("{} · {}–{} · {}", m.recurrence_text, m.schedule.start_time, m.schedule.end_time, m.schedule.time_zone)}</p>
            <p class="small muted">{lang.pick("组织者：", "Organiser: ")}{m.organiser_name.clone()}</p>
            {(!m.rules.is_empty()).then(|| view! { <p class="small">{m.rules.clone()}</p> })}
            <a class="button button-secondary" href=api::market_calendar(m.id) download="">{lang.pick("添加到日历", "Add to calendar")}</a>
        </div>
        <h2>{lang.pick("日期", "Dates")}</h2>
        <ul class="market-dates">
            {p.occurrences.into_iter().map(|o| {
                let booking = mine.iter().rev().find(|b| b.date == o.date).cloned();
                date_row(o, booking, m.can_edit, page)
            }).collect_view()}
        </ul>
    }
}

fn date_row(o: Occurrence, booking: Option<Booking>, can_edit: bool, page: Reloadable<Page>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let brings = RwSignal::new(String::new());
    let err = RwSignal::new(None::<ApiError>);
    let pending = Pending::new();
    let (market, date) = (o.market_id, o.date.clone());
    let input_id = format!("brings-{}", o.date);
    let open = o.status != OccurrenceStatus::Cancelled;
    let book = {
        let date = date.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = BookingInput { brings: brings.get_untracked() };
            if let Err(e) = input.check() {
                err.set(Some(ApiError::for_field(e, i18n.lang())));
                return;
            }
            let date = date.clone();
            send(pending, boxed(async move { api::book(market, &date, &input).await }), move |r| match r {
                Ok(_) => page.reload(),
                Err(e) => err.set(Some(e)),
            });
        }
    };
    let live = booking.as_ref().filter(|b| BookingState::OPEN.contains(&b.state)).cloned();
    let occ = o.clone();
    view! {
        <li class="market-date" class:market-cancelled=!open>
            <div>
                <strong>{o.day.clone()}</strong>" "{format!("{}–{}", o.start_time, o.end_time)}
                <span class="small">" · "{move || stalls_text(&occ, i18n.lang())}</span>
                {o.reason.clone().map(|r| view! { <p class="small muted">{o.status.label(i18n.lang())}": "{r}</p> })}
            </div>
            {booking.clone().map(|b| {
                let cancel = b.actions.contains(&BookingAction::Cancel);
                let id = b.id;
                view! {
                    <p class="booking-state" role="status">{move || state_text(&b, i18n.lang())}</p>
                    {cancel.then(|| view! {
                        <button type="button" class="button button-secondary" disabled=move || pending.get()
                            on:click=move |_| send(pending, boxed(api::cancel_booking(id)), move |r| match r {
                                Ok(_) => page.reload(),
                                Err(e) => err.set(Some(e)),
                            })>
                            {move || i18n.lang().pick("取消预订", "Cancel booking")}
                        </button>
                    })}
                    <a class="button button-secondary" href=api::booking_calendar(id) download="">{move || i18n.lang().pick("添加到日历", "Add to calendar")}</a>
                }
            })}
            {(open && live.is_none() && o.starts_at > 0).then(|| view! {
                <Show when=move || session.me().is_some()>
                    <form class="form form-inline" on:submit=book.clone() novalidate>
                        <label for=input_id.clone()>{move || i18n.lang().pick("你会带什么", "What you will bring")}</label>
                        <input id=input_id.clone() type="text" prop:value=move || brings.get()
                            on:input:target=move |ev| brings.set(ev.target().value())/>
                        <button type="submit" class="button" disabled=move || pending.get()>
                            {move || if o.free > 0 { i18n.lang().pick("预订摊位", "Book a stall") } else { i18n.lang().pick("加入候补", "Join the waitlist") }}
                        </button>
                    </form>
                </Show>
            })}
            {can_edit.then(|| view! {
                <a class="button button-secondary" href=format!("/markets/{market}/dates/{date}")>{move || i18n.lang().pick("摊位名单", "Stall list")}</a>
            })}
            {error_line(err)}
        </li>
    }
}

/// The organiser's per-date stall list: who, what they bring; check in by tap or code; remove.
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
    let err = RwSignal::new(None::<ApiError>);
    let pending = Pending::new();
    let reason = RwSignal::new(String::new());
    let check_in = move |req: CheckInInput| {
        let date = date.get_untracked();
        send(pending, boxed(async move { api::check_in(id.get_untracked(), &date, &req).await }), move |r| match r {
            Ok(_) => {
                err.set(None);
                code.set(String::new());
                list.reload();
            }
            Err(e) => err.set(Some(e)),
        });
    };
    let cancel_date =
        move |_| {
            let date = date.get_untracked();
            let req = CancelDate { reason: reason.get_untracked() };
            send(pending, boxed(async move { api::cancel_date(id.get_untracked(), &date, &req).await }), move |r| {
                match r {
                    Ok(_) => list.reload(),
                    Err(e) => err.set(Some(e)),
                }
            });
        };
    let title = Signal::derive(move || format!("{} {}", i18n.lang().pick("摊位名单", "Stalls"), date.get()));
    view! {
        <PageHeader title_text=title back=format!("/markets/{}", id.get_untracked())/>
        <section class="page">
            <form class="form form-inline" novalidate on:submit=move |ev| {
                ev.prevent_default();
                check_in(CheckInInput { booking_id: None, code: Some(code.get_untracked()) });
            }>
                <label for="checkin-code">{move || i18n.lang().pick("签到码", "Check-in code")}</label>
                <input id="checkin-code" inputmode="numeric" autocomplete="off" prop:value=move || code.get()
                    on:input:target=move |ev| code.set(ev.target().value())/>
                <button type="submit" class="button" disabled=move || pending.get()>{move || i18n.lang().pick("签到", "Check in")}</button>
            </form>
            {error_line(err)}
            {show(list, move |l| {
                view! {
                    <p>{stalls_text(&l.occurrence, i18n.lang())}</p>
                    <ul class="stall-list">
                        {l.bookings.into_iter().map(|b| {
                            let id = b.id;
                            let can_check = b.actions.contains(&BookingAction::CheckIn);
                            let can_remove = b.actions.contains(&BookingAction::Remove);
                            let name = b.resident_name.clone();
                            view! {
                                <li class="stall-row">
                                    <strong>{b.resident_name.clone()}</strong>" · "{b.brings.clone()}
                                    <span class="small">" · "{state_text(&b, i18n.lang())}</span>
                                    {can_check.then(|| view! {
                                        <button type="button" class="button" aria-label=format!("{} {}", i18n.lang().pick("签到", "Check in"), name)
                                            on:click=move |_| check_in(CheckInInput { booking_id: Some(id), code: None })>
                                            {i18n.lang().pick("签到", "Check in")}
                                        </button>
                                    })}
                                    {can_remove.then(|| view! {
                                        <button type="button" class="button button-secondary" on:click=move |_| {
                                            let req = RemoveBooking { reason: reason.get_untracked() };
                                            send(pending, boxed(async move { api::remove_booking(id, &req).await }), move |r| match r {
                                                Ok(_) => list.reload(),
                                                Err(e) => err.set(Some(e)),
                                            });
                                        }>{i18n.lang().pick("移除（填写原因）", "Remove (give a reason)")}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <div class="field">
                <label for="change-reason">{move || i18n.lang().pick("原因（移除或取消本场时必填）", "Reason (for removing or cancelling)")}</label>
                <input id="change-reason" prop:value=move || reason.get() on:input:target=move |ev| reason.set(ev.target().value())/>
            </div>
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
                                        {b.reason.clone().map(|r| view! { <span class="small muted">{r}</span> })}
                                        {b.checkin_code.clone().filter(|_| matches!(b.state, BookingState::Booked | BookingState::Promoted)).map(|c| view! {
                                            <span class="small">{i18n.lang().pick("签到码 ", "Check-in code ")}<strong class="checkin-code">{c}</strong></span>
                                        })}
                                        {b.unseen.then(|| view! { <span class="badge badge-action">{i18n.lang().pick("有更新", "Updated")}</span> })}
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Show>
        </section>
    }
}

/// The organiser's form: plain recurrence choices, a preview of the next dates from the server.
#[component]
pub fn NewMarket() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let venue = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let lat = RwSignal::new("31.17".to_string());
    let lng = RwSignal::new("121.42".to_string());
    let kind = RwSignal::new("weekly".to_string());
    let every = RwSignal::new("1".to_string());
    let weekday = RwSignal::new(Weekday::Sat);
    let nth = RwSignal::new("1".to_string());
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let start = RwSignal::new("09:00".to_string());
    let end = RwSignal::new("12:00".to_string());
    let stalls = RwSignal::new("20".to_string());
    let err = RwSignal::new(None::<ApiError>);
    let preview = RwSignal::new(None::<linli_contract::market::Preview>);
    let pending = Pending::new();

    let schedule = move || Schedule {
        recurrence: match kind.get_untracked().as_str() {
            "once" => Recurrence::Once,
            "monthly" => Recurrence::MonthlyNth {
                nth: nth.get_untracked().parse().unwrap_or(1),
                weekday: weekday.get_untracked(),
            },
            _ => Recurrence::Weekly {
                weekdays: vec![weekday.get_untracked()],
                every_weeks: every.get_untracked().parse().unwrap_or(0),
            },
        },
        first_date: first.get_untracked(),
        last_date: last.get_untracked(),
        start_time: start.get_untracked(),
        end_time: end.get_untracked(),
        time_zone: String::new(),
    };
    let input = move || MarketInput {
        name: name.get_untracked(),
        description: String::new(),
        venue_name: venue.get_untracked(),
        venue_address: address.get_untracked(),
        lat: lat.get_untracked().trim().parse().unwrap_or(f64::NAN),
        lng: lng.get_untracked().trim().parse().unwrap_or(f64::NAN),
        schedule: schedule(),
        stalls: stalls.get_untracked().trim().parse().unwrap_or(0),
        categories: Vec::new(),
        rules: String::new(),
        contact: String::new(),
        from_date: String::new(),
    };
    let do_preview = move |_| {
        let s = schedule();
        send(pending, boxed(async move { api::preview(&s).await }), move |r| match r {
            Ok(p) => {
                err.set(None);
                preview.set(Some(p));
            }
            Err(e) => err.set(Some(e)),
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = input();
        if let Err(first) = m.check() {
            err.set(Some(ApiError::for_field(first, i18n.lang())));
            return;
        }
        let navigate = navigate.clone();
        send(pending, boxed(async move { api::create(&m).await }), move |r| match r {
            Ok(p) => navigate(&format!("/markets/{}", p.market.id), Default::default()),
            Err(e) => err.set(Some(e)),
        });
    };
    let text = move |field: Field, zh: &'static str, en: &'static str, value: RwSignal<String>, kind: &'static str| {
        let id = field.as_str();
        view! {
            <div class="field" class:field-invalid=move || err.with(|e| e.as_ref().and_then(|e| e.field) == Some(field))>
                <label for=id>{move || i18n.lang().pick(zh, en)}</label>
                <input id=id name=id type=kind prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value())/>
            </div>
        }
    };
    let title = Signal::derive(move || i18n.lang().pick("发起市集", "Organise a market").to_string());
    view! {
        <PageHeader title_text=title back="/markets"/>
        <section class="page narrow">
            <form class="form" on:submit=submit novalidate>
                {text(Field::Name, "市集名称", "Market name", name, "text")}
                {text(Field::VenueName, "场地", "Venue", venue, "text")}
                {text(Field::VenueAddress, "地址", "Address", address, "text")}
                {text(Field::Lat, "纬度", "Latitude", lat, "text")}
                {text(Field::Lng, "经度", "Longitude", lng, "text")}
                <div class="field">
                    <label for="repeat">{move || i18n.lang().pick("重复", "Repeat")}</label>
                    <select id="repeat" on:change:target=move |ev| kind.set(ev.target().value())>
                        <option value="weekly" selected=true>{move || i18n.lang().pick("每周 / 每 n 周", "Every week / every n weeks")}</option>
                        <option value="monthly">{move || i18n.lang().pick("每月第 n 个星期几", "Monthly on the n-th weekday")}</option>
                        <option value="once">{move || i18n.lang().pick("单次", "Once")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="weekday">{move || i18n.lang().pick("星期", "Weekday")}</label>
                    <select id="weekday" on:change:target=move |ev| {
                        let i: usize = ev.target().value().parse().unwrap_or(5);
                        weekday.set(Weekday::ALL[i.min(6)]);
                    }>
                        {Weekday::ALL.into_iter().enumerate().map(|(i, d)| view! {
                            <option value=i.to_string() selected=d == Weekday::Sat>{move || d.label(i18n.lang())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || kind.get() == "weekly">
                    {text(Field::EveryWeeks, "每几周一次", "Every how many weeks", every, "number")}
                </Show>
                <Show when=move || kind.get() == "monthly">
                    <div class="field">
                        <label for="nth">{move || i18n.lang().pick("第几个", "Which one")}</label>
                        <select id="nth" on:change:target=move |ev| nth.set(ev.target().value())>
                            <option value="1">"1"</option><option value="2">"2"</option><option value="3">"3"</option>
                            <option value="4">"4"</option>
                            <option value="-1">{move || i18n.lang().pick("最后一个", "Last")}</option>
                        </select>
                    </div>
                </Show>
                {text(Field::FirstDate, "第一场日期", "First date", first, "date")}
                <Show when=move || kind.get() != "once">
                    {text(Field::LastDate, "最后日期", "Last date", last, "date")}
                </Show>
                {text(Field::StartTime, "开始时间", "Start", start, "time")}
                {text(Field::EndTime, "结束时间", "End", end, "time")}
                {text(Field::Stalls, "每场摊位数", "Stalls per date", stalls, "number")}
                <button type="button" class="button button-secondary" on:click=do_preview disabled=move || pending.get()>
                    {move || i18n.lang().pick("预览日期", "Preview dates")}
                </button>
                {move || preview.get().map(|p| view! {
                    <div class="preview" role="status">
                        <p>{match i18n.lang() { Lang::Zh => format!("共 {} 场，接下来：", p.total), Lang::En => format!("{} dates; next:", p.total) }}</p>
                        <ul>{p.dates.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                    </div>
                })}
                {move || err.get().map(|e| view! {
                    <p class="form-error" role="alert">{e.field.map(|f| format!("{f}: ")).unwrap_or_default()}{e.code.message(i18n.lang())}</p>
                })}
                <button type="submit" class="button button-block" disabled=move || pending.get()>{move || i18n.lang().pick("发布市集", "Publish the market")}</button>
            </form>
        </section>
    }
}
