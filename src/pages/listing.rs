//! One listing: photo gallery (swipe on touch), every field, the seller, favourite and report;
//! for its owner, edit, withdraw and re-list.

use crate::api;
use crate::components::field::{FormError, TextArea};
use crate::components::header::PageHeader;
use crate::components::level::LevelBadge;
use crate::i18n::{date, time_ago, tr, use_i18n, Key};
use crate::remote::{boxed, load, load_for_id, send, show, Pending};
use crate::session::use_session;
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use linli_contract::listing::{ListingAction, ListingDetail, Photo, ReportInput, ReportReason, Review, Status};
use linli_contract::{ErrorCode, Field};

#[component]
pub fn ListingPage() -> impl IntoView {
    let i18n = use_i18n();
    let listing = load_for_id(api::listing);
    // The server's pre-render of this page goes once this one shows the listing (or cannot).
    crate::first_screen::hand_over_when(move || listing.data.with(Option::is_some), || {});
    let title = Signal::derive(move || match listing.data.get() {
        Some(Ok(l)) => l.title,
        _ => i18n.t(Key::ListingTitle).to_string(),
    });
    view! {
        <PageHeader title_text=title back="/"/>
        <section class="page listing-page">
            {show(listing, move |l| view! { <Detail listing=l reload=Callback::new(move |_| listing.reload())/> }.into_any())}
        </section>
    }
}

#[component]
fn Detail(listing: ListingDetail, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let l = StoredValue::new(listing);
    let get = move || l.get_value();
    let status = get().status;
    let is_owner = get().is_owner;
    view! {
        // Photos, status and head: the renderer the server's pre-render of this page shares
        // (linli-markup), so the app takes that copy over without a jump.
        <Gallery photos=get().photos title=get().title/>
        {(status != Status::Active || get().hidden).then(|| view! {
            <p class="notice status-notice" role="status"
                inner_html=move || linli_markup::status_notice_html(&get(), i18n.lang()).unwrap_or_default()></p>
        })}
        <div class="detail-head" inner_html=move || linli_markup::detail_head_html(&get(), i18n.lang())></div>
        {(!get().description.is_empty()).then(|| view! { <p class="description">{get().description}</p> })}
        <dl class="facts">
            <div>
                <dt>{tr(Key::Community)}</dt>
                <dd>
                    <a class="inline-link" href=format!("/communities/{}", get().community.id)>
                        {move || get().community.full_name(i18n.lang())}
                    </a>
                </dd>
            </div>
            {(!get().pickup_note.is_empty()).then(|| view! {
                <div><dt>{tr(Key::PickupNote)}</dt><dd>{get().pickup_note}</dd></div>
            })}
            <div>
                <dt>{tr(Key::Posted)}</dt>
                <dd>{move || time_ago(get().created_at, i18n.lang())}</dd>
            </div>
        </dl>
        <a class="seller-card" href=format!("/users/{}", get().seller.id)>
            <div class="avatar avatar-small" aria-hidden="true">{get().seller.display_name.chars().take(1).collect::<String>()}</div>
            <div>
                <p class="seller-name">{get().seller.display_name} " " <LevelBadge level=get().seller.level/></p>
                <p class="small muted">
                    {move || format!("{} {}", i18n.t(Key::MemberSince), date(get().seller.member_since, i18n.lang()))}
                </p>
            </div>
        </a>
        {if is_owner {
            view! { <OwnerActions listing=get() reload=reload/> }.into_any()
        } else {
            view! { <VisitorActions listing=get()/> }.into_any()
        }}
    }
}

/// Photos side by side with scroll snapping: swipe on a phone, arrows or keys elsewhere.
#[component]
fn Gallery(photos: Vec<Photo>, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let count = photos.len();
    let current = RwSignal::new(0usize);
    let strip = NodeRef::<Div>::new();
    let scroll_to = move |i: usize| {
        if let Some(el) = strip.get_untracked() {
            let width = el.client_width() as f64;
            el.set_scroll_left((i as f64 * width) as i32);
        }
    };
    let on_scroll = move |_| {
        if let Some(el) = strip.get_untracked() {
            let width = el.client_width().max(1) as f64;
            current.set((el.scroll_left() as f64 / width).round() as usize);
        }
    };
    view! {
        <div class="gallery">
            <div class="gallery-strip" node_ref=strip on:scroll=on_scroll tabindex="0"
                aria-label=move || format!("{} ({count})", i18n.t(Key::Photos))
                inner_html=linli_markup::gallery_photos_html(&photos, &title)>
            </div>
            {(count > 1).then(|| view! {
                <button type="button" class="gallery-nav gallery-prev" aria-label=tr(Key::PreviousPhoto)
                    on:click=move |_| scroll_to(current.get_untracked().saturating_sub(1))>"‹"</button>
                <button type="button" class="gallery-nav gallery-next" aria-label=tr(Key::NextPhoto)
                    on:click=move |_| scroll_to((current.get_untracked() + 1).min(count - 1))>"›"</button>
                <p class="gallery-count" aria-live="polite">{move || format!("{} / {count}", current.get() + 1)}</p>
            })}
        </div>
    }
}

