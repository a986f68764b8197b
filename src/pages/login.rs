//! Log in with phone, e-mail or display name.

use crate::api;
use crate::components::field::{focus, FormError, TextField};
use crate::components::header::PageHeader;
use crate::i18n::{tr, use_i18n, Key};
use crate::remote::{boxed, send, Pending};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::NavigateOptions;
use linli_contract::auth::LoginRequest;
use linli_contract::{ErrorCode, Field, Validate};

/// The page to return to after signing in: `?next=` when it is a path of this app (never an
/// outside address), else the Me tab.
fn next_path() -> String {
    let next = use_query_map().get_untracked().get("next").unwrap_or_default();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    if local {
        next
    } else {
        "/me".into()
    }
}

/// `base` with the current `?next=` carried over (login ⇄ register links).
pub fn with_next(base: &str) -> String {
    let next = use_query_map().get_untracked().get("next");
    match next {
        Some(n) => format!("{base}?next={}", js_sys::encode_uri_component(&n)),
        None => base.to_string(),
    }
}

/// Where to go after signing in, as a navigation to call later (it needs the router, which
/// is only reachable while the page is being built).
pub fn after_sign_in() -> impl Fn() + Clone + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    let next = next_path();
    move || navigate(&next, NavigateOptions { replace: true, ..Default::default() })
}

#[component]
pub fn PasswordToggle(shown: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="checkbox">
            <input type="checkbox" prop:checked=move || shown.get() on:change:target=move |ev| shown.set(ev.target().checked())/>
            <span>{tr(Key::ShowPassword)}</span>
        </label>
    }
}

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let show_password = RwSignal::new(false);
    let login_error = RwSignal::new(None::<ErrorCode>);
    let password_error = RwSignal::new(None::<ErrorCode>);
    let form_error = RwSignal::new(None::<ErrorCode>);

    let pending = Pending::new();
    let go_on = after_sign_in();
    let done = move |result: api::ApiResult<linli_contract::auth::Me>| match result {
        Ok(me) => {
            session.signed_in(me);
            go_on();
        }
        Err(err) => {
            match err.field {
                Some(Field::Login) => login_error.set(Some(err.code)),
                Some(Field::Password) => password_error.set(Some(err.code)),
                _ => form_error.set(Some(err.code)),
            }
            // Keep what was typed; only a wrong password is worth retyping.
            if err.code == ErrorCode::BadCredentials {
                focus("password");
            }
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let req = LoginRequest { login: login.get_untracked(), password: password.get_untracked() };
        let errors = req.errors();
        login_error.set(errors.iter().find(|e| e.field == Field::Login).map(|e| e.code));
        password_error.set(errors.iter().find(|e| e.field == Field::Password).map(|e| e.code));
        match errors.first() {
            Some(first) => focus(first.field.as_str()),
            None => send(pending, boxed(async move { api::login(&req).await }), done.clone()),
        }
    };

    view! {
        <PageHeader title=Key::LoginTitle back="/me"/>
        <section class="page narrow">
            <form class="form" on:submit=on_submit novalidate>
                <TextField id="login" label=Key::LoginId
                    hint=Key::LoginIdHint
                    value=login error=login_error autocomplete="username"/>
                <TextField id="password" label=Key::Password
                    value=password error=password_error kind="password" autocomplete="current-password"
                    kind_override=Signal::derive(move || if show_password.get() { "text" } else { "password" })/>
                <PasswordToggle shown=show_password/>
                <FormError error=form_error/>
                <button type="submit" class="button button-block" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t(Key::Submitting) } else { i18n.t(Key::Login) }}
                </button>
            </form>
            <p class="switch-form">
                {tr(Key::NoAccountYet)} " "
                <a href=with_next("/register")>{tr(Key::Register)}</a>
            </p>
        </section>
    }
}
