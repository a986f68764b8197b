//! The Moderation area (moderators only): the dispute queue (oldest first, with deadlines and
//! whether the other side answered), each dispute with its decide form, the reports queue
//! grouped per target with its actions, suspensions, the audit log, and role management.

use crate::api;
use crate::components::dispute::DisputePanel;
use crate::components::field::FormError;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{date, tr, use_i18n, Key};
use crate::remote::{boxed, send, show, Pending, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_contract::auth::Role;
use linli_contract::moderation::{ReasonInput, ReportGroup, ReportTarget, SuspendInput};
use linli_contract::ErrorCode;

/// Only moderators see the content; everyone else a notice (the server refuses them anyway).
fn moderators_only(next: &'static str, content: impl Fn() -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    move || match session.me() {
        None => view! { <SignInNeeded next=next/> }.into_any(),
        Some(me) if !me.has_role(Role::Moderator) => {
            view! { <p class="notice">{i18n.t(Key::ModeratorsOnly)}</p> }.into_any()
        }
        Some(_) => content(),
    }
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    view! {
        <PageHeader title=Key::Moderation back="/me"/>
        <section class="page moderation">
            {moderators_only("/moderation", || view! {
                <nav class="link-list"><a class="list-link" href="/admin/users">{tr(Key::ManageRoles)}</a></nav>
                <DisputeQueue/>
                <ReportsQueue/>
                <SuspensionList/>
                <AuditLog/>
            }.into_any())}
        </section>
    }
}

