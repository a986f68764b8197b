//! Entry point of the web app: installs the panic hook and mounts the app.

fn main() {
    linli_web::crash::install_panic_hook();
    // The task that compiled and instantiated the module ends here: mounting the app is a task
    // of its own (on a slow phone the two made one long task; the server's copy of the first
    // screen is on show meanwhile).
    wasm_bindgen_futures::spawn_local(async {
        linli_web::idle::next_task().await;
        leptos::mount::mount_to_body(linli_web::App);
        // The app has rendered its first screen (Browse from the same data): the server's copy
        // goes (a listing's stays until the listing page has rendered).
        linli_web::first_screen::settle();
        // Not needed for the first screen: once the browser is idle after it.
        linli_web::idle::when_idle(register_service_worker);
    });
}

/// The service worker keeps the app shell for offline starts (public/sw.js).
fn register_service_worker() {
    let navigator = web_sys::window().map(|w| w.navigator());
    if let Some(container) = navigator.map(|n| n.service_worker()) {
        // Unsupported or refused (private mode, http on a LAN address): the app works without it.
        let _ = container.register("/sw.js");
    }
}
