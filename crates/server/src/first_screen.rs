//! The first screen in the page itself: `GET /` answers with `index.html` carrying the first
//! page of the default feed as cards, written by the renderer the web app uses
//! (`linli-markup`), so the content paints before any WASM has arrived. The same page of data
//! rides along as JSON (`<script type="application/json" id="first-feed">`): the app's Browse
//! page starts from it instead of asking again, renders the same cards, and the pre-rendered
//! copy is removed in the same task (`src/first_screen.rs`), so nothing blinks.
//!
//! A listing's page, the Markets and Recycle tabs and (for a visitor who is certainly signed
//! out) Sell come pre-rendered the same way, each page's markup from the renderer its app page
//! uses.
//!
//! The contract stays the API: a backend that sends the plain `index.html` still gets a
//! working app, which then fetches the feed itself.

use crate::db::listings;
use crate::AppState;
use linli_contract::listing::{ListingCard, Page, SearchQuery};
use linli_contract::Lang;
use linli_markup::markets::{upcoming_html, Words};
use linli_markup::sign_in::sign_in_needed_html;
use linli_markup::words::{BROWSE, POST_LISTING, RECYCLE};
use linli_markup::{cards_html, detail_head_html, escape, gallery_photos_html, status_notice_html, Reading};

/// The cookie the app writes when the reader picks a language (`src/i18n.rs`); Chinese without it.
pub const LANG_COOKIE: &str = "linli_lang";

/// The feed is read in the communities' zone (China, UTC+8, no daylight saving).
pub const UTC_OFFSET_SECS: i64 = 8 * 3600;

/// The reader's language as the app will pick it: the remembered choice, else Chinese.
pub fn lang_of(cookies: &str) -> Lang {
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::from_tag(value))
        .unwrap_or_default()
}

/// JSON that may sit inside a `<script>` element: no `<` can close it or open a comment.
fn script_json(page: &Page<ListingCard>) -> Option<String> {
    Some(serde_json::to_string(page).ok()?.replace('<', "\\u003c"))
}

/// `index` with the first page of the default feed inserted (and its first photo preloaded);
/// `None` when there is nothing to show or the page cannot be made (no `</body>`, a database
/// error): the plain shell works.
pub async fn feed_page(state: &AppState, index: &str, lang: Lang) -> Option<String> {
    let page = listings::search_at(&state.db, &SearchQuery::default(), state.now()).await.ok()?;
    if page.items.is_empty() {
        // Nothing to show: the app's own empty state says so.
        return None;
    }
    let at = Reading { lang, now: state.now(), utc_offset_secs: UTC_OFFSET_SECS };
    let mut screen = String::with_capacity(page.items.len() * 700 + 200);
    // Laid out as Browse is (its header, room for its search controls), so the cards do not
    // move when the app's own page replaces this one.
    screen.push_str(
        "<div id=\"first-screen\" class=\"shell first-screen\" data-path=\"/\"><header class=\"page-header\"><h1>",
    );
    screen.push_str(lang.pick(BROWSE.0, BROWSE.1));
    screen.push_str("</h1></header><div class=\"search-controls first-screen-controls\"></div>");
    screen.push_str("<section class=\"page feed\"><div class=\"card-grid\">");
    screen.push_str(&cards_html(&page.items, at));
    screen.push_str("</div></section></div>");
    screen.push_str("<script type=\"application/json\" id=\"first-feed\">");
    screen.push_str(&script_json(&page)?);
    screen.push_str("</script>");
    let preload = page.items.first().map(|card| {
        format!("<link rel=\"preload\" as=\"image\" href=\"{}\" fetchpriority=\"high\">", escape(&card.thumb_url))
    });
    insert(index, preload.as_deref(), &screen, lang)
}

