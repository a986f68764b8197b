//! Listings through the router: who may do what, validation, photos, search, pagination.

mod common;

use axum::http::{Method, StatusCode};
use common::{listing_json, sample_jpeg, TestApp};
use linli_server::db::audit;
use serde_json::{json, Value};

fn titles(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_resident_posts_a_listing_and_anyone_can_see_it() {
    let (app, _) = TestApp::with_moderator().await;
    let (seller, token) = app.register("卖家", "seller@example.com").await;
    let key = app.photo(&token).await;
    let body = listing_json("海尔双门冰箱", "<script>alert('x')</script> 制冷正常", 450, std::slice::from_ref(&key));
    let created = app.post("/api/v1/listings", Some(&token), body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_i64().unwrap();

    let public = app.get(&format!("/api/v1/listings/{id}"), None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.body["title"], "海尔双门冰箱");
    assert_eq!(public.body["offer"], json!({"mode": "sell", "price_fen": 45000}));
    assert_eq!(public.body["status"], "active");
    assert_eq!(public.body["seller"]["id"], seller);
    assert_eq!(public.body["community"]["name"]["zh"], "田林");
    assert_eq!(public.body["is_owner"], false);
    // Markup is kept as the text it is; the app renders it as text.
    assert!(public.body["description"].as_str().unwrap().starts_with("<script>"));
    assert!(!public.text.contains("seller@example.com"), "no contact leaks");
    let photo = &public.body["photos"][0];
    assert_eq!(photo["key"], key.as_str());
    let full = app.get(photo["url"].as_str().unwrap(), None).await;
    assert_eq!(full.status, StatusCode::OK);
}

#[tokio::test]
async fn photos_show_in_the_order_the_seller_chose_and_keep_a_new_order() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, token) = app.register("卖家", "seller@example.com").await;
    let mut keys = Vec::new();
    for _ in 0..3 {
        keys.push(app.photo(&token).await);
    }
    let shown = |body: &Value| -> Vec<String> {
        body["photos"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap().to_string()).collect()
    };
    let created = app.post("/api/v1/listings", Some(&token), listing_json("书架", "", 80, &keys)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(shown(&created.body), keys);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(shown(&app.get(&format!("/api/v1/listings/{id}"), None).await.body), keys);

    let reordered = vec![keys[2].clone(), keys[0].clone()];
    let edit = listing_json("书架", "", 80, &reordered);
    let res = app.call(Method::PUT, &format!("/api/v1/listings/{id}"), Some(&token), Some(edit)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(shown(&res.body), reordered);
    let public = app.get(&format!("/api/v1/listings/{id}"), None).await;
    assert_eq!(shown(&public.body), reordered);
    assert_eq!(public.body["photos"][0]["width"].as_u64().map(|w| w > 0), Some(true));
}

#[tokio::test]
async fn posting_and_uploading_need_an_account() {
    let (app, _) = TestApp::with_moderator().await;
    let res = app.post("/api/v1/listings", None, listing_json("Sofa", "", 10, &["x".into()])).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let upload = app.call(Method::POST, "/api/v1/photos", None, None).await;
    assert_eq!(upload.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_listings_are_refused_at_the_field() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, token) = app.register("Careless", "careless@example.com").await;
    let key = app.photo(&token).await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"title": ""}), "title", "required"),
        (json!({"offer": {"mode": "sell", "price_fen": -500}}), "price", "price_not_positive"),
        (json!({"offer": {"mode": "sell", "price_fen": 10_000_001}}), "price", "price_too_high"),
        (json!({"offer": {"mode": "swap", "swap_for": ""}}), "swap_for", "required"),
        (json!({"photos": []}), "photos", "photos_required"),
        (json!({"photos": vec![key.clone(); 10]}), "photos", "too_many_photos"),
        (json!({"photos": ["0123456789abcdef0123456789abcdef"]}), "photos", "photo_unknown"),
        (json!({"community_id": 999}), "community_id", "community_unknown"),
        (json!({"description": "长".repeat(2001)}), "description", "description_too_long"),
    ];
    for (patch, field, code) in cases {
        let mut body = listing_json("Good title", "", 100, std::slice::from_ref(&key));
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = app.post("/api/v1/listings", Some(&token), body).await;
        assert_eq!((res.status, res.field(), res.code()), (StatusCode::UNPROCESSABLE_ENTITY, field, code), "{patch}");
        assert!(!res.body["message"].as_str().unwrap().is_empty());
    }
    let wrong_category = app.post("/api/v1/listings", Some(&token), json!({"title": "x", "category": "weapons"})).await;
    assert_eq!(wrong_category.code(), "bad_request");
    // Nothing was created by any of these.
    assert_eq!(app.get("/api/v1/me/listings", Some(&token)).await.body, json!([]));
}

