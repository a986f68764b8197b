//! A yes/no question before a step that cannot be taken back (the browser's own dialog: it
//! takes the keyboard and the screen reader, and looks the same on every phone).

/// Whether the user said yes to `question`.
pub fn confirmed(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}