/// `index` with the top of a listing's page inserted: its header, photos, status, price,
/// title and tags, written by the renderer the app's listing page uses (`linli-markup`), and
/// its first photo preloaded. Only what an anonymous visitor may see, by the rules of
/// `GET /listings/{id}` (a hidden, removed or unknown listing gives `None`: the plain shell).
/// The app keeps this copy until its own listing page has rendered (`src/first_screen.rs`).
pub async fn listing_page(state: &AppState, index: &str, lang: Lang, id: i64) -> Option<String> {
    let listing = crate::routes::listings::public_detail(state, id).await?;
    let mut screen = String::with_capacity(2000);
    screen.push_str(&format!("<div id=\"first-screen\" class=\"shell first-screen\" data-path=\"/listings/{id}\">"));
    screen.push_str("<header class=\"page-header\"><a class=\"icon-button\" href=\"/\" aria-label=\"");
    screen.push_str(lang.pick("返回", "Back"));
    screen.push_str(
        "\"><svg class=\"icon\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" aria-hidden=\"true\" \
         focusable=\"false\"><path d=\"M15 5l-7 7 7 7\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" \
         stroke-linecap=\"round\" stroke-linejoin=\"round\"></path></svg></a><h1>",
    );
    screen.push_str(&escape(&listing.title));
    screen.push_str(
        "</h1></header><section class=\"page listing-page\"><div class=\"gallery\"><div class=\"gallery-strip\">",
    );
    screen.push_str(&gallery_photos_html(&listing.photos, &listing.title));
    screen.push_str("</div></div>");
    if let Some(notice) = status_notice_html(&listing, lang) {
        screen.push_str("<p class=\"notice status-notice\" role=\"status\">");
        screen.push_str(&notice);
        screen.push_str("</p>");
    }
    screen.push_str("<div class=\"detail-head\">");
    screen.push_str(&detail_head_html(&listing, lang));
    screen.push_str("</div></section></div>");
    let preload = listing.photos.first().map(|photo| {
        format!("<link rel=\"preload\" as=\"image\" href=\"{}\" fetchpriority=\"high\">", escape(&photo.url))
    });
    insert(index, preload.as_deref(), &screen, lang)
}

/// `index` with the Markets tab inserted as the app's page renders it (`src/pages/markets.rs`):
/// its buttons (the organiser's too, for an organiser) and the upcoming dates by day, written by
/// the same renderer. `None` on a database error: the plain shell.
pub async fn markets_page(state: &AppState, index: &str, lang: Lang, organiser: bool) -> Option<String> {
    let days = crate::routes::markets::upcoming_days(state, None).await.ok()?;
    // Both are secondary buttons; the map's also says it is not pressed.
    let button = |attributes: &str, word: Words| {
        format!(
            "<button type=\"button\" class=\"button button-secondary\"{attributes} disabled>{}</button>",
            word.text(lang)
        )
    };
    let mut screen = String::with_capacity(days.len() * 600 + 1000);
    screen.push_str("<div id=\"first-screen\" class=\"shell first-screen\" data-path=\"/markets\">");
    screen.push_str("<header class=\"page-header\"><h1>");
    screen.push_str(Words::Title.text(lang));
    screen.push_str("</h1></header><section class=\"page markets\"><div class=\"button-row\">");
    screen.push_str(&button("", Words::NearestFirst));
    if organiser {
        screen.push_str("<a class=\"button\" href=\"/markets/new\">");
        screen.push_str(Words::Organise.text(lang));
        screen.push_str("</a>");
    }
    screen.push_str(&button(" aria-pressed=\"false\"", Words::Map));
    screen.push_str("<a class=\"button button-secondary\" href=\"/me/bookings\">");
    screen.push_str(Words::MyBookings.text(lang));
    screen.push_str("</a></div><div class=\"market-days-host\">");
    screen.push_str(&upcoming_html(&days, lang));
    screen.push_str("</div></section></div>");
    insert(index, None, &screen, lang)
}

