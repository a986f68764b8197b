//! Scanning a check-in code with the camera, where the browser has the Shape Detection API's
//! `BarcodeDetector` (Chrome on Android, macOS, ChromeOS; not every desktop): the button shows
//! only there, and typing the code always works. The API is reached through `js_sys::Reflect`
//! (web-sys has it only behind unstable flags); nothing here loads unless the page that uses it
//! is opened.

use js_sys::{Array, Function, Promise, Reflect};
use leptos::html::Video;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn get(o: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(o, &JsValue::from_str(key))
}

/// Calls `o.method(args…)` and awaits the promise it returns.
async fn call(o: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(o, method)?.dyn_into()?;
    let promise: Promise = f.apply(o, &args.iter().collect::<Array>())?.dyn_into()?;
    JsFuture::from(promise).await
}

/// Whether this browser can scan: a `BarcodeDetector` and a camera API.
pub fn available() -> bool {
    let window: JsValue = window().into();
    let devices = get(&window, "navigator").and_then(|n| get(&n, "mediaDevices"));
    Reflect::has(&window, &JsValue::from_str("BarcodeDetector")).unwrap_or(false)
        && devices.is_ok_and(|d| !d.is_undefined())
}

/// Opens the back camera into `video`; the stream, to stop it later.
async fn open_camera(video: &web_sys::HtmlVideoElement) -> Result<JsValue, JsValue> {
    let devices = get(&get(&window().into(), "navigator")?, "mediaDevices")?;
    let constraints = js_sys::JSON::parse(r#"{"video":{"facingMode":"environment"},"audio":false}"#)?;
    let stream = call(&devices, "getUserMedia", &[constraints]).await?;
    Reflect::set(video, &JsValue::from_str("srcObject"), &stream)?;
    call(video, "play", &[]).await?;
    Ok(stream)
}

fn stop(stream: &JsValue) {
    if let Ok(tracks) = get(stream, "getTracks").and_then(|f| f.dyn_into::<Function>()?.call0(stream)) {
        for track in Array::from(&tracks).iter() {
            if let Ok(f) = get(&track, "stop").and_then(|f| f.dyn_into::<Function>()) {
                let _ = f.call0(&track);
            }
        }
    }
}

/// The first code the detector sees in the video's current frame.
async fn detect(detector: &JsValue, video: &web_sys::HtmlVideoElement) -> Option<String> {
    let found = call(detector, "detect", &[video.clone().into()]).await.ok()?;
    Array::from(&found).iter().find_map(|code| get(&code, "rawValue").ok()?.as_string())
}

/// A "scan" button (only where the browser can) that opens the camera and reports the first
/// code it reads.
#[component]
pub fn CodeScanner(on_code: Callback<String>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let scanning = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let video = NodeRef::<Video>::new();
    // Stop the camera when the page is left.
    on_cleanup(move || {
        let _ = scanning.try_set(false);
    });
    let start = move |_| {
        failed.set(false);
        scanning.set(true);
        leptos::task::spawn_local(async move {
            // The video element appears with `scanning`.
            gloo_timers::future::TimeoutFuture::new(0).await;
            let Some(el) = video.get_untracked() else { return };
            let ctor = get(&window().into(), "BarcodeDetector").and_then(|c| c.dyn_into::<Function>());
            let detector = ctor.and_then(|c| Reflect::construct(&c, &Array::new()));
            let (Ok(detector), Ok(stream)) = (detector, open_camera(&el).await) else {
                failed.set(true);
                scanning.set(false);
                return;
            };
            let mut code = None;
            while scanning.try_get_untracked().unwrap_or(false) && code.is_none() {
                code = detect(&detector, &el).await;
                if code.is_none() {
                    gloo_timers::future::TimeoutFuture::new(250).await;
                }
            }
            stop(&stream);
            let _ = scanning.try_set(false);
            if let Some(code) = code {
                on_code.run(code);
            }
        });
    };
    available().then(|| {
        view! {
            <Show when=move || scanning.get() fallback=move || view! {
                <button type="button" class="button button-secondary" on:click=start>
                    {move || i18n.lang().pick("扫码签到", "Scan a code")}
                </button>
            }>
                <div class="code-scanner">
                    <video node_ref=video playsinline=true muted=true aria-label=move || i18n.lang().pick("相机画面", "Camera view")></video>
                    <button type="button" class="button button-secondary" on:click=move |_| scanning.set(false)>
                        {move || i18n.lang().pick("停止扫码", "Stop scanning")}
                    </button>
                </div>
            </Show>
            {move || failed.get().then(|| view! {
                <p class="form-error" role="alert">{i18n.lang().pick("无法打开相机，请输入签到码", "The camera could not be opened; type the code instead.")}</p>
            })}
        }
    })
}
