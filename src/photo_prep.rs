//! Getting a phone photo ready for upload, in the browser: checked by content with the same
//! rules as the server (contract::photo), scaled so its long side is at most 1600 px, and
//! re-encoded as JPEG, which also drops its EXIF data (the GPS position above all) before it
//! leaves the phone.

use js_sys::{Promise, Uint8Array};
use linli_contract::photo::{self, LONG_SIDE_MAX, ORIGINAL_MAX_BYTES, SHORT_SIDE_MIN};
use linli_contract::ErrorCode;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap};

const JPEG_QUALITY: f64 = 0.85;

pub async fn prepare(file: &File) -> Result<Blob, ErrorCode> {
    if file.size() as u64 > ORIGINAL_MAX_BYTES {
        return Err(ErrorCode::PhotoTooLarge);
    }
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| ErrorCode::PhotoCorrupt)?;
    photo::sniff(&Uint8Array::new(&buffer).to_vec())?;
    let window = web_sys::window().ok_or(ErrorCode::Internal)?;
    let decoding = window.create_image_bitmap_with_blob(file).map_err(|_| ErrorCode::PhotoUnsupported)?;
    let bitmap: ImageBitmap = JsFuture::from(decoding).await.map_err(|_| ErrorCode::PhotoCorrupt)?.unchecked_into();
    let (w, h) = (bitmap.width(), bitmap.height());
    if w.min(h) < SHORT_SIDE_MIN {
        return Err(ErrorCode::PhotoTooSmall);
    }
    let (tw, th) = photo::fit(w, h, LONG_SIDE_MAX);
    let canvas: HtmlCanvasElement =
        leptos::prelude::document().create_element("canvas").map_err(|_| ErrorCode::Internal)?.unchecked_into();
    canvas.set_width(tw);
    canvas.set_height(th);
    let ctx: CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().ok_or(ErrorCode::Internal)?.unchecked_into();
    // JPEG has no transparency: paint white first, as the server does.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, tw.into(), th.into());
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, tw.into(), th.into())
        .map_err(|_| ErrorCode::PhotoCorrupt)?;
    bitmap.close();
    to_jpeg(&canvas).await
}

async fn to_jpeg(canvas: &HtmlCanvasElement) -> Result<Blob, ErrorCode> {
    let mut result = Err(ErrorCode::Internal);
    let promise = Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        result = canvas
            .to_blob_with_type_and_encoder_options(callback.unchecked_ref(), "image/jpeg", &JPEG_QUALITY.into())
            .map_err(|_| ErrorCode::Internal);
    });
    result?;
    let blob = JsFuture::from(promise).await.map_err(|_| ErrorCode::Internal)?;
    blob.dyn_into::<Blob>().map_err(|_| ErrorCode::Internal)
}
