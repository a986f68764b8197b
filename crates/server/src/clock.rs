//! The server's one clock. Every rule that depends on time (expiry, hand-over deadline, rating
//! window) reads it from here, so tests move time instead of sleeping or editing rows.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Unix seconds: the system's, or a manual one that tests set and advance.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands still at `at` until advanced.
    pub fn manual(at: i64) -> Clock {
        Clock(Some(Arc::new(AtomicI64::new(at))))
    }

    pub fn now(&self) -> i64 {
        match &self.0 {
            Some(t) => t.load(Ordering::SeqCst),
            None => crate::db::now(),
        }
    }

    /// Moves a manual clock on (a system clock cannot be moved).
    pub fn advance(&self, secs: i64) {
        if let Some(t) = &self.0 {
            t.fetch_add(secs, Ordering::SeqCst);
        }
    }
}
