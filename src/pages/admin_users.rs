//! Moderators: find a user and grant or revoke the organiser and moderator roles.

use crate::api;
use crate::components::field::FormError;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{role_name, tr, use_i18n, Key};
use crate::remote::{boxed, send, show, Pending, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::{Role, UserSummary};
use linli_contract::ErrorCode;

#[component]
pub fn AdminUsers() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let title = Key::ManageRoles;
    view! {
        <PageHeader title=title back="/me"/>
        <section class="page">
            {move || match session.me() {
                None => view! { <SignInNeeded next="/admin/users"/> }.into_any(),
                Some(me) if !me.has_role(Role::Moderator) => view! { <p class="notice">{i18n.t(Key::ModeratorsOnly)}</p> }.into_any(),
                Some(_) => view! { <UserRoles/> }.into_any(),
            }}
        </section>
    }
}

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
            let label = format!("{} {}", if has { i18n.t(Key::Revoke) } else { i18n.t(Key::Grant) }, role_name(role, lang));
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
                    <span class="roles">{user.roles.iter().map(|r| view! { <span class=format!("badge badge-{}", r.as_str())>{role_name(*r, lang)}</span> }).collect_view()}</span>
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
