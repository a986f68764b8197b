//! Loading and sending data with plain signals, and the one place requests are started from.
//!
//! Leptos' `LocalResource` + `Transition` and `Action` cost tens of kilobytes of WASM per use
//! site; these helpers do the same job with one boxed future and two signals, so every page
//! shares one copy of the code. (Measured: a page moved from Resource/Action to these shrank
//! the binary by 26 KB.)
//!
//! Every request runs under [`Requests`], made by the part of the page that wants the answer:
//! when that part goes (the page is left, the effect runs again) its requests are aborted and
//! their callbacks never run, so no callback ever touches a freed signal (with
//! `panic = "abort"`, that would stop the whole app). The feed and the chat use it directly.

use crate::api::{self, ApiResult};
use crate::i18n::{tr, use_i18n, Key};
use leptos::prelude::*;
use linli_contract::ApiError;
use std::future::Future;
use std::pin::Pin;
use web_sys::AbortController;

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = ApiResult<T>>>>;

/// Boxes an API call for [`load`] and [`send`].
pub fn boxed<T, F: Future<Output = ApiResult<T>> + 'static>(f: F) -> BoxFuture<T> {
    Box::pin(f)
}

/// The requests in flight for the owner current when this was made.
#[derive(Clone, Copy)]
pub struct Requests(StoredValue<Vec<AbortController>, LocalStorage>);

impl Requests {
    /// Requests that end with the current owner: its cleanup aborts those still in flight.
    pub fn new() -> Self {
        let in_flight = StoredValue::new_local(Vec::<AbortController>::new());
        on_cleanup(move || {
            in_flight.try_update_value(|all| all.drain(..).for_each(|c| c.abort()));
        });
        Requests(in_flight)
    }

    /// Runs an API call; `done` gets its answer unless the call was cancelled or the owner is
    /// gone by then.
    pub fn spawn<T: 'static>(self, call: BoxFuture<T>, done: impl FnOnce(ApiResult<T>) + 'static) {
        let mine = AbortController::new().ok();
        if self.0.try_update_value(|all| all.extend(mine.clone())).is_none() {
            return; // The owner is gone already.
        }
        leptos::task::spawn_local(async move {
            let result = api::with_abort(mine.as_ref().map(|c| c.signal()), call).await;
            // `try_`: the owner may be gone, and with it this value.
            let live = self.0.try_update_value(|all| all.retain(|c| Some(c) != mine.as_ref())).is_some();
            if live && !mine.is_some_and(|c| c.signal().aborted()) {
                done(result);
            }
        });
    }

    /// Aborts the requests in flight (a newer one makes their answers outdated).
    pub fn cancel(self) {
        self.0.update_value(|all| all.drain(..).for_each(|c| c.abort()));
    }
}

impl Default for Requests {
    fn default() -> Self {
        Requests::new()
    }
}

/// Server data that is fetched again whenever the signals `fetch` reads change. `None` while
/// the first answer is on its way; a newer request aborts an outdated one.
pub fn load<T: Send + Sync + 'static>(fetch: impl Fn() -> BoxFuture<T> + 'static) -> RwSignal<Option<ApiResult<T>>> {
    let state = RwSignal::new(None);
    let requests = Requests::new();
    Effect::new(move |_| {
        let call = fetch();
        requests.cancel();
        requests.spawn(call, move |result| state.set(Some(result)));
    });
    state
}

/// Calls `tick` now and then every `ms` milliseconds while the page is visible, and at once
/// when it becomes visible again: a tab in the background does not poll. Stops with the
/// current owner.
pub fn poll(ms: u32, tick: impl Fn() + Clone + 'static) {
    let visible = || !document().hidden();
    tick();
    let every = {
        let tick = tick.clone();
        gloo_timers::callback::Interval::new(ms, move || {
            if visible() {
                tick()
            }
        })
    };
    // Dropped (and stopped) with the owner.
    StoredValue::new_local(every);
    let shown = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if visible() {
            tick()
        }
    });
    on_cleanup(move || shown.remove());
}

