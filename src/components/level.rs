//! The credit level badge, on listing pages, trades and profiles.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use linli_contract::credit::Level;

#[component]
pub fn LevelBadge(level: Level) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("level level-{}", level.key())>{move || level.label(i18n.lang())}</span> }
}
