//! The one rule for every piece of free text a person types: titles, descriptions, messages,
//! trade requests, rating comments, report notes, hide and cancel reasons, display names.
//!
//! Refused everywhere: control characters (NUL, escape, bell, backspace…; a line break or a
//! tab only where the field has several lines), direction overrides and isolates (which make
//! text read differently from what it is), unpaired noncharacters, and text made only of
//! invisible characters (zero-width spaces and the like) and spaces. NUL in particular would
//! also break PostgreSQL's TEXT.

use crate::error::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A title, a name, a reason: no line breaks.
    SingleLine,
    /// A description, a message, a note: line breaks and tabs allowed.
    MultiLine,
}

/// Checks `raw` against the free-text rule. Empty (or only spaces) is allowed here: whether a
/// field is required is the field's own rule.
pub fn check(raw: &str, kind: TextKind) -> Result<(), ErrorCode> {
    for c in raw.chars() {
        let allowed_control = kind == TextKind::MultiLine && matches!(c, '\n' | '\r' | '\t');
        if (c.is_control() && !allowed_control) || is_direction_control(c) || is_noncharacter(c) {
            return Err(ErrorCode::TextInvalid);
        }
        if kind == TextKind::SingleLine && matches!(c, '\u{2028}' | '\u{2029}') {
            return Err(ErrorCode::TextInvalid);
        }
    }
    // Something there, but nothing visible: refused, it would display as blank.
    if !raw.trim().is_empty() && raw.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(ErrorCode::TextInvalid);
    }
    Ok(())
}

/// `check` as a field validator: `Ok(())` or the field's error.
pub fn check_field(field: crate::Field, raw: &str, kind: TextKind) -> Result<(), crate::FieldError> {
    check(raw, kind).map_err(|code| crate::FieldError::new(field, code))
}

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the
/// Arabic letter mark. The implicit marks (LRM, RLM) are harmless and count as invisible.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// Unicode's Default_Ignorable_Code_Point set (DerivedCoreProperties.txt): characters that
/// render as nothing. A name may contain none of them; other text may not consist of them.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}'
        // Blank-looking letters and spaces that are not Default_Ignorable but show nothing.
        | '\u{2800}' | '\u{3000}'
    )
}

/// The 66 noncharacters (U+FDD0–U+FDEF and the last two of every plane).
fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;
    use TextKind::*;

    #[test]
    fn control_characters_are_refused_but_line_breaks_in_multi_line_text() {
        for bad in ["a\0b", "red\u{1b}[31m", "ding\u{7}", "back\u{8}space", "del\u{7f}", "c1\u{85}"] {
            assert_eq!(check(bad, SingleLine), Err(ErrorCode::TextInvalid), "{bad:?}");
            assert_eq!(check(bad, MultiLine), Err(ErrorCode::TextInvalid), "{bad:?}");
        }
        assert_eq!(check("line\nbreak\tand tab", MultiLine), Ok(()));
        assert_eq!(check("line\nbreak", SingleLine), Err(ErrorCode::TextInvalid));
        assert_eq!(check("sep\u{2028}", SingleLine), Err(ErrorCode::TextInvalid));
        assert_eq!(check("a\r\nb", MultiLine), Ok(()));
        assert_eq!(check("a\rb", SingleLine), Err(ErrorCode::TextInvalid));
    }

    #[test]
    fn direction_overrides_and_invisible_only_text_are_refused() {
        assert_eq!(check("exe.\u{202E}gpj", SingleLine), Err(ErrorCode::TextInvalid));
        assert_eq!(check("\u{2067}x", MultiLine), Err(ErrorCode::TextInvalid));
        assert_eq!(check("\u{200B}\u{200B}\u{200B}", SingleLine), Err(ErrorCode::TextInvalid));
        assert_eq!(check(" \u{FEFF} \u{3164} ", MultiLine), Err(ErrorCode::TextInvalid));
        assert_eq!(check("\u{FDD0}", MultiLine), Err(ErrorCode::TextInvalid));
    }

    #[test]
    fn ordinary_text_in_any_script_passes() {
        for good in ["九成新宜家沙发", "Grey sofa, barely used", "😀 emoji ok", "עברית", "العربية", "", "  "]
        {
            assert_eq!(check(good, SingleLine), Ok(()), "{good:?}");
        }
        // A zero-width joiner inside an emoji sequence is fine in text (not only invisible).
        assert_eq!(check("👨\u{200D}👩\u{200D}👧", SingleLine), Ok(()));
    }
}