#[component]
fn OwnerActions(listing: ListingDetail, reload: Callback<()>) -> impl IntoView {
    let pending = Pending::new();
    let error = RwSignal::new(None::<ErrorCode>);
    let id = listing.id;
    let change = move |action: &'static str| {
        send(pending, boxed(api::change_listing(id, action)), move |r| match r {
            Ok(_) => {
                crate::pages::browse::forget_kept();
                reload.run(());
            }
            Err(e) => error.set(Some(e.code)),
        });
    };
    // Buttons come from what the server says the owner may do now.
    let can = |a: ListingAction| listing.actions.contains(&a);
    let session = use_session();
    // The note's draft belongs to the signed-in account: the panel waits until the session
    // knows who that is (the listing can arrive first).
    let reviewed = listing.hidden.then(|| listing.clone());
    let review_panel = move || {
        let listing = reviewed.clone().filter(|_| session.known())?;
        Some(view! { <ReviewPanel listing=listing reload=reload/> })
    };
    view! {
        {review_panel}
        <div class="actions">
            {can(ListingAction::Edit).then(|| view! { <a class="button" href=format!("/listings/{id}/edit")>{tr(Key::Edit)}</a> })}
            {can(ListingAction::Withdraw).then(|| view! {
                <button type="button" class="button button-secondary" disabled=move || pending.get()
                    on:click=move |_| change("withdraw")>{tr(Key::Withdraw)}</button>
            })}
            {can(ListingAction::Relist).then(|| view! {
                <button type="button" class="button button-secondary" disabled=move || pending.get()
                    on:click=move |_| change("relist")>{tr(Key::Relist)}</button>
            })}
        </div>
        <FormError error=error/>
        <Requests id=id/>
    }
}

/// For the owner of a listing a moderator hid: where the review stands (the moderator's answer
/// when they kept it hidden) and, once per hide, asking for a review with a note. The note is
/// drafted in local storage, so a failed request loses nothing.
#[component]
fn ReviewPanel(listing: ListingDetail, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = listing.id;
    let draft_key = format!("review.{id}");
    let note = RwSignal::new(crate::draft::load::<String>(&draft_key).unwrap_or_default());
    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| crate::draft::save(&draft_key, &note.get()));
    }
    let open = RwSignal::new(false);
    let pending = Pending::new();
    let note_error = RwSignal::new(None::<ErrorCode>);
    let error = RwSignal::new(None::<ErrorCode>);
    let can_ask = listing.actions.contains(&ListingAction::AskReview);
    let review = listing.review.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(code) = linli_contract::listing::review_note(&note.get_untracked()) {
            note_error.set(Some(code));
            return crate::components::field::focus("review-note");
        }
        note_error.set(None);
        let input = linli_contract::listing::ReviewInput { note: note.get_untracked() };
        let draft_key = draft_key.clone();
        send(pending, boxed(async move { api::ask_review(id, &input).await }), move |r| match r {
            Ok(_) => {
                crate::draft::clear(&draft_key);
                reload.run(());
            }
            Err(e) if e.field == Some(Field::Note) => note_error.set(Some(e.code)),
            Err(e) => error.set(Some(e.code)),
        });
    };
    view! {
        <section class="review-panel" aria-labelledby="review-heading">
            <h2 id="review-heading">{tr(Key::HiddenByModerator)}</h2>
            {review.clone().filter(|r| r.state != Review::NotAsked).map(|r| {
                let state = r.state;
                view! {
                    <p class="notice" role="status"><strong>{move || state.label(i18n.lang())}</strong></p>
                    {(!r.note.is_empty()).then(|| view! { <p class="small">{tr(Key::ReviewNote)} ": " {r.note.clone()}</p> })}
                    {r.answer.clone().map(|a| view! { <p class="small">{tr(Key::ReviewAnswer)} ": " {a}</p> })}
                }
            })}
            {can_ask.then(|| view! {
                <p class="small muted">{tr(Key::AskReviewHint)}</p>
                <button type="button" class="button button-secondary" aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="review-form" on:click=move |_| open.update(|o| *o = !*o)>{tr(Key::AskReview)}</button>
                <Show when=move || open.get()>
                    <form id="review-form" class="form" on:submit=submit.clone() novalidate>
                        <TextArea id="review-note" label=Key::ReviewNote hint=Key::ReviewNoteHint value=note error=note_error rows=3/>
                        <FormError error=error/>
                        <button type="submit" class="button" disabled=move || pending.get()>{tr(Key::SendReviewRequest)}</button>
                    </form>
                </Show>
            })}
        </section>
    }
}