/// Data that can be fetched again on demand (a retry button, a change elsewhere).
pub struct Reloadable<T: 'static> {
    pub data: RwSignal<Option<ApiResult<T>>>,
    version: RwSignal<u32>,
}

impl<T: 'static> Clone for Reloadable<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Reloadable<T> {}

impl<T: Send + Sync + 'static> Reloadable<T> {
    pub fn new(fetch: impl Fn() -> BoxFuture<T> + 'static) -> Self {
        let version = RwSignal::new(0u32);
        let data = load(move || {
            version.track();
            fetch()
        });
        Reloadable { data, version }
    }

    pub fn reload(self) {
        self.version.update(|n| *n += 1);
    }
}

/// Data for the page's `:id` route parameter; a missing or malformed id is "not found".
pub fn load_for_id<T, F>(fetch: impl Fn(i64) -> F + Copy + 'static) -> Reloadable<T>
where
    T: Send + Sync + 'static,
    F: Future<Output = ApiResult<T>> + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    let id = Memo::new(move |_| params.get().get("id").and_then(|v| v.parse::<i64>().ok()));
    Reloadable::new(move || match id.get() {
        Some(id) => boxed(fetch(id)),
        None => boxed(async { Err(ApiError::new(linli_contract::ErrorCode::NotFound, linli_contract::Lang::Zh)) }),
    })
}

/// Whether a part of the page is sending; it owns what it sends (see [`Requests`]). Buttons
/// disable themselves on it.
#[derive(Clone, Copy)]
pub struct Pending {
    busy: RwSignal<bool>,
    requests: Requests,
}

impl Pending {
    pub fn new() -> Self {
        Pending { busy: RwSignal::new(false), requests: Requests::new() }
    }

    pub fn get(self) -> bool {
        self.busy.get()
    }
}

impl Default for Pending {
    fn default() -> Self {
        Pending::new()
    }
}

/// Sends a request; `pending` is true meanwhile. `done` never runs once the part of the page
/// that made `pending` is gone (the request is aborted then).
pub fn send<T: 'static>(pending: Pending, call: BoxFuture<T>, done: impl FnOnce(ApiResult<T>) + 'static) {
    pending.busy.set(true);
    pending.requests.spawn(call, move |result| {
        pending.busy.set(false);
        done(result);
    });
}

/// Renders loaded data: a loading line, the error with a retry button, or `view(data)`.
pub fn show<T: Clone + Send + Sync + 'static>(
    state: Reloadable<T>,
    view: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    move || match state.data.get() {
        None => view! { <p class="muted loading" role="status">{tr(Key::Loading)}</p> }.into_any(),
        Some(Ok(data)) => view(data),
        // Gone (or never there): trying again cannot help; the way back to Browse can.
        Some(Err(err)) if err.code == linli_contract::ErrorCode::NotFound => not_found(err).into_any(),
        Some(Err(err)) => error_with_retry(err, move || state.reload()).into_any(),
    }
}

fn not_found(err: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state not-found" role="alert">
            <p class="empty-mark" aria-hidden="true">"404"</p>
            <p>{move || err.code.message(i18n.lang())}</p>
            <a class="button" href="/">{tr(Key::BackHome)}</a>
        </div>
    }
}

/// Nothing, or the error of a failed load with a retry button (for data that only fills a
/// part of a form, such as a list of choices).
pub fn failed<T: Send + Sync + 'static>(state: Reloadable<T>) -> impl IntoView {
    move || {
        let err = state.data.with(|d| d.as_ref().and_then(|r| r.as_ref().err().cloned()));
        err.map(|err| error_with_retry(err, move || state.reload()))
    }
}

fn error_with_retry(err: ApiError, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-error" role="alert">
            <p>{move || err.code.message(i18n.lang())}</p>
            <button type="button" class="button button-small button-secondary" on:click=move |_| retry()>{tr(Key::Retry)}</button>
        </div>
    }
}
