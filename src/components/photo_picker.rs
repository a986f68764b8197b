//! Picking 1–9 photos from the camera or the gallery: each is checked, resized and uploaded
//! in the background with its progress shown; the first is the cover.

use crate::i18n::{error_text, tr, use_i18n, Key};
use crate::{api, photo_prep};
use leptos::prelude::*;
use linli_contract::listing::limits::PHOTOS_MAX;
use linli_contract::listing::Photo;
use linli_contract::{decimal, ErrorCode};
use wasm_bindgen::JsCast;

/// One place in the photo list.
#[derive(Clone, PartialEq)]
pub enum Slot {
    Uploading { local: u32, name: String, progress: RwSignal<f64> },
    Done(Photo),
    Failed { local: u32, name: String, code: ErrorCode },
}

impl Slot {
    fn key(&self) -> String {
        match self {
            Slot::Done(p) => p.key.clone(),
            Slot::Uploading { local, .. } => format!("u{local}"),
            Slot::Failed { local, .. } => format!("f{local}"),
        }
    }
}

/// The uploaded photos, in order.
pub fn done(slots: &[Slot]) -> Vec<Photo> {
    slots
        .iter()
        .filter_map(|s| match s {
            Slot::Done(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

pub fn uploading(slots: &[Slot]) -> bool {
    slots.iter().any(|s| matches!(s, Slot::Uploading { .. }))
}

#[component]
pub fn PhotoPicker(
    slots: RwSignal<Vec<Slot>>,
    #[prop(into)] error: Signal<Option<ErrorCode>>,
    set_error: Callback<Option<ErrorCode>>,
    /// At most this many photos (listings 9, dispute evidence 6).
    #[prop(default = PHOTOS_MAX)]
    max: usize,
    /// What the photos are for (a listing's: the first is its cover).
    #[prop(default = Key::PhotosHint)]
    hint: Key,
) -> impl IntoView {
    let i18n = use_i18n();
    let next_local = StoredValue::new(0u32);
    let used = move || slots.with(|s| s.iter().filter(|x| !matches!(x, Slot::Failed { .. })).count());

    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().expect("input").unchecked_into();
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // Clear the input so choosing the same file again fires `change` again.
        input.set_value("");
        let room = max.saturating_sub(used());
        set_error.run((files.len() > room).then_some(ErrorCode::TooManyPhotos));
        let queued: Vec<(u32, RwSignal<f64>, web_sys::File)> = files
            .into_iter()
            .take(room)
            .map(|file| {
                let local = next_local.get_value();
                next_local.set_value(local + 1);
                let progress = RwSignal::new(0.0);
                slots.update(|s| s.push(Slot::Uploading { local, name: file.name(), progress }));
                (local, progress, file)
            })
            .collect();
        // One at a time: a phone has little memory for decoding big photos.
        leptos::task::spawn_local(async move {
            for (local, progress, file) in queued {
                let result = match photo_prep::prepare(&file).await {
                    Ok(blob) => api::upload_photo(blob, move |p| progress.set(p)).await.map_err(|e| e.code),
                    Err(code) => Err(code),
                };
                let name = file.name();
                slots.update(|s| {
                    if let Some(slot) =
                        s.iter_mut().find(|x| matches!(x, Slot::Uploading { local: l, .. } if *l == local))
                    {
                        *slot = match result {
                            Ok(photo) => Slot::Done(photo),
                            Err(code) => Slot::Failed { local, name, code },
                        };
                    }
                });
            }
        });
    };

    let remove = move |key: String| slots.update(|s| s.retain(|x| x.key() != key));
    let make_cover = move |key: String| {
        slots.update(|s| {
            if let Some(i) = s.iter().position(|x| x.key() == key) {
                let slot = s.remove(i);
                s.insert(0, slot);
            }
        })
    };
    let tile = move |slot: Slot| {
        let key = slot.key();
        let stored_key = StoredValue::new(key.clone());
        let position =
            move || stored_key.with_value(|k| slots.with(|s| s.iter().position(|x| &x.key() == k).unwrap_or(0)));
        match slot {
            Slot::Done(photo) => {
                let (k1, k2) = (key.clone(), key);
                view! {
                    <li class="photo-tile">
                        <img src=photo.thumb_url alt=move || format!("{} {}", i18n.t(Key::Photo), position() + 1)/>
                        <Show when=move || position() == 0>
                            <span class="cover-badge">{tr(Key::Cover)}</span>
                        </Show>
                        <button type="button" class="tile-button tile-remove" on:click=move |_| remove(k1.clone())
                            aria-label=move || format!("{} {}", i18n.t(Key::RemovePhoto), position() + 1)>"×"</button>
                        <Show when=move || position() != 0>
                            <button type="button" class="tile-button tile-cover" on:click={
                                let k = k2.clone();
                                move |_| make_cover(k.clone())
                            } aria-label=move || format!("{} {}", i18n.t(Key::MakeCover), position() + 1)>"★"</button>
                        </Show>
                    </li>
                }
                .into_any()
            }
            Slot::Uploading { name, progress, .. } => view! {
                <li class="photo-tile photo-uploading">
                    <progress max="1" prop:value=move || progress.get() aria-label=format!("{} {name}", i18n.t(Key::Uploading))></progress>
                    <span class="small">{move || format!("{}%", decimal::format_fixed(progress.get() * 100.0, 0))}</span>
                </li>
            }
            .into_any(),
            Slot::Failed { name, code, .. } => view! {
                <li class="photo-tile photo-failed" role="alert">
                    <p class="small">{name} ": " {move || code.message(i18n.lang())}</p>
                    <button type="button" class="tile-button tile-remove" on:click=move |_| remove(key.clone())
                        aria-label=tr(Key::Dismiss)>"×"</button>
                </li>
            }
            .into_any(),
        }
    };

    view! {
        <fieldset class="field photo-field" class:field-invalid=move || error.get().is_some()>
            <legend>{tr(Key::Photos)}</legend>
            <p class="hint" id="photos-hint">{tr(hint)}</p>
            <ul class="photo-grid">
                <For each=move || slots.get() key=Slot::key children=tile/>
                <Show when=move || { used() < max }>
                    <li class="photo-tile">
                        <label class="photo-add" for="photos">
                            <span aria-hidden="true" class="photo-add-plus">"+"</span>
                            <span>{tr(Key::AddPhotos)}</span>
                            <span class="small muted">{move || format!("{}/{max}", used())}</span>
                        </label>
                    </li>
                </Show>
            </ul>
            <input id="photos" class="visually-hidden" type="file" accept="image/*" multiple on:change=on_change
                aria-describedby="photos-hint photos-error" aria-invalid=move || if error.get().is_some() { "true" } else { "false" }/>
            <p class="error" id="photos-error" role="alert" aria-live="polite">{error_text(error)}</p>
        </fieldset>
    }
}
