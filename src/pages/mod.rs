//! One page per file, one per route.

pub mod browse;
pub mod community;
pub mod edit_listing;
pub mod favourites;
pub mod listing;
pub mod login;
pub mod market;
pub mod market_form;
pub mod markets;
pub mod me;
pub mod moderation;
pub mod my_listings;
pub mod my_pickups;
pub mod my_trades;
pub mod not_found;
pub mod point_form;
pub mod profile;
pub mod recycle;
pub mod recycling_point;
pub mod recycling_text;
pub mod register;
pub mod sell;
pub mod trade;
