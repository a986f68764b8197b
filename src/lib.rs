//! Linli (邻里) web app: a Leptos client-side rendered single-page app.
//!
//! The app shell (header per page, bottom tab bar) and the router live here; one page per
//! file under `pages/`, reusable pieces under `components/`, the typed API client in `api`.

pub mod api;
pub mod components;
pub mod confirm;
pub mod crash;
pub mod draft;
pub mod first_screen;
pub mod geo;
pub mod i18n;
pub mod idle;
mod lazy;
pub mod pages;
pub mod photo_prep;
pub mod remote;
pub mod session;

use components::tab_bar::TabBar;
use i18n::I18n;
use lazy::page;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::*;
use session::Session;

#[component]
pub fn App() -> impl IntoView {
    provide_context(I18n::new());
    let session = Session::new();
    provide_context(session);
    // The Me tab's badge: on sign-in, then every half minute; after the first screen has
    // painted (idle::when_idle), it is not needed for it.
    Effect::new(move |_| {
        if session.me().is_some() {
            idle::when_idle(move || session.refresh_unread());
        }
    });
    let owner = Owner::current();
    idle::when_idle(move || {
        if let Some(owner) = owner {
            owner.with(|| remote::poll(30_000, move || session.refresh_unread()));
        }
    });
    view! {
        <Router>
            <a class="skip-link" href="#main">{move || i18n::use_i18n().lang().pick("跳到主要内容", "Skip to content")}</a>
            <div class="shell">
                <main id="main">
                    <Routes fallback=|| view! { <not_found::NotFound/> }>
                        <Route path=path!("/") view=browse::Browse/>
                        <Route path=path!("/markets") view={page!(MarketsRoute, markets::Markets)}/>
                        <Route path=path!("/sell") view={page!(SellRoute, sell::Sell)}/>
                        <Route path=path!("/recycle") view={page!(RecycleRoute, recycle::Recycle)}/>
                        <Route path=path!("/recycle/new") view={page!(NewRecyclingPointRoute, point_form::NewPointPage)}/>
                        <Route path=path!("/recycle/points/:id") view={page!(RecyclingPointRoute, recycling_point::RecyclingPointPage)}/>
                        <Route path=path!("/me/pickups") view={page!(MyPickupsRoute, my_pickups::MyPickups)}/>
                        <Route path=path!("/listings/:id") view={page!(ListingRoute, listing::ListingPage)}/>
                        <Route path=path!("/listings/:id/edit") view={page!(EditListingRoute, edit_listing::EditListing)}/>
                        <Route path=path!("/me") view={page!(MeRoute, me::MePage)}/>
                        <Route path=path!("/me/listings") view={page!(MyListingsRoute, my_listings::MyListings)}/>
                        <Route path=path!("/me/favourites") view={page!(FavouritesRoute, favourites::Favourites)}/>
                        <Route path=path!("/me/trades") view={page!(MyTradesRoute, my_trades::MyTrades)}/>
                        <Route path=path!("/trades/:id") view={page!(TradeRoute, trade::TradePage)}/>
                        <Route path=path!("/users/:id") view={page!(ProfileRoute, profile::ProfilePage)}/>
                        <Route path=path!("/communities/:id") view={page!(CommunityRoute, community::CommunityPage)}/>
                        <Route path=path!("/login") view={page!(LoginRoute, login::Login)}/>
                        <Route path=path!("/register") view={page!(RegisterRoute, register::Register)}/>
                        // Role management lives in the Moderation area now.
                        <Route path=path!("/admin/users") view=|| view! { <Redirect path="/moderation?tab=roles"/> }/>
                        <Route path=path!("/markets/new") view={page!(NewMarketRoute, market_form::NewMarket)}/>
                        <Route path=path!("/markets/:id") view={page!(MarketRoute, market::MarketPage)}/>
                        <Route path=path!("/markets/:id/dates/:date") view={page!(MarketStallsRoute, market::MarketStalls)}/>
                        <Route path=path!("/me/bookings") view={page!(MyBookingsRoute, market::MyBookings)}/>
                        <Route path=path!("/markets/:id/edit") view={page!(EditMarketRoute, market_form::EditMarket)}/>
                        <Route path=path!("/moderation") view={page!(ModerationRoute, moderation::ModerationPage)}/>
                        <Route path=path!("/moderation/disputes/:id") view={page!(ModerationDisputeRoute, moderation::ModerationDisputePage)}/>
                    </Routes>
                </main>
                <TabBar/>
            </div>
        </Router>
    }
}
