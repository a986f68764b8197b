//! What a page that needs an account shows to someone who is not signed in, in the markup the
//! server's pre-render of Sell uses (`linli_markup::sign_in`).

use crate::i18n::{tr, use_i18n, Key};
use crate::session::use_session;
use leptos::prelude::*;
use linli_markup::sign_in::sign_in_needed_html;

#[component]
pub fn SignInNeeded(
    /// Where to come back to after logging in; this page's path when not given (a trade or a
    /// listing opened from a shared link comes back to itself).
    #[prop(optional)]
    next: Option<&'static str>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let here = leptos_router::hooks::use_location().pathname;
    let next = move || next.map(str::to_string).unwrap_or_else(|| here.get());
    view! {
        <Show when=move || session.known() fallback=move || view! { <p class="muted">{tr(Key::Loading)}</p> }>
            <div class="sign-in-needed-host" inner_html=move || sign_in_needed_html(&next(), i18n.lang())></div>
        </Show>
    }
}
