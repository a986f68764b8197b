//! A map of places with generic markers (markets now, recycling points later): Leaflet, from
//! npm, served from the app's own assets (`/vendor/leaflet/`, copied by trunk) and loaded only
//! when a map is first shown, never in the first download. Tiles come from the server's
//! `LINLI_MAP_TILES` template (`/api/v1/health`); without one, or when the tile server cannot
//! be reached, the markers still show on a plain background with a scale. Every marker is also
//! an item of the list under the map, so the map adds nothing a screen reader would miss.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// One place on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub lat: f64,
    pub lng: f64,
    /// Its name, shown in the popup and the list.
    pub label: String,
    /// Where tapping it leads (a page of the app).
    pub href: String,
}

const LEAFLET_JS: &str = "/vendor/leaflet/leaflet.js";
const LEAFLET_CSS: &str = "/vendor/leaflet/leaflet.css";

const LEAFLET_IMAGES: &str = "/vendor/leaflet/images/";

/// Resolves when `el` (a script or style sheet just added) has loaded; fails when it cannot.
fn loaded(el: &web_sys::Element) -> wasm_bindgen_futures::JsFuture {
    js_sys::Promise::new(&mut |resolve, reject| {
        let _ = js_sys::Reflect::set(el, &"onload".into(), &resolve);
        let _ = js_sys::Reflect::set(el, &"onerror".into(), &reject);
    })
    .into()
}

thread_local! {
    /// The one load of Leaflet every map waits for (two maps, or a map reopened while it
    /// loads, must not add the files twice nor draw before the style sheet applies).
    static LOADING: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
}

/// Leaflet (`window.L`), loaded once; after a failure the next map tries again.
async fn leaflet() -> Result<JsValue, JsValue> {
    let loading =
        LOADING.with_borrow_mut(|l| l.get_or_insert_with(|| wasm_bindgen_futures::future_to_promise(load())).clone());
    let result = wasm_bindgen_futures::JsFuture::from(loading).await;
    if result.is_err() {
        LOADING.with_borrow_mut(|l| *l = None);
    }
    result
}

/// Adds Leaflet's script and style sheet; resolves with `window.L` once both have loaded (a
/// map drawn before its style sheet applies lays out wrongly, and Leaflet then guesses its
/// marker images' folder without the trailing slash: `/vendor/leafletmarker-icon.png`, 404).
/// On a failure both are taken out again, so a retry starts clean.
async fn load() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let head = document.get_elements_by_tag_name("head").item(0).ok_or("no head")?;
    let link = document.create_element("link")?;
    link.set_attribute("rel", "stylesheet")?;
    let css = loaded(&link);
    link.set_attribute("href", LEAFLET_CSS)?;
    head.append_child(&link)?;
    let script = document.create_element("script")?;
    let js = loaded(&script);
    script.set_attribute("src", LEAFLET_JS)?;
    head.append_child(&script)?;
    let both = async {
        js.await?;
        css.await?;
        let l = js_sys::Reflect::get(&window, &"L".into())?;
        let icon = js_sys::Reflect::get(&js_sys::Reflect::get(&l, &"Icon".into())?, &"Default".into())?;
        js_sys::Reflect::set(&icon, &"imagePath".into(), &LEAFLET_IMAGES.into())?;
        Ok(l)
    };
    let result = both.await;
    if result.is_err() {
        link.remove();
        script.remove();
    }
    result
}

/// `target.name(args…)`.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &name.into())?.dyn_into()?;
    f.apply(target, &args.iter().collect::<js_sys::Array>())
}

