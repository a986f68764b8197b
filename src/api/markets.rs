//! Calls of the Markets pages (which are lazy, and so is this code).

use super::{get, json, send, url, ApiResult, NO_BODY};
use gloo_net::http::Request;
use linli_contract::market::{
    Booking, BookingInput, CancelDate, CheckInInput, MarketInput, MarketPage, MoveDate, MyBookings, Occurrence,
    Preview, RemoveBooking, Schedule, StallList, UpcomingDay,
};

pub async fn upcoming(near: Option<(f64, f64)>) -> ApiResult<Vec<UpcomingDay>> {
    match near {
        Some((lat, lng)) => get(&format!("/markets?lat={lat}&lng={lng}")).await,
        None => get("/markets").await,
    }
}

pub async fn market(id: i64) -> ApiResult<MarketPage> {
    get(&format!("/markets/{id}")).await
}

pub async fn create(input: &MarketInput) -> ApiResult<MarketPage> {
    json(send(Request::post(&url("/markets")), Some(input)).await?).await
}

/// Edits the market; its schedule changes from `input.from_date` on.
pub async fn update(id: i64, input: &MarketInput) -> ApiResult<MarketPage> {
    json(send(Request::put(&url(&format!("/markets/{id}"))), Some(input)).await?).await
}

pub async fn move_date(id: i64, date: &str, req: &MoveDate) -> ApiResult<Occurrence> {
    json(send(Request::post(&url(&format!("/markets/{id}/dates/{date}/move"))), Some(req)).await?).await
}

pub async fn preview(schedule: &Schedule) -> ApiResult<Preview> {
    json(send(Request::post(&url("/markets/preview")), Some(schedule)).await?).await
}

pub async fn book(id: i64, date: &str, input: &BookingInput) -> ApiResult<Booking> {
    json(send(Request::post(&url(&format!("/markets/{id}/dates/{date}/bookings"))), Some(input)).await?).await
}

pub async fn cancel_booking(id: i64) -> ApiResult<Booking> {
    json(send(Request::post(&url(&format!("/bookings/{id}/cancel"))), NO_BODY).await?).await
}

pub async fn remove_booking(id: i64, req: &RemoveBooking) -> ApiResult<Booking> {
    json(send(Request::post(&url(&format!("/bookings/{id}/remove"))), Some(req)).await?).await
}

pub async fn cancel_date(id: i64, date: &str, req: &CancelDate) -> ApiResult<Occurrence> {
    json(send(Request::post(&url(&format!("/markets/{id}/dates/{date}/cancel"))), Some(req)).await?).await
}

pub async fn stalls(id: i64, date: &str) -> ApiResult<StallList> {
    get(&format!("/markets/{id}/dates/{date}/stalls")).await
}

pub async fn check_in(id: i64, date: &str, req: &CheckInInput) -> ApiResult<Booking> {
    json(send(Request::post(&url(&format!("/markets/{id}/dates/{date}/checkins"))), Some(req)).await?).await
}

pub async fn my_bookings() -> ApiResult<MyBookings> {
    get("/me/bookings").await
}

pub async fn seen() -> ApiResult<()> {
    send(Request::post(&url("/me/bookings/seen")), NO_BODY).await.map(|_| ())
}

/// The calendar file of a market (a plain link: the browser downloads it).
pub fn market_calendar(id: i64) -> String {
    url(&format!("/markets/{id}/calendar.ics"))
}

pub fn booking_calendar(id: i64) -> String {
    url(&format!("/bookings/{id}/calendar.ics"))
}