/// The owner's list of people who asked for the item, each leading to its trade.
#[component]
fn Requests(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let list = load(move || boxed(api::listing_trades(id)));
    view! {
        {move || match list.get() {
            Some(Ok(trades)) if !trades.is_empty() => view! {
                <section class="requests" aria-labelledby="requests-heading">
                    <h2 id="requests-heading">{tr(Key::Requests)}</h2>
                    <ul class="link-list">
                        {trades.into_iter().map(|t| view! {
                            <li>
                                <a class="list-link" href=format!("/trades/{}", t.id)>
                                    {t.counterpart.display_name.clone()} " · " {move || t.state.label(i18n.lang())}
                                    {t.needs_action.then(|| view! { <span class="badge badge-action">{tr(Key::YourTurn)}</span> })}
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }.into_any(),
            _ => ().into_any(),
        }}
    }
}

#[component]
fn VisitorActions(listing: ListingDetail) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let id = listing.id;
    let favourite = RwSignal::new(listing.is_favourite);
    let count = RwSignal::new(listing.favourite_count);
    let pending = Pending::new();
    let error = RwSignal::new(None::<ErrorCode>);
    let reporting = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let available = listing.actions.contains(&ListingAction::Request);
    let reserved = listing.status == Status::Reserved;
    let swap = matches!(listing.offer, linli_contract::listing::Offer::Swap { .. });
    // Whether a tap may go on: yes when signed in; a visitor is sent to log in first. A tap
    // before the session is known (its first answer is on its way) does neither, so a
    // signed-in resident is never sent to the log-in page.
    let signed_in = move || {
        if session.me().is_some() {
            return true;
        }
        if session.known() {
            navigate(&format!("/login?next=/listings/{id}"), Default::default());
        }
        false
    };
    let toggle = {
        let signed_in = signed_in.clone();
        move |_| {
            if !signed_in() {
                return;
            }
            let on = !favourite.get_untracked();
            send(pending, boxed(api::set_favourite(id, on)), move |r| match r {
                Ok(state) => {
                    favourite.set(state.favourite);
                    count.set(state.count);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.code)),
            });
        }
    };
    let want_label = if swap { Key::OfferSwap } else { Key::IWantIt };
    view! {
        {listing.my_trade.map(|trade| view! {
            <a class="button button-block" href=format!("/trades/{trade}")>{tr(Key::SeeMyRequest)}</a>
        })}
        {available.then(|| view! {
            {reserved.then(|| view! { <p class="notice">{tr(Key::ReservedQueue)}</p> })}
            <button type="button" class="button button-block want" aria-expanded=move || if asking.get() { "true" } else { "false" }
                on:click={
                    let signed_in = signed_in.clone();
                    move |_| if signed_in() { asking.update(|a| *a = !*a) }
                }>
                {tr(want_label)}
            </button>
            <Show when=move || asking.get()>
                <RequestForm id=id swap=swap/>
            </Show>
        })}
        <div class="actions">
            <button type="button" class="button button-secondary favourite" aria-pressed=move || if favourite.get() { "true" } else { "false" }
                disabled=move || pending.get() on:click=toggle>
                <span aria-hidden="true">{move || if favourite.get() { "♥" } else { "♡" }}</span>
                {move || i18n.t(if favourite.get() { Key::Favourited } else { Key::Favourite })}
                <span class="count">{move || count.get()}</span>
            </button>
            <button type="button" class="button button-secondary" aria-expanded=move || if reporting.get() { "true" } else { "false" }
                aria-controls="report-form"
                on:click=move |_| if signed_in() { reporting.update(|r| *r = !*r) }>
                {tr(Key::Report)}
            </button>
        </div>
        <FormError error=error/>
        <Show when=move || reporting.get()>
            <ReportForm id=id/>
        </Show>
    }
}

/// "I want it" / "Offer a swap": a first message, and for swaps what is offered.
#[component]
fn RequestForm(id: i64, swap: bool) -> impl IntoView {
    let navigate = use_navigate();
    let message = RwSignal::new(String::new());
    let offer = RwSignal::new(String::new());
    let pending = Pending::new();
    let errors = crate::components::field::FieldErrors::new();
    let form_error = RwSignal::new(None::<ErrorCode>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req =
            linli_contract::trade::TradeRequest { message: message.get_untracked(), swap_offer: offer.get_untracked() };
        if let Err(e) = linli_contract::trade::request(&req, swap) {
            errors.set_all(vec![e]);
            return crate::components::field::focus(e.field.as_str());
        }
        errors.set_all(Vec::new());
        let navigate = navigate.clone();
        send(pending, boxed(async move { api::request_trade(id, &req).await }), move |r| match r {
            Ok(trade) => navigate(&format!("/trades/{}", trade.id), Default::default()),
            Err(e) => match e.field {
                Some(field @ (Field::SwapOffer | Field::Message)) => errors.set(field, Some(e.code)),
                _ => form_error.set(Some(e.code)),
            },
        });
    };
    view! {
        <form class="form request-form" on:submit=submit novalidate>
            {swap.then(|| view! {
                <crate::components::field::TextField id="swap_offer" label=Key::SwapOffer hint=Key::SwapOfferHint
                    value=offer error=errors.of(Field::SwapOffer)/>
            })}
            <TextArea id="message" label=Key::FirstMessage hint=Key::FirstMessageHint
                value=message error=errors.of(Field::Message) rows=3/>
            <FormError error=form_error/>
            <button type="submit" class="button" disabled=move || pending.get()>{tr(Key::SendRequest)}</button>
        </form>
    }
}

#[component]
fn ReportForm(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(None::<ReportReason>);
    let note = RwSignal::new(String::new());
    let pending = Pending::new();
    let error = RwSignal::new(None::<ErrorCode>);
    let note_error = RwSignal::new(None::<ErrorCode>);
    let receipt = RwSignal::new(None::<bool>);
    // An error about the note shows at the note; any other above the button.
    let fail = move |field: Option<Field>, code: ErrorCode| {
        let (at_note, elsewhere) = if field == Some(Field::Note) { (Some(code), None) } else { (None, Some(code)) };
        note_error.set(at_note);
        error.set(elsewhere);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(reason) = reason.get_untracked() else {
            return fail(Some(Field::Reason), ErrorCode::Required);
        };
        if let Err(code) = linli_contract::listing::report_note(&note.get_untracked()) {
            return fail(Some(Field::Note), code);
        }
        let input = ReportInput { reason, note: note.get_untracked() };
        send(pending, boxed(async move { api::report(id, &input).await }), move |r| match r {
            Ok(receipt_) => {
                error.set(None);
                receipt.set(Some(receipt_.already_reported));
            }
            Err(e) => fail(e.field, e.code),
        });
    };
    view! {
        <form id="report-form" class="form report-form" on:submit=on_submit novalidate>
            {move || match receipt.get() {
                Some(already) => view! {
                    <p class="notice" role="status">{move || i18n.t(if already { Key::AlreadyReported } else { Key::ReportReceived })}</p>
                }.into_any(),
                None => view! {
                    <fieldset class="field">
                        <legend>{tr(Key::ReportReason)}</legend>
                        <div class="choices">
                            {ReportReason::ALL.iter().map(|&r| view! {
                                <label class="choice">
                                    <input type="radio" name="report-reason" on:change=move |_| reason.set(Some(r))/>
                                    <span>{move || r.label(i18n.lang())}</span>
                                </label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <TextArea id="report-note" label=Key::ReportNote value=note error=note_error rows=3/>
                    <FormError error=error/>
                    <button type="submit" class="button" disabled=move || pending.get()>{tr(Key::SendReport)}</button>
                }.into_any(),
            }}
        </form>
    }
}
