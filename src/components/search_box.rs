//! The search box of Browse: suggestions as you type (debounced, from the server's titles and
//! its synonym table), "did you mean" for a mistyped word, and the recent searches of this
//! device. A combobox in the WAI-ARIA sense: arrow keys move through the list, Enter picks,
//! Escape closes, and every option is a 44 px target.
//!
//! Recent searches are kept as a draft of the signed-in account (`draft.rs`), so they are
//! removed at log-out with the rest and the next person on the device does not see them.

use crate::api;
use crate::i18n::{tr, use_i18n, Key};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use linli_contract::search::Suggestions;

/// Wait after the last keystroke before asking for suggestions.
const DEBOUNCE_MS: u32 = 200;
const RECENT_KEY: &str = "recent-searches";
const RECENT_MAX: usize = 8;

fn recent() -> Vec<String> {
    crate::draft::load::<Vec<String>>(RECENT_KEY).unwrap_or_default()
}

/// Puts `query` first among the recent searches (once).
fn remember(query: &str) {
    let query = query.trim();
    if query.is_empty() {
        return;
    }
    let mut list = recent();
    list.retain(|q| q != query);
    list.insert(0, query.to_string());
    list.truncate(RECENT_MAX);
    crate::draft::save(RECENT_KEY, &list);
}

/// What the open list offers.
#[derive(Debug, Clone, PartialEq)]
enum Option_ {
    DidYouMean(String),
    Suggestion(String),
    Recent(String),
}

impl Option_ {
    fn query(&self) -> &str {
        match self {
            Option_::DidYouMean(q) | Option_::Suggestion(q) | Option_::Recent(q) => q,
        }
    }
}

/// `text` is the box's content (Browse keeps it in step with the URL); `on_search` runs a
/// search for the given words.
#[component]
pub fn SearchBox(text: RwSignal<String>, #[prop(into)] on_search: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let suggestions = RwSignal::new(Suggestions::default());
    let recents = RwSignal::new(Vec::<String>::new());
    let timer = StoredValue::new_local(None::<Timeout>);

    let options = Memo::new(move |_| {
        if text.with(|t| t.trim().is_empty()) {
            return recents.get().into_iter().map(Option_::Recent).collect::<Vec<_>>();
        }
        suggestions.with(|s| {
            s.did_you_mean
                .iter()
                .cloned()
                .map(Option_::DidYouMean)
                .chain(s.suggestions.iter().cloned().map(Option_::Suggestion))
                .collect()
        })
    });
    let expanded = move || open.get() && !options.with(Vec::is_empty);

    let fetch = move |typed: String| {
        timer.update_value(|t| *t = None); // dropping a pending timeout cancels it
        if typed.trim().is_empty() {
            suggestions.set(Suggestions::default());
            return;
        }
        let pending = Timeout::new(DEBOUNCE_MS, move || {
            leptos::task::spawn_local(async move {
                let Ok(found) = api::suggest(&typed).await else { return };
                // A reply to words no longer in the box (or a box no longer shown) is dropped.
                if text.try_with_untracked(|t| *t == typed) == Some(true) {
                    suggestions.try_set(found);
                    active.try_set(None);
                }
            });
        });
        timer.set_value(Some(pending));
    };

    let search = move |query: String| {
        remember(&query);
        recents.set(recent());
        open.set(false);
        active.set(None);
        timer.update_value(|t| *t = None);
        text.set(query.clone());
        on_search.run(query);
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = active.get_untracked().and_then(|i| options.with_untracked(|o| o.get(i).cloned()));
        search(picked.map(|o| o.query().to_string()).unwrap_or_else(|| text.get_untracked()));
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = options.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                let down = ev.key() == "ArrowDown";
                active.update(|a| {
                    *a = Some(match (*a, down) {
                        (None, true) => 0,
                        (None, false) => count - 1,
                        (Some(i), true) => (i + 1) % count,
                        (Some(i), false) => (i + count - 1) % count,
                    })
                });
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };

    let option_view = move |(i, option): (usize, Option_)| {
        let query = option.query().to_string();
        let label = match &option {
            Option_::DidYouMean(q) => format!("{}{q}", i18n.t(Key::DidYouMean)),
            Option_::Suggestion(q) | Option_::Recent(q) => q.clone(),
        };
        let class = match option {
            Option_::DidYouMean(_) => "search-option search-did-you-mean",
            Option_::Suggestion(_) => "search-option",
            Option_::Recent(_) => "search-option search-recent",
        };
        view! {
            <li id=format!("search-option-{i}") role="option" class=class
                aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                // mousedown, not click: the input keeps its focus, so the list is still open
                on:mousedown=move |ev| {
                    ev.prevent_default();
                    search(query.clone());
                }>
                {label}
            </li>
        }
    };

    view! {
        <form class="search-bar search-box" role="search" on:submit=on_submit
            // The list closes when the focus leaves the box (not when it moves to the list's
            // own "clear" button).
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                use wasm_bindgen::JsCast;
                let node = |t: Option<web_sys::EventTarget>| t.and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                let inside = match (node(ev.current_target()), node(ev.related_target())) {
                    (Some(form), Some(next)) => form.contains(Some(&next)),
                    _ => false,
                };
                if !inside {
                    open.set(false);
                }
            }>
            <label for="q" class="visually-hidden">{tr(Key::SearchLabel)}</label>
            <input id="q" type="search" enterkeyhint="search" autocomplete="off" placeholder=tr(Key::SearchPlaceholder)
                role="combobox" aria-autocomplete="list" aria-controls="search-options"
                aria-expanded=move || if expanded() { "true" } else { "false" }
                aria-activedescendant=move || active.get().map(|i| format!("search-option-{i}"))
                prop:value=move || text.get()
                on:focus=move |_| {
                    recents.set(recent());
                    open.set(true);
                }
                on:keydown=on_keydown
                on:input:target=move |ev| {
                    let typed = ev.target().value();
                    if typed.trim().is_empty() {
                        recents.set(recent());
                    }
                    text.set(typed.clone());
                    open.set(true);
                    active.set(None);
                    fetch(typed);
                }/>
            <button type="submit" class="button">{tr(Key::Search)}</button>
            <div class="search-popup" hidden=move || !expanded()>
                <p class="search-popup-title" id="search-options-title">
                    {move || if text.with(|t| t.trim().is_empty()) { i18n.t(Key::RecentSearches) } else { i18n.t(Key::Suggestions) }}
                </p>
                <ul id="search-options" role="listbox" aria-labelledby="search-options-title">
                    {move || options.get().into_iter().enumerate().map(option_view).collect_view()}
                </ul>
                <Show when=move || text.with(|t| t.trim().is_empty())>
                    <button type="button" class="link-button search-clear"
                        on:mousedown=|ev| ev.prevent_default()
                        on:click=move |_| {
                            crate::draft::clear(RECENT_KEY);
                            recents.set(Vec::new());
                        }>
                        {tr(Key::ClearRecentSearches)}
                    </button>
                </Show>
            </div>
        </form>
    }
}
