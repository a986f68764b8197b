//! Validation shared by the forms (instant feedback) and the server (the authority).

use crate::auth::{LoginRequest, RegisterRequest};
use crate::error::ErrorCode;
use crate::field::{Errors, Field, FieldError, Validate};

pub mod limits {
    pub const NAME_MIN: usize = 2;
    pub const NAME_MAX: usize = 20;
    pub const PASSWORD_MIN: usize = 8;
    pub const PASSWORD_MAX: usize = 128;
    pub const EMAIL_MAX: usize = 254;
    /// Longer log-in names are no account's (the longest is an e-mail address).
    pub const LOGIN_MAX_BYTES: usize = 320;
    /// The moderators' user search.
    pub const USER_QUERY_MAX: usize = 50;
}
use limits::*;

/// A contact in canonical form: what is stored and compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// 11 digits, without the +86 prefix.
    Phone(String),
    /// Lower-cased.
    Email(String),
}

impl Contact {
    pub fn as_str(&self) -> &str {
        match self {
            Contact::Phone(s) | Contact::Email(s) => s,
        }
    }

    /// Masked for display to its owner: `138****5678`, `z***@example.com`.
    pub fn masked(&self) -> String {
        match self {
            Contact::Phone(p) => format!("{}****{}", &p[..3], &p[7..]),
            Contact::Email(e) => {
                let (local, domain) = e.split_once('@').unwrap_or((e, ""));
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
        }
    }
}

/// Parses a mainland mobile number (`13812345678`, `+86 138-1234-5678`) or an e-mail address.
pub fn contact(raw: &str) -> Result<Contact, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ErrorCode::Required);
    }
    if raw.contains('@') {
        return email(raw).map(Contact::Email);
    }
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
    if is_mobile_number(digits) {
        Ok(Contact::Phone(digits.to_string()))
    } else {
        Err(ErrorCode::ContactInvalid)
    }
}

fn is_mobile_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit)
}

fn email(raw: &str) -> Result<String, ErrorCode> {
    let lower = raw.to_lowercase();
    let valid = lower.len() <= EMAIL_MAX
        && !lower.chars().any(|c| c.is_whitespace() || c.is_control())
        && match lower.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if valid {
        Ok(lower)
    } else {
        Err(ErrorCode::ContactInvalid)
    }
}

/// Display name: 2–20 characters of any script, no `@` (logins stay unambiguous), no control
/// characters, and not a phone number (nobody should be able to pose as someone's number).
pub fn display_name(raw: &str) -> Result<String, ErrorCode> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 {
        return Err(ErrorCode::Required);
    }
    if len < NAME_MIN {
        return Err(ErrorCode::NameTooShort);
    }
    if len > NAME_MAX {
        return Err(ErrorCode::NameTooLong);
    }
    let digits: String = name.chars().filter(|c| !matches!(c, ' ' | '-' | '+')).collect();
    if name.contains('@')
        || crate::text::check(name, crate::text::TextKind::SingleLine).is_err()
        || name.chars().any(|c| crate::text::is_invisible(c) || crate::text::is_direction_control(c))
        || (digits.len() >= 7 && digits.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(ErrorCode::NameInvalid);
    }
    Ok(name.to_string())
}

/// The key under which display names are unique: case and surrounding space do not matter.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "87654321",
    "11111111",
    "88888888",
    "66666666",
    "00000000",
    "password",
    "password1",
    "passw0rd",
    "qwertyui",
    "qwerty123",
    "abc12345",
    "abcd1234",
    "a1234567",
    "iloveyou",
    "woaini520",
    "woaini1314",
    "5201314520",
    "1qaz2wsx",
    "zxcvbnm1",
    "aa123456",
    "admin123",
    "linli123",
];

pub fn password(raw: &str) -> Result<(), ErrorCode> {
    let len = raw.chars().count();
    if len == 0 {
        return Err(ErrorCode::Required);
    }
    if len < PASSWORD_MIN {
        return Err(ErrorCode::PasswordTooShort);
    }
    if len > PASSWORD_MAX {
        return Err(ErrorCode::PasswordTooLong);
    }
    let lower = raw.to_lowercase();
    let one_char_repeated = raw.chars().all(|c| raw.starts_with(c));
    if one_char_repeated || COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err(ErrorCode::PasswordTooCommon);
    }
    Ok(())
}

