//! Reusable pieces of the UI.

pub mod field;
pub mod header;
pub mod icons;
pub mod sign_in_needed;
pub mod tab_bar;
