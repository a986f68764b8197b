//! The first screen in the page: `GET /` carries the first page of the default feed as cards
//! (written by the web app's renderer, `linli-markup`) and as JSON for the app to take over; a
//! listing's page, the Markets and Recycle tabs and a visitor's Sell come pre-rendered by the
//! same renderers.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{Answer, TestApp};
use linli_contract::community::Community;
use linli_contract::listing::{ListingCard, ListingDetail, Page};
use linli_contract::market::UpcomingDay;
use linli_contract::recycling::Point;
use linli_contract::Lang;
use linli_markup::markets::upcoming_html;
use linli_markup::recycling::point_rows_html;
use linli_markup::sign_in::sign_in_needed_html;
use linli_markup::{cards_html, detail_head_html, gallery_photos_html, Reading};
use serde_json::json;

const INDEX: &str =
    "<!DOCTYPE html><html lang=\"zh-CN\"><head><title>邻里</title></head><body><noscript>JS</noscript></body></html>";

async fn app_with_index() -> TestApp {
    TestApp::with_dist(|dist| std::fs::write(dist.join("index.html"), INDEX).unwrap()).await
}

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> Answer {
    let mut req = Request::get(path);
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

/// The text between `start` and the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start} in {html}")) + start.len();
    &html[from..from + html[from..].find(end).unwrap()]
}

