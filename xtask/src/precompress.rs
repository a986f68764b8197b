//! Precompressed copies of the built app: for each text or WASM file in the build, a brotli
//! (quality 11, the best) `.br` and a gzip (level 9) `.gz` beside it, so the server sends the
//! smallest encoding without compressing on every request (`ServeDir::precompressed_br/gzip`
//! in `crates/server/src/web.rs`). Run at the end of the split hook, on trunk's staging
//! directory, so `dist/` always holds matching copies.

use crate::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files worth compressing: code, styles, markup and data (images are compressed already).
const EXTENSIONS: &[&str] = &["wasm", "js", "mjs", "css", "html", "json", "svg", "webmanifest", "map"];

/// Below this a compressed copy saves less than its response headers cost.
const MIN_BYTES: u64 = 512;

fn wanted(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    EXTENSIONS.contains(&ext) && std::fs::metadata(path).is_ok_and(|m| m.len() >= MIN_BYTES)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            // Copied third-party files (Leaflet) are left to the on-the-fly layer: the map code
            // creates markers before leaflet.css has applied, and a quicker stylesheet makes
            // Leaflet guess its image path wrong (/vendor/leafletmarker-icon.png).
            if path.file_name().is_some_and(|n| n == "vendor") {
                continue;
            }
            walk(&path, out)?;
        } else if wanted(&path) {
            out.push(path);
        }
    }
    Ok(())
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)?;
    Ok(br)
}

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

fn compress(path: &Path) -> Result {
    let bytes = std::fs::read(path)?;
    let name = path.file_name().and_then(|n| n.to_str()).ok_or("file name")?;
    std::fs::write(path.with_file_name(format!("{name}.br")), brotli(&bytes)?)?;
    std::fs::write(path.with_file_name(format!("{name}.gz")), gzip(&bytes)?)?;
    Ok(())
}

/// Writes `.br` and `.gz` beside every file worth it under `dir`; returns how many files.
pub fn precompress(dir: &Path) -> Result<usize> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    // The largest first, so the workers finish together.
    files.sort_by_key(|f| std::cmp::Reverse(std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)));
    crate::on_every_core(&files, |file| compress(file).map_err(|e| format!("{}: {e}", file.display())))?;
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_both_encodings_that_decode_to_the_file() {
        let dir = std::env::temp_dir().join(format!("linli-precompress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("vendor")).unwrap();
        std::fs::create_dir_all(dir.join("styles")).unwrap();
        let text = "fn main() { println!(\"邻里\"); }\n".repeat(100);
        std::fs::write(dir.join("app-0123456789abcdef.js"), &text).unwrap();
        std::fs::write(dir.join("styles/main.css"), &text).unwrap();
        std::fs::write(dir.join("vendor/leaflet.css"), &text).unwrap();
        std::fs::write(dir.join("tiny.js"), "x").unwrap();
        std::fs::write(dir.join("photo.png"), &text).unwrap();
        assert_eq!(precompress(&dir).unwrap(), 2);

        let br = std::fs::read(dir.join("app-0123456789abcdef.js.br")).unwrap();
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut plain).unwrap();
        assert_eq!(plain, text.as_bytes());
        let gz = std::fs::read(dir.join("styles/main.css.gz")).unwrap();
        let mut plain = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
        assert_eq!(plain, text);
        assert!(!dir.join("tiny.js.br").exists(), "too small to be worth it");
        assert!(!dir.join("photo.png.br").exists(), "images are compressed already");
        assert!(!dir.join("vendor/leaflet.css.br").exists(), "copied vendor files are left alone");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
