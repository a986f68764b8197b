//! Inline SVG icons (no icon font, no extra request). Decorative: the text next to them speaks.

use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Browse,
    Markets,
    Sell,
    Recycle,
    Me,
    Back,
    Globe,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Browse => "M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z",
            Icon::Markets => "M4 9h16l-1.5-5h-13zM4 9v11h16V9M9 20v-6h6v6",
            Icon::Sell => "M12 5v14M5 12h14",
            Icon::Recycle => "M7 19h10l2-4M5.5 15 3 10.5l4-1M12 3l3.5 6M16.5 4.5 15 9l-4.5-.5M8 8 12 3M17 19l-2.5 2.5M17 19l-2.5-2.5",
            Icon::Me => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4 4-6 8-6s7 2 8 6",
            Icon::Back => "M15 5l-7 7 7 7",
            Icon::Globe => "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9M12 3c-2.5 2.5-3.5 5.5-3.5 9s1 6.5 3.5 9",
        }
    }
}

#[component]
pub fn Svg(icon: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d=icon.path() fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}
