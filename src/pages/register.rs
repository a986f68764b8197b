//! Sign up: display name, phone or e-mail, password. Validated as you leave each field with the
//! same rules the server applies; what was typed (except the password) survives a reload.

use crate::api;
use crate::components::field::{focus, FormError, TextField};
use crate::components::header::PageHeader;
use crate::draft;
use crate::i18n::{tr, use_i18n, Key};
use crate::pages::login::{after_sign_in, PasswordToggle};
use crate::remote::{boxed, send, Pending};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::RegisterRequest;
use linli_contract::{validate, ErrorCode, Field, Validate};
use serde::{Deserialize, Serialize};

const DRAFT: &str = "register";

#[derive(Default, Serialize, Deserialize)]
struct Draft {
    display_name: String,
    contact: String,
}

#[component]
pub fn Register() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let saved: Draft = draft::load(DRAFT).unwrap_or_default();
    let name = RwSignal::new(saved.display_name);
    let contact = RwSignal::new(saved.contact);
    let password = RwSignal::new(String::new());
    let show_password = RwSignal::new(false);
    let name_error = RwSignal::new(None::<ErrorCode>);
    let contact_error = RwSignal::new(None::<ErrorCode>);
    let password_error = RwSignal::new(None::<ErrorCode>);
    let form_error = RwSignal::new(None::<ErrorCode>);
    // Asked for only while the server has no moderator and printed a set-up code.
    let setup_pending = RwSignal::new(false);
    let setup_code = RwSignal::new(String::new());
    let setup_error = RwSignal::new(None::<ErrorCode>);
    leptos::task::spawn_local(async move {
        if let Ok(health) = api::health().await {
            setup_pending.set(health.setup_pending);
        }
    });

    Effect::new(move |_| {
        draft::save(DRAFT, &Draft { display_name: name.get(), contact: contact.get() });
    });

    // Checks one field; empty fields are only flagged on submit.
    let check =
        move |value: RwSignal<String>, error: RwSignal<Option<ErrorCode>>, rule: fn(&str) -> Option<ErrorCode>| {
            let v = value.get_untracked();
            error.set(if v.is_empty() { None } else { rule(&v) });
        };
    let name_rule: fn(&str) -> Option<ErrorCode> = |v| validate::display_name(v).err();
    let contact_rule: fn(&str) -> Option<ErrorCode> = |v| validate::contact(v).err();
    let password_rule: fn(&str) -> Option<ErrorCode> = |v| validate::password(v).err();
    // Once a field shows an error, it clears as soon as the input is fixed.
    for (value, error, rule) in [
        (name, name_error, name_rule),
        (contact, contact_error, contact_rule),
        (password, password_error, password_rule),
    ] {
        Effect::new(move |_| {
            value.track();
            if error.get_untracked().is_some() {
                check(value, error, rule);
            }
        });
    }

    let pending = Pending::new();
    let go_on = after_sign_in();
    let done = move |result: api::ApiResult<linli_contract::auth::Me>| match result {
        Ok(me) => {
            draft::clear(DRAFT);
            session.signed_in(me);
            go_on();
        }
        Err(err) => {
            let error = match err.field {
                Some(Field::DisplayName) => name_error,
                Some(Field::Contact) => contact_error,
                Some(Field::Password) => password_error,
                Some(Field::SetupCode) => setup_error,
                _ => form_error,
            };
            error.set(Some(err.code));
            if let Some(field) = err.field.filter(|_| error != form_error) {
                focus(field.as_str());
            }
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let req = RegisterRequest {
            display_name: name.get_untracked(),
            contact: contact.get_untracked(),
            password: password.get_untracked(),
            setup_code: Some(setup_code.get_untracked()).filter(|c| !c.trim().is_empty()),
        };
        let errors = req.errors();
        name_error.set(errors.iter().find(|e| e.field == Field::DisplayName).map(|e| e.code));
        contact_error.set(errors.iter().find(|e| e.field == Field::Contact).map(|e| e.code));
        password_error.set(errors.iter().find(|e| e.field == Field::Password).map(|e| e.code));
        match errors.first() {
            Some(first) => focus(first.field.as_str()),
            None => send(pending, boxed(async move { api::register(&req).await }), done.clone()),
        }
    };

    view! {
        <PageHeader title=Key::RegisterTitle back="/me"/>
        <section class="page narrow">
            <form class="form" on:submit=on_submit novalidate>
                <TextField id="display_name" label=Key::DisplayName
                    hint=Key::DisplayNameHint
                    value=name error=name_error autocomplete="nickname"
                    on_blur=Callback::new(move |_| check(name, name_error, name_rule))/>
                <TextField id="contact" label=Key::Contact
                    hint=Key::ContactHint
                    value=contact error=contact_error autocomplete="username" inputmode="email"
                    on_blur=Callback::new(move |_| check(contact, contact_error, contact_rule))/>
                <TextField id="password" label=Key::Password
                    hint=Key::PasswordHint
                    value=password error=password_error kind="password" autocomplete="new-password"
                    kind_override=Signal::derive(move || if show_password.get() { "text" } else { "password" })
                    on_blur=Callback::new(move |_| check(password, password_error, password_rule))/>
                <PasswordToggle shown=show_password/>
                <Show when=move || setup_pending.get()>
                    <TextField id="setup_code" label=Key::SetupCode hint=Key::SetupCodeHint
                        value=setup_code error=setup_error autocomplete="off"/>
                </Show>
                <p class="muted small">{tr(Key::RolesGrantedNote)}</p>
                <FormError error=form_error/>
                <button type="submit" class="button button-block" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t(Key::Submitting) } else { i18n.t(Key::Register) }}
                </button>
            </form>
            <p class="switch-form">
                {tr(Key::HaveAccount)} " "
                <a href=crate::pages::login::with_next("/login")>{tr(Key::Login)}</a>
            </p>
        </section>
    }
}