#[tokio::test]
async fn someone_elses_photo_cannot_be_used() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, alice) = app.register("Alice", "alice@example.com").await;
    let (_, bob) = app.register("Bob", "bob@example.com").await;
    let alices = app.photo(&alice).await;
    let res =
        app.post("/api/v1/listings", Some(&bob), listing_json("Borrowed", "", 5, std::slice::from_ref(&alices))).await;
    assert_eq!((res.field(), res.code()), ("photos", "photo_unknown"));
    assert_eq!(app.get("/api/v1/me/listings", Some(&bob)).await.body, json!([]), "nothing of it was written");

    // An edit refused for a photo changes nothing of the listing, though its text came first.
    let own = app.photo(&bob).await;
    let posted = app
        .post("/api/v1/listings", Some(&bob), listing_json("Bob's lamp", "warm light", 20, std::slice::from_ref(&own)))
        .await;
    let id = posted.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/listings/{id}");
    let edit = listing_json("Bob's lamp, two of them", "", 35, &[own.clone(), alices.clone()]);
    let res = app.call(Method::PUT, &path, Some(&bob), Some(edit)).await;
    assert_eq!((res.field(), res.code()), ("photos", "photo_unknown"));
    let shown = app.get(&path, None).await.body;
    assert_eq!((shown["title"].as_str(), shown["offer"]["price_fen"].as_i64()), (Some("Bob's lamp"), Some(2000)));
    let keys: Vec<&str> = shown["photos"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert_eq!(keys, [own.as_str()]);

    // Alice's photo is still hers to use.
    let hers = app.post("/api/v1/listings", Some(&alice), listing_json("Alice's own", "", 5, &[alices])).await;
    assert_eq!(hers.status, StatusCode::CREATED, "{}", hers.text);
}

#[tokio::test]
async fn uploads_are_checked_by_content_and_stripped_of_metadata() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, token) = app.register("Photographer", "photo@example.com").await;

    let pdf = app.upload(&token, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec()).await;
    assert_eq!(
        (pdf.status, pdf.field(), pdf.code()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "photos", "photo_unsupported")
    );

    let jpeg = sample_jpeg(640, 480);
    let truncated = app.upload(&token, jpeg[..jpeg.len() * 2 / 3].to_vec()).await;
    assert_eq!((truncated.status, truncated.code()), (StatusCode::UNPROCESSABLE_ENTITY, "photo_corrupt"));

    let huge = app.upload(&token, vec![0xFF; 30 * 1024 * 1024]).await;
    assert_eq!((huge.status, huge.field(), huge.code()), (StatusCode::PAYLOAD_TOO_LARGE, "photos", "photo_too_large"));

    let tiny = app.upload(&token, sample_jpeg(80, 60)).await;
    assert_eq!(tiny.code(), "photo_too_small");

    // A photo with a GPS position in its EXIF comes back without any EXIF.
    let mut with_gps = jpeg[..2].to_vec();
    let exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x88\x25\0\x04\0\0\0\x01\0\0\0\x1a\0\0\0\0GPS-N-31.17";
    with_gps.extend([0xFF, 0xE1]);
    with_gps.extend(((exif.len() + 2) as u16).to_be_bytes());
    with_gps.extend(exif);
    with_gps.extend(&jpeg[2..]);
    let ok = app.upload(&token, with_gps).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    let stored =
        std::fs::read(app.media.dir().unwrap().join(format!("{}.jpg", ok.body["key"].as_str().unwrap()))).unwrap();
    assert!(!stored.windows(4).any(|w| w == b"Exif"));
    assert!(!stored.windows(3).any(|w| w == b"GPS"));
    let served = app.get(ok.body["thumb_url"].as_str().unwrap(), None).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.headers["content-type"], "image/jpeg");
}

