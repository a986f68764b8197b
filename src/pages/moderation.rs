//! The Moderation area (moderators only), in tabs: the dispute queue (oldest first, with
//! deadlines and whether the other side answered), each dispute with its decide form, the
//! reports queue grouped per target with its actions (review requests of hidden listings
//! first), suspensions, the audit log, and granting or revoking the organiser and moderator
//! roles. `?tab=` opens a tab directly (`/admin/users` leads to the roles tab).

use crate::api;
use crate::components::dispute::DisputePanel;
use crate::components::field::FormError;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{date, tr, use_i18n, Key};
use crate::remote::{boxed, send, show, Pending, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use linli_contract::auth::{Role, UserSummary};
use linli_contract::listing::Review;
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

/// The Moderation area's tabs, in order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Disputes,
    Reports,
    Suspensions,
    Audit,
    Roles,
}

impl Tab {
    const ALL: [Tab; 5] = [Tab::Disputes, Tab::Reports, Tab::Suspensions, Tab::Audit, Tab::Roles];

    fn key(self) -> &'static str {
        match self {
            Tab::Disputes => "disputes",
            Tab::Reports => "reports",
            Tab::Suspensions => "suspensions",
            Tab::Audit => "audit",
            Tab::Roles => "roles",
        }
    }

    fn label(self) -> Key {
        match self {
            Tab::Disputes => Key::DisputeQueue,
            Tab::Reports => Key::ReportsQueue,
            Tab::Suspensions => Key::Suspensions,
            Tab::Audit => Key::AuditLog,
            Tab::Roles => Key::ManageRoles,
        }
    }
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    let query = use_query_map();
    let from_url = query.with_untracked(|q| q.get("tab")).and_then(|t| Tab::ALL.into_iter().find(|x| x.key() == t));
    let tab = RwSignal::new(from_url.unwrap_or(Tab::Disputes));
    view! {
        <PageHeader title=Key::Moderation back="/me"/>
        <section class="page moderation">
            {moderators_only("/moderation", move || view! {
                <div class="chips mod-tabs" role="tablist" aria-label=tr(Key::Moderation)>
                    {Tab::ALL.into_iter().map(|t| view! {
                        <button type="button" class="chip" role="tab" id=format!("mod-tab-{}", t.key())
                            aria-controls="mod-panel" aria-selected=move || if tab.get() == t { "true" } else { "false" }
                            on:click=move |_| tab.set(t)>{tr(t.label())}</button>
                    }).collect_view()}
                </div>
                <div id="mod-panel" role="tabpanel" aria-labelledby=move || format!("mod-tab-{}", tab.get().key())>
                    {move || match tab.get() {
                        Tab::Disputes => view! { <DisputeQueue/> }.into_any(),
                        Tab::Reports => view! { <ReportsQueue/> }.into_any(),
                        Tab::Suspensions => view! { <SuspensionList/> }.into_any(),
                        Tab::Audit => view! { <AuditLog/> }.into_any(),
                        Tab::Roles => view! { <UserRoles/> }.into_any(),
                    }}
                </div>
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
    // Restoring needs no reason: the listing is again what its trades made it.
    let restore = move |id: i64| {
        send(pending, boxed(api::restore_listing(id)), move |r| match r {
            Ok(_) => reload.run(()),
            Err(e) => error.set(Some(e.code)),
        });
    };
    let link = match target {
        ReportTarget::Listing => format!("/listings/{id}"),
        ReportTarget::User => format!("/users/{id}"),
    };
    let reasons = group.reasons.iter().map(|c| (c.reason, c.count)).collect::<Vec<_>>();
    let hidden = target == ReportTarget::Listing && group.actioned;
    let review_waiting = group.review.as_ref().is_some_and(|r| r.state == Review::Requested);
    view! {
        <li class="mod-row report-group" data-target=target.key() data-review=review_waiting.then_some("requested")>
            <a class="list-link" href=link><strong>{group.label.clone()}</strong></a>
            {review_waiting.then(|| view! { <p><span class="badge badge-action">{tr(Key::ReviewRequestedBadge)}</span></p> })}
            {(group.count > 0).then(|| view! {
                <p class="small"><span class="count-badge">{group.count}</span> " " {tr(Key::ReportsCount)} " · "
                    {move || reasons.iter().map(|(r, n)| format!("{} ×{n}", r.label(i18n.lang()))).collect::<Vec<_>>().join("、")}
                </p>
            })}
            {group.hidden_reason.clone().map(|r| view! { <p class="small">{tr(Key::HiddenReason)} ": " {r}</p> })}
            {group.review.clone().filter(|r| !r.note.is_empty()).map(|r| view! {
                <p class="small review-note">{tr(Key::OwnerNote)} ": “" {r.note} "”"</p>
            })}
            {group.notes.iter().map(|n| view! { <p class="small muted">"“" {n.clone()} "”"</p> }).collect_view()}
            <div class="field">
                <label for=field_id.clone()>{tr(Key::ModReason)}</label>
                <input id=field_id.clone() prop:value=move || reason.get() on:input:target=move |ev| reason.set(ev.target().value())/>
            </div>
            <div class="button-row">
                {(target == ReportTarget::Listing && !hidden).then(|| view! {
                    <button type="button" class="button button-small" disabled=move || pending.get()
                        on:click=move |_| act(format!("/admin/listings/{id}/hide"), false)>{tr(Key::HideListing)}</button>
                })}
                {hidden.then(|| view! {
                    <button type="button" class="button button-small" disabled=move || pending.get()
                        on:click=move |_| restore(id)>{tr(Key::RestoreListing)}</button>
                })}
                {review_waiting.then(|| view! {
                    <button type="button" class="button button-small button-secondary" disabled=move || pending.get()
                        on:click=move |_| act(format!("/admin/listings/{id}/keep-hidden"), false)>{tr(Key::KeepHidden)}</button>
                })}
                {(group.count > 0).then(|| view! {
                    <button type="button" class="button button-small button-secondary" disabled=move || pending.get()
                        on:click=move |_| act(format!("/moderation/reports/{}/{id}/dismiss", target.key()), false)>{tr(Key::DismissReports)}</button>
                })}
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
                                    <a class="name-link" href=format!("/users/{}", s.user_id)><strong>{s.user_name.clone()}</strong></a>
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
            {show(log, move |entries| {
                if entries.is_empty() {
                    return view! { <p class="muted">{tr(Key::NothingHere)}</p> }.into_any();
                }
                view! {
                    <ol class="mod-list audit-log">
                        {entries.into_iter().map(|e| view! {
                            <li class="mod-row audit-entry" data-action=e.action.clone()>
                                <p class="small"><strong>{e.action_label(i18n.lang())}</strong> " · " {e.target_label(i18n.lang())}
                                    {e.target_id.map(|t| format!(" #{t}"))} " · " {e.actor_name.clone().unwrap_or_else(|| i18n.t(Key::ServerCommandLine).into())}</p>
                                <p class="small">{e.detail_text(i18n.lang())}</p>
                                <p class="small muted">{move || date(e.at, i18n.lang())}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
        </section>
    }
}

/// Grant or revoke the organiser and moderator roles: find a user, press the role's button.
#[component]
fn UserRoles() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ErrorCode>);
    let pending = Pending::new();
    let users = Reloadable::new(move || {
        let q = query.get();
        boxed(async move { api::admin_users(&q).await })
    });
    let toggle = move |id: i64, role: Role, granted: bool| {
        send(pending, boxed(api::set_role(id, role, granted)), move |r| match r {
            Ok(_) => {
                error.set(None);
                users.reload();
            }
            Err(e) => error.set(Some(e.code)),
        });
    };

    let row = move |user: UserSummary| {
        let lang = i18n.lang();
        let buttons = [Role::Organiser, Role::Moderator].map(|role| {
            let has = user.roles.contains(&role);
            let label = format!("{} {}", if has { i18n.t(Key::Revoke) } else { i18n.t(Key::Grant) }, role.label(lang));
            let id = user.id;
            view! {
                <button type="button" class="button button-small" class:button-secondary=has aria-pressed=if has { "true" } else { "false" }
                    on:click=move |_| toggle(id, role, !has) disabled=move || pending.get()>
                    {label}
                </button>
            }
        });
        view! {
            <li class="user-row">
                <div>
                    <strong>{user.display_name.clone()}</strong>
                    <span class="roles">{user.roles.iter().map(|r| view! { <span class=format!("badge badge-{}", r.as_str())>{r.label(lang)}</span> }).collect_view()}</span>
                </div>
                <div class="button-row">{buttons.into_iter().collect_view()}</div>
            </li>
        }
    };

    view! {
        <div class="field">
            <label for="user-search">{tr(Key::SearchUsers)}</label>
            <input id="user-search" type="search" placeholder=tr(Key::SearchUsersHint)
                prop:value=move || query.get() on:input:target=move |ev| query.set(ev.target().value())/>
        </div>
        <FormError error=error/>
        {show(users, move |list| {
            if list.is_empty() {
                view! { <p class="muted">{tr(Key::NoUsersFound)}</p> }.into_any()
            } else {
                view! { <ul class="user-list">{list.into_iter().map(row).collect_view()}</ul> }.into_any()
            }
        })}
    }
}
