//! Loading and sending data with plain signals.
//!
//! Leptos' `LocalResource` + `Transition` and `Action` cost tens of kilobytes of WASM per use
//! site; these helpers do the same job with one boxed future and two signals, so every page
//! shares one copy of the code. (Measured: a page moved from Resource/Action to these shrank
//! the binary by 26 KB.)

use crate::api::ApiResult;
use crate::i18n::{tr, use_i18n, Key};
use leptos::prelude::*;
use linli_contract::ApiError;
use std::future::Future;
use std::pin::Pin;

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = ApiResult<T>>>>;

/// Boxes an API call for [`load`] and [`send`].
pub fn boxed<T, F: Future<Output = ApiResult<T>> + 'static>(f: F) -> BoxFuture<T> {
    Box::pin(f)
}

/// Server data that is fetched again whenever the signals `fetch` reads change. `None` while
/// the first answer is on its way; a late answer to an outdated request is dropped.
pub fn load<T: Send + Sync + 'static>(fetch: impl Fn() -> BoxFuture<T> + 'static) -> RwSignal<Option<ApiResult<T>>> {
    let state = RwSignal::new(None);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let fut = fetch();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        leptos::task::spawn_local(async move {
            let result = fut.await;
            // `try_`: the page may have been left meanwhile, and its values freed.
            if generation.try_get_value() == Some(mine) {
                state.set(Some(result));
            }
        });
    });
    state
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

/// Sends a request; `pending` is true meanwhile (buttons disable themselves on it).
pub fn send<T: 'static>(pending: RwSignal<bool>, fut: BoxFuture<T>, done: impl FnOnce(ApiResult<T>) + 'static) {
    pending.set(true);
    leptos::task::spawn_local(async move {
        let result = fut.await;
        pending.set(false);
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
        Some(Err(err)) => error_with_retry(err, move || state.reload()).into_any(),
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