fn point(lat: f64, lng: f64) -> JsValue {
    js_sys::Array::of2(&lat.into(), &lng.into()).into()
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// Draws the map into `el`; returns Leaflet's map (to remove it when the view goes).
async fn draw(
    el: web_sys::HtmlElement,
    markers: Vec<Marker>,
    tiles: Option<String>,
    lang: linli_contract::Lang,
) -> Result<JsValue, JsValue> {
    let l = leaflet().await?;
    let map = call(&l, "map", &[el.clone().into(), options(&[("zoomControl", false.into())])])?;
    if let Some(url) = tiles.filter(|u| !u.is_empty()) {
        let layer = call(&l, "tileLayer", &[url.into(), options(&[("maxZoom", 19.into())])])?;
        call(&layer, "addTo", std::slice::from_ref(&map))?;
    }
    let control = js_sys::Reflect::get(&l, &"control".into())?;
    // Leaflet's own zoom buttons, named in the app's language.
    let zoom = call(
        &control,
        "zoom",
        &[options(&[
            ("zoomInTitle", lang.pick("放大", "Zoom in").into()),
            ("zoomOutTitle", lang.pick("缩小", "Zoom out").into()),
        ])],
    )?;
    call(&zoom, "addTo", std::slice::from_ref(&map))?;
    let scale = call(&control, "scale", &[options(&[("imperial", false.into())])])?;
    call(&scale, "addTo", std::slice::from_ref(&map))?;
    let document = el.owner_document().ok_or("no document")?;
    let bounds = js_sys::Array::new();
    for m in &markers {
        // The popup is built as elements with text: a label is never parsed as HTML.
        let link = document.create_element("a")?;
        link.set_attribute("href", &m.href)?;
        link.set_text_content(Some(&m.label));
        let marker = call(
            &l,
            "marker",
            &[point(m.lat, m.lng), options(&[("title", m.label.clone().into()), ("alt", m.label.clone().into())])],
        )?;
        call(&marker, "bindPopup", &[link.into()])?;
        call(&marker, "addTo", std::slice::from_ref(&map))?;
        bounds.push(&point(m.lat, m.lng));
    }
    match markers.len() {
        0 => {
            call(&map, "setView", &[point(31.23, 121.47), 11.into()])?;
        }
        1 => {
            call(&map, "setView", &[point(markers[0].lat, markers[0].lng), 15.into()])?;
        }
        _ => {
            let padding = js_sys::Array::of2(&24.into(), &24.into());
            call(&map, "fitBounds", &[bounds.into(), options(&[("padding", padding.into()), ("maxZoom", 15.into())])])?;
        }
    }
    Ok(map)
}

/// A map of `markers` with the same places as a list of links under it.
#[component]
pub fn MapView(
    markers: Vec<Marker>,
    /// The tile URL template (`Health::map_tiles`); none: a plain background.
    tiles: Option<String>,
    /// The accessible name of the map and its list.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let node = NodeRef::<Div>::new();
    let failed = RwSignal::new(false);
    let drawn = StoredValue::new_local(None::<JsValue>);
    let list = markers.clone();
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        let (markers, tiles, lang) = (markers.clone(), tiles.clone(), untrack(|| i18n.lang()));
        leptos::task::spawn_local(async move {
            // The view may have gone while Leaflet loaded (the list chosen again, another page).
            match draw(el.into(), markers, tiles, lang).await {
                Ok(map) => {
                    if drawn.try_set_value(Some(map.clone())).is_some() {
                        let _ = call(&map, "remove", &[]);
                    }
                }
                Err(_) => {
                    failed.try_set(true);
                }
            }
        });
    });
    on_cleanup(move || {
        if let Some(map) = drawn.try_get_value().flatten() {
            let _ = call(&map, "remove", &[]);
        }
    });
    view! {
        <div class="map-view">
            <div class="map" node_ref=node role="region" aria-label=label.clone()></div>
            <Show when=move || failed.get()>
                <p class="muted small" role="status">{move || i18n.lang().pick(
                    "地图加载失败，请使用下方列表。",
                    "The map could not load; use the list below.",
                )}</p>
            </Show>
            <ul class="map-list" aria-label=label>
                {list.into_iter().map(|m| view! { <li><a href=m.href>{m.label}</a></li> }).collect_view()}
            </ul>
        </div>
    }
}
