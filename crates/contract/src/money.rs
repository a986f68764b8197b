//! Money is stored as integer fen (1 yuan = 100 fen) and typed in yuan.

use crate::error::ErrorCode;

/// Parses a price typed in yuan: `12`, `12.5`, `¥ 1,200.00`, full-width digits too.
pub fn parse_yuan(raw: &str) -> Result<i64, ErrorCode> {
    let normalized: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '¥' | '￥' | ',' | '，' | ' ' | '元'))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' => '-',
            c => c,
        })
        .collect();
    if normalized.is_empty() {
        return Err(ErrorCode::Required);
    }
    if let Some(rest) = normalized.strip_prefix('-') {
        return if parse_unsigned(rest).is_some() {
            Err(ErrorCode::PriceNotPositive)
        } else {
            Err(ErrorCode::PriceInvalid)
        };
    }
    parse_unsigned(&normalized).ok_or(ErrorCode::PriceInvalid)
}

fn parse_unsigned(s: &str) -> Option<i64> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    let yuan: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let fen: i64 = format!("{frac:0<2}").parse().ok()?;
    yuan.checked_mul(100)?.checked_add(fen)
}

/// `¥12`, `¥12.50`.
pub fn format_yuan(fen: i64) -> String {
    if fen % 100 == 0 {
        format!("¥{}", fen / 100)
    } else {
        format!("¥{}.{:02}", fen / 100, fen % 100)
    }
}

/// The value to put back into a price field.
pub fn yuan_input(fen: i64) -> String {
    format_yuan(fen).trim_start_matches('¥').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_yuan("12"), Ok(1200));
        assert_eq!(parse_yuan("12.5"), Ok(1250));
        assert_eq!(parse_yuan(" ¥1,200.05 "), Ok(120_005));
        assert_eq!(parse_yuan("１２．５"), Ok(1250));
        assert_eq!(parse_yuan(".5"), Ok(50));
        assert_eq!(parse_yuan("450元"), Ok(45_000));
        assert_eq!(parse_yuan("-5"), Err(ErrorCode::PriceNotPositive));
        assert_eq!(parse_yuan("1.234"), Err(ErrorCode::PriceInvalid));
        assert_eq!(parse_yuan("abc"), Err(ErrorCode::PriceInvalid));
        assert_eq!(parse_yuan("99999999999999999999"), Err(ErrorCode::PriceInvalid));
        assert_eq!(parse_yuan(""), Err(ErrorCode::Required));
    }

    #[test]
    fn formats_whole_yuan_without_decimals() {
        assert_eq!(format_yuan(1200), "¥12");
        assert_eq!(format_yuan(1205), "¥12.05");
        assert_eq!(yuan_input(45_050), "450.50");
    }
}
