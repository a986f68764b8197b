//! One trade, for its two parties: where it stands, the next step, the message thread and,
//! once completed, the ratings.

use crate::api;
use crate::components::dispute::{DisputePanel, OpenDisputeForm};
use crate::components::field::{FormError, TextArea};
use crate::components::header::PageHeader;
use crate::components::level::LevelBadge;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{date, offer_text, time_ago, tr, use_i18n, Key};
use crate::remote::{boxed, load_for_id, poll, send, show, Pending, Requests};
use crate::session::use_session;
use leptos::either::Either;
use leptos::html::Ol;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_contract::trade::{
    CancelRequest, Message, NewMessage, RatingInput, RatingTag, Side, TradeAction, TradeState, TradeView,
};
use linli_contract::{decimal, ErrorCode, Field, Validate};

#[component]
pub fn TradePage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").and_then(|v| v.parse::<i64>().ok()));
    view! {
        <PageHeader title=Key::Trade back="/me/trades"/>
        <section class="page trade-page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded/> }>
                {
                    let trade = load_for_id(api::trade);
                    let reload = Callback::new(move |_| trade.reload());
                    watch_trade(id, trade);
                    // The thread only for a trade that loaded (not polled under a 404); writable
                    // while the trade accepts messages.
                    let loaded = Memo::new(move |_| trade.data.with(|t| matches!(t, Some(Ok(_)))));
                    let can_write = Signal::derive(move || {
                        trade.data.with(|t| matches!(t, Some(Ok(t)) if t.actions.contains(&TradeAction::Message)))
                    });
                    view! {
                        {show(trade, move |t| view! { <TradeDetail trade=t reload=reload/> }.into_any())}
                        {move || id.get().filter(|_| loaded.get()).map(|id| view! { <Thread id=id can_write=can_write/> })}
                    }
                }
            </Show>
        </section>
    }
}

/// While the trade is open (the other party may still accept, decline, confirm, cancel or
/// answer a dispute), fetches it every few seconds while the page is visible and replaces what
/// is shown only when something changed: the buyer sees the seller's answer without a reload.
fn watch_trade(id: Memo<Option<i64>>, trade: crate::remote::Reloadable<TradeView>) {
    let requests = Requests::new();
    let busy = StoredValue::new(false);
    poll(5_000, move || {
        let open = trade.data.with_untracked(|t| {
            matches!(t, Some(Ok(t)) if matches!(t.state, TradeState::Requested | TradeState::Accepted | TradeState::Disputed)
                || t.actions.contains(&TradeAction::Rate) || t.ratings.as_ref().is_some_and(|r| r.theirs.is_none()))
        });
        let Some(id) = id.get_untracked().filter(|_| open && !busy.get_value()) else { return };
        busy.set_value(true);
        requests.spawn(boxed(api::trade(id)), move |fresh| {
            busy.set_value(false);
            let Ok(fresh) = fresh else { return };
            if trade.data.with_untracked(|t| !matches!(t, Some(Ok(old)) if *old == fresh)) {
                trade.data.set(Some(Ok(fresh)));
            }
        });
    });
}

