//! A QR code of a short digit string (a check-in code), drawn as SVG: version 1 (21×21), error
//! correction level M, numeric mode, mask 0 (any mask is valid; readers try none, they read
//! the format bits). Up to 14 digits fit. Written here in a hundred lines rather than pulling a
//! QR crate into the Markets chunk; it follows ISO/IEC 18004 as Project Nayuki's reference
//! implementation lays it out.

const SIZE: usize = 21;
/// Version 1-M: 16 data codewords, 10 error-correction codewords, one block.
const DATA_CODEWORDS: usize = 16;
const EC_CODEWORDS: usize = 10;
/// Level M's two format bits.
const FORMAT_M: u32 = 0b00;

/// The modules (true: dark) of the QR code of `digits`; none when it is not 1–14 ASCII digits.
pub fn modules(digits: &str) -> Option<[[bool; SIZE]; SIZE]> {
    if digits.is_empty() || digits.len() > 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Numeric mode: 0001, a 10-bit count, then 10 bits per three digits (7 for two, 4 for one).
    let mut bits: Vec<bool> = Vec::new();
    let mut push = |value: u32, len: u32| (0..len).rev().for_each(|i| bits.push((value >> i) & 1 == 1));
    push(0b0001, 4);
    push(digits.len() as u32, 10);
    for chunk in digits.as_bytes().chunks(3) {
        let value = chunk.iter().fold(0, |v, b| v * 10 + u32::from(b - b'0'));
        push(value, [0, 4, 7, 10][chunk.len()]);
    }
    let capacity = DATA_CODEWORDS * 8;
    let terminator = (capacity - bits.len()).min(4);
    bits.extend(std::iter::repeat_n(false, terminator));
    while !bits.len().is_multiple_of(8) {
        bits.push(false);
    }
    let mut data: Vec<u8> = bits.chunks(8).map(|byte| byte.iter().fold(0u8, |v, b| (v << 1) | u8::from(*b))).collect();
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if data.len() == DATA_CODEWORDS {
            break;
        }
        data.push(pad);
    }
    let ec = reed_solomon(&data);
    data.extend(ec);

    let mut dark = [[false; SIZE]; SIZE];
    let mut function = [[false; SIZE]; SIZE];
    let mut set = |x: usize, y: usize, on: bool| {
        dark[y][x] = on;
        function[y][x] = true;
    };
    // Timing patterns, then the three finder patterns with their separators.
    for i in 0..SIZE {
        set(6, i, i % 2 == 0);
        set(i, 6, i % 2 == 0);
    }
    for (cx, cy) in [(3, 3), (SIZE - 4, 3), (3, SIZE - 4)] {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                if (0..SIZE as i32).contains(&x) && (0..SIZE as i32).contains(&y) {
                    let dist = dx.abs().max(dy.abs());
                    set(x as usize, y as usize, dist != 2 && dist != 4);
                }
            }
        }
    }
    // Format bits (level M, mask 0) with their BCH code, in both copies; the dark module.
    let format = FORMAT_M << 3;
    let mut rem = format;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    let f = ((format << 10) | rem) ^ 0x5412;
    let bit = |i: u32| (f >> i) & 1 == 1;
    for i in 0..=5 {
        set(8, i as usize, bit(i));
    }
    set(8, 7, bit(6));
    set(8, 8, bit(7));
    set(7, 8, bit(8));
    for i in 9..15 {
        set(14 - i as usize, 8, bit(i));
    }
    for i in 0..8 {
        set(SIZE - 1 - i as usize, 8, bit(i));
    }
    for i in 8..15 {
        set(8, SIZE - 15 + i as usize, bit(i));
    }
    set(8, SIZE - 8, true);

    // The codewords in the zigzag of two-module columns, right to left, skipping the timing
    // column; mask 0 flips every data module where (x + y) is even.
    let mut i = 0;
    let mut right = SIZE as i32 - 1;
    while right >= 1 {
        if right == 6 {
            right = 5;
        }
        for vert in 0..SIZE {
            for j in 0..2 {
                let x = (right - j) as usize;
                let upward = (right + 1) & 2 == 0;
                let y = if upward { SIZE - 1 - vert } else { vert };
                if !function[y][x] && i < data.len() * 8 {
                    dark[y][x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1;
                    i += 1;
                }
                if !function[y][x] && (x + y).is_multiple_of(2) {
                    dark[y][x] = !dark[y][x];
                }
            }
        }
        right -= 2;
    }
    Some(dark)
}

