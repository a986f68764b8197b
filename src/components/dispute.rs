//! A trade's dispute (纠纷): the form to open one (reason, description, up to 6 photos), and
//! the dispute as its parties and moderators see it: state, deadline, thread with photos,
//! the decision with its reason, and the forms the server's `actions` allow (answer, message,
//! decide).

use crate::api;
use crate::components::field::{FormError, SelectField, TextArea};
use crate::components::photo_picker::{done, uploading, PhotoPicker, Slot};
use crate::i18n::{date, tr, use_i18n, Key};
use crate::remote::{boxed, send, show, Pending, Reloadable};
use leptos::prelude::*;
use linli_contract::dispute::{
    DecideInput, DisputeAction, DisputePostInput, DisputeReason, DisputeState, DisputeView, NewDispute, Outcome,
    PHOTOS_MAX,
};
use linli_contract::{ErrorCode, Validate};

/// The form that opens a dispute on a trade.
#[component]
pub fn OpenDisputeForm(trade_id: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(DisputeReason::NotAsDescribed.key().to_string());
    let description = RwSignal::new(String::new());
    let slots = RwSignal::new(Vec::<Slot>::new());
    let error = RwSignal::new(None::<ErrorCode>);
    let photo_error = RwSignal::new(None::<ErrorCode>);
    let pending = Pending::new();
    let options = Signal::derive(move || {
        let lang = i18n.lang();
        DisputeReason::ALL.iter().map(|r| (r.key().to_string(), r.label(lang).to_string())).collect::<Vec<_>>()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if slots.with_untracked(|s| uploading(s)) {
            return error.set(Some(ErrorCode::PhotosUploading));
        }
        let input = NewDispute {
            reason: DisputeReason::parse(&reason.get_untracked()).unwrap_or(DisputeReason::Other),
            description: description.get_untracked(),
            photos: slots.with_untracked(|s| done(s)).into_iter().map(|p| p.key).collect(),
        };
        if let Err(e) = input.check() {
            return error.set(Some(e.code));
        }
        send(pending, boxed(async move { api::open_dispute(trade_id, &input).await }), move |r| match r {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.code)),
        });
    };
    view! {
        <button type="button" class="link-button" aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=move |_| open.update(|o| *o = !*o)>{tr(Key::OpenDispute)}</button>
        <Show when=move || open.get()>
            <form class="form dispute-form" on:submit=submit novalidate>
                <SelectField id="dispute-reason" label=Key::DisputeReasonLabel value=reason error=Signal::derive(|| None) options=options/>
                <TextArea id="dispute-description" label=Key::DisputeDescription value=description error=error rows=4/>
                <PhotoPicker slots=slots error=photo_error set_error=Callback::new(move |c| photo_error.set(c)) max=PHOTOS_MAX hint=Key::EvidencePhotosHint/>
                <FormError error=error/>
                <button type="submit" class="button" disabled=move || pending.get()>{tr(Key::SubmitDispute)}</button>
            </form>
        </Show>
    }
}

/// The dispute, loaded by id (trade page and the moderators' detail page).
#[component]
pub fn DisputePanel(id: i64, #[prop(optional)] on_change: Option<Callback<()>>) -> impl IntoView {
    let data = Reloadable::new(move || boxed(api::dispute(id)));
    let changed = Callback::new(move |_| {
        data.reload();
        if let Some(cb) = on_change {
            cb.run(());
        }
    });
    view! {
        <section class="dispute" aria-labelledby="dispute-heading">
            {show(data, move |d| view! { <DisputeDetail dispute=d changed=changed/> }.into_any())}
        </section>
    }
}

