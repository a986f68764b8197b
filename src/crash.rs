//! When the app cannot go on (a panic: with `panic = "abort"` the WASM instance stops), say so
//! on the page instead of leaving a screen that silently ignores every tap. The likeliest cause
//! on a phone is a page's code chunk failing to download on a bad connection, so the notice
//! asks to check the network and offers a reload.

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_notice();
    }));
    // The release build's panics stop at once, without the hook: the instance traps, and the
    // browser reports a `WebAssembly.RuntimeError` from whatever event or promise was running.
    let Some(window) = web_sys::window() else { return };
    let on_error = Closure::<dyn Fn(web_sys::ErrorEvent)>::new(|e: web_sys::ErrorEvent| notice_if_trap(&e.error()));
    let on_rejection = Closure::<dyn Fn(web_sys::PromiseRejectionEvent)>::new(|e: web_sys::PromiseRejectionEvent| {
        notice_if_trap(&e.reason())
    });
    let _ = window.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("unhandledrejection", on_rejection.as_ref().unchecked_ref());
    // For the page's whole life.
    on_error.forget();
    on_rejection.forget();
}

fn notice_if_trap(error: &JsValue) {
    if error.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
        show_notice();
    }
}

fn show_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    // The language switch keeps <html lang> current; the signals are out of reach here.
    let english = document.document_element().and_then(|e| e.get_attribute("lang")).is_some_and(|l| l == "en");
    let (text, reload) = if english {
        ("Something went wrong and the page stopped. Check your connection and reload.", "Reload")
    } else {
        ("出了点问题，页面已停止响应。请检查网络后重新加载。", "重新加载")
    };
    let build = || -> Option<()> {
        let notice = document.create_element("div").ok()?;
        notice.set_id("crash");
        notice.set_class_name("crash");
        notice.set_attribute("role", "alert").ok()?;
        notice.set_attribute("tabindex", "-1").ok()?;
        let p = document.create_element("p").ok()?;
        p.set_text_content(Some(text));
        let link = document.create_element("a").ok()?;
        link.set_class_name("button");
        // A plain link reloads without script (the CSP forbids inline handlers); rel=external
        // keeps the router, which may still catch clicks, from handling it in the page.
        link.set_attribute("href", &web_sys::window()?.location().href().ok()?).ok()?;
        link.set_attribute("rel", "external").ok()?;
        link.set_text_content(Some(reload));
        notice.append_child(&p).ok()?;
        notice.append_child(&link).ok()?;
        document.body()?.append_child(&notice).ok()?;
        notice.dyn_into::<web_sys::HtmlElement>().ok()?.focus().ok()
    };
    let _ = build();
}
