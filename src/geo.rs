//! The browser's position, asked for only when the resident picks "nearest first".

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Latitude and longitude rounded to two decimals (about 1 km): enough to order communities,
/// and nothing more precise ever goes into a URL.
pub async fn position() -> Option<(f64, f64)> {
    let geo = web_sys::window()?.navigator().geolocation().ok()?;
    let promise = Promise::new(&mut |resolve, reject| {
        let options = web_sys::PositionOptions::new();
        options.set_timeout(10_000);
        options.set_maximum_age(300_000);
        let _ = geo.get_current_position_with_error_callback_and_options(&resolve, Some(&reject), &options);
    });
    // Browsers now call the class `GeolocationPosition`; web-sys's `Position` would fail an
    // `instanceof` check, so the value is taken as it is (only its `coords` are read).
    let pos: web_sys::Position = JsFuture::from(promise).await.ok()?.unchecked_into();
    let coords = pos.coords();
    let round = |v: f64| (v * 100.0).round() / 100.0;
    Some((round(coords.latitude()), round(coords.longitude())))
}
