//! Markets: recurrence expansion in the market's time zone, bookings and the waitlist under
//! concurrency, who may do what, bad input, and calendars read back by an independent parser.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use linli_contract::auth::Role;
use linli_contract::market::{Recurrence, Schedule, Weekday};
use linli_server::calendar;
use serde_json::{json, Value};
use std::sync::Arc;

fn schedule(recurrence: Recurrence, first: &str, last: &str, tz: &str) -> Schedule {
    Schedule {
        recurrence,
        first_date: first.into(),
        last_date: last.into(),
        start_time: "10:00".into(),
        end_time: "13:00".into(),
        time_zone: tz.into(),
    }
}

fn ymds(s: &Schedule) -> Vec<String> {
    calendar::dates(s).unwrap().into_iter().map(calendar::ymd).collect()
}

#[test]
fn monthly_nth_weekday_and_month_ends() {
    // The last Sunday of each month, across month ends of 28, 30 and 31 days.
    let last_sunday = Recurrence::MonthlyNth { nth: -1, weekday: Weekday::Sun };
    assert_eq!(
        ymds(&schedule(last_sunday, "2027-01-01", "2027-05-31", "")),
        ["2027-01-31", "2027-02-28", "2027-03-28", "2027-04-25", "2027-05-30"]
    );
    // The second Saturday.
    let second_saturday = Recurrence::MonthlyNth { nth: 2, weekday: Weekday::Sat };
    assert_eq!(
        ymds(&schedule(second_saturday, "2027-01-01", "2027-03-31", "")),
        ["2027-01-09", "2027-02-13", "2027-03-13"]
    );
    // A fifth Friday exists only in some months: the others have none (not the next month's).
    let fifth_friday = Recurrence::MonthlyNth { nth: 5, weekday: Weekday::Fri };
    assert_eq!(ymds(&schedule(fifth_friday.clone(), "2027-01-01", "2027-06-30", "")), ["2027-01-29", "2027-04-30"]);
    // …and a range without one gives no date at all: refused at the field.
    let err = calendar::dates(&schedule(fifth_friday, "2027-02-01", "2027-03-28", "")).unwrap_err();
    assert_eq!(
        (err.field, err.code),
        (linli_contract::Field::Recurrence, linli_contract::ErrorCode::RecurrenceNoDates)
    );
}

#[test]
fn weekly_and_fortnightly_in_shanghai_and_berlin() {
    let fortnightly = Recurrence::Weekly { weekdays: vec![Weekday::Sat], every_weeks: 2 };
    assert_eq!(
        ymds(&schedule(fortnightly, "2027-03-06", "2027-04-30", "Asia/Shanghai")),
        ["2027-03-06", "2027-03-20", "2027-04-03", "2027-04-17"]
    );
    let weekends = Recurrence::Weekly { weekdays: vec![Weekday::Sun, Weekday::Sat], every_weeks: 1 };
    assert_eq!(
        ymds(&schedule(weekends, "2027-03-20", "2027-03-31", "Europe/Berlin")),
        ["2027-03-20", "2027-03-21", "2027-03-27", "2027-03-28"]
    );
    // Shanghai has no daylight saving: 10:00 is 02:00 UTC all year.
    let sh = calendar::zone("Asia/Shanghai").unwrap();
    let day = |s: &str| calendar::parse_ymd(s).unwrap();
    assert_eq!(calendar::instant(sh, day("2027-01-09"), "10:00") % 86_400, 2 * 3600);
    assert_eq!(calendar::instant(sh, day("2027-07-10"), "10:00") % 86_400, 2 * 3600);
    // Berlin moves to summer time on 2027-03-28: 10:00 local is 09:00 UTC before, 08:00 after,
    // and the market stays at 10:00 local.
    let berlin = calendar::zone("Europe/Berlin").unwrap();
    assert_eq!(calendar::instant(berlin, day("2027-03-27"), "10:00") % 86_400, 9 * 3600);
    assert_eq!(calendar::instant(berlin, day("2027-03-28"), "10:00") % 86_400, 8 * 3600);
    // 02:30 does not exist that night: taken as 03:30 summer time (01:30 UTC).
    assert_eq!(calendar::instant(berlin, day("2027-03-28"), "02:30") % 86_400, 3600 + 1800);
    // The stored text is RFC 5545 with the zone and a UTC UNTIL.
    let text = calendar::rrule_text(&schedule(
        Recurrence::Weekly { weekdays: vec![Weekday::Sat], every_weeks: 2 },
        "2027-03-06",
        "2027-04-30",
        "Europe/Berlin",
    ))
    .unwrap();
    assert_eq!(
        text,
        "DTSTART;TZID=Europe/Berlin:20270306T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;WKST=MO;UNTIL=20270430T215959Z"
    );
}

#[test]
fn two_years_at_most_and_unknown_zones() {
    let weekly = Recurrence::Weekly { weekdays: vec![Weekday::Sat], every_weeks: 1 };
    let err = calendar::dates(&schedule(weekly, "2027-01-01", "2027-06-30", "Mars/Olympus")).unwrap_err();
    assert_eq!(err.field, linli_contract::Field::TimeZone);
}

// ---- through the router ----

