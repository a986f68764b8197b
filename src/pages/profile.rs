//! A trader's public profile: credit level and score, why, visible ratings, green impact.

use crate::api;
use crate::components::field::{FormError, TextArea};
use crate::components::header::PageHeader;
use crate::components::level::LevelBadge;
use crate::components::trust_seed::TrustSeedControl;
use crate::i18n::{date, error_text, tr, use_i18n, Key};
use crate::pages::trade::RatingCard;
use crate::remote::{boxed, load_for_id, send, show, Pending};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::Role;
use linli_contract::decimal;
use linli_contract::listing::ReportReason;
use linli_contract::moderation::UserReportInput;
use linli_contract::trade::Profile;
use linli_contract::{ErrorCode, Field};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = load_for_id(api::profile);
    view! {
        <PageHeader title=Key::Profile back="/"/>
        <section class="page">
            {show(profile, |p| view! { <ProfileView profile=p/> }.into_any())}
        </section>
    }
}

#[component]
fn ProfileView(profile: Profile) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let p = StoredValue::new(profile);
    let get = move || p.get_value();
    let credit = get().credit;
    let initial: String = get().display_name.chars().take(1).collect();
    view! {
        <div class="profile-card">
            <div class="avatar" aria-hidden="true">{initial}</div>
            <div>
                <h2 class="profile-name">{get().display_name}</h2>
                <p><LevelBadge level=credit.level/> " "
                    <span class="score">{move || format!("{} {}", i18n.t(Key::CreditScore), decimal::format_fixed(get().credit.score, 1))}</span>
                </p>
            </div>
        </div>
        <dl class="facts">
            <div><dt>{tr(Key::CompletedTrades)}</dt><dd>{credit.completed_trades}</dd></div>
            <div><dt>{tr(Key::DistinctCounterparties)}</dt><dd>{credit.distinct_counterparties}</dd></div>
            <div><dt>{tr(Key::MemberSince)}</dt><dd>{move || date(get().member_since, i18n.lang())}</dd></div>
            <div><dt>{tr(Key::CarbonAvoided)}</dt><dd>{move || format!("{} kg CO₂e", decimal::format_fixed(get().impact.kg_co2e, 1))}</dd></div>
            <div><dt>{tr(Key::GreenPoints)}</dt><dd>{get().impact.points}</dd></div>
        </dl>
        <section class="why" aria-labelledby="why-heading">
            <h2 id="why-heading">{tr(Key::WhyThisScore)}</h2>
            <ul>
                {move || get().credit.factors.iter().map(|f| view! { <li>{f.text(i18n.lang())}</li> }).collect_view()}
            </ul>
            <p class="muted small">{tr(Key::ScoreExplained)}</p>
        </section>
        {move || session.me().filter(|me| me.has_role(Role::Moderator)).map(|_| view! { <TrustSeedControl user_id=get().id/> })}
        {move || session.me().filter(|me| me.id != get().id).map(|_| view! { <ReportUser user_id=get().id/> })}
        <section aria-labelledby="received-heading">
            <h2 id="received-heading">{tr(Key::RatingsReceived)}</h2>
            {if get().ratings.is_empty() {
                view! { <p class="muted">{tr(Key::NoRatingsYet)}</p> }.into_any()
            } else {
                get().ratings.into_iter().map(|r| view! { <RatingCard rating=r heading=Key::RatingFrom/> }).collect_view().into_any()
            }}
        </section>
    }
}

/// A signed-in resident reports this account (not their own): a reason and an optional note.
/// The note is kept while the form is open, whatever the server answers.
#[component]
fn ReportUser(user_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(None::<ReportReason>);
    let note = RwSignal::new(String::new());
    let pending = Pending::new();
    let reason_error = RwSignal::new(None::<ErrorCode>);
    let note_error = RwSignal::new(None::<ErrorCode>);
    let error = RwSignal::new(None::<ErrorCode>);
    let receipt = RwSignal::new(None::<bool>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(r) = reason.get_untracked() else {
            reason_error.set(Some(ErrorCode::Required));
            return;
        };
        reason_error.set(None);
        if let Err(code) = linli_contract::listing::report_note(&note.get_untracked()) {
            note_error.set(Some(code));
            return crate::components::field::focus("user-report-note");
        }
        note_error.set(None);
        let input = UserReportInput { reason: r, note: note.get_untracked() };
        send(pending, boxed(async move { api::report_user(user_id, &input).await }), move |res| match res {
            Ok(rc) => {
                error.set(None);
                receipt.set(Some(rc.already_reported));
            }
            Err(e) if e.field == Some(Field::Note) => note_error.set(Some(e.code)),
            Err(e) if e.field == Some(Field::Reason) => reason_error.set(Some(e.code)),
            Err(e) => error.set(Some(e.code)),
        });
    };
    view! {
        <section class="report-user">
            <button type="button" class="button button-secondary" aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="user-report-form" on:click=move |_| open.update(|o| *o = !*o)>{tr(Key::ReportUser)}</button>
            <Show when=move || open.get()>
                <form id="user-report-form" class="form report-form" on:submit=submit novalidate>
                    {move || match receipt.get() {
                        Some(already) => view! {
                            <p class="notice" role="status">{move || i18n.t(if already { Key::AlreadyReported } else { Key::ReportReceived })}</p>
                        }.into_any(),
                        None => view! {
                            <fieldset class="field" class:field-invalid=move || reason_error.get().is_some()
                                aria-describedby="user-report-reason-error">
                                <legend>{tr(Key::ReportReason)}</legend>
                                <div class="choices">
                                    {ReportReason::ALL.iter().map(|&r| view! {
                                        <label class="choice">
                                            <input type="radio" name="user-report-reason" prop:checked=move || reason.get() == Some(r)
                                                on:change=move |_| { reason.set(Some(r)); reason_error.set(None); }/>
                                            <span>{move || r.label(i18n.lang())}</span>
                                        </label>
                                    }).collect_view()}
                                </div>
                                <p class="error" id="user-report-reason-error" role="alert" aria-live="polite">{error_text(reason_error.into())}</p>
                            </fieldset>
                            <TextArea id="user-report-note" label=Key::ReportNote value=note error=note_error rows=3/>
                            <FormError error=error/>
                            <button type="submit" class="button" disabled=move || pending.get()>{tr(Key::SendReport)}</button>
                        }.into_any(),
                    }}
                </form>
            </Show>
        </section>
    }
}