#[tokio::test]
async fn only_the_owner_edits_and_withdraws() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (_, owner) = app.register("Owner", "owner@example.com").await;
    let (_, other) = app.register("Other", "other@example.com").await;
    let id = app.listing(&owner, "Grey sofa", "comfy", 300).await;
    let key =
        app.get(&format!("/api/v1/listings/{id}"), None).await.body["photos"][0]["key"].as_str().unwrap().to_string();
    let path = format!("/api/v1/listings/{id}");
    let edited = listing_json("Grey sofa", "comfy", 250, &[key]);

    let anon = app.call(Method::PUT, &path, None, Some(edited.clone())).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
    for session in [&other, &moderator] {
        let res = app.call(Method::PUT, &path, Some(session), Some(edited.clone())).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = app.call(Method::POST, &format!("{path}/withdraw"), Some(session), None).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get(&path, None).await.body["offer"]["price_fen"], 30000, "unchanged");

    let res = app.call(Method::PUT, &path, Some(&owner), Some(edited.clone())).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(app.get(&path, Some(&other)).await.body["offer"]["price_fen"], 25000);

    let missing = app.call(Method::PUT, "/api/v1/listings/9999", Some(&owner), Some(edited)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn withdrawn_listings_leave_search_and_come_back_when_relisted() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, owner) = app.register("Mover", "mover@example.com").await;
    let id = app.listing(&owner, "宜家灰色沙发", "搬家出", 600).await;
    let search = "/api/v1/listings?q=%E6%B2%99%E5%8F%91"; // 沙发
    assert_eq!(titles(&app.get(search, None).await.body), ["宜家灰色沙发"]);

    let res = app.call(Method::POST, &format!("/api/v1/listings/{id}/withdraw"), Some(&owner), None).await;
    assert_eq!(res.body["status"], "withdrawn");
    assert!(titles(&app.get(search, None).await.body).is_empty());
    assert!(titles(&app.get("/api/v1/listings", None).await.body).is_empty());
    let again = app.call(Method::POST, &format!("/api/v1/listings/{id}/withdraw"), Some(&owner), None).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "listing_not_editable"));
    // Still in the owner's list, with its status.
    assert_eq!(app.get("/api/v1/me/listings", Some(&owner)).await.body[0]["status"], "withdrawn");

    app.call(Method::POST, &format!("/api/v1/listings/{id}/relist"), Some(&owner), None).await;
    assert_eq!(titles(&app.get(search, None).await.body), ["宜家灰色沙发"]);
}

#[tokio::test]
async fn chinese_and_english_keywords_match_title_and_description() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, s) = app.register("Seller", "s@example.com").await;
    app.listing(&s, "海尔双门冰箱", "制冷正常", 450).await;
    app.listing(&s, "Grey sofa", "IKEA, two seats", 350).await;
    app.listing(&s, "冰红茶一箱", "过期了", 10).await;
    app.listing(&s, "九成新iPhone13", "电池健康", 2600).await;
    let find = |q: &str| {
        let q = q.to_string();
        let app = &app;
        async move {
            let res = app.call(Method::GET, &format!("/api/v1/listings?q={}", urlencode(&q)), None, None).await;
            assert_eq!(res.status, StatusCode::OK, "{q}: {}", res.text);
            titles(&res.body)
        }
    };
    assert_eq!(find("冰箱").await, ["海尔双门冰箱"]);
    assert_eq!(find("双门冰箱").await, ["海尔双门冰箱"]);
    assert_eq!(find("sofa").await, ["Grey sofa"]);
    assert_eq!(find("SOF").await, ["Grey sofa"]);
    assert_eq!(find("ikea").await, ["Grey sofa"], "description matches too");
    assert_eq!(find("iphone").await, ["九成新iPhone13"]);
    assert_eq!(find("制冷").await, ["海尔双门冰箱"]);
    assert!(find("洗衣机").await.is_empty());
    assert!(find("\"OR\" *").await.is_empty(), "syntax stays literal");
    assert!(find("！！").await.is_empty());
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn best_match_puts_title_matches_first() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, s) = app.register("Seller", "s@example.com").await;
    app.listing(&s, "沙发", "灰色三人", 100).await;
    app.listing(&s, "茶几", "和沙发很配", 50).await; // newer, but only the description matches
    let res = app.get(&format!("/api/v1/listings?q={}", urlencode("沙发")), None).await;
    assert_eq!(titles(&res.body), ["沙发", "茶几"]);
    let newest = app.get(&format!("/api/v1/listings?q={}&sort=newest", urlencode("沙发")), None).await;
    assert_eq!(titles(&newest.body), ["茶几", "沙发"]);
}