/// An app with a moderator, an organiser and the clock at 2027-03-01 00:00 UTC.
async fn app_with_organiser() -> (TestApp, String, String) {
    let (app, moderator) = TestApp::with_moderator().await;
    let (id, organiser) = app.register("Organiser", "organiser@example.com").await;
    linli_server::db::users::grant_role(&app.db, id, Role::Organiser, None).await.unwrap();
    set_clock(&app, 1_803_859_200); // 2027-03-01T00:00:00Z
    (app, moderator, organiser)
}

fn market_json(stalls: u32, recurrence: Value, first: &str, last: &str) -> Value {
    json!({
        "name": "田林二手市集",
        "description": "每两周一次",
        "venue_name": "社区广场",
        "venue_address": "田林路 1 号",
        "lat": 31.17, "lng": 121.42,
        "schedule": {"recurrence": recurrence, "first_date": first, "last_date": last,
                     "start_time": "10:00", "end_time": "13:00", "time_zone": ""},
        "stalls": stalls,
        "categories": ["books", "clothing"],
        "rules": "", "contact": "",
    })
}

fn fortnightly() -> Value {
    json!({"kind": "weekly", "weekdays": ["sat"], "every_weeks": 2})
}

async fn create_market(app: &TestApp, organiser: &str, stalls: u32) -> i64 {
    let res = app
        .post("/api/v1/markets", Some(organiser), market_json(stalls, fortnightly(), "2027-03-06", "2027-06-30"))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body["market"]["id"].as_i64().unwrap()
}

async fn book(app: &TestApp, who: &str, market: i64, date: &str) -> common::Answer {
    app.post(&format!("/api/v1/markets/{market}/dates/{date}/bookings"), Some(who), json!({"brings": "旧书十本"})).await
}

