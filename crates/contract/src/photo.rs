//! Photo rules shared by the browser (before upload) and the server (the authority): which
//! files are images, how big they may be, how large they are stored.

use crate::error::ErrorCode;

/// Largest original a phone may pick (the browser resizes it before upload).
pub const ORIGINAL_MAX_BYTES: u64 = 25 * 1024 * 1024;
/// Largest upload the server accepts (a resized photo is far smaller).
pub const UPLOAD_MAX_BYTES: usize = 8 * 1024 * 1024;
/// Stored photos have their long side at most this many pixels.
pub const LONG_SIDE_MAX: u32 = 1600;
/// Thumbnails (cards) have their long side at most this many pixels.
pub const THUMB_LONG_SIDE: u32 = 480;
/// Smaller pictures are not useful to a buyer.
pub const SHORT_SIDE_MIN: u32 = 120;
/// More pixels than this are refused before decoding (decompression bombs).
pub const PIXELS_MAX: u64 = 16_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }
}

/// Recognises an image by its content (never by its name) and checks that it is complete:
/// a PDF renamed `.jpg` is unsupported, a JPEG cut short is corrupt.
pub fn sniff(bytes: &[u8]) -> Result<ImageKind, ErrorCode> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        // End-of-image marker, possibly followed by padding some cameras add.
        let tail = &bytes[bytes.len().saturating_sub(64)..];
        let complete = tail.windows(2).any(|w| w == [0xFF, 0xD9]);
        return if complete && bytes.len() > 128 { Ok(ImageKind::Jpeg) } else { Err(ErrorCode::PhotoCorrupt) };
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let tail = &bytes[bytes.len().saturating_sub(12)..];
        return if tail.starts_with(&[0, 0, 0, 0]) && tail[4..8] == *b"IEND" {
            Ok(ImageKind::Png)
        } else {
            Err(ErrorCode::PhotoCorrupt)
        };
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes[8..12] == *b"WEBP" {
        let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize + 8;
        return if declared <= bytes.len() { Ok(ImageKind::Webp) } else { Err(ErrorCode::PhotoCorrupt) };
    }
    Err(ErrorCode::PhotoUnsupported)
}

/// The size a photo is stored at: scaled down so the long side is at most `long_side`.
pub fn fit(width: u32, height: u32, long_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_side {
        return (width, height);
    }
    let scale = long_side as f64 / long as f64;
    (((width as f64 * scale).round() as u32).max(1), ((height as f64 * scale).round() as u32).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_by_content_not_name() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        jpeg.resize(200, 0);
        jpeg.extend([0xFF, 0xD9]);
        assert_eq!(sniff(&jpeg), Ok(ImageKind::Jpeg));
        assert_eq!(sniff(&jpeg[..150]), Err(ErrorCode::PhotoCorrupt), "truncated");
        assert_eq!(sniff(b"%PDF-1.7 looks like a jpg by name"), Err(ErrorCode::PhotoUnsupported));
        assert_eq!(sniff(b""), Err(ErrorCode::PhotoUnsupported));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nshort"), Err(ErrorCode::PhotoCorrupt));
    }

    #[test]
    fn fits_the_long_side() {
        assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit(800, 600, 1600), (800, 600));
    }
}