#[tokio::test]
async fn filters_and_sorts() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, s) = app.register("Seller", "s@example.com").await;
    app.listing(&s, "Cheap chair", "", 20).await;
    app.listing(&s, "Dear desk", "", 900).await;
    let free = json!({"title": "Free lamp", "offer": {"mode": "give_away"}, "category": "other", "community_id": 2});
    app.listing_with(&s, free).await;
    let swap = json!({"title": "Swap books", "offer": {"mode": "swap", "swap_for": "a bike"}, "category": "books"});
    app.listing_with(&s, swap).await;

    let get = |query: &str| {
        let path = format!("/api/v1/listings?{query}");
        let app = &app;
        async move { titles(&app.get(&path, None).await.body) }
    };
    assert_eq!(get("sort=price_asc").await, ["Free lamp", "Cheap chair", "Dear desk", "Swap books"]);
    assert_eq!(get("sort=price_desc").await, ["Swap books", "Dear desk", "Cheap chair", "Free lamp"]);
    assert_eq!(get("category=books").await, ["Swap books"]);
    assert_eq!(get("mode=give_away").await, ["Free lamp"]);
    assert_eq!(get("min_price_fen=1000&max_price_fen=50000").await, ["Cheap chair"]);
    assert_eq!(get("community_id=2").await, ["Free lamp"]);
    assert_eq!(get("q=bike").await, ["Swap books"], "what a swap wants is searchable");
    // Near Beijing, the Beijing lamp comes first and carries its distance.
    let near = app.get("/api/v1/listings?sort=nearest&lat=39.9&lng=116.4", None).await;
    assert_eq!(titles(&near.body)[0], "Free lamp");
    assert!(near.body["items"][0]["distance_km"].as_f64().unwrap() < 20.0);
    assert!(near.body["items"][1]["distance_km"].as_f64().unwrap() > 1000.0);

    let bad = app.get("/api/v1/listings?min_price_fen=500&max_price_fen=100", None).await;
    assert_eq!((bad.status, bad.code()), (StatusCode::UNPROCESSABLE_ENTITY, "price_range_inverted"));
    let bad = app.get("/api/v1/listings?category=weapons", None).await;
    assert_eq!(bad.code(), "bad_request");
    let bad = app.get("/api/v1/listings?cursor=nonsense", None).await;
    assert_eq!((bad.code(), bad.field()), ("bad_request", "cursor"));
}

/// Walks every page of a search, posting new listings between pages.
async fn walk(app: &TestApp, query: &str, seller: &str, newcomers: &mut i32) -> Vec<String> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/listings?{query}&limit=4&cursor={c}"),
            None => format!("/api/v1/listings?{query}&limit=4"),
        };
        let page = app.get(&path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        seen.extend(titles(&page.body));
        *newcomers += 1;
        app.listing(seller, &format!("新来的桌子 {newcomers}"), "late", 100 + *newcomers as i64).await;
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return seen,
        }
    }
}

#[tokio::test]
async fn pages_neither_repeat_nor_skip_when_listings_arrive_in_between() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, s) = app.register("Seller", "s@example.com").await;
    let mut originals = Vec::new();
    for i in 0..10 {
        let title = format!("旧桌子 {i}");
        app.listing(&s, &title, "desk", 100 + i).await;
        originals.push(title);
    }
    let mut newcomers = 0;
    for query in
        ["sort=newest", "sort=price_asc", "sort=price_desc", "q=%E6%A1%8C%E5%AD%90", "sort=nearest&lat=31.2&lng=121.4"]
    {
        let seen = walk(&app, query, &s, &mut newcomers).await;
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "{query}: repeated {seen:?}");
        for title in &originals {
            assert!(seen.contains(title), "{query}: skipped {title} in {seen:?}");
        }
    }
}