#[tokio::test]
async fn organiser_schedules_and_residents_see_upcoming_dates() {
    let (app, _, organiser) = app_with_organiser().await;
    let market = create_market(&app, &organiser, 3).await;
    let page = app.get(&format!("/api/v1/markets/{market}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    let dates: Vec<&str> =
        page.body["occurrences"].as_array().unwrap().iter().map(|o| o["date"].as_str().unwrap()).collect();
    assert_eq!(&dates[..3], ["2027-03-06", "2027-03-20", "2027-04-03"]);
    assert_eq!(page.body["market"]["can_edit"], false, "anonymous");
    assert_eq!(page.body["market"]["schedule"]["time_zone"], "Asia/Shanghai");
    // 10:00 in Shanghai is 02:00 UTC.
    assert_eq!(page.body["occurrences"][0]["starts_at"], 1_803_859_200 + 5 * 86_400 + 2 * 3600);

    let list = app.get("/api/v1/markets?lat=31.2&lng=121.4", None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body[0]["day"], "2027-03-06");
    assert_eq!(list.body[0]["occurrences"][0]["free"], 3);
    assert!(list.body[0]["occurrences"][0]["distance_m"].as_i64().unwrap() < 10_000);

    let preview = app
        .post(
            "/api/v1/markets/preview",
            Some(&organiser),
            json!({"recurrence": {"kind": "monthly_nth", "nth": -1, "weekday": "sun"},
            "first_date": "2027-03-01", "last_date": "2027-12-31", "start_time": "09:00", "end_time": "11:00"}),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert_eq!(preview.body["total"], 10);
    assert_eq!(preview.body["dates"][0], "2027-03-28");
}

#[tokio::test]
async fn bad_input_is_refused_at_its_field_and_nothing_is_written() {
    let (app, _, organiser) = app_with_organiser().await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            {
                let mut m = market_json(3, fortnightly(), "2027-03-06", "2027-06-30");
                m["schedule"]["end_time"] = json!("09:00");
                m
            },
            "end_time",
            "end_before_start",
        ),
        (market_json(0, fortnightly(), "2027-03-06", "2027-06-30"), "stalls", "stalls_invalid"),
        (market_json(3, fortnightly(), "2027-03-06", "2029-06-30"), "last_date", "schedule_too_long"),
        (
            market_json(3, json!({"kind": "monthly_nth", "nth": 5, "weekday": "fri"}), "2027-02-01", "2027-03-28"),
            "recurrence",
            "recurrence_no_dates",
        ),
        (
            {
                let mut m = market_json(3, fortnightly(), "2027-03-06", "2027-06-30");
                m["lat"] = json!(95.0);
                m
            },
            "lat",
            "location_invalid",
        ),
        (
            {
                let mut m = market_json(3, fortnightly(), "2027-03-06", "2027-06-30");
                m["schedule"]["time_zone"] = json!("Nowhere/City");
                m
            },
            "time_zone",
            "time_zone_unknown",
        ),
        (market_json(3, fortnightly(), "2027-02-30", "2027-06-30"), "first_date", "date_invalid"),
    ];
    for (body, field, code) in cases {
        let res = app.post("/api/v1/markets", Some(&organiser), body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text);
        assert_eq!((res.field(), res.code()), (field, code));
    }
    let markets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM markets").fetch_one(app.db.pool()).await.unwrap();
    let dates: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM market_dates").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((markets, dates), (0, 0));
    // Not JSON of the right shape: typed 4xx.
    let res = app.post("/api/v1/markets", Some(&organiser), json!({"name": 3})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);

    let market = create_market(&app, &organiser, 1).await;
    let (_, resident) = app.register("Resident", "r@example.com").await;
    // A date the market does not have, a malformed one, booking twice, an empty note.
    assert_eq!(book(&app, &resident, market, "2027-03-07").await.status, StatusCode::NOT_FOUND);
    assert_eq!(book(&app, &resident, market, "not-a-date").await.status, StatusCode::NOT_FOUND);
    assert_eq!(book(&app, &resident, market, "2027-03-06").await.status, StatusCode::CREATED);
    let twice = book(&app, &resident, market, "2027-03-06").await;
    assert_eq!((twice.status, twice.code()), (StatusCode::CONFLICT, "already_booked"));
    let res = app
        .post(&format!("/api/v1/markets/{market}/dates/2027-03-20/bookings"), Some(&resident), json!({"brings": " "}))
        .await;
    assert_eq!((res.field(), res.code()), ("brings", "required"));
    // A cancelled date and a past date cannot be booked.
    let res = app
        .post(
            &format!("/api/v1/markets/{market}/dates/2027-03-20/cancel"),
            Some(&organiser),
            json!({"reason": "暴雨预警"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(book(&app, &resident, market, "2027-03-20").await.code(), "date_not_bookable");
    set_clock(&app, 1_803_859_200 + 40 * 86_400);
    assert_eq!(book(&app, &resident, market, "2027-04-03").await.code(), "date_not_bookable");
    // Out-of-range positions in the list.
    assert_eq!(app.get("/api/v1/markets?lat=100&lng=1", None).await.code(), "location_invalid");
}

#[tokio::test]
async fn only_its_organiser_or_a_moderator_manages_a_market() {
    let (app, moderator, organiser) = app_with_organiser().await;
    let market = create_market(&app, &organiser, 2).await;
    let (other_id, other) = app.register("Other organiser", "o2@example.com").await;
    linli_server::db::users::grant_role(&app.db, other_id, Role::Organiser, None).await.unwrap();
    let (_, resident) = app.register("Resident", "r@example.com").await;
    let edit = market_json(4, fortnightly(), "2027-03-06", "2027-06-30");
    let put = |who: Option<String>| {
        let (app, edit) = (&app, edit.clone());
        async move { app.call(Method::PUT, &format!("/api/v1/markets/{market}"), who.as_deref(), Some(edit)).await.status }
    };
    assert_eq!(put(None).await, StatusCode::UNAUTHORIZED);
    assert_eq!(put(Some(resident.clone())).await, StatusCode::FORBIDDEN);
    assert_eq!(put(Some(other.clone())).await, StatusCode::FORBIDDEN);
    assert_eq!(put(Some(organiser.clone())).await, StatusCode::OK);
    assert_eq!(put(Some(moderator.clone())).await, StatusCode::OK);
    // Creating needs the organiser role.
    let res =
        app.post("/api/v1/markets", Some(&resident), market_json(2, fortnightly(), "2027-03-06", "2027-06-30")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post("/api/v1/markets", None, market_json(2, fortnightly(), "2027-03-06", "2027-06-30")).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Per date: stall list, cancel, move, check-in.
    let stalls = format!("/api/v1/markets/{market}/dates/2027-03-06/stalls");
    assert_eq!(app.get(&stalls, Some(&resident)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&stalls, Some(&other)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&stalls, Some(&organiser)).await.status, StatusCode::OK);
    assert_eq!(app.get(&stalls, Some(&moderator)).await.status, StatusCode::OK);
    assert_eq!(app.get(&stalls, None).await.status, StatusCode::UNAUTHORIZED);
    let cancel = format!("/api/v1/markets/{market}/dates/2027-03-06/cancel");
    assert_eq!(app.post(&cancel, Some(&other), json!({"reason": "no"})).await.status, StatusCode::FORBIDDEN);
    // A booking is seen by its resident and the organiser only; others are told nothing.
    let b = book(&app, &resident, market, "2027-03-20").await.body["id"].as_i64().unwrap();
    assert_eq!(
        app.post(&format!("/api/v1/bookings/{b}/cancel"), Some(&other), json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/bookings/{b}/calendar.ics"), Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    let remove =
        app.post(&format!("/api/v1/bookings/{b}/remove"), Some(&resident), json!({"reason": "不想来了"})).await;
    assert_eq!(remove.status, StatusCode::FORBIDDEN);
    // The organiser cannot cancel for the resident (cancel is the resident's), but can remove.
    assert_eq!(
        app.post(&format!("/api/v1/bookings/{b}/cancel"), Some(&organiser), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let removed =
        app.post(&format!("/api/v1/bookings/{b}/remove"), Some(&organiser), json!({"reason": "摊位调整"})).await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.text);
    assert_eq!(removed.body["state"], "removed");
    let mine = app.get("/api/v1/me/bookings", Some(&resident)).await;
    assert_eq!(mine.body["unseen"], 1, "the removal waits to be seen");
    assert_eq!(mine.body["bookings"][0]["reason"], "摊位调整");
}

#[tokio::test]
async fn only_the_organiser_or_a_moderator_moves_or_cancels_a_date() {
    let (app, moderator, organiser) = app_with_organiser().await;
    let market = create_market(&app, &organiser, 2).await;
    let (_, resident) = app.register("Resident", "r@example.com").await;
    book(&app, &resident, market, "2027-03-20").await;
    let mv = |day: &str| json!({"day": day, "start_time": "14:00", "end_time": "16:00", "reason": "场地改期"});
    for date in ["2027-03-20", "2027-04-03"] {
        let moving = format!("/api/v1/markets/{market}/dates/{date}/move");
        let cancel = format!("/api/v1/markets/{market}/dates/{date}/cancel");
        assert_eq!(app.post(&moving, None, mv("2027-03-21")).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.post(&moving, Some(&resident), mv("2027-03-21")).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post(&cancel, None, json!({"reason": "暴雨预警"})).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            app.post(&cancel, Some(&resident), json!({"reason": "暴雨预警"})).await.status,
            StatusCode::FORBIDDEN
        );
    }
    // A move needs its reason, at the field; nothing changes.
    let bad = app
        .post(
            &format!("/api/v1/markets/{market}/dates/2027-03-20/move"),
            Some(&organiser),
            json!({"day": "2027-03-21", "start_time": "14:00", "end_time": "16:00", "reason": ""}),
        )
        .await;
    assert_eq!((bad.status, bad.field()), (StatusCode::UNPROCESSABLE_ENTITY, "reason"), "{}", bad.text);
    let ok =
        app.post(&format!("/api/v1/markets/{market}/dates/2027-03-20/move"), Some(&organiser), mv("2027-03-21")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    let ok =
        app.post(&format!("/api/v1/markets/{market}/dates/2027-04-03/move"), Some(&moderator), mv("2027-04-04")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    let ok = app
        .post(
            &format!("/api/v1/markets/{market}/dates/2027-04-17/cancel"),
            Some(&moderator),
            json!({"reason": "暴雨预警"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    // The resident who booked the moved date sees it moved, with the reason.
    let mine = app.get("/api/v1/me/bookings", Some(&resident)).await;
    let b = &mine.body["bookings"][0];
    assert_eq!(
        (b["occurrence_status"].as_str(), b["day"].as_str(), b["reason"].as_str(), mine.body["unseen"].as_i64()),
        (Some("moved"), Some("2027-03-21"), Some("场地改期"), Some(1))
    );
}

#[tokio::test]
async fn a_booking_links_only_the_bookers_own_active_listings() {
    let (app, moderator, organiser) = app_with_organiser().await;
    let market = create_market(&app, &organiser, 2).await;
    let (_, resident) = app.register("Resident", "r@example.com").await;
    let (_, other) = app.register("Other", "o@example.com").await;
    let mine = app.listing(&resident, "旧台灯", "还能用", 20).await;
    let mine2 = app.listing(&resident, "童书一套", "十本", 30).await;
    let theirs = app.listing(&other, "别人的书架", "", 50).await;
    let withdrawn = app.listing(&resident, "撤下的椅子", "", 10).await;
    let res = app.post(&format!("/api/v1/listings/{withdrawn}/withdraw"), Some(&resident), json!({})).await;
    assert!(res.status.is_success(), "{}", res.text);
    let url = format!("/api/v1/markets/{market}/dates/2027-03-20/bookings");
    for (ids, code) in [
        (json!([mine, theirs]), "booking_listing_invalid"),
        (json!([withdrawn]), "booking_listing_invalid"),
        (json!([mine, mine]), "booking_listing_invalid"),
        (json!([999_999]), "booking_listing_invalid"),
        (json!((1..=11).collect::<Vec<i64>>()), "too_many_booking_listings"),
    ] {
        let res = app.post(&url, Some(&resident), json!({"brings": "旧物", "listing_ids": ids})).await;
        assert_eq!(
            (res.status, res.field(), res.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "listing_ids", code),
            "{ids}"
        );
    }
    // Nothing was half-written: the resident has no booking yet.
    assert_eq!(app.get("/api/v1/me/bookings", Some(&resident)).await.body["bookings"], json!([]));
    let res = app.post(&url, Some(&resident), json!({"brings": "旧物", "listing_ids": [mine2, mine]})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let linked = json!([{"id": mine2, "title": "童书一套"}, {"id": mine, "title": "旧台灯"}]);
    assert_eq!(res.body["listings"], linked);
    // The organiser's stall list shows them; so do the resident's bookings and the market page.
    let stalls = app.get(&format!("/api/v1/markets/{market}/dates/2027-03-20/stalls"), Some(&organiser)).await;
    assert_eq!(stalls.body["bookings"][0]["listings"], linked);
    assert_eq!(app.get("/api/v1/me/bookings", Some(&resident)).await.body["bookings"][0]["listings"], linked);
    let page = app.get(&format!("/api/v1/markets/{market}"), Some(&resident)).await;
    assert_eq!(page.body["my_bookings"][0]["listings"], linked);
    // A listing a moderator hides drops out of the stall list: its title is not shown there.
    let res =
        app.post(&format!("/api/v1/admin/listings/{mine}/hide"), Some(&moderator), json!({"reason": "核实中"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let stalls = app.get(&format!("/api/v1/markets/{market}/dates/2027-03-20/stalls"), Some(&organiser)).await;
    assert_eq!(stalls.body["bookings"][0]["listings"], json!([{"id": mine2, "title": "童书一套"}]));
}

#[tokio::test]
async fn waitlist_promotion_moves_cancellations_and_check_in() {
    let (app, _, organiser) = app_with_organiser().await;
    let market = create_market(&app, &organiser, 1).await;
    let (_, a) = app.register("Alice", "a@example.com").await;
    let (_, b) = app.register("Bob", "b@example.com").await;
    let (_, c) = app.register("Carol", "c@example.com").await;
    let date = "2027-03-06";
    let ba = book(&app, &a, market, date).await;
    assert_eq!(ba.body["state"], "booked");
    let bb = book(&app, &b, market, date).await;
    assert_eq!((bb.body["state"].as_str(), bb.body["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
    let bc = book(&app, &c, market, date).await;
    assert_eq!(bc.body["waitlist_position"], 2);
    // Alice cancels: Bob is promoted and told; Carol moves up.
    let res = app.post(&format!("/api/v1/bookings/{}/cancel", ba.body["id"]), Some(&a), json!({})).await;
    assert_eq!(res.body["state"], "cancelled", "{}", res.text);
    let mine = app.get("/api/v1/me/bookings", Some(&b)).await;
    assert_eq!((mine.body["unseen"].as_i64(), mine.body["bookings"][0]["state"].as_str()), (Some(1), Some("promoted")));
    assert_eq!(app.post("/api/v1/me/bookings/seen", Some(&b), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me/bookings", Some(&b)).await.body["unseen"], 0);
    assert_eq!(app.get("/api/v1/me/bookings", Some(&c)).await.body["bookings"][0]["waitlist_position"], 1);
    // The organiser moves the date: bookings follow, marked changed; the calendar keeps the UID.
    let moved = app
        .post(
            &format!("/api/v1/markets/{market}/dates/{date}/move"),
            Some(&organiser),
            json!({"day": "2027-03-07", "start_time": "14:00", "end_time": "17:00", "reason": "场地改期"}),
        )
        .await;
    assert_eq!((moved.status, moved.body["status"].as_str()), (StatusCode::OK, Some("moved")), "{}", moved.text);
    let mine = app.get("/api/v1/me/bookings", Some(&b)).await;
    assert_eq!((mine.body["unseen"].as_i64(), mine.body["bookings"][0]["day"].as_str()), (Some(1), Some("2027-03-07")));
    // Check-in: not days before; on the day by code; not twice.
    let stalls = format!("/api/v1/markets/{market}/dates/{date}/checkins");
    let code = mine.body["bookings"][0]["checkin_code"].as_str().unwrap().to_string();
    let early = app.post(&stalls, Some(&organiser), json!({"code": code})).await;
    assert_eq!(early.code(), "check_in_not_now", "{}", early.text);
    set_clock(&app, 1_803_859_200 + 6 * 86_400 + 6 * 3600 + 600); // 2027-03-07 14:10 Shanghai
    let wrong = app.post(&stalls, Some(&organiser), json!({"code": "000000"})).await;
    if code != "000000" {
        assert_eq!((wrong.field(), wrong.code()), ("code", "check_in_code_invalid"));
    }
    let ok = app.post(&stalls, Some(&organiser), json!({"code": code})).await;
    assert_eq!((ok.status, ok.body["state"].as_str()), (StatusCode::OK, Some("checked_in")), "{}", ok.text);
    let again = app.post(&stalls, Some(&organiser), json!({"booking_id": ok.body["id"]})).await;
    assert_eq!(again.code(), "booking_state_invalid");
    let checkins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM market_checkins WHERE method = 'code'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(checkins, 1);
    // The resident can no longer cancel once it started.
    let late = app.post(&format!("/api/v1/bookings/{}/cancel", bc.body["id"]), Some(&c), json!({})).await;
    assert_eq!(late.code(), "market_started");
}

/// 30 residents book 5 stalls at once while earlier bookers cancel: the stalls are never
/// over-filled, every freed stall goes to the earliest waiting, and the counters match.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_concurrent_bookings_for_five_stalls_with_cancellations() {
    let (app, _, organiser) = app_with_organiser().await;
    let app = Arc::new(app);
    let market = create_market(&app, &organiser, 5).await;
    let date = "2027-03-06";
    let mut residents = Vec::new();
    for i in 0..30 {
        residents.push(app.register(&format!("Neighbour {i}"), &format!("n{i}@example.com")).await.1);
    }
    let mut tasks = Vec::new();
    for (i, who) in residents.iter().enumerate() {
        let (app, who) = (app.clone(), who.clone());
        tasks.push(tokio::spawn(async move {
            let res = book(&app, &who, market, date).await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
            // Every third resident changes their mind at once.
            if i % 3 == 0 {
                let res = app.post(&format!("/api/v1/bookings/{}/cancel", res.body["id"]), Some(&who), json!({})).await;
                assert_eq!(res.status, StatusCode::OK, "{}", res.text);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state, position FROM market_bookings WHERE market_id = $1 AND date = $2 ORDER BY position",
    )
    .bind(market)
    .bind(date)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let holding: Vec<i64> = rows.iter().filter(|(s, _)| s == "booked" || s == "promoted").map(|(_, p)| *p).collect();
    let waiting: Vec<i64> = rows.iter().filter(|(s, _)| s == "waitlisted").map(|(_, p)| *p).collect();
    let cancelled = rows.iter().filter(|(s, _)| s == "cancelled").count();
    assert_eq!(cancelled, 10);
    assert_eq!(holding.len(), 5, "{rows:?}");
    assert_eq!(waiting.len(), 15, "{rows:?}");
    // Order kept: nobody waiting booked before someone who got a stall by promotion.
    let last_promoted = rows.iter().filter(|(s, _)| s == "promoted").map(|(_, p)| *p).max().unwrap_or(0);
    assert!(waiting.iter().all(|w| *w > last_promoted), "{rows:?}");
    let positions: std::collections::HashSet<i64> = rows.iter().map(|(_, p)| *p).collect();
    assert_eq!(positions.len(), 30, "positions are unique");
    let (booked, waitlisted): (i64, i64) =
        sqlx::query_as("SELECT booked, waitlisted FROM market_dates WHERE market_id = $1 AND date = $2")
            .bind(market)
            .bind(date)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!((booked, waitlisted), (5, 15));
    // The list shows it full.
    let page = app.get(&format!("/api/v1/markets/{market}"), None).await;
    assert_eq!(page.body["occurrences"][0]["free"], 0);
}

// ---- calendars, read back with a small independent RFC 5545 reader ----

/// Unfolds lines (RFC 5545 §3.1) and splits them into (name, parameters, value).
fn parse_ics(text: &str) -> Vec<Vec<(String, String, String)>> {
    assert!(text.contains("\r\n"), "lines end in CRLF");
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split("\r\n") {
        if let Some(rest) = raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')) {
            lines.last_mut().unwrap().push_str(rest);
        } else if !raw.is_empty() {
            lines.push(raw.to_string());
        }
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.iter().any(|l| l == "VERSION:2.0"));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let mut events = Vec::new();
    let mut current: Option<Vec<(String, String, String)>> = None;
    for l in lines {
        match l.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => events.push(current.take().unwrap()),
            _ => {
                if let Some(ev) = current.as_mut() {
                    let (head, value) = l.split_once(':').unwrap();
                    let (name, params) = head.split_once(';').unwrap_or((head, ""));
                    ev.push((name.to_string(), params.to_string(), value.to_string()));
                }
            }
        }
    }
    events
}

/// The VTIMEZONEs of a calendar: (TZID, [(STANDARD|DAYLIGHT, TZOFFSETFROM, TZOFFSETTO)]).
type Observance = (String, String, String);
fn timezones(text: &str) -> Vec<(String, Vec<Observance>)> {
    let mut zones: Vec<(String, Vec<Observance>)> = Vec::new();
    let mut kind: Option<String> = None;
    let mut offsets = (String::new(), String::new());
    for l in text.split("\r\n") {
        let (name, value) = l.split_once(':').unwrap_or((l, ""));
        match (name, value) {
            ("BEGIN", "VTIMEZONE") => zones.push((String::new(), Vec::new())),
            ("TZID", id) => zones.last_mut().unwrap().0 = id.to_string(),
            ("BEGIN", k @ ("STANDARD" | "DAYLIGHT")) => kind = Some(k.to_string()),
            ("TZOFFSETFROM", v) => offsets.0 = v.to_string(),
            ("TZOFFSETTO", v) => offsets.1 = v.to_string(),
            ("END", "STANDARD" | "DAYLIGHT") => {
                let o = std::mem::take(&mut offsets);
                zones.last_mut().unwrap().1.push((kind.take().unwrap(), o.0, o.1));
            }
            _ => {}
        }
    }
    zones
}

#[test]
fn a_zone_with_daylight_saving_lists_its_changes() {
    let tz = calendar::zone("Europe/Berlin").unwrap();
    let text = calendar::vtimezone(tz, 2027, 2027);
    let zones = timezones(&text);
    assert_eq!(zones.len(), 1);
    let (id, obs) = &zones[0];
    assert_eq!(id, "Europe/Berlin");
    let obs: Vec<(&str, &str, &str)> = obs.iter().map(|(k, f, t)| (k.as_str(), f.as_str(), t.as_str())).collect();
    assert_eq!(obs, [("STANDARD", "+0100", "+0100"), ("DAYLIGHT", "+0100", "+0200"), ("STANDARD", "+0200", "+0100")]);
    // The local onsets: 02:00 on the last Sunday of March, 03:00 on the last Sunday of October.
    assert!(text.contains("DTSTART:20270328T020000\r\n"), "{text}");
    assert!(text.contains("DTSTART:20271031T030000\r\n"), "{text}");
    assert!(text.contains("TZNAME:CEST\r\n"));
}

fn prop<'a>(ev: &'a [(String, String, String)], name: &str) -> Option<&'a (String, String, String)> {
    ev.iter().find(|(n, _, _)| n == name)
}

#[tokio::test]
async fn calendars_parse_back_with_dates_zone_uids_and_cancellations() {
    let (app, _, organiser) = app_with_organiser().await;
    let market = create_market(&app, &organiser, 2).await;
    let (_, resident) = app.register("Resident", "r@example.com").await;
    let booking = book(&app, &resident, market, "2027-03-20").await.body["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/markets/{market}/dates/2027-03-06/cancel"),
        Some(&organiser),
        json!({"reason": "暴雨预警"}),
    )
    .await;
    let moved = app
        .post(
            &format!("/api/v1/markets/{market}/dates/2027-03-20/move"),
            Some(&organiser),
            json!({"day": "2027-03-21", "start_time": "09:30", "end_time": "12:00", "reason": "场地改期"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);

    let res = app.get(&format!("/api/v1/markets/{market}/calendar.ics"), None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.headers["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let events = parse_ics(&res.text);
    assert_eq!(events.len(), 9, "every date from 03-06 to 06-26");
    // Every TZID an event uses is defined by a VTIMEZONE, before the events.
    let zones = timezones(&res.text);
    assert_eq!(zones, [("Asia/Shanghai".to_string(), vec![("STANDARD".to_string(), "+0800".into(), "+0800".into())])]);
    assert!(res.text.find("BEGIN:VTIMEZONE").unwrap() < res.text.find("BEGIN:VEVENT").unwrap());
    let uids: std::collections::HashSet<&str> = events.iter().map(|e| prop(e, "UID").unwrap().2.as_str()).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    let by_uid = |uid: &str| events.iter().find(|e| prop(e, "UID").unwrap().2 == uid).unwrap();
    let cancelled = by_uid(&format!("market-{market}-2027-03-06@linli"));
    assert_eq!(prop(cancelled, "STATUS").unwrap().2, "CANCELLED");
    let moved = by_uid(&format!("market-{market}-2027-03-20@linli"));
    assert_eq!(prop(moved, "DTSTART").unwrap().1, "TZID=Asia/Shanghai");
    assert_eq!(prop(moved, "DTSTART").unwrap().2, "20270321T093000");
    assert_eq!(prop(moved, "DTEND").unwrap().2, "20270321T120000");
    assert_eq!(prop(moved, "STATUS").unwrap().2, "CONFIRMED");
    assert_eq!(prop(moved, "SEQUENCE").unwrap().2, "1");
    let plain = by_uid(&format!("market-{market}-2027-04-03@linli"));
    assert_eq!(prop(plain, "DTSTART").unwrap().2, "20270403T100000");
    assert_eq!(prop(plain, "SEQUENCE").unwrap().2, "0");

    // The booking's calendar: the same UID as the market's, so calendars merge it.
    let res = app.get(&format!("/api/v1/bookings/{booking}/calendar.ics"), Some(&resident)).await;
    let events = parse_ics(&res.text);
    assert_eq!(events.len(), 1);
    assert_eq!(prop(&events[0], "UID").unwrap().2, format!("market-{market}-2027-03-20@linli"));
    assert_eq!(prop(&events[0], "DTSTART").unwrap().2, "20270321T093000");
    // Cancelled booking: a cancelled event.
    app.post(&format!("/api/v1/bookings/{booking}/cancel"), Some(&resident), json!({})).await;
    let res = app.get(&format!("/api/v1/bookings/{booking}/calendar.ics"), Some(&resident)).await;
    assert_eq!(prop(&parse_ics(&res.text)[0], "STATUS").unwrap().2, "CANCELLED");
}

#[tokio::test]
async fn every_change_of_a_date_raises_its_calendar_sequence() {
    let (app, _, organiser) = app_with_organiser().await;
    let market = create_market(&app, &organiser, 2).await;
    let (_, resident) = app.register("Resident", "r@example.com").await;
    let booking = book(&app, &resident, market, "2027-03-20").await.body["id"].as_i64().unwrap();
    for (day, start) in [("2027-03-21", "09:30"), ("2027-03-21", "14:00")] {
        let moved = app
            .post(
                &format!("/api/v1/markets/{market}/dates/2027-03-20/move"),
                Some(&organiser),
                json!({"day": day, "start_time": start, "end_time": "16:00", "reason": "场地改期"}),
            )
            .await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    }
    app.post(&format!("/api/v1/markets/{market}/dates/2027-03-06/cancel"), Some(&organiser), json!({"reason": "暴雨"}))
        .await;
    // The series from April on starts an hour earlier; March keeps its time.
    let mut edit = market_json(2, fortnightly(), "2027-03-06", "2027-06-30");
    edit["schedule"]["start_time"] = json!("09:00");
    edit["from_date"] = json!("2027-04-01");
    let res = app.call(Method::PUT, &format!("/api/v1/markets/{market}"), Some(&organiser), Some(edit)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let events = parse_ics(&app.get(&format!("/api/v1/markets/{market}/calendar.ics"), None).await.text);
    let sequence = |date: &str| {
        let uid = format!("market-{market}-{date}@linli");
        let e = events.iter().find(|e| prop(e, "UID").unwrap().2 == uid).unwrap();
        (prop(e, "SEQUENCE").unwrap().2.clone(), prop(e, "DTSTART").unwrap().2.clone())
    };
    assert_eq!(sequence("2027-03-20"), ("2".into(), "20270321T140000".into()), "moved twice");
    assert_eq!(sequence("2027-03-06").0, "1", "cancelled");
    assert_eq!(sequence("2027-04-03"), ("1".into(), "20270403T090000".into()), "its time changed");
    // A date the edit did not change keeps its sequence: re-saving the same series is no change.
    let mut same = market_json(2, fortnightly(), "2027-03-06", "2027-06-30");
    same["schedule"]["start_time"] = json!("09:00");
    same["from_date"] = json!("2027-04-01");
    app.call(Method::PUT, &format!("/api/v1/markets/{market}"), Some(&organiser), Some(same)).await;
    let events = parse_ics(&app.get(&format!("/api/v1/markets/{market}/calendar.ics"), None).await.text);
    let uid = format!("market-{market}-2027-04-03@linli");
    let e = events.iter().find(|e| prop(e, "UID").unwrap().2 == uid).unwrap();
    assert_eq!(prop(e, "SEQUENCE").unwrap().2, "1");

    // The resident's booking calendar follows; cancelling the booking is one change more.
    let text = app.get(&format!("/api/v1/bookings/{booking}/calendar.ics"), Some(&resident)).await.text;
    assert_eq!(prop(&parse_ics(&text)[0], "SEQUENCE").unwrap().2, "2");
    app.post(&format!("/api/v1/bookings/{booking}/cancel"), Some(&resident), json!({})).await;
    let text = app.get(&format!("/api/v1/bookings/{booking}/calendar.ics"), Some(&resident)).await.text;
    let event = &parse_ics(&text)[0];
    assert_eq!(prop(event, "STATUS").unwrap().2, "CANCELLED");
    assert_eq!(prop(event, "SEQUENCE").unwrap().2, "3");
}

#[tokio::test]
async fn editing_the_series_from_a_date_on_keeps_earlier_dates() {
    let (app, _, organiser) = app_with_organiser().await;
    let market = create_market(&app, &organiser, 2).await;
    let (_, resident) = app.register("Resident", "r@example.com").await;
    // Booked on a fortnightly date the new schedule drops.
    let b = book(&app, &resident, market, "2027-04-17").await.body["id"].as_i64().unwrap();
    let mut edit =
        market_json(2, json!({"kind": "monthly_nth", "nth": 1, "weekday": "sun"}), "2027-03-06", "2027-06-30");
    edit["from_date"] = json!("2027-04-01");
    let res = app.call(Method::PUT, &format!("/api/v1/markets/{market}"), Some(&organiser), Some(edit)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let dates: Vec<(&str, &str)> = res.body["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["date"].as_str().unwrap(), o["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dates,
        [
            ("2027-03-06", "scheduled"),
            ("2027-03-20", "scheduled"),
            ("2027-04-04", "scheduled"),
            ("2027-04-17", "cancelled"),
            ("2027-05-02", "scheduled"),
            ("2027-06-06", "scheduled"),
        ]
    );
    let mine = app.get("/api/v1/me/bookings", Some(&resident)).await;
    assert_eq!(mine.body["bookings"][0]["id"], b);
    assert_eq!(mine.body["bookings"][0]["state"], "date_cancelled");
    assert_eq!(mine.body["unseen"], 1);
}

/// Moves the app's clock to `at` (Unix seconds).
fn set_clock(app: &TestApp, at: i64) {
    app.clock.advance(at - app.clock.now());
}

#[tokio::test]
async fn the_demo_seed_has_lively_markets() {
    let app = TestApp::new().await;
    assert!(linli_server::seed::seed_if_empty(&app.db, &app.media).await.unwrap());
    let list = app.get("/api/v1/markets", None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let all: Vec<&Value> =
        list.body.as_array().unwrap().iter().flat_map(|d| d["occurrences"].as_array().unwrap()).collect();
    let markets: std::collections::HashSet<i64> = all.iter().map(|o| o["market_id"].as_i64().unwrap()).collect();
    assert_eq!(markets.len(), 5);
    assert!(
        all.iter().any(|o| o["free"] == 0 && o["waitlisted"].as_i64().unwrap() > 0),
        "one date full with a waitlist"
    );
    assert!(all.iter().any(|o| o["status"] == "cancelled"));
    assert!(all.iter().any(|o| o["status"] == "moved"));
    let promoted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM market_bookings WHERE state = 'promoted'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(promoted, 1);
    let linked: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM market_booking_listings").fetch_one(app.db.pool()).await.unwrap();
    assert!(linked > 0, "some stallholders link their listings");
}

#[tokio::test]
async fn the_tile_server_is_configuration_and_allowed_by_the_csp() {
    let template = "https://{s}.tile.example.org/{z}/{x}/{y}.png";
    let app = TestApp::with(
        |dist| std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html><body></body></html>").unwrap(),
        |config| config.map_tiles = Some(template.into()),
    )
    .await;
    assert_eq!(app.get("/api/v1/health", None).await.body["map_tiles"], template);
    let page = app.get("/markets", None).await;
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("img-src 'self' https://*.tile.example.org data:"), "{csp}");
    // Without a tile server: nothing announced, nothing allowed.
    let plain = TestApp::with_dist(|dist| std::fs::write(dist.join("index.html"), "<html></html>").unwrap()).await;
    assert!(plain.get("/api/v1/health", None).await.body.get("map_tiles").is_none());
    let csp = plain.get("/markets", None).await.headers["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("img-src 'self' data: blob:;"), "{csp}");
}