#[component]
fn TradeDetail(trade: TradeView, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = StoredValue::new(trade);
    let get = move || t.get_value();
    let me_side = get().my_side;
    let other = if me_side == Side::Seller { get().buyer } else { get().seller };
    let pending = Pending::new();
    let error = RwSignal::new(None::<ErrorCode>);
    let id = get().id;
    let step = move |name: &'static str| {
        send(pending, boxed(api::trade_step(id, name)), move |r| match r {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.code)),
        });
    };
    let state = get().state;
    // Buttons come from what the server says this viewer may do now, never from a rule here.
    let can = move |a: TradeAction| get().actions.contains(&a);
    let role = move || i18n.t(if me_side == Side::Seller { Key::YouSell } else { Key::YouBuy });
    view! {
        <a class="trade-item" href=format!("/listings/{}", get().item.listing_id)>
            <img src=get().item.thumb_url alt="" width="96" height="72"/>
            <span>
                <strong>{get().item.title}</strong>
                <span class="price">{move || offer_text(&get().item.offer, i18n.lang())}</span>
            </span>
        </a>
        {(!get().swap_offer.is_empty()).then(|| view! {
            <p class="notice">{tr(Key::SwapOffered)} ": " {get().swap_offer}</p>
        })}
        <div class="trade-party">
            <span>{role} " · "</span>
            <a class="inline-link" href=format!("/users/{}", other.id)>{other.display_name.clone()}</a>
            <LevelBadge level=other.level/>
        </div>
        <Steps state=state buyer_confirmed=get().buyer_confirmed seller_confirmed=get().seller_confirmed/>
        <p class="trade-state" role="status"><strong>{move || state.label(i18n.lang())}</strong>
            {move || get().cancel_reason.map(|r| format!(" · {r}"))}
        </p>
        <div class="actions">
            {can(TradeAction::Accept).then(|| view! {
                <button type="button" class="button" disabled=move || pending.get() on:click=move |_| step("accept")>{tr(Key::Accept)}</button>
            })}
            {can(TradeAction::Decline).then(|| view! {
                <button type="button" class="button button-secondary" disabled=move || pending.get() on:click=move |_| step("decline")>{tr(Key::Decline)}</button>
            })}
            {can(TradeAction::Confirm).then(|| view! {
                <button type="button" class="button" disabled=move || pending.get() on:click=move |_| step("confirm")>
                    {tr(Key::ConfirmHandOver)}
                </button>
            })}
            {(state == TradeState::Accepted && !can(TradeAction::Confirm)).then(|| view! { <p class="muted">{tr(Key::WaitingOtherConfirm)}</p> })}
            {(state == TradeState::Requested && me_side == Side::Buyer).then(|| view! {
                <p class="muted small">{move || format!("{} {}", i18n.t(Key::ExpiresAt), date(get().expires_at, i18n.lang()))}</p>
            })}
            {get().handover_due_at.map(|due| view! {
                <p class="muted small">{move || format!("{} {}", i18n.t(Key::HandoverDue), date(due, i18n.lang()))}</p>
            })}
        </div>
        <FormError error=error/>
        {can(TradeAction::Cancel).then(|| view! { <CancelForm id=id reload=reload/> })}
        {(state == TradeState::Disputed).then(|| view! { <p class="notice badge-dispute" role="status">{tr(Key::DisputeOpenBadge)}</p> })}
        {get().dispute_id.map(|did| view! { <DisputePanel id=did on_change=reload/> })}
        {can(TradeAction::Dispute).then(|| view! { <OpenDisputeForm trade_id=id reload=reload/> })}
        {(state == TradeState::Completed).then(|| view! {
            {get().kg_co2e.map(|kg| view! { <p class="impact-note">{move || format!("{} {} kg CO₂e", i18n.t(Key::TradeAvoided), decimal::format_fixed(kg, 1))}</p> })}
            <RatingSection trade=get() reload=reload/>
        })}
    }
}

