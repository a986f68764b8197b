//! Photo processing: the server's own check of what the browser sent. The type is recognised
//! by content, the picture fully decoded (a damaged file fails here), turned upright, scaled,
//! and re-encoded as a fresh JPEG, which carries none of the original's metadata (EXIF, GPS
//! position, camera serial).

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use linli_contract::photo::{self, ImageKind, LONG_SIDE_MAX, PIXELS_MAX, SHORT_SIDE_MIN, THUMB_LONG_SIDE};
use linli_contract::ErrorCode;
use std::io::Cursor;

pub struct Processed {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

const FULL_QUALITY: u8 = 82;
const THUMB_QUALITY: u8 = 76;

/// Largest side the server decodes, whatever the pixel count.
pub const SIDE_MAX: u32 = 10_000;

/// The picture's format and size, from its header alone (nothing is decoded), checked against
/// the decoding budget: at most [`PIXELS_MAX`] pixels and [`SIDE_MAX`] on either side. A tiny
/// file can claim a huge picture (a "decompression bomb"); it is refused here.
pub fn check_header(bytes: &[u8]) -> Result<(ImageFormat, u32, u32), ErrorCode> {
    let format = match photo::sniff(bytes)? {
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::Png => ImageFormat::Png,
        ImageKind::Webp => ImageFormat::WebP,
    };
    let (w, h) =
        ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(|_| ErrorCode::PhotoCorrupt)?;
    if w > SIDE_MAX || h > SIDE_MAX || u64::from(w) * u64::from(h) > PIXELS_MAX {
        return Err(ErrorCode::PhotoTooManyPixels);
    }
    Ok((format, w, h))
}

/// Checks, decodes (within a memory limit), orients, scales and re-encodes. CPU-bound: call it
/// off the async threads.
pub fn process(bytes: &[u8]) -> Result<Processed, ErrorCode> {
    let (format, _, _) = check_header(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(SIDE_MAX);
    limits.max_image_height = Some(SIDE_MAX);
    // The decoded picture (at most 4 bytes a pixel) and the decoder's own buffers.
    limits.max_alloc = Some(PIXELS_MAX * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| ErrorCode::PhotoCorrupt)?;
    let (w, h) = decoder.dimensions();
    if w > SIDE_MAX || h > SIDE_MAX || u64::from(w) * u64::from(h) > PIXELS_MAX {
        return Err(ErrorCode::PhotoTooManyPixels);
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| ErrorCode::PhotoCorrupt)?;
    img.apply_orientation(orientation);
    if img.width().min(img.height()) < SHORT_SIDE_MIN {
        return Err(ErrorCode::PhotoTooSmall);
    }
    let rgb = flatten(img);
    let (fw, fh) = photo::fit(rgb.width(), rgb.height(), LONG_SIDE_MAX);
    let full = if (fw, fh) == rgb.dimensions() {
        rgb
    } else {
        image::imageops::resize(&rgb, fw, fh, image::imageops::FilterType::CatmullRom)
    };
    let (tw, th) = photo::fit(fw, fh, THUMB_LONG_SIDE);
    let thumb = image::imageops::resize(&full, tw, th, image::imageops::FilterType::Triangle);
    Ok(Processed { width: fw, height: fh, full: jpeg(&full, FULL_QUALITY)?, thumb: jpeg(&thumb, THUMB_QUALITY)? })
}

/// Transparent pixels become white (a shop's background), not black.
fn flatten(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])])
    })
}

pub fn jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, ErrorCode> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality).encode_image(img).map_err(|_| ErrorCode::Internal)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        jpeg(&img, 90).unwrap()
    }

    /// Inserts an EXIF block with a GPS position after the JPEG's start marker.
    fn with_gps_exif(jpeg: &[u8]) -> Vec<u8> {
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        // IFD0: one entry, GPSInfo (0x8825) -> offset 26
        tiff.extend([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
        // GPS IFD: GPSLatitudeRef = "N"
        tiff.extend([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(&tiff);
        let len = (app1.len() + 2) as u16;
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(len.to_be_bytes());
        out.extend(app1);
        out.extend(&jpeg[2..]);
        out
    }

    #[test]
    fn strips_metadata_and_scales_to_the_long_side() {
        let original = with_gps_exif(&sample_jpeg(2400, 1800));
        assert!(original.windows(4).any(|w| w == b"Exif"));
        let p = process(&original).unwrap();
        assert_eq!((p.width, p.height), (1600, 1200));
        assert!(!p.full.windows(4).any(|w| w == b"Exif"), "no EXIF left");
        assert!(!p.thumb.windows(4).any(|w| w == b"Exif"));
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (480, 360));
    }

    #[test]
    fn refuses_what_is_not_a_whole_picture() {
        let good = sample_jpeg(400, 300);
        assert_eq!(process(&good[..good.len() / 2]).err(), Some(ErrorCode::PhotoCorrupt), "truncated");
        assert_eq!(process(b"%PDF-1.4\n%fake.jpg").err(), Some(ErrorCode::PhotoUnsupported));
        assert_eq!(process(&sample_jpeg(100, 60)).err(), Some(ErrorCode::PhotoTooSmall));
        // Right markers, garbage inside.
        let mut garbage = vec![0xFF, 0xD8, 0xFF, 0xDB];
        garbage.extend(std::iter::repeat_n(0x42, 400));
        garbage.extend([0xFF, 0xD9]);
        assert_eq!(process(&garbage).err(), Some(ErrorCode::PhotoCorrupt));
    }

    #[test]
    fn a_small_file_claiming_a_huge_picture_is_refused_from_its_header() {
        // 7000 x 7000 of one colour compresses to little.
        let img = image::GrayImage::new(7000, 7000);
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).unwrap();
        assert!(png.len() < 1_000_000, "{}", png.len());
        assert_eq!(check_header(&png).err(), Some(ErrorCode::PhotoTooManyPixels));
        assert_eq!(process(&png).err(), Some(ErrorCode::PhotoTooManyPixels));
        assert_eq!(check_header(&sample_jpeg(400, 300)).ok().map(|(_, w, h)| (w, h)), Some((400, 300)));
    }

    #[test]
    fn accepts_png_with_transparency_on_white() {
        let img = image::RgbaImage::from_fn(300, 300, |x, _| image::Rgba([0, 0, 0, if x < 150 { 0 } else { 255 }]));
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).unwrap();
        let p = process(&png).unwrap();
        let out = image::load_from_memory(&p.full).unwrap().to_rgb8();
        assert!(out.get_pixel(10, 10).0.iter().all(|&c| c > 240), "transparent became white");
        assert!(out.get_pixel(290, 10).0.iter().all(|&c| c < 15));
    }
}
