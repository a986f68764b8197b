//! What a page that needs an account shows to someone who is not signed in, in the markup the
//! server's pre-render of Sell uses (`linli_markup::sign_in`).

use crate::i18n::{tr, use_i18n, Key};
use crate::session::use_session;
use leptos::prelude::*;
use linli_markup::sign_in::sign_in_needed_html;

#[component]
pub fn SignInNeeded(
    /// Where to come back to after logging in.
    next: &'static str,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <Show when=move || session.known() fallback=move || view! { <p class="muted">{tr(Key::Loading)}</p> }>
            <div class="sign-in-needed-host" inner_html=move || sign_in_needed_html(next, i18n.lang())></div>
        </Show>
    }
}