/// requested → accepted → handed over → completed, with the current step marked.
#[component]
fn Steps(state: TradeState, buyer_confirmed: bool, seller_confirmed: bool) -> impl IntoView {
    let reached = match state {
        TradeState::Requested => 0,
        TradeState::Accepted if buyer_confirmed || seller_confirmed => 2,
        TradeState::Accepted | TradeState::Disputed => 1,
        TradeState::Completed => 3,
        _ => return ().into_any(),
    };
    let steps = [Key::StepRequested, Key::StepAccepted, Key::StepHandedOver, Key::StepCompleted];
    view! {
        <ol class="steps">
            {steps.into_iter().enumerate().map(|(i, key)| view! {
                <li class:done=i <= reached aria-current=(i == reached).then_some("step")>{tr(key)}</li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn CancelForm(id: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let pending = Pending::new();
    let error = RwSignal::new(None::<ErrorCode>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(code) = linli_contract::trade::reason(&reason.get_untracked()) {
            return error.set(Some(code));
        }
        let req = CancelRequest { reason: reason.get_untracked() };
        send(pending, boxed(async move { api::cancel_trade(id, &req).await }), move |r| match r {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.code)),
        });
    };
    view! {
        <button type="button" class="link-button" aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=move |_| open.update(|o| *o = !*o)>{tr(Key::CancelTrade)}</button>
        <Show when=move || open.get()>
            <form class="form inline-form" on:submit=submit novalidate>
                <div class="field" class:field-invalid=move || error.get().is_some()>
                    <label for="cancel-reason">{tr(Key::CancelReason)}</label>
                    <input id="cancel-reason" aria-describedby="cancel-reason-error" prop:value=move || reason.get()
                        on:input:target=move |ev| reason.set(ev.target().value())/>
                    <p class="error" id="cancel-reason-error" role="alert">{move || error.get().map(|c| c.message(i18n.lang()))}</p>
                </div>
                <button type="submit" class="button button-secondary" disabled=move || pending.get()>{tr(Key::CancelTrade)}</button>
            </form>
        </Show>
    }
}

#[component]
fn RatingSection(trade: TradeView, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(r) = trade.ratings else { return ().into_any() };
    // The person this trade was with: the one "your rating" is about, and who rated you.
    let other = if trade.my_side == Side::Seller { trade.buyer.display_name } else { trade.seller.display_name };
    let theirs_note = match (&r.theirs, r.theirs_submitted) {
        (Some(_), _) => None,
        (None, true) => Some(Key::TheyRatedHidden),
        (None, false) => Some(Key::WaitingTheirRating),
    };
    view! {
        <section class="ratings" aria-labelledby="ratings-heading">
            <h2 id="ratings-heading">{tr(Key::Ratings)}</h2>
            {trade.actions.contains(&TradeAction::Rate).then(|| view! { <RatingForm id=trade.id reload=reload/> })}
            {r.mine.map(|m| {
                let name = other.clone();
                let title = Signal::derive(move || match i18n.lang() {
                    linli_contract::Lang::Zh => format!("你对 {name} 的评价"),
                    linli_contract::Lang::En => format!("Your rating of {name}"),
                });
                view! { <RatingCard rating=m heading=Key::YourRating title=title/> }
            })}
            {r.theirs.map(|t| {
                let name = other.clone();
                let title = Signal::derive(move || match i18n.lang() {
                    linli_contract::Lang::Zh => format!("{name} 对你的评价"),
                    linli_contract::Lang::En => format!("{name}'s rating of you"),
                });
                view! { <RatingCard rating=t heading=Key::TheirRating title=title/> }
            })}
            {theirs_note.map(|k| view! { <p class="muted">{move || i18n.t(k)}</p> })}
        </section>
    }
    .into_any()
}

#[component]
pub fn RatingCard(
    rating: linli_contract::trade::Rating,
    heading: Key,
    /// Names who rated whom (on a trade); without it, the heading and the rater's name.
    #[prop(optional)]
    title: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let stars = "★".repeat(rating.stars as usize) + &"☆".repeat(5 - rating.stars as usize);
    let tags = rating.tags.clone();
    view! {
        <article class="rating-card">
            <h3>{match title {
                Some(title) => Either::Left(move || title.get()),
                None => Either::Right(view! { {tr(heading)} " · " {rating.rater_name.clone()} }),
            }}</h3>
            <p class="stars" aria-label=move || stars_label(rating.stars, i18n.lang())>{stars}</p>
            <p class="small">{move || tags.iter().map(|t| t.label(i18n.lang())).collect::<Vec<_>>().join(" · ")}</p>
            {(!rating.comment.is_empty()).then(|| view! { <p>{rating.comment.clone()}</p> })}
            <p class="muted small">{move || time_ago(rating.created_at, i18n.lang())}</p>
        </article>
    }
}

#[component]
fn RatingForm(id: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let stars = RwSignal::new(0u8);
    let tags = RwSignal::new(Vec::<RatingTag>::new());
    let comment = RwSignal::new(String::new());
    let pending = Pending::new();
    let error = RwSignal::new(None::<ErrorCode>);
    let comment_error = RwSignal::new(None::<ErrorCode>);
    // An error about the comment shows at the comment; any other above the button.
    let fail = move |field: Option<Field>, code: ErrorCode| {
        let (at_comment, elsewhere) =
            if field == Some(Field::Comment) { (Some(code), None) } else { (None, Some(code)) };
        comment_error.set(at_comment);
        error.set(elsewhere);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input =
            RatingInput { stars: stars.get_untracked(), tags: tags.get_untracked(), comment: comment.get_untracked() };
        if let Err(e) = input.check() {
            return fail(Some(e.field), e.code);
        }
        send(pending, boxed(async move { api::rate(id, &input).await }), move |r| match r {
            Ok(_) => reload.run(()),
            Err(e) => fail(e.field, e.code),
        });
    };
    view! {
        <form class="form rating-form" on:submit=submit novalidate>
            <fieldset class="field">
                <legend>{tr(Key::RateThem)}</legend>
                <div class="star-choices">
                    {(1..=5u8).map(|n| view! {
                        <label class="star-choice">
                            <input type="radio" name="stars" value=n.to_string() on:change=move |_| { stars.set(n); error.set(None); }/>
                            <span aria-hidden="true">{move || if stars.get() >= n { "★" } else { "☆" }}</span>
                            <span class="visually-hidden">{move || stars_label(n, i18n.lang())}</span>
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <fieldset class="field">
                <legend>{tr(Key::RatingTags)}</legend>
                <div class="tag-choices">
                    {RatingTag::ALL.into_iter().map(|tag| view! {
                        <label class="chip-check">
                            <input type="checkbox" on:change:target=move |ev| {
                                let on = ev.target().checked();
                                tags.update(|t| { t.retain(|x| *x != tag); if on { t.push(tag); } });
                            }/>
                            <span>{move || tag.label(i18n.lang())}</span>
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <TextArea id="rating-comment" label=Key::RatingComment value=comment error=comment_error rows=3/>
            <FormError error=error/>
            <button type="submit" class="button" disabled=move || pending.get()>{tr(Key::SubmitRating)}</button>
        </form>
    }
}

/// The message thread, newest at the bottom, checked for new messages every few seconds.
#[component]
fn Thread(id: i64, can_write: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.me().map(|m| m.id).unwrap_or(0);
    let messages = RwSignal::new(Vec::<Message>::new());
    let draft = RwSignal::new(String::new());
    let pending = Pending::new();
    let error = RwSignal::new(None::<ErrorCode>);
    let list = NodeRef::<Ol>::new();
    let fetching = StoredValue::new(false);
    // The newest message fetched by polling. Not the newest shown: one's own message, shown on
    // sending, may be newer than the other side's not yet fetched.
    let polled = StoredValue::new(0);
    let requests = Requests::new();
    poll(5_000, move || {
        if fetching.get_value() {
            return;
        }
        fetching.set_value(true);
        requests.spawn(boxed(api::messages(id, polled.get_value())), move |new| {
            fetching.set_value(false);
            let Ok(new) = new else { return };
            if let Some(last) = new.iter().map(|m| m.id).max() {
                polled.set_value(last);
                // Skip what is already shown (a message sent meanwhile was added on sending).
                messages.update(|m| {
                    let unseen: Vec<Message> = new.into_iter().filter(|n| !m.iter().any(|x| x.id == n.id)).collect();
                    m.extend(unseen);
                    m.sort_by_key(|x| x.id);
                });
                session.refresh_unread();
            }
        });
    });
    // Keep the newest message in view.
    Effect::new(move |_| {
        messages.track();
        if let Some(el) = list.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    let send_message = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = draft.get_untracked();
        if let Err(code) = linli_contract::trade::message(&body) {
            return error.set(Some(code));
        }
        let msg = NewMessage { body };
        send(pending, boxed(async move { api::send_message(id, &msg).await }), move |r| match r {
            Ok(m) => {
                error.set(None);
                draft.set(String::new());
                messages.update(|v| {
                    if !v.iter().any(|x| x.id == m.id) {
                        v.push(m);
                    }
                });
            }
            // What was typed stays in the box.
            Err(e) => error.set(Some(e.code)),
        });
    };
    view! {
        <section class="thread" aria-labelledby="thread-heading">
            <h2 id="thread-heading">{tr(Key::Messages)}</h2>
            <ol class="messages" node_ref=list aria-live="polite">
                <For each=move || messages.get() key=|m| m.id let:m>
                    <li class="message" class:mine=m.sender_id == me>
                        <p>{m.body.clone()}</p>
                        <span class="muted small">{move || time_ago(m.created_at, i18n.lang())}</span>
                    </li>
                </For>
            </ol>
            <Show when=move || can_write.get() fallback=|| view! { <p class="muted small">{tr(Key::ThreadClosed)}</p> }>
                <form class="compose" on:submit=send_message novalidate>
                    <label for="message" class="visually-hidden">{tr(Key::Message)}</label>
                    <textarea id="message" rows="2" placeholder=tr(Key::MessagePlaceholder) aria-describedby="message-error"
                        prop:value=move || draft.get() on:input:target=move |ev| draft.set(ev.target().value())></textarea>
                    <button type="submit" class="button" disabled=move || pending.get()>{tr(Key::Send)}</button>
                </form>
                <p class="error" id="message-error" role="alert">{move || error.get().map(|c| c.message(i18n.lang()))}</p>
            </Show>
        </section>
    }
}

/// "4 星" / "4 stars", "1 star".
fn stars_label(n: u8, lang: linli_contract::Lang) -> String {
    match (lang, n) {
        (linli_contract::Lang::Zh, n) => format!("{n} 星"),
        (linli_contract::Lang::En, 1) => "1 star".into(),
        (linli_contract::Lang::En, n) => format!("{n} stars"),
    }
}