#[component]
pub fn ModerationDisputePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").and_then(|v| v.parse::<i64>().ok()));
    view! {
        <PageHeader title=Key::DisputeHeading back="/moderation"/>
        <section class="page moderation">
            {moderators_only("/moderation", move || match id.get() {
                Some(id) => view! { <DisputePanel id=id/> }.into_any(),
                None => view! { <p class="notice">{tr(Key::NothingHere)}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn DisputeQueue() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Reloadable::new(|| boxed(api::dispute_queue()));
    view! {
        <section aria-labelledby="dispute-queue-heading">
            <h2 id="dispute-queue-heading">{tr(Key::DisputeQueue)}</h2>
            {show(queue, move |list| {
                if list.is_empty() {
                    return view! { <p class="muted">{tr(Key::NothingHere)}</p> }.into_any();
                }
                view! {
                    <ol class="mod-list dispute-queue">
                        {list.into_iter().map(|d| {
                            let state = d.state;
                            let reason = d.reason;
                            view! {
                                <li class="mod-row" data-state=state.key()>
                                    <a class="list-link" href=format!("/moderation/disputes/{}", d.id)>
                                        <strong>{d.title.clone()}</strong>
                                        " · " {move || reason.label(i18n.lang())}
                                    </a>
                                    <p class="small">{d.filer_name.clone()} " → " {d.respondent_name.clone()}</p>
                                    <p class="small">
                                        <span class="badge">{move || state.label(i18n.lang())}</span>
                                        " " {move || i18n.t(if d.answered { Key::AnsweredYes } else { Key::AnsweredNo })}
                                    </p>
                                    <p class="small muted">
                                        {move || format!("{} {} · {} {}", i18n.t(Key::FiledAt), date(d.filed_at, i18n.lang()),
                                            i18n.t(Key::AnswerDue), date(d.answer_due_at, i18n.lang()))}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            })}
        </section>
    }
}

/// A reason field and buttons that send one moderator action each.
#[component]
fn ReportRow(group: ReportGroup, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ErrorCode>);
    let pending = Pending::new();
    let target = group.target;
    let id = group.target_id;
    let field_id = format!("mod-reason-{}-{id}", target.key());
    let days_id = format!("mod-days-{id}");
    let act = move |path: String, suspend: bool| {
        let text = reason.get_untracked();
        if let Err(code) = linli_contract::moderation::reason(&text) {
            return error.set(Some(code));
        }
        let call = if suspend {
            let input = SuspendInput { reason: text, days: days.get_untracked().trim().parse().ok() };
            boxed(async move { api::moderate(&path, &input).await })
        } else {
            let input = ReasonInput { reason: text };
            boxed(async move { api::moderate(&path, &input).await })
        };
        send(pending, call, move |r| match r {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.code)),
        });
    };
    let link = match target {
        ReportTarget::Listing => format!("/listings/{id}"),
        ReportTarget::User => format!("/users/{id}"),
    };
    let reasons = group.reasons.iter().map(|c| (c.reason, c.count)).collect::<Vec<_>>();
    view! {
        <li class="mod-row report-group" data-target=target.key()>
            <a class="list-link" href=link><strong>{group.label.clone()}</strong></a>
            <p class="small"><span class="count-badge">{group.count}</span> " " {tr(Key::ReportsCount)} " · "
                {move || reasons.iter().map(|(r, n)| format!("{} ×{n}", r.label(i18n.lang()))).collect::<Vec<_>>().join("、")}
            </p>
            {group.notes.iter().map(|n| view! { <p class="small muted">"“" {n.clone()} "”"</p> }).collect_view()}
            <div class="field">
                <label for=field_id.clone()>{tr(Key::ModReason)}</label>
                <input id=field_id.clone() prop:value=move || reason.get() on:input:target=move |ev| reason.set(ev.target().value())/>
            </div>
            <div class="button-row">
                {(target == ReportTarget::Listing).then(|| view! {
                    <button type="button" class="button button-small" disabled=move || pending.get()
                        on:click=move |_| act(format!("/admin/listings/{id}/hide"), false)>{tr(Key::HideListing)}</button>
                })}
                <button type="button" class="button button-small button-secondary" disabled=move || pending.get()
                    on:click=move |_| act(format!("/moderation/reports/{}/{id}/dismiss", target.key()), false)>{tr(Key::DismissReports)}</button>
                {(target == ReportTarget::User).then(|| view! {
                    <button type="button" class="button button-small button-secondary" disabled=move || pending.get()
                        on:click=move |_| act(format!("/moderation/users/{id}/warn"), false)>{tr(Key::WarnUser)}</button>
                })}
            </div>
            {(target == ReportTarget::User).then(|| view! {
                <div class="field">
                    <label for=days_id.clone()>{tr(Key::SuspendDays)}</label>
                    <input id=days_id.clone() inputmode="numeric" prop:value=move || days.get() on:input:target=move |ev| days.set(ev.target().value())/>
                </div>
                <button type="button" class="button button-small" disabled=move || pending.get()
                    on:click=move |_| act(format!("/moderation/users/{id}/suspend"), true)>{tr(Key::SuspendUser)}</button>
            })}
            <FormError error=error/>
        </li>
    }
}

#[component]
fn ReportsQueue() -> impl IntoView {
    let queue = Reloadable::new(|| boxed(api::report_queue()));
    let reload = Callback::new(move |_| queue.reload());
    view! {
        <section aria-labelledby="reports-heading">
            <h2 id="reports-heading">{tr(Key::ReportsQueue)}</h2>
            {show(queue, move |list| {
                if list.is_empty() {
                    return view! { <p class="muted">{tr(Key::NothingHere)}</p> }.into_any();
                }
                view! { <ol class="mod-list">{list.into_iter().map(|g| view! { <ReportRow group=g reload=reload/> }).collect_view()}</ol> }
                    .into_any()
            })}
        </section>
    }
}

#[component]
fn SuspensionList() -> impl IntoView {
    let i18n = use_i18n();
    let list = Reloadable::new(|| boxed(api::suspensions()));
    let pending = Pending::new();
    let error = RwSignal::new(None::<ErrorCode>);
    let lift = move |user_id: i64| {
        let input = ReasonInput { reason: i18n.t(Key::LiftSuspension).to_string() };
        send(
            pending,
            boxed(async move { api::moderate(&format!("/moderation/users/{user_id}/lift"), &input).await }),
            move |r| match r {
                Ok(_) => list.reload(),
                Err(e) => error.set(Some(e.code)),
            },
        );
    };
    view! {
        <section aria-labelledby="suspensions-heading">
            <h2 id="suspensions-heading">{tr(Key::Suspensions)}</h2>
            <FormError error=error/>
            {show(list, move |items| {
                if items.is_empty() {
                    return view! { <p class="muted">{tr(Key::NothingHere)}</p> }.into_any();
                }
                view! {
                    <ul class="mod-list">
                        {items.into_iter().map(|s| {
                            let user_id = s.user_id;
                            view! {
                                <li class="mod-row" class:muted=!s.active>
                                    <a href=format!("/users/{}", s.user_id)><strong>{s.user_name.clone()}</strong></a>
                                    <p class="small">{s.reason.clone()} " · " {s.by_name.clone()}</p>
                                    <p class="small muted">{move || format!("{} – {}", date(s.starts_at, i18n.lang()),
                                        s.ends_at.map(|e| date(e, i18n.lang())).unwrap_or_else(|| i18n.t(Key::SuspendedUntilLifted).to_string()))}</p>
                                    {s.active.then(|| view! {
                                        <button type="button" class="button button-small button-secondary" disabled=move || pending.get()
                                            on:click=move |_| lift(user_id)>{tr(Key::LiftSuspension)}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </section>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let log = Reloadable::new(move || {
        let q = query.get();
        boxed(async move { api::audit_log(&q).await })
    });
    view! {
        <section aria-labelledby="audit-heading">
            <h2 id="audit-heading">{tr(Key::AuditLog)}</h2>
            <div class="field">
                <label for="audit-search">{tr(Key::SearchAudit)}</label>
                <input id="audit-search" type="search" prop:value=move || query.get()
                    on:input:target=move |ev| query.set(ev.target().value())/>
            </div>
            {show(log, move |entries| view! {
                <ol class="mod-list audit-log">
                    {entries.into_iter().map(|e| view! {
                        <li class="mod-row audit-entry" data-action=e.action.clone()>
                            <p class="small"><strong>{e.action.clone()}</strong> " · " {e.target_kind.clone()}
                                {e.target_id.map(|t| format!(" #{t}"))} " · " {e.actor_name.clone().unwrap_or_else(|| "CLI".into())}</p>
                            <p class="small">{e.detail.clone()}</p>
                            <p class="small muted">{move || date(e.at, i18n.lang())}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any())}
        </section>
    }
}
