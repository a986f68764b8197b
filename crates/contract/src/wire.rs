//! Reading the contract's name-only enums back from the wire.
//!
//! serde's derived `Deserialize` compares every name twice (as text and as bytes) in each
//! enum's own visitor, and the web app carries one per enum it reads (~15 KB of its main
//! module before compression: error codes, fields, listing enums). Here the name is read as a
//! string once and looked up in the enum's own table. Writing stays derived (`Serialize`), so the
//! OpenAPI document and the server's answers are unchanged; tests check the two agree.

use serde::de::{Error, Unexpected};
use serde::{Deserialize, Deserializer};

/// Reads a name and maps it with `parse`; an unknown name is an invalid value.
pub fn from_name<'de, D: Deserializer<'de>, T>(d: D, parse: fn(&str) -> Option<T>) -> Result<T, D::Error> {
    let name = String::deserialize(d)?;
    parse(&name).ok_or_else(|| D::Error::invalid_value(Unexpected::Str(&name), &"a known name"))
}

/// The index of the identifier (`BadRequest`) whose snake_case form (serde's `rename_all =
/// "snake_case"`: `_` before every capital but the first, all lower case) is `name`.
pub fn position_of_snake(idents: &[&str], name: &str) -> Option<usize> {
    idents.iter().position(|ident| is_snake_case_of(ident, name))
}

fn is_snake_case_of(ident: &str, name: &str) -> bool {
    let mut name = name.bytes();
    for (i, c) in ident.bytes().enumerate() {
        if c.is_ascii_uppercase() && i > 0 && name.next() != Some(b'_') {
            return false;
        }
        if name.next() != Some(c.to_ascii_lowercase()) {
            return false;
        }
    }
    name.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{dispute, listing, moderation};
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use std::fmt::Debug;

    /// Every variant reads back from what the server writes, and a name that is not one fails.
    fn reads_back<T: Serialize + DeserializeOwned + PartialEq + Debug + Copy>(all: &[T]) -> Vec<String> {
        assert!(serde_json::from_str::<T>("\"no_such_name\"").is_err());
        assert!(serde_json::from_str::<T>("3").is_err());
        all.iter()
            .map(|&v| {
                let json = serde_json::to_value(v).unwrap();
                assert_eq!(serde_json::from_value::<T>(json.clone()).unwrap(), v);
                json.as_str().unwrap().to_owned()
            })
            .collect()
    }

    macro_rules! labelled_agree {
        ($($t:path),*) => {$(
            let names = reads_back(<$t>::ALL);
            let keys: Vec<_> = <$t>::ALL.iter().map(|v| v.key().to_owned()).collect();
            assert_eq!(names, keys, "{}", stringify!($t));
        )*};
    }

    #[test]
    fn what_is_written_is_read_back() {
        let codes = reads_back(crate::ErrorCode::ALL);
        assert!(codes.contains(&"too_many_booking_listings".to_owned()) && codes.contains(&"bad_request".into()));
        let fields = reads_back(crate::Field::ALL);
        assert_eq!(fields, crate::Field::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>());
        let levels = reads_back(&crate::credit::Level::ALL);
        assert_eq!(levels, crate::credit::Level::ALL.iter().map(|l| l.key()).collect::<Vec<_>>());
        labelled_agree!(
            dispute::DisputeReason,
            dispute::DisputeState,
            dispute::Outcome,
            dispute::PostKind,
            listing::Category,
            listing::Condition,
            listing::Status,
            listing::OfferMode,
            listing::ListingRole,
            listing::ListingAction,
            listing::Review,
            listing::ReportReason,
            listing::Sort,
            moderation::AuditAction,
            moderation::AuditTarget
        );
    }

    #[test]
    fn snake_case_is_serdes() {
        assert!(is_snake_case_of("BadRequest", "bad_request"));
        assert!(is_snake_case_of("Q", "q"));
        assert!(is_snake_case_of("RadiusM", "radius_m"));
        assert!(!is_snake_case_of("BadRequest", "badrequest"));
        assert!(!is_snake_case_of("BadRequest", "bad_request_"));
        assert!(!is_snake_case_of("BadRequest", "bad_reques"));
        assert!(!is_snake_case_of("BadRequest", "Bad_request"));
        assert_eq!(position_of_snake(&["Login", "DisplayName"], "display_name"), Some(1));
        assert_eq!(position_of_snake(&["Login", "DisplayName"], "displayname"), None);
    }
}
