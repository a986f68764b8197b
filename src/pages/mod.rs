//! One page per file, one per route.

pub mod admin_users;
pub mod browse;
pub mod login;
pub mod markets;
pub mod me;
pub mod not_found;
pub mod recycle;
pub mod register;
pub mod sell;