/// `index` with the Recycle tab as the app's page first shows it (`src/pages/recycle.rs`): "where
/// does it go", the controls with the first community chosen, and that community's points
/// nearest first, written by the same renderer. An organiser's "manage points" is left to the
/// app: a tap on a copy of it would open nothing. `None` on a database error: the plain shell.
pub async fn recycle_page(state: &AppState, index: &str, lang: Lang) -> Option<String> {
    use linli_contract::recycling::{Material, PointQuery};
    use linli_markup::recycling::{point_rows_html, text, R};
    let communities = crate::db::communities::all(&state.db).await.ok()?;
    let first = communities.first().map(|c| c.id);
    let query = PointQuery { community_id: first, ..PointQuery::default() };
    let points = crate::routes::recycling::points(state, None, &query).await.ok()?;
    let t = |key: R| text(key, lang);
    let mut screen = String::with_capacity(points.len() * 400 + 3000);
    screen.push_str("<div id=\"first-screen\" class=\"shell first-screen\" data-path=\"/recycle\">");
    screen.push_str("<header class=\"page-header\"><h1>");
    screen.push_str(lang.pick(RECYCLE.0, RECYCLE.1));
    // The copy's field has an id of its own (the app's page is in the document behind it); the
    // app carries over anything typed into it (src/pages/recycle.rs). Its other controls are
    // disabled until the app's take over (see `insert`).
    screen.push_str(
        "</h1></header><section class=\"page recycle\"><form class=\"lookup\" role=\"search\">\
         <label for=\"first-lookup-q\" class=\"section-title\">",
    );
    screen.push_str(t(R::WhereDoesItGo));
    screen.push_str(
        "</label><div class=\"search-row\"><input id=\"first-lookup-q\" type=\"search\" autocomplete=\"off\" \
         maxlength=\"50\" placeholder=\"",
    );
    screen.push_str(&escape(t(R::LookupPlaceholder)));
    screen.push_str("\"><button type=\"submit\" class=\"button\" disabled>");
    screen.push_str(t(R::LookUp));
    screen.push_str("</button></div></form><h2 class=\"section-title\">");
    screen.push_str(t(R::RecyclingPoints));
    screen.push_str("</h2>");
    screen.push_str(
        "<div class=\"recycle-controls\"><button type=\"button\" class=\"button button-secondary\" disabled>",
    );
    screen.push_str(t(R::NearMe));
    screen.push_str("</button><label class=\"field\"><span>");
    screen.push_str(t(R::Community));
    screen.push_str("</span><select disabled>");
    for c in &communities {
        let selected = if Some(c.id) == first { " selected" } else { "" };
        screen.push_str(&format!("<option value=\"{}\"{selected}>{}</option>", c.id, escape(c.name.get(lang))));
    }
    screen.push_str("</select></label><label class=\"field\"><span>");
    screen.push_str(t(R::Material));
    screen.push_str("</span><select disabled><option value=\"\">");
    screen.push_str(t(R::All));
    screen.push_str("</option>");
    for m in Material::ALL {
        screen.push_str(&format!("<option value=\"{}\">{}</option>", m.key(), m.label(lang)));
    }
    screen.push_str("</select></label><label class=\"checkbox\"><input type=\"checkbox\" disabled><span>");
    screen.push_str(t(R::OpenNowOnly));
    screen.push_str(
        "</span></label><button type=\"button\" class=\"button button-secondary\" aria-pressed=\"false\" disabled>",
    );
    screen.push_str(t(R::Map));
    screen.push_str("</button></div>");
    if points.is_empty() {
        screen.push_str("<p class=\"empty-state\">");
        screen.push_str(t(R::NoPointsNearby));
        screen.push_str("</p>");
    } else {
        screen.push_str("<ul class=\"point-list\" aria-label=\"");
        screen.push_str(t(R::PointListLabel));
        screen.push_str("\">");
        screen.push_str(&point_rows_html(&points, lang));
        screen.push_str("</ul>");
    }
    screen.push_str("</section></div>");
    insert(index, None, &screen, lang)
}

/// `index` with Sell as a visitor who is certainly signed out sees it (`src/pages/sell.rs`):
/// the prompt to log in or sign up and come back.
pub fn sell_signed_out_page(index: &str, lang: Lang) -> Option<String> {
    let mut screen = String::with_capacity(1000);
    screen.push_str("<div id=\"first-screen\" class=\"shell first-screen\" data-path=\"/sell\">");
    screen.push_str("<header class=\"page-header\"><h1>");
    screen.push_str(lang.pick(POST_LISTING.0, POST_LISTING.1));
    screen.push_str("</h1></header><section class=\"page narrow\"><div class=\"sign-in-needed-host\">");
    screen.push_str(&sign_in_needed_html("/sell", lang));
    screen.push_str("</div></section></div>");
    insert(index, None, &screen, lang)
}

