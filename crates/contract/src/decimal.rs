//! Coordinates and distances as short decimal text, written and read with integer arithmetic.
//!
//! The web app formats and parses these on the Browse page; Rust's general float formatting and
//! parsing would add ~17 KB to its first download for numbers that never need more than a few
//! decimals.

/// `value` with exactly `decimals` decimals (rounded half away from zero): `31.23`, `-0.5`.
pub fn format_fixed(value: f64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let scaled = (value * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, frac) = (scaled.unsigned_abs() / scale as u64, scaled.unsigned_abs() % scale as u64);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
    }
}

/// A plain decimal number: optional `-`, up to nine digits, optional `.` and up to six more.
/// Anything else (exponents, `inf`, `NaN`, spaces) is refused.
pub fn parse_plain(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) || whole.len() > 9 || frac.len() > 6 {
        return None;
    }
    // At most 15 digits: exact as an f64, so one correctly rounded division gives the same
    // value as a full decimal parser would.
    let mantissa = whole.bytes().chain(frac.bytes()).fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
    let value = mantissa as f64 / 10i64.pow(frac.len() as u32) as f64;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_fixed_decimals() {
        assert_eq!(format_fixed(31.2304, 2), "31.23");
        assert_eq!(format_fixed(121.475, 2), "121.48");
        assert_eq!(format_fixed(-0.5, 1), "-0.5");
        assert_eq!(format_fixed(-0.04, 1), "0.0");
        assert_eq!(format_fixed(2.0, 1), "2.0");
        assert_eq!(format_fixed(12.96, 0), "13");
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(parse_plain("31.23"), Some(31.23));
        assert_eq!(parse_plain("-122.4"), Some(-122.4));
        assert_eq!(parse_plain("7"), Some(7.0));
        assert_eq!(parse_plain(".5"), Some(0.5));
        assert_eq!(parse_plain("0.1"), Some(0.1));
        assert_eq!(parse_plain("121.475"), Some(121.475));
        for bad in ["", "-", ".", "1e5", "inf", "NaN", " 1", "1.2.3", "+1", "1234567890", "1.1234567"] {
            assert_eq!(parse_plain(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn round_trips_what_the_app_writes() {
        for v in [31.23, -33.87, 121.47, 0.0, 179.99, -90.0] {
            assert_eq!(parse_plain(&format_fixed(v, 2)), Some(v));
        }
    }
}
