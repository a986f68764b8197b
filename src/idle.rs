//! Work the first screen does not need, run once the browser is idle after it has painted:
//! the service worker's registration, the unread badge's polling, fetching the listing page's
//! code before a card is opened.

use wasm_bindgen::{JsCast, JsValue};

/// At most this long after asking, idle or not (so a busy page still gets its badge).
const LATEST_MS: u32 = 3_000;

/// Runs `f` when the browser is next idle (`requestIdleCallback`, at most [`LATEST_MS`]
/// later), or after a short timeout where that is missing (Safari).
pub fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return f();
    };
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(idle) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str("timeout"), &JsValue::from(LATEST_MS));
            let _ = idle.call2(&window, &callback, &options);
        }
        None => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 200);
        }
    }
}

/// Resolves in a later task (a zero timeout), so what follows does not lengthen the current
/// one: the browser may paint and answer input in between.
pub async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}
