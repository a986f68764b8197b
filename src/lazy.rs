//! Pages that arrive as their own WASM chunk when first opened (feature `lazy`, which the
//! trunk build enables and then splits; see xtask/src/split.rs). Without the feature (tests,
//! `cargo check`) they are linked in as usual. The first visit downloads only the shell and
//! Browse.
//!
//! Routes are grouped: every page of a group is one split module (`wasm_split`'s module
//! name), so opening a page fetches its group's module and the few chunks it shares with
//! other groups. One split module per route (what `#[lazy_route]` makes) gave ~430 chunks and
//! dozens of requests per page. Groups follow what is opened together.

/// `lazy_pages! { group { Page => page::Component; … } … }` declares the lazy pages (the
/// variants of [`Page`]) and, per group, one split function (`wasm_split`'s module `group`)
/// that renders any page of the group.
///
/// Every lazy route's view is the same type, [`LazyPage`]: the router's view choosing is
/// generic over the views of its routes, and a different type per page (a `Lazy<Route>` each,
/// what `#[lazy_route]` makes) gave each its own copy of that code in the main module (one
/// type: 23 KB less WASM there, 2.3 KB brotli). The router still awaits the page's code
/// before it swaps the page in, as with `Lazy`.
macro_rules! lazy_pages {
    ($($group:ident { $($id:ident => $page:path;)* })*) => {
        /// A page that arrives with its group's WASM module (the names are the route names of
        /// `#[lazy_route]`'s time, which `page!` in the router still uses).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        #[allow(clippy::enum_variant_names)]
        pub enum Page {
            $($($id,)*)*
        }

        $(
            #[cfg(feature = "lazy")]
            mod $group {
                /// Renders a page of this group (other pages: nothing; `view` never asks).
                #[leptos::wasm_split::wasm_split(
                    $group,
                    wasm_split_path = ::leptos::wasm_split,
                    preload(#[doc(hidden)] preload)
                )]
                pub(super) fn view(page: super::Page) -> leptos::prelude::AnyView {
                    use leptos::prelude::IntoAny;
                    match page {
                        $(super::Page::$id => $page().into_any(),)*
                        #[allow(unreachable_patterns)]
                        _ => ().into_any(),
                    }
                }
            }
        )*

        /// The page's view, once its group's module is loaded.
        async fn view(page: Page) -> leptos::prelude::AnyView {
            #[cfg(feature = "lazy")]
            match page {
                $($(Page::$id)|* => $group::view(page).await,)*
            }
            #[cfg(not(feature = "lazy"))]
            {
                use leptos::prelude::IntoAny;
                match page {
                    $($(Page::$id => $page().into_any(),)*)*
                }
            }
        }

        /// Fetches the page's group module (and its shared chunks) without rendering.
        async fn preload(page: Page) {
            #[cfg(feature = "lazy")]
            match page {
                $($(Page::$id)|* => $group::preload().await,)*
            }
            #[cfg(not(feature = "lazy"))]
            let _ = page;
        }
    };
}

lazy_pages! {
    // What a visitor from a chat link opens from Browse: a listing, its seller, its
    // community, and signing in to ask for it.
    listing {
        ListingRoute => crate::pages::listing::ListingPage;
        ProfileRoute => crate::pages::profile::ProfilePage;
        CommunityRoute => crate::pages::community::CommunityPage;
        LoginRoute => crate::pages::login::Login;
        RegisterRoute => crate::pages::register::Register;
    }
    // A resident's own things: selling, their lists, their trades; moderation.
    account {
        SellRoute => crate::pages::sell::Sell;
        EditListingRoute => crate::pages::edit_listing::EditListing;
        MeRoute => crate::pages::me::MePage;
        MyListingsRoute => crate::pages::my_listings::MyListings;
        FavouritesRoute => crate::pages::favourites::Favourites;
        MyTradesRoute => crate::pages::my_trades::MyTrades;
        TradeRoute => crate::pages::trade::TradePage;
        // A moderator's pages, opened from Me (they were in `areas`, which made the
        // Markets and Recycle tabs fetch them too).
        ModerationRoute => crate::pages::moderation::ModerationPage;
        ModerationDisputeRoute => crate::pages::moderation::ModerationDisputePage;
    }
    // The other areas: markets and recycling (apart, each would fetch 8 code files: one
    // per combination of groups sharing code).
    areas {
        MarketsRoute => crate::pages::markets::Markets;
        MarketRoute => crate::pages::market::MarketPage;
        NewMarketRoute => crate::pages::market_form::NewMarket;
        EditMarketRoute => crate::pages::market_form::EditMarket;
        MarketStallsRoute => crate::pages::market::MarketStalls;
        MyBookingsRoute => crate::pages::market::MyBookings;
        RecycleRoute => crate::pages::recycle::Recycle;
        RecyclingPointRoute => crate::pages::recycling_point::RecyclingPointPage;
        NewRecyclingPointRoute => crate::pages::point_form::NewPointPage;
        MyPickupsRoute => crate::pages::my_pickups::MyPickups;
    }
}

/// A lazy route's view (see [`lazy_pages!`]): the router calls `preload` while navigating
/// and awaits `choose` before it shows the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LazyPage(pub Page);

impl leptos_router::ChooseView for LazyPage {
    async fn choose(self) -> leptos::prelude::AnyView {
        // The nested router preloads before it chooses (this then finds the module loaded and
        // costs nothing); a flat router chooses without preloading.
        self.preload().await;
        view(self.0).await
    }

    async fn preload(&self) {
        // A module that had to arrive is compiled and instantiated in the task that receives
        // it: the page renders in a task of its own, so the two do not make one long task.
        if waited(preload(self.0)).await {
            crate::idle::next_task().await;
        }
    }
}

/// Runs `load` and says whether it had to wait (its module was not loaded yet).
async fn waited(load: impl std::future::Future<Output = ()>) -> bool {
    let mut load = std::pin::pin!(load);
    let mut pending = false;
    std::future::poll_fn(|cx| {
        let poll = load.as_mut().poll(cx);
        pending |= poll.is_pending();
        poll
    })
    .await;
    pending
}

/// Fetches the listing page's code (its group's module and chunks) ahead of a tap on a card,
/// once; the router's own `preload` then finds it loaded.
pub fn preload_listing() {
    #[cfg(feature = "lazy")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        static ASKED: AtomicBool = AtomicBool::new(false);
        if !ASKED.swap(true, Ordering::Relaxed) {
            leptos::task::spawn_local(preload(Page::ListingRoute));
        }
    }
}

/// The `view` of a lazy route in the router: `page!(SellRoute, sell::Sell)` (the component is
/// named for the reader; [`Page`]'s declaration says which one renders).
macro_rules! page {
    ($route:ident, $page:path) => {
        crate::lazy::LazyPage(crate::lazy::Page::$route)
    };
}
pub(crate) use page;
