//! The words of the recycling pages, looked up like the app's own table (`i18n::tr`):
//! `{rt(R::Address)}`. The table itself is in `linli_markup::recycling`, which the server's
//! pre-render of the Recycle tab shares.

use crate::i18n::use_i18n;
pub use linli_markup::recycling::{text, R};

/// A recycling text that follows the language switch, for use in views.
pub fn rt(key: R) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || text(key, i18n.lang())
}