fn gf_mul(x: u8, y: u8) -> u8 {
    let mut z: u32 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x11D);
        z ^= ((u32::from(y) >> i) & 1) * u32::from(x);
    }
    z as u8
}

/// The error-correction codewords of `data` (generator of degree [`EC_CODEWORDS`]).
fn reed_solomon(data: &[u8]) -> Vec<u8> {
    let mut divisor = vec![0u8; EC_CODEWORDS];
    divisor[EC_CODEWORDS - 1] = 1;
    let mut root = 1u8;
    for _ in 0..EC_CODEWORDS {
        for j in 0..EC_CODEWORDS {
            divisor[j] = gf_mul(divisor[j], root);
            if j + 1 < EC_CODEWORDS {
                divisor[j] ^= divisor[j + 1];
            }
        }
        root = gf_mul(root, 0x02);
    }
    let mut result = vec![0u8; EC_CODEWORDS];
    for b in data {
        let factor = b ^ result.remove(0);
        result.push(0);
        for (r, d) in result.iter_mut().zip(&divisor) {
            *r ^= gf_mul(*d, factor);
        }
    }
    result
}

/// The SVG path (`d`) of the dark modules, one unit each, with a quiet zone of 4.
pub fn svg_path(digits: &str) -> Option<String> {
    let m = modules(digits)?;
    let mut d = String::new();
    for (y, row) in m.iter().enumerate() {
        for (x, on) in row.iter().enumerate() {
            if *on {
                d.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some(d)
}

/// The side of the SVG's view box (the code and its quiet zone).
pub const VIEW: usize = SIZE + 8;

/// The QR code of `digits` as an inline SVG image, labelled for screen readers.
#[leptos::component]
pub fn QrCode(digits: String, #[prop(into)] label: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    svg_path(&digits).map(|d| {
        view! {
            <svg class="checkin-qr" viewBox=format!("0 0 {VIEW} {VIEW}") role="img" aria-label=label shape-rendering="crispEdges">
                <rect width=VIEW.to_string() height=VIEW.to_string() fill="#fff"/>
                <path d=d fill="#000"/>
            </svg>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finder_patterns_and_timing() {
        let m = modules("123456").unwrap();
        assert!(m[0][0] && m[0][6] && m[6][0] && !m[1][1] && m[2][2]);
        assert!(m[0][SIZE - 1] && m[SIZE - 1][0] && !m[7][7]);
        assert!((8..SIZE - 8).all(|i| m[6][i] == (i % 2 == 0)));
        assert!(m[SIZE - 8][8], "the dark module");
        assert_eq!(modules("12a"), None);
    }

    /// Writes `qr-test.pgm` when asked, for a decoder to read back (see the commit message).
    #[test]
    fn writes_an_image_when_asked() {
        let Ok(path) = std::env::var("QR_PGM") else { return };
        let m = modules(&std::env::var("QR_DIGITS").unwrap_or("123456".into())).unwrap();
        let scale = 10;
        let side = VIEW * scale;
        let mut out = format!("P2\n{side} {side}\n1\n");
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / scale) as i32 - 4, (y / scale) as i32 - 4);
                let on =
                    (0..SIZE as i32).contains(&mx) && (0..SIZE as i32).contains(&my) && m[my as usize][mx as usize];
                out.push_str(if on { "0 " } else { "1 " });
            }
            out.push('\n');
        }
        std::fs::write(path, out).unwrap();
    }
}
