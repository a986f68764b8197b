//! A labelled form field with its hint and its error, wired for screen readers.

use crate::i18n::{error_text, tr, Key};
use leptos::prelude::*;
use linli_contract::{ErrorCode, Field, FieldError};

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
                aria-invalid=invalid(error)
                aria-describedby=described_by(id, hint.is_some(), error)
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
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{tr(h)}</p> })}
            <p class="error" id=format!("{id}-error") role="alert" aria-live="polite">{error_text(error)}</p>
        </div>
    }
}

/// `aria-describedby` for a control with an optional hint and an error that comes and goes.
fn described_by(id: &'static str, has_hint: bool, error: Signal<Option<ErrorCode>>) -> impl Fn() -> String {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if error.get().is_some() {
            ids.push(format!("{id}-error"));
        }
        ids.join(" ")
    }
}

fn invalid(error: Signal<Option<ErrorCode>>) -> impl Fn() -> &'static str {
    move || if error.get().is_some() { "true" } else { "false" }
}

/// A multi-line text field.
#[component]
pub fn TextArea(
    id: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<ErrorCode>>,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{tr(label)}</label>
            <textarea id=id name=id rows=rows aria-invalid=invalid(error) aria-describedby=described_by(id, hint.is_some(), error)
                prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value())></textarea>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{tr(h)}</p> })}
            <p class="error" id=format!("{id}-error") role="alert" aria-live="polite">{error_text(error)}</p>
        </div>
    }
}

/// A drop-down list; `options` are (value, label) pairs, the first of which may be a prompt
/// with an empty value.
#[component]
pub fn SelectField(
    id: &'static str,
    label: Key,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<ErrorCode>>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{tr(label)}</label>
            <select id=id name=id aria-invalid=invalid(error) aria-describedby=described_by(id, false, error)
                prop:value=move || value.get() on:change:target=move |ev| value.set(ev.target().value())>
                {move || options.get().into_iter().map(|(v, l)| {
                    let selected = value.get_untracked() == v;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
            <p class="error" id=format!("{id}-error") role="alert" aria-live="polite">{error_text(error)}</p>
        </div>
    }
}

/// Per-field errors of a form, as the contract's validation reports them.
#[derive(Clone, Copy)]
pub struct FieldErrors(RwSignal<Vec<FieldError>>);

impl FieldErrors {
    pub fn new() -> Self {
        FieldErrors(RwSignal::new(Vec::new()))
    }

    /// The error of one field, as a signal for its control.
    pub fn of(self, field: Field) -> Signal<Option<ErrorCode>> {
        Signal::derive(move || self.0.with(|errs| errs.iter().find(|e| e.field == field).map(|e| e.code)))
    }

    pub fn set_all(self, errors: Vec<FieldError>) {
        self.0.set(errors);
    }

    /// Shows a failed submit's errors and moves focus to the first bad field.
    pub fn show(self, errors: Vec<FieldError>) {
        self.0.set(errors);
        if let Some(first) = self.first() {
            focus(first.as_str());
        }
    }

    pub fn set(self, field: Field, code: Option<ErrorCode>) {
        self.0.update(|errs| {
            errs.retain(|e| e.field != field);
            if let Some(code) = code {
                errs.push(FieldError::new(field, code));
            }
        });
    }

    pub fn first(self) -> Option<Field> {
        self.0.with_untracked(|errs| errs.first().map(|e| e.field))
    }

    pub fn is_empty(self) -> bool {
        self.0.with_untracked(Vec::is_empty)
    }
}

impl Default for FieldErrors {
    fn default() -> Self {
        FieldErrors::new()
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