#[tokio::test]
async fn favourites_are_personal_and_idempotent() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, fan) = app.register("Fan", "fan@example.com").await;
    let id = app.listing(&seller, "Lamp", "", 50).await;
    let path = format!("/api/v1/listings/{id}/favourite");
    assert_eq!(app.call(Method::PUT, &path, None, None).await.status, StatusCode::UNAUTHORIZED);
    for _ in 0..2 {
        let res = app.call(Method::PUT, &path, Some(&fan), None).await;
        assert_eq!(res.body, json!({"favourite": true, "count": 1}));
    }
    assert_eq!(app.get(&format!("/api/v1/listings/{id}"), Some(&fan)).await.body["is_favourite"], true);
    assert_eq!(app.get(&format!("/api/v1/listings/{id}"), Some(&seller)).await.body["is_favourite"], false);
    assert_eq!(titles(&json!({"items": app.get("/api/v1/me/favourites", Some(&fan)).await.body})), ["Lamp"]);
    assert_eq!(app.get("/api/v1/me/favourites", Some(&seller)).await.body, json!([]));
    let res = app.call(Method::DELETE, &path, Some(&fan), None).await;
    assert_eq!(res.body, json!({"favourite": false, "count": 0}));
    assert_eq!(app.get("/api/v1/me/favourites", None).await.status, StatusCode::UNAUTHORIZED);
    let missing = app.call(Method::PUT, "/api/v1/listings/4242/favourite", Some(&fan), None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_repeated_report_counts_once_and_owners_cannot_report() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, neighbour) = app.register("Neighbour", "n@example.com").await;
    let id = app.listing(&seller, "Suspicious phone", "", 50).await;
    let path = format!("/api/v1/listings/{id}/reports");
    let body = json!({"reason": "fraud", "note": "asks for payment first"});
    let first = app.post(&path, Some(&neighbour), body.clone()).await;
    assert_eq!((first.status, first.body["already_reported"].as_bool()), (StatusCode::CREATED, Some(false)));
    let second = app.post(&path, Some(&neighbour), body.clone()).await;
    assert_eq!((second.status, second.body["already_reported"].as_bool()), (StatusCode::OK, Some(true)));
    assert_eq!(linli_server::db::listings::report_count(&app.db, id).await.unwrap(), 1);
    let own = app.post(&path, Some(&seller), body.clone()).await;
    assert_eq!((own.status, own.code()), (StatusCode::CONFLICT, "cannot_report_own"));
    assert_eq!(app.post(&path, None, body).await.status, StatusCode::UNAUTHORIZED);
    let bad = app.post(&path, Some(&neighbour), json!({"reason": "boredom"})).await;
    assert_eq!(bad.code(), "bad_request");
}

#[tokio::test]
async fn hidden_listings_vanish_for_others_and_tell_the_owner_why() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, other) = app.register("Other", "o@example.com").await;
    let id = app.listing(&seller, "Counterfeit bag", "", 500).await;
    let hide = format!("/api/v1/admin/listings/{id}/hide");
    let reason = json!({"reason": "疑似假冒商品"});
    assert_eq!(app.post(&hide, Some(&seller), reason.clone()).await.status, StatusCode::FORBIDDEN);
    let res = app.post(&hide, Some(&moderator), reason).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let path = format!("/api/v1/listings/{id}");
    for viewer in [None, Some(other.as_str())] {
        let res = app.get(&path, viewer).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(!res.text.contains("Counterfeit"));
        assert_eq!(
            app.call(Method::PUT, &format!("{path}/favourite"), Some(&other), None).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert!(titles(&app.get("/api/v1/listings", None).await.body).is_empty());
    let own = app.get(&path, Some(&seller)).await;
    assert_eq!(
        (own.body["hidden"].as_bool(), own.body["status"].as_str(), own.body["hidden_reason"].as_str()),
        (Some(true), Some("active"), Some("疑似假冒商品"))
    );
    // Withdrawing and re-listing does not undo a hide: it is an overlay on the sale.
    for step in ["withdraw", "relist"] {
        let res = app.call(Method::POST, &format!("{path}/{step}"), Some(&seller), None).await;
        assert_eq!((res.status, res.body["hidden"].as_bool()), (StatusCode::OK, Some(true)), "{step}");
    }
    assert_eq!(app.get(&path, Some(&other)).await.status, StatusCode::NOT_FOUND);
    let log = audit::latest(&app.db, 1).await.unwrap();
    assert_eq!((log[0].action.as_str(), log[0].target_id), ("hide_listing", Some(id)));
}
