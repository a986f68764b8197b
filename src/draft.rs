//! Form drafts in local storage, so a reload or a failed request never loses what was typed.
//! Secrets (passwords) are never drafted. Drafts belong to the account that typed them (or to
//! nobody, before signing in) and are all removed at log-out, so whoever uses the device next
//! does not find them.

use gloo_storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;

const PREFIX: &str = "linli.draft.";

thread_local! {
    /// The signed-in account's id, set by the session.
    static OWNER: Cell<Option<i64>> = const { Cell::new(None) };
}

/// Called by the session when it learns who is signed in (or that nobody is).
pub fn set_owner(user_id: Option<i64>) {
    OWNER.with(|o| o.set(user_id));
}

fn key(form: &str) -> String {
    match OWNER.with(Cell::get) {
        Some(id) => format!("{PREFIX}u{id}.{form}"),
        None => format!("{PREFIX}anon.{form}"),
    }
}

pub fn load<T: DeserializeOwned>(form: &str) -> Option<T> {
    LocalStorage::get(key(form)).ok()
}

pub fn save<T: Serialize>(form: &str, value: &T) {
    // Full or unavailable storage only costs the draft, never the form.
    let _ = LocalStorage::set(key(form), value);
}

pub fn clear(form: &str) {
    LocalStorage::delete(key(form));
}

/// Removes every draft of every account (log-out).
pub fn clear_all() {
    let storage = LocalStorage::raw();
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> =
        (0..count).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).collect();
    for k in keys {
        let _ = storage.remove_item(&k);
    }
}
