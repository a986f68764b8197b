//! Reusable pieces of the UI.

pub mod card_list_page;
pub mod code_scanner;
pub mod dispute;
pub mod field;
pub mod header;
pub mod icons;
pub mod level;
pub mod listing_card;
pub mod listing_form;
pub mod map;
pub mod photo_picker;
pub mod qr_code;
pub mod search_box;
pub mod sign_in_needed;
pub mod tab_bar;
pub mod trust_seed;