/// `index` without trunk's preloads of the app's code: on a pre-rendered page the code is
/// fetched once the first screen has painted (the loader waits for it, xtask/src/split.rs). The
/// main module (`type="application/wasm"`, ~200 KB) always waits, so a page's photos do not
/// share the line with it; on a page whose first screen is text alone (`modules`), the small
/// JS glue waits too, so the first paint needs nothing but the HTML and the CSS. Other pages
/// keep both preloads.
fn without_code_preloads(index: &str, modules: bool) -> std::borrow::Cow<'_, str> {
    let waits =
        |tag: &str| tag.contains("type=\"application/wasm\"") || (modules && tag.contains("rel=\"modulepreload\""));
    let any = index.contains("type=\"application/wasm\"") || (modules && index.contains("rel=\"modulepreload\""));
    if !any {
        return index.into();
    }
    let mut html = String::with_capacity(index.len());
    let mut rest = index;
    while let Some(start) = rest.find("<link ") {
        let Some(len) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + len + 1];
        html.push_str(&rest[..start]);
        if !waits(tag) {
            html.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    html.push_str(rest);
    html.into()
}

/// Puts `body` (a first screen) at the end of the page's body and `head` (a photo's preload) into
/// its head; without `head` the first screen is text alone (see [`without_code_preloads`]). A first
/// screen's buttons and selects are written `disabled`: before the app runs they could not do
/// anything, and a tap on them would be lost while looking taken; the app's own controls
/// replace them (style/main.css keeps them looking as the app's do).
fn insert(index: &str, head: Option<&str>, body: &str, lang: Lang) -> Option<String> {
    let index = &*without_code_preloads(index, head.is_none());
    let body_end = index.rfind("</body>")?;
    let mut html = String::with_capacity(index.len() + body.len() + 200);
    html.push_str(&index[..body_end]);
    html.push_str(body);
    html.push_str(&index[body_end..]);
    if let (Some(head), Some(head_end)) = (head, html.find("</head>")) {
        html.insert_str(head_end, head);
    }
    if lang != Lang::Zh {
        html = html.replacen("<html lang=\"zh-CN\"", &format!("<html lang=\"{}\"", lang.tag()), 1);
    }
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_cookie_decides() {
        assert_eq!(lang_of(""), Lang::Zh);
        assert_eq!(lang_of("linli_session=abc; linli_lang=en"), Lang::En);
        assert_eq!(lang_of("linli_lang=zh-CN"), Lang::Zh);
        assert_eq!(lang_of("linli_lang=fr"), Lang::Zh);
    }

    #[test]
    fn a_prerendered_page_does_not_preload_the_wasm_nor_on_a_text_page_the_glue() {
        let index = "<html><head><link rel=\"stylesheet\" href=\"/m.css\"><link rel=\"modulepreload\" href=\"/a.js\">\
                     <link rel=\"preload\" href=\"/a_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" \
                     type=\"application/wasm\"></head><body></body></html>";
        let photo = "<link rel=\"preload\" as=\"image\" href=\"/p.jpg\">";
        let with_photo = insert(index, Some(photo), "<div id=\"first-screen\"></div>", Lang::Zh).unwrap();
        assert_eq!(
            with_photo,
            "<html><head><link rel=\"stylesheet\" href=\"/m.css\"><link rel=\"modulepreload\" href=\"/a.js\">\
             <link rel=\"preload\" as=\"image\" href=\"/p.jpg\"></head><body><div id=\"first-screen\"></div></body></html>"
        );
        let text_only = insert(index, None, "<div id=\"first-screen\"></div>", Lang::Zh).unwrap();
        assert_eq!(
            text_only,
            "<html><head><link rel=\"stylesheet\" href=\"/m.css\"></head><body><div id=\"first-screen\"></div>\
             </body></html>"
        );
    }

    #[test]
    fn inserts_before_the_end_of_the_body() {
        let index = "<html lang=\"zh-CN\"><head><title>t</title></head><body><noscript>x</noscript></body></html>";
        let html = insert(index, Some("<link rel=\"preload\">"), "<div id=\"first-screen\"></div>", Lang::En).unwrap();
        assert_eq!(
            html,
            "<html lang=\"en\"><head><title>t</title><link rel=\"preload\"></head><body><noscript>x</noscript>\
             <div id=\"first-screen\"></div></body></html>"
        );
        assert_eq!(insert("<html></html>", None, "x", Lang::Zh), None);
    }
}
