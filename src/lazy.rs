//! Pages that arrive as their own WASM chunk when first opened (feature `lazy`, which the
//! trunk build enables and then splits; see xtask/src/split.rs). Without the feature (tests,
//! `cargo check`) they are linked in as usual. The first visit downloads only the shell and
//! Browse.
//!
//! Routes are grouped: every page of a group is one split module (`wasm_split`'s module
//! name), so opening a page fetches its group's module and the few chunks it shares with
//! other groups. One split module per route (what `#[lazy_route]` makes) gave ~430 chunks and
//! dozens of requests per page. Groups follow what is opened together.

/// `lazy_pages! { group { Route => page::Component; … } … }` declares a lazy route per page,
/// each page's view in the split module `group`.
///
/// What `#[lazy_route]` generates, by hand, so the module name can be chosen: the view
/// function is a `wasm_split` split point, and `preload` fetches its module (the router
/// calls it while navigating; `preload_listing` calls it before a listing is opened).
macro_rules! lazy_pages {
    ($($group:ident { $($route:ident => $page:path;)* })*) => {
        $($(
            #[cfg(feature = "lazy")]
            #[allow(non_snake_case)]
            pub mod $route {
                pub struct Route;

                #[leptos::wasm_split::wasm_split(
                    $group,
                    wasm_split_path = ::leptos::wasm_split,
                    preload(#[doc(hidden)] preload)
                )]
                fn $route(this: Route) -> leptos::prelude::AnyView {
                    let _ = this;
                    leptos::prelude::IntoAny::into_any($page())
                }

                impl leptos_router::LazyRoute for Route {
                    fn data() -> Self {
                        Route
                    }

                    async fn view(this: Self) -> leptos::prelude::AnyView {
                        $route(this).await
                    }

                    async fn preload() {
                        preload().await;
                    }
                }
            }
        )*)*
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
    // A resident's own things: selling, their lists, their trades.
    account {
        SellRoute => crate::pages::sell::Sell;
        EditListingRoute => crate::pages::edit_listing::EditListing;
        MeRoute => crate::pages::me::MePage;
        MyListingsRoute => crate::pages::my_listings::MyListings;
        FavouritesRoute => crate::pages::favourites::Favourites;
        MyTradesRoute => crate::pages::my_trades::MyTrades;
        TradeRoute => crate::pages::trade::TradePage;
    }
    // The other areas: markets, recycling, moderation.
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
        ModerationRoute => crate::pages::moderation::ModerationPage;
        ModerationDisputeRoute => crate::pages::moderation::ModerationDisputePage;
    }
}

/// Fetches the listing page's code (its group's module and chunks) ahead of a tap on a card,
/// once; the router's own `preload` then finds it loaded.
pub fn preload_listing() {
    #[cfg(feature = "lazy")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        static ASKED: AtomicBool = AtomicBool::new(false);
        if !ASKED.swap(true, Ordering::Relaxed) {
            leptos::task::spawn_local(<ListingRoute::Route as leptos_router::LazyRoute>::preload());
        }
    }
}

/// The `view` of a route: the lazy route with the feature, the page itself without.
macro_rules! page {
    ($route:ident, $page:path) => {{
        #[cfg(feature = "lazy")]
        let view = leptos_router::Lazy::<crate::lazy::$route::Route>::new();
        #[cfg(not(feature = "lazy"))]
        let view = $page;
        view
    }};
}
pub(crate) use page;
