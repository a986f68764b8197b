//! What a page that needs an account shows to someone who is not signed in.

use crate::i18n::{tr, Key};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn SignInNeeded(
    /// Where to come back to after logging in.
    next: &'static str,
) -> impl IntoView {
    let session = use_session();
    let login = format!("/login?next={next}");
    let register = format!("/register?next={next}");
    view! {
        <Show when=move || session.known() fallback=move || view! { <p class="muted">{tr(Key::Loading)}</p> }>
            <div class="sign-in-needed">
                <p>{tr(Key::SignInPrompt)}</p>
                <div class="button-row">
                    <a class="button" href=login.clone()>{tr(Key::Login)}</a>
                    <a class="button button-secondary" href=register.clone()>{tr(Key::Register)}</a>
                </div>
            </div>
        </Show>
    }
}