#[tokio::test]
async fn the_feed_page_carries_its_first_cards_with_user_text_escaped() {
    let app = app_with_index().await;
    let (_, session) = app.register("Neighbour <b>", "n@example.com").await;
    let lamp = app.listing(&session, "Desk lamp", "", 30).await;
    let sneaky = app.listing(&session, "<script>alert('x')</script> & \"quotes\"", "", 5).await;

    let res = page(&app, "/", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-cache");
    let html = &res.text;
    let grid = between(html, "<div id=\"first-screen\"", "</div></section>");
    assert!(grid.contains(&format!("href=\"/listings/{lamp}\"")) && grid.contains("Desk lamp"), "{grid}");
    assert!(grid.contains(&format!("href=\"/listings/{sneaky}\"")));
    assert!(grid.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"), "{grid}");
    assert!(grid.contains("Neighbour &lt;b&gt;"));
    assert!(!html.contains("<script>alert"), "no user text as markup");
    assert!(html.contains("¥30"), "the price, in Chinese by default: {grid}");
    assert!(html.find("id=\"first-screen\"").unwrap() < html.find("</body>").unwrap());

    // The data rides along for the app, unable to close its script element.
    let json = between(html, "<script type=\"application/json\" id=\"first-feed\">", "</script>");
    assert!(!json.contains('<'));
    let feed: Page<ListingCard> = serde_json::from_str(json).unwrap();
    assert_eq!(feed.items.iter().map(|c| c.id).collect::<Vec<_>>(), vec![sneaky, lamp]);
    // The first photo is fetched early, at high priority.
    let head = between(html, "<head>", "</head>");
    assert!(head.contains(&format!(
        "<link rel=\"preload\" as=\"image\" href=\"{}\" fetchpriority=\"high\">",
        feed.items[0].thumb_url
    )));
}

#[tokio::test]
async fn the_cards_are_the_feeds_first_page_as_the_app_renders_it() {
    let app = app_with_index().await;
    let (_, session) = app.register("Seller", "s@example.com").await;
    for i in 0..25 {
        app.listing(&session, &format!("Item {i}"), "", i + 1).await;
    }
    for (cookie, lang) in [(None, Lang::Zh), (Some("linli_session=x; linli_lang=en"), Lang::En)] {
        let html = page(&app, "/", cookie).await.text;
        // What GET /listings gives for the default feed, rendered by the app's renderer.
        let api: Page<ListingCard> = serde_json::from_str(&app.get("/api/v1/listings", None).await.text).unwrap();
        assert_eq!(api.items.len(), 20, "one page");
        let at = Reading { lang, now: app.clock.now(), utc_offset_secs: 8 * 3600 };
        let grid = between(&html, "<div class=\"card-grid\">", "</div></section>");
        assert_eq!(grid, cards_html(&api.items, at), "{lang:?}");
        assert!(html.starts_with(&format!("<!DOCTYPE html><html lang=\"{}\"", lang.tag())));
    }
}

#[tokio::test]
async fn other_pages_and_searches_get_the_plain_shell() {
    let app = app_with_index().await;
    let (_, session) = app.register("Seller", "s@example.com").await;
    app.listing(&session, "Desk lamp", "", 30).await;
    // Sell without knowing whether the visitor is signed in (no Sec-Fetch-Site), a search, the
    // markets nearest a position: the app asks for them itself.
    for path in [
        "/?q=lamp",
        "/sell",
        "/me",
        "/markets?lat=31.2&lng=121.4",
        "/markets/new",
        "/recycle?material=paper",
        "/recycle/new",
    ] {
        let res = page(&app, path, None).await;
        assert_eq!((res.status, res.text.as_str()), (StatusCode::OK, INDEX), "{path}");
    }
}

#[tokio::test]
async fn an_empty_feed_gets_the_plain_shell() {
    let app = app_with_index().await;
    assert_eq!(page(&app, "/", None).await.text, INDEX);
}

/// The pre-rendered first screen of a page, `None` without one.
fn prerendered(html: &str) -> Option<&str> {
    html.contains("<div id=\"first-screen\"").then(|| between(html, "<div id=\"first-screen\"", "</body>"))
}

#[tokio::test]
async fn a_listing_page_carries_its_photo_head_and_price_with_user_text_escaped() {
    let app = app_with_index().await;
    let (_, session) = app.register("Seller", "s@example.com").await;
    let id = app.listing(&session, "<img src=x onerror=alert(1)> & \"lamp\"", "", 30).await;

    let res = page(&app, &format!("/listings/{id}"), None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-cache");
    let html = &res.text;
    let screen = prerendered(html).expect("pre-rendered");
    assert!(screen.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;lamp&quot;"), "{screen}");
    assert!(!html.contains("<img src=x"), "no user text as markup");
    assert!(screen.contains("<p class=\"price price-large\">¥30</p>"), "{screen}");

    // What GET /api/v1/listings/{id} gives, rendered by the app's renderer.
    let api: ListingDetail =
        serde_json::from_str(&app.get(&format!("/api/v1/listings/{id}"), None).await.text).unwrap();
    assert!(screen.contains(&detail_head_html(&api, Lang::Zh)), "{screen}");
    let photos = gallery_photos_html(&api.photos, &api.title);
    assert!(screen.contains(&photos), "{screen}");
    // The photo: its size (no shift), first and at high priority.
    let photo = &api.photos[0];
    assert!(photos.starts_with(&format!("<img src=\"{}\"", photo.url)));
    assert!(photos.contains(&format!("width=\"{}\" height=\"{}\" fetchpriority=\"high\"", photo.width, photo.height)));
    let head = between(html, "<head>", "</head>");
    assert!(
        head.contains(&format!("<link rel=\"preload\" as=\"image\" href=\"{}\" fetchpriority=\"high\">", photo.url))
    );

    // In the reader's language.
    let en = page(&app, &format!("/listings/{id}"), Some("linli_lang=en")).await.text;
    assert!(en.starts_with("<!DOCTYPE html><html lang=\"en\""));
    assert!(prerendered(&en).unwrap().contains(&detail_head_html(&api, Lang::En)));
}

#[tokio::test]
async fn hidden_withdrawn_and_unknown_listings_are_not_pre_rendered() {
    let app = app_with_index().await;
    let (moderator_id, moderator) = app.register("Moderator", "m@example.com").await;
    linli_server::db::users::grant_role(&app.db, moderator_id, linli_contract::auth::Role::Moderator, None)
        .await
        .unwrap();
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let hidden = app.listing(&seller, "Secret lamp", "", 30).await;
    let res =
        app.post(&format!("/api/v1/admin/listings/{hidden}/hide"), Some(&moderator), json!({"reason": "核实中"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let withdrawn = app.listing(&seller, "Old chair", "", 5).await;
    let res = app.call(Method::POST, &format!("/api/v1/listings/{withdrawn}/withdraw"), Some(&seller), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let shown = app.listing(&seller, "Desk", "", 5).await;

    // Hidden: the plain shell, for its owner too (the app then asks with the session).
    for cookie in [None, Some(format!("linli_session={seller}"))] {
        let html = page(&app, &format!("/listings/{hidden}"), cookie.as_deref()).await.text;
        assert_eq!(html, INDEX);
        assert!(!html.contains("Secret lamp"));
    }
    // Pre-rendered exactly when an anonymous visitor may see it through the API.
    for id in [withdrawn, shown] {
        let api = app.get(&format!("/api/v1/listings/{id}"), None).await.status;
        let html = page(&app, &format!("/listings/{id}"), None).await.text;
        assert_eq!(prerendered(&html).is_some(), api == StatusCode::OK, "listing {id}: {api}");
    }
    for path in ["/listings/999999", "/listings/abc", &format!("/listings/{shown}/edit"), "/listings/"] {
        let res = page(&app, path, None).await;
        assert_eq!((res.status, res.text.as_str()), (StatusCode::OK, INDEX), "{path}");
    }
}

#[tokio::test]
async fn the_markets_tab_carries_its_dates_as_the_app_renders_them() {
    let app = app_with_index().await;
    let none = prerendered(&page(&app, "/markets", None).await.text).map(str::to_owned).expect("pre-rendered");
    assert!(none.contains("<p class=\"empty-state\">近期没有市集</p>"), "{none}");

    let (_, organiser) = app.register("Organiser", "o@example.com").await;
    let (_, resident) = app.register("Resident", "r@example.com").await;
    let (market, date, _) = common::market_and_booking(&app, &organiser, &resident).await;
    let days: Vec<UpcomingDay> = serde_json::from_str(&app.get("/api/v1/markets", None).await.text).unwrap();
    assert_eq!(days.len(), 1);
    for (cookie, lang) in [(None, Lang::Zh), (Some("linli_lang=en".to_string()), Lang::En)] {
        let res = page(&app, "/markets", cookie.as_deref()).await;
        assert_eq!(res.status, StatusCode::OK);
        let screen = prerendered(&res.text).expect("pre-rendered");
        assert!(screen.contains("data-path=\"/markets\""), "{screen}");
        // The dates as the app's Markets page renders the same answer of GET /markets.
        let host = between(screen, "<div class=\"market-days-host\">", "</div></section></div>");
        assert_eq!(host, upcoming_html(&days, lang), "{lang:?}");
        assert!(host.contains(&format!("href=\"/markets/{market}\"")) && host.contains(&date), "{host}");
        assert!(!screen.contains("/markets/new"), "only organisers see the button to organise");
    }
    let buttons = between(&page(&app, "/markets", None).await.text, "<div class=\"button-row\">", "</div>").to_owned();
    assert_eq!(buttons.matches("<button").count(), buttons.matches(" disabled>").count(), "{buttons}");
    let title = |html: &str| between(html, "<h1>", "</h1>").to_owned();
    assert_eq!(title(&page(&app, "/markets", None).await.text), "二手市集");
    assert_eq!(title(&page(&app, "/markets", Some("linli_lang=en")).await.text), "Swap markets");

    // An organiser's own page has the button to organise; a resident's has not.
    let own = page(&app, "/markets", Some(&format!("linli_session={organiser}"))).await.text;
    assert!(prerendered(&own).unwrap().contains("<a class=\"button\" href=\"/markets/new\">发起市集</a>"), "{own}");
    let theirs = page(&app, "/markets", Some(&format!("linli_session={resident}"))).await.text;
    assert!(!prerendered(&theirs).unwrap().contains("/markets/new"));
}

#[tokio::test]
async fn the_recycle_tab_carries_the_first_communitys_points_as_the_app_renders_them() {
    let app = app_with_index().await;
    let (operator, organiser) = app.register("Operator", "op@example.com").await;
    linli_server::db::users::grant_role(&app.db, operator, linli_contract::auth::Role::Organiser, None).await.unwrap();
    let communities: Vec<Community> = serde_json::from_str(&app.get("/api/v1/communities", None).await.text).unwrap();
    let first = &communities[0];
    for (name, dlat) in [("田林 <回收> 站", 0.002), ("Far depot", 0.05)] {
        let body = json!({
            "name": name, "kind": "station", "materials": ["paper", "plastic"], "opening_hours": "Mo-Su 08:00-18:00",
            "address": "田林路 1 号", "lat": first.lat + dlat, "lng": first.lng, "contact": "",
        });
        let res = app.post("/api/v1/recycling/points", Some(&organiser), body).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    // What the app's Recycle page asks first: the first community's points, nearest first.
    let points: Vec<Point> =
        serde_json::from_str(&app.get(&format!("/api/v1/recycling/points?community_id={}", first.id), None).await.text)
            .unwrap();
    assert_eq!(points.len(), 2);
    for (cookie, lang) in [(None, Lang::Zh), (Some("linli_lang=en".to_string()), Lang::En)] {
        let res = page(&app, "/recycle", cookie.as_deref()).await;
        assert_eq!(res.status, StatusCode::OK);
        let screen = prerendered(&res.text).expect("pre-rendered");
        assert!(screen.contains("data-path=\"/recycle\""), "{screen}");
        let list = between(screen, "<ul class=\"point-list\" aria-label=\"", "</ul>");
        let rows = &list[list.find("\">").unwrap() + 2..];
        assert_eq!(rows, point_rows_html(&points, lang), "{lang:?}");
        assert!(rows.find("田林 &lt;回收&gt; 站").unwrap() < rows.find("Far depot").unwrap(), "nearest first: {rows}");
        assert!(screen.contains(&format!("<option value=\"{}\" selected>", first.id)), "the first community is chosen");
        assert!(!screen.contains("id=\"lookup-q\""), "no id the app's own page uses: {screen}");
    }
    let title = |html: &str| between(html, "<h1>", "</h1>").to_owned();
    assert_eq!(title(&page(&app, "/recycle", None).await.text), "回收");
    assert_eq!(title(&page(&app, "/recycle", Some("linli_lang=en")).await.text), "Recycle");

    // Its controls wait for the app's: a tap on the copy could do nothing yet.
    let screen = page(&app, "/recycle", None).await.text;
    let controls = between(&screen, "<div class=\"recycle-controls\">", "</div>");
    let count = |tags: &[&str]| tags.iter().map(|t| controls.matches(t).count()).sum::<usize>();
    assert_eq!(count(&["<button", "<select", "<input"]), 5, "{controls}");
    assert_eq!(count(&[" disabled>"]), 5, "every control of the copy is disabled: {controls}");
    // "Manage points" is the app's alone (a copy of it would open nothing), even for an organiser.
    let own = page(&app, "/recycle", Some(&format!("linli_session={organiser}"))).await.text;
    assert!(!prerendered(&own).unwrap().contains("manage-points"), "{own}");
}

#[tokio::test]
async fn sell_shows_the_sign_in_prompt_to_a_visitor_who_certainly_has_no_session() {
    let app = app_with_index().await;
    let (_, session) = app.register("Seller", "s@example.com").await;
    let sell = |site: &'static str, cookie: Option<String>| {
        let mut req = Request::get("/sell").header("sec-fetch-site", site);
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie);
        }
        app.send(req.body(Body::empty()).unwrap())
    };
    for (cookie, lang) in [(None, Lang::Zh), (Some("linli_lang=en".to_string()), Lang::En)] {
        let html = sell("none", cookie).await.text;
        let screen = prerendered(&html).expect("pre-rendered");
        assert!(screen.contains("data-path=\"/sell\""), "{screen}");
        assert!(screen.contains(&sign_in_needed_html("/sell", lang)), "{screen}");
        assert!(html.contains("<meta name=\"linli-signed-out\""), "the app need not ask who is signed in");
    }
    // Signed in, or arriving from another site (which may leave the cookie behind): the form
    // is the app's to show.
    for (site, cookie) in [("same-origin", Some(format!("linli_session={session}"))), ("cross-site", None)] {
        let html = sell(site, cookie).await.text;
        assert!(prerendered(&html).is_none(), "{site}: {html}");
    }
}
