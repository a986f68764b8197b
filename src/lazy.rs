//! Pages that arrive as their own WASM chunk when first opened (feature `lazy`, which the
//! trunk build enables and then splits; see xtask/src/split.rs). Without the feature (tests,
//! `cargo check`) they are linked in as usual. The first visit downloads only the shell and
//! Browse.

/// `lazy_pages! { Route => page::Component; … }` declares a lazy route per page.
macro_rules! lazy_pages {
    ($($route:ident => $page:path;)*) => {
        $(
            #[cfg(feature = "lazy")]
            pub struct $route;

            #[cfg(feature = "lazy")]
            #[leptos_router::lazy_route]
            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(this: Self) -> leptos::prelude::AnyView {
                    let _ = this;
                    leptos::prelude::IntoAny::into_any($page())
                }
            }
        )*
    };
}

lazy_pages! {
    ListingRoute => crate::pages::listing::ListingPage;
    EditListingRoute => crate::pages::edit_listing::EditListing;
    SellRoute => crate::pages::sell::Sell;
    MeRoute => crate::pages::me::MePage;
    MyListingsRoute => crate::pages::my_listings::MyListings;
    FavouritesRoute => crate::pages::favourites::Favourites;
    MyTradesRoute => crate::pages::my_trades::MyTrades;
    TradeRoute => crate::pages::trade::TradePage;
    ProfileRoute => crate::pages::profile::ProfilePage;
    CommunityRoute => crate::pages::community::CommunityPage;
    LoginRoute => crate::pages::login::Login;
    RegisterRoute => crate::pages::register::Register;
    MarketsRoute => crate::pages::markets::Markets;
    MarketRoute => crate::pages::market::MarketPage;
    NewMarketRoute => crate::pages::market_form::NewMarket;
    MarketStallsRoute => crate::pages::market::MarketStalls;
    MyBookingsRoute => crate::pages::market::MyBookings;
    ModerationRoute => crate::pages::moderation::ModerationPage;
    ModerationDisputeRoute => crate::pages::moderation::ModerationDisputePage;
    RecycleRoute => crate::pages::recycle::Recycle;
    RecyclingPointRoute => crate::pages::recycling_point::RecyclingPointPage;
    NewRecyclingPointRoute => crate::pages::point_form::NewPointPage;
    MyPickupsRoute => crate::pages::my_pickups::MyPickups;
    EditMarketRoute => crate::pages::market_form::EditMarket;
}

/// The `view` of a route: the lazy route with the feature, the page itself without.
macro_rules! page {
    ($route:ident, $page:path) => {{
        #[cfg(feature = "lazy")]
        let view = leptos_router::Lazy::<crate::lazy::$route>::new();
        #[cfg(not(feature = "lazy"))]
        let view = $page;
        view
    }};
}
pub(crate) use page;
