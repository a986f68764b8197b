//! A labelled form field with its hint and its error, wired for screen readers.

use crate::i18n::{error_text, tr, Key};
use leptos::prelude::*;
use linli_contract::ErrorCode;

/// A text input bound to `value`. The error (when set) replaces nothing: the hint stays, the
/// input is marked `aria-invalid` and the message is announced.
#[component]
pub fn TextField(
    /// `id` of the input; also names the hint and error elements.
    id: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<ErrorCode>>,
    /// `text`, `password`, `email`, `tel`, `search`…
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] inputmode: &'static str,
    /// Called when the input loses focus (validate there, not on every key).
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
    /// Reactive override of `kind` (the show-password toggle).
    #[prop(optional, into)]
    kind_override: Option<Signal<&'static str>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let input_type = move || kind_override.map(|k| k.get()).unwrap_or(kind);
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{tr(label)}</label>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
                on:blur=move |ev| {
                    // Leaving for the submit button: the submit validates everything, and a
                    // message appearing now would shift the button away from the pointer.
                    if let Some(cb) = on_blur.filter(|_| !is_submit(ev.related_target())) {
                        cb.run(());
                    }
                }
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{tr(h)}</p> })}
            <p class="error" id=error_id role="alert" aria-live="polite">{error_text(error)}</p>
        </div>
    }
}

fn is_submit(target: Option<web_sys::EventTarget>) -> bool {
    use wasm_bindgen::JsCast;
    target.and_then(|t| t.dyn_into::<web_sys::HtmlButtonElement>().ok()).is_some_and(|b| b.type_() == "submit")
}

/// A form-wide message (network down, wrong password…), announced when it appears.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<ErrorCode>>) -> impl IntoView {
    view! { <p class="form-error" role="alert" aria-live="assertive">{error_text(error)}</p> }
}

/// Moves keyboard focus to the element with this id (the first invalid field after submit).
/// Deferred by a tick: a tap on a phone focuses the tapped button after the click handlers ran.
pub fn focus(id: &'static str) {
    use wasm_bindgen::JsCast;
    gloo_timers::callback::Timeout::new(0, move || {
        if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    })
    .forget();
}
