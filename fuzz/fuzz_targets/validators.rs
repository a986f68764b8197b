//! The contract's validators on any text: they never panic, and what they accept obeys the
//! free-text rule (no control or direction characters, not invisible-only).
#![no_main]

use libfuzzer_sys::fuzz_target;
use linli_contract::text::{self, TextKind};
use linli_contract::{auth, dispute, listing, market, moderation, recycling, trade, validate, Validate};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let single = text::check(&s, TextKind::SingleLine);
    let multi = text::check(&s, TextKind::MultiLine);
    if single.is_ok() {
        assert!(multi.is_ok(), "single-line text is also valid multi-line text");
        assert!(!s.chars().any(char::is_control));
    }
    if let Ok(name) = validate::display_name(&s) {
        assert!(text::check(&name, TextKind::SingleLine).is_ok());
        assert!(!name.chars().any(|c| text::is_invisible(c) || text::is_direction_control(c)));
        let _ = validate::name_key(&name);
    }
    if let Ok(contact) = validate::contact(&s) {
        let _ = contact.masked();
        assert_eq!(validate::contact(contact.as_str()).as_ref(), Ok(&contact), "canonical form is stable");
    }
    let _ = validate::password(&s);
    for ok in [listing::title(&s), listing::description(&s), listing::report_note(&s), listing::review_note(&s)] {
        if ok.is_ok() {
            assert!(multi.is_ok(), "accepted text obeys the free-text rule: {s:?}");
        }
    }
    if trade::message(&s).is_ok() || trade::reason(&s).is_ok() {
        assert!(multi.is_ok());
    }
    // Whole request bodies, as the server would parse them: every `Validate` in the contract.
    body::<listing::ListingInput>(data);
    body::<listing::SearchQuery>(data);
    body::<auth::RegisterRequest>(data);
    body::<auth::LoginRequest>(data);
    body::<market::MarketInput>(data);
    body::<market::MoveDate>(data);
    body::<market::BookingInput>(data);
    body::<recycling::PointInput>(data);
    body::<listing::HideInput>(data);
    body::<listing::ReviewInput>(data);
    body::<trade::RatingInput>(data);
    body::<dispute::NewDispute>(data);
    body::<dispute::DisputePostInput>(data);
    body::<dispute::DecideInput>(data);
    body::<moderation::SuspendInput>(data);
    body::<moderation::AuditQuery>(data);
    if let Ok(q) = serde_json::from_slice::<listing::SearchQuery>(data) {
        let _ = q.effective_sort();
    }
});

/// A body that parses is validated without panicking, and `check` agrees with `errors`.
fn body<T: serde::de::DeserializeOwned + Validate>(data: &[u8]) {
    if let Ok(input) = serde_json::from_slice::<T>(data) {
        let errors = input.errors();
        assert_eq!(input.check().err(), errors.first().copied());
    }
}