#[component]
fn DisputeDetail(dispute: DisputeView, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let d = StoredValue::new(dispute);
    let get = move || d.get_value();
    let can = move |a: DisputeAction| get().actions.contains(&a);
    let open = get().decision.is_none();
    view! {
        <h2 id="dispute-heading">{tr(Key::DisputeHeading)} " · " {move || get().reason.label(i18n.lang())}</h2>
        <p class="dispute-state" role="status" data-state=get().state.key()>
            <strong>{move || get().state.label(i18n.lang())}</strong>
        </p>
        <p class="muted small">{move || format!("{} {}", i18n.t(Key::FiledAt), date(get().filed_at, i18n.lang()))}</p>
        {(open && get().state == DisputeState::AwaitingAnswer).then(|| view! {
            <p class="muted small">{move || format!("{} {}", i18n.t(Key::AnswerDue), date(get().answer_due_at, i18n.lang()))}</p>
        })}
        {get().decision.map(|dec| {
            let outcome = dec.outcome;
            view! {
                <div class="notice dispute-decision">
                    <h3>{tr(Key::DecisionHeading)}</h3>
                    <p><strong class="dispute-outcome">{move || outcome.label(i18n.lang())}</strong></p>
                    <p class="dispute-decision-reason">{dec.reason.clone()}</p>
                    <p class="muted small">{move || date(dec.decided_at, i18n.lang())}</p>
                </div>
            }
        })}
        <ol class="dispute-thread">
            {get().posts.into_iter().map(|p| {
                let kind = p.kind;
                view! {
                    <li class="dispute-post">
                        <p class="small muted">{p.author_name.clone()} " · " {move || kind.label(i18n.lang())} " · " {move || date(p.created_at, i18n.lang())}</p>
                        <p>{p.body.clone()}</p>
                        <div class="dispute-photos">
                            {p.photos.into_iter().map(|ph| view! {
                                <a href=ph.url.clone()><img src=ph.thumb_url.clone() alt="" width="96" height="72" loading="lazy"/></a>
                            }).collect_view()}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
        {can(DisputeAction::Answer).then(|| view! { <PostForm id=get().id kind="answer" label=Key::YourAnswer submit=Key::AnswerDispute photos=true changed=changed/> })}
        {can(DisputeAction::Message).then(|| view! { <PostForm id=get().id kind="messages" label=Key::AddMessage submit=Key::Send photos=false changed=changed/> })}
        {can(DisputeAction::Decide).then(|| view! { <DecideForm id=get().id changed=changed/> })}
    }
}

#[component]
fn PostForm(
    id: i64,
    kind: &'static str,
    label: Key,
    submit: Key,
    photos: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let slots = RwSignal::new(Vec::<Slot>::new());
    let error = RwSignal::new(None::<ErrorCode>);
    let photo_error = RwSignal::new(None::<ErrorCode>);
    let pending = Pending::new();
    let field_id = if kind == "answer" { "dispute-answer" } else { "dispute-message" };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if slots.with_untracked(|s| uploading(s)) {
            return error.set(Some(ErrorCode::PhotosUploading));
        }
        let input = DisputePostInput {
            body: body.get_untracked(),
            photos: slots.with_untracked(|s| done(s)).into_iter().map(|p| p.key).collect(),
        };
        if let Err(e) = input.check() {
            return error.set(Some(e.code));
        }
        send(pending, boxed(async move { api::dispute_post(id, kind, &input).await }), move |r| match r {
            Ok(_) => {
                body.set(String::new());
                slots.set(Vec::new());
                error.set(None);
                changed.run(());
            }
            Err(e) => error.set(Some(e.code)),
        });
    };
    view! {
        <form class="form inline-form" on:submit=on_submit novalidate>
            <TextArea id=field_id label=label value=body error=error rows=3/>
            {photos.then(|| view! {
                <PhotoPicker slots=slots error=photo_error set_error=Callback::new(move |c| photo_error.set(c)) max=PHOTOS_MAX hint=Key::EvidencePhotosHint/>
            })}
            <button type="submit" class="button" disabled=move || pending.get()>{tr(submit)}</button>
        </form>
    }
}

#[component]
fn DecideForm(id: i64, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(Outcome::FavourBuyer.key().to_string());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ErrorCode>);
    let pending = Pending::new();
    let options = Signal::derive(move || {
        let lang = i18n.lang();
        Outcome::ALL.iter().map(|o| (o.key().to_string(), o.label(lang).to_string())).collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = DecideInput {
            outcome: Outcome::parse(&outcome.get_untracked()).unwrap_or(Outcome::Dismissed),
            reason: reason.get_untracked(),
        };
        if let Err(e) = input.check() {
            return error.set(Some(e.code));
        }
        send(pending, boxed(async move { api::decide_dispute(id, &input).await }), move |r| match r {
            Ok(_) => changed.run(()),
            Err(e) => error.set(Some(e.code)),
        });
    };
    view! {
        <form class="form decide-form" on:submit=on_submit novalidate>
            <h3>{tr(Key::DecideDispute)}</h3>
            <SelectField id="decide-outcome" label=Key::OutcomeLabel value=outcome error=Signal::derive(|| None) options=options/>
            <TextArea id="decide-reason" label=Key::DecisionReason value=reason error=error rows=3/>
            <button type="submit" class="button" disabled=move || pending.get()>{tr(Key::DecideDispute)}</button>
        </form>
    }
}
