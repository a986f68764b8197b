//! Form drafts in local storage, so a reload or a failed request never loses what was typed.
//! Secrets (passwords) are never drafted.

use gloo_storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn key(form: &str) -> String {
    format!("linli.draft.{form}")
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