impl Validate for RegisterRequest {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        form.check(Field::DisplayName, display_name(&self.display_name).map(drop));
        form.check(Field::Contact, contact(&self.contact).map(drop));
        form.check(Field::Password, password(&self.password));
        if self.setup_code.as_deref().is_some_and(|c| c.chars().count() > 64) {
            form.check(Field::SetupCode, Err(ErrorCode::SetupCodeInvalid));
        }
        form.into_vec()
    }
}

/// Login only checks presence: anything else would tell an attacker which accounts exist.
impl Validate for LoginRequest {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        if self.login.trim().is_empty() {
            form.check(Field::Login, Err(ErrorCode::Required));
        } else if self.login.len() > LOGIN_MAX_BYTES {
            form.check(Field::Login, Err(ErrorCode::BadCredentials));
        }
        if self.password.is_empty() {
            form.check(Field::Password, Err(ErrorCode::Required));
        } else if self.password.chars().count() > PASSWORD_MAX {
            form.check(Field::Password, Err(ErrorCode::BadCredentials));
        }
        form.into_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised() {
        assert_eq!(contact("13812345678"), Ok(Contact::Phone("13812345678".into())));
        assert_eq!(contact(" +86 138-1234-5678 "), Ok(Contact::Phone("13812345678".into())));
        assert_eq!(contact("008613812345678"), Ok(Contact::Phone("13812345678".into())));
        assert_eq!(contact("12812345678"), Err(ErrorCode::ContactInvalid));
        assert_eq!(contact("1381234567"), Err(ErrorCode::ContactInvalid));
        assert_eq!(contact("138123456789"), Err(ErrorCode::ContactInvalid));
        assert_eq!(contact(""), Err(ErrorCode::Required));
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(contact("Zhang.Wei@Example.COM"), Ok(Contact::Email("zhang.wei@example.com".into())));
        for bad in ["a@b", "@example.com", "a@@b.com", "a b@c.com", "a@.com", "a@b..com", "a@b.com."] {
            assert_eq!(contact(bad), Err(ErrorCode::ContactInvalid), "{bad}");
        }
    }

    #[test]
    fn masks_hide_most_of_the_contact() {
        assert_eq!(Contact::Phone("13812345678".into()).masked(), "138****5678");
        assert_eq!(Contact::Email("zhang@example.com".into()).masked(), "z***@example.com");
    }

    #[test]
    fn names_count_characters_not_bytes() {
        assert_eq!(display_name("王"), Err(ErrorCode::NameTooShort));
        assert_eq!(display_name(" 王芳 "), Ok("王芳".into()));
        assert_eq!(display_name(&"邻".repeat(20)).map(|n| n.chars().count()), Ok(20));
        assert_eq!(display_name(&"邻".repeat(21)), Err(ErrorCode::NameTooLong));
        assert_eq!(display_name("a@b"), Err(ErrorCode::NameInvalid));
        assert_eq!(display_name("138 1234 5678"), Err(ErrorCode::NameInvalid));
        assert_eq!(display_name("Tom\u{7}"), Err(ErrorCode::NameInvalid));
        assert_eq!(display_name("   "), Err(ErrorCode::Required));
        // Invisible or direction-changing characters: a name must look like what it is.
        assert_eq!(display_name("管理员小周\u{200B}"), Err(ErrorCode::NameInvalid));
        assert_eq!(display_name("\u{200B}\u{200C}\u{2060}"), Err(ErrorCode::NameInvalid));
        assert_eq!(display_name("Tom\u{202E}moT"), Err(ErrorCode::NameInvalid));
        assert_eq!(display_name("ㅤㅤ"), Err(ErrorCode::NameInvalid));
    }

    #[test]
    fn passwords_need_length_and_some_originality() {
        assert_eq!(password("short"), Err(ErrorCode::PasswordTooShort));
        assert_eq!(password("12345678"), Err(ErrorCode::PasswordTooCommon));
        assert_eq!(password("PASSWORD"), Err(ErrorCode::PasswordTooCommon));
        assert_eq!(password("zzzzzzzzzz"), Err(ErrorCode::PasswordTooCommon));
        assert_eq!(password(&"x".repeat(129)), Err(ErrorCode::PasswordTooLong));
        assert_eq!(password("绿色生活每一天"), Err(ErrorCode::PasswordTooShort));
        assert_eq!(password("green-neighbour"), Ok(()));
    }

    #[test]
    fn register_reports_every_bad_field_in_order() {
        let req = RegisterRequest {
            display_name: "x".into(),
            contact: "nope".into(),
            password: "1".into(),
            setup_code: None,
        };
        let fields: Vec<_> = req.errors().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::DisplayName, Field::Contact, Field::Password]);
    }
}
