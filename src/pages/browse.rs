//! Browse: the feed of neighbours' idle items, newest first, with keyword search, filters and
//! sorts. The whole query lives in the URL, so a search can be shared and survives a reload.
//! More cards load as the end of the list comes into view; pulling down at the top reloads.

use crate::components::header::PageHeader;
use crate::components::listing_card::CardGrid;
use crate::components::search_box::SearchBox;
use crate::i18n::{tr, use_i18n, Key};
use crate::remote::{boxed, failed, Reloadable, Requests};
use crate::{api, geo};
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use linli_contract::listing::{Category, Condition, ListingCard, OfferMode, SearchQuery, Sort};
use linli_contract::{decimal, money, ErrorCode, Field, Validate};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn query_from(map: &ParamsMap) -> SearchQuery {
    let num = |k: &str| map.get(k).and_then(|v| v.parse::<i64>().ok());
    let real = |k: &str| map.get(k).and_then(|v| decimal::parse_plain(&v));
    SearchQuery {
        q: map.get("q").filter(|q| !q.trim().is_empty()),
        category: map.get("category").and_then(|c| Category::parse(&c)),
        condition: map.get("condition").and_then(|c| Condition::parse(&c)),
        mode: map.get("mode").and_then(|m| OfferMode::parse(&m)),
        min_price_fen: num("min_price_fen"),
        max_price_fen: num("max_price_fen"),
        community_id: num("community_id"),
        sort: map.get("sort").and_then(|s| Sort::parse(&s)),
        lat: real("lat"),
        lng: real("lng"),
        cursor: None,
        limit: None,
    }
}

/// Goes to the Browse page showing `q`.
fn browse_url(q: &SearchQuery) -> String {
    let qs = api::query_string(q);
    if qs.is_empty() {
        "/".into()
    } else {
        format!("/?{qs}")
    }
}

/// Calls `on_visible` whenever the watched element scrolls into view (and 600 px before).
struct Observer {
    observer: web_sys::IntersectionObserver,
    _callback: Closure<dyn Fn(js_sys::Array)>,
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

fn observe(el: &web_sys::Element, on_visible: impl Fn() + 'static) -> Option<Observer> {
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let visible =
            entries.iter().any(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting());
        if visible {
            on_visible();
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("600px 0px");
    let observer = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options).ok()?;
    observer.observe(el);
    Some(Observer { observer, _callback: callback })
}

fn near_viewport(el: &web_sys::Element) -> bool {
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0);
    el.get_bounding_client_rect().top() < height + 600.0
}

/// The feed as it was left: coming back (from a listing, another tab) finds the same cards at
/// the same place, as in every marketplace's feed, for a while.
struct Kept {
    query: SearchQuery,
    items: Vec<ListingCard>,
    next: Option<String>,
    /// Where the page was scrolled at the last tap in the feed (the card opened).
    y: f64,
    at: f64,
}

/// How long a left feed is kept (ms); after that it is fetched afresh.
const KEPT_MS: f64 = 10.0 * 60.0 * 1000.0;

thread_local! {
    static KEPT: std::cell::RefCell<Option<Kept>> = const { std::cell::RefCell::new(None) };
}

/// Scrolls to `y` once the page is tall enough to (the router attaches a page it navigated to
/// after its first frame), trying for at most `frames` frames.
fn scroll_back_to(y: f64, frames: u32) {
    request_animation_frame(move || {
        let w = window();
        let height = document().document_element().map_or(0.0, |e| f64::from(e.scroll_height()));
        let view = w.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        if height >= y + view || frames == 0 {
            w.scroll_to_with_x_and_y(0.0, y);
        } else {
            scroll_back_to(y, frames - 1);
        }
    });
}

/// Drops the kept feed: after the resident changed a listing, Browse fetches afresh.
pub fn forget_kept() {
    KEPT.with(|k| k.borrow_mut().take());
}

/// The kept feed of `query`, if it is recent.
fn take_kept(query: &SearchQuery) -> Option<Kept> {
    KEPT.with(|k| k.borrow_mut().take()).filter(|k| &k.query == query && js_sys::Date::now() - k.at < KEPT_MS)
}

#[component]
pub fn Browse() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_from(&query_map.get()));

    // The feed's first page may have come with the page (`first_screen.rs`): shown at once.
    let first = (query.get_untracked() == SearchQuery::default()).then(crate::first_screen::take_feed).flatten();
    let from_first_screen = first.is_some();
    let kept = if from_first_screen { None } else { take_kept(&query.get_untracked()) };
    let kept_y = kept.as_ref().map(|k| k.y);
    let first = first.or(kept.map(|k| linli_contract::listing::Page { items: k.items, next_cursor: k.next }));
    let had_first = first.is_some();
    let (first_items, first_next) = first.map(|p| (p.items, p.next_cursor)).unwrap_or_default();
    let items = RwSignal::new(first_items);
    let next = RwSignal::new(first_next);
    let loading = RwSignal::new(false);
    let loaded = RwSignal::new(had_first);
    let skip_first_fetch = StoredValue::new(had_first);
    let error = RwSignal::new(None::<ErrorCode>);
    let requests = Requests::new();
    // What the last request was (first page or next), so "retry" repeats exactly that.
    let last_reset = StoredValue::new(true);
    let sentinel = NodeRef::<Div>::new();

    // `reset`: a new query (or a refresh) starts from the first page, abandoning any other.
    let fetch = move |reset: bool| {
        // `try_`: an animation frame may come after the page was left.
        let Some(mut q) = query.try_get_untracked() else { return };
        if reset {
            requests.cancel();
        } else {
            if loading.get_untracked() || error.get_untracked().is_some() {
                return;
            }
            match next.get_untracked() {
                Some(cursor) => q.cursor = Some(cursor),
                None => return,
            }
        }
        last_reset.set_value(reset);
        loading.set(true);
        error.set(None);
        requests.spawn(boxed(async move { api::search(&q).await }), move |result| {
            loading.set(false);
            match result {
                Ok(page) => {
                    if reset {
                        items.set(page.items);
                    } else {
                        items.update(|v| v.extend(page.items));
                    }
                    next.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(e) => error.set(Some(e.code)),
            }
        });
    };
    Effect::new(move |_| {
        query.track();
        if skip_first_fetch.get_value() {
            skip_first_fetch.set_value(false);
            return;
        }
        // Another search starts at the top (the tab bar's link back here does not scroll).
        window().scroll_to_with_x_and_y(0.0, 0.0);
        fetch(true);
    });
    // After each page: if the end is still in view (a tall screen), keep going.
    Effect::new(move |_| {
        items.track();
        if let Some(el) = sentinel.get_untracked() {
            if next.get_untracked().is_some() && near_viewport(&el) {
                request_animation_frame(move || fetch(false));
            }
        }
    });
    // Back where it was left, once the kept cards are on the page; a fresh feed from the top.
    // (The links back here ask the router not to scroll: Browse does. The server's first
    // screen is left as the resident has scrolled it.)
    match kept_y {
        Some(y) => scroll_back_to(y, 60),
        None if !from_first_screen => window().scroll_to_with_x_and_y(0.0, 0.0),
        None => {}
    }
    // Where the page was at the last tap in the feed (a card): read before the next page
    // scrolls (by the time the feed is cleaned up, it has).
    let left_at = StoredValue::new(0.0);
    on_cleanup(move || {
        let (Some(query), Some(items), Some(next)) =
            (query.try_get_untracked(), items.try_get_untracked(), next.try_get_untracked())
        else {
            return;
        };
        let y = left_at.try_get_value().unwrap_or(0.0);
        KEPT.with(|k| *k.borrow_mut() = Some(Kept { query, items, next, y, at: js_sys::Date::now() }));
    });
    let observer = StoredValue::new_local(None::<Observer>);
    Effect::new(move |_| {
        if let Some(el) = sentinel.get() {
            observer.set_value(observe(&el, move || fetch(false)));
        }
    });

    // Pull down at the top of the page to reload.
    let pull_start = StoredValue::new(None::<i32>);
    let pulled = RwSignal::new(false);
    let touch_y = |ev: &web_sys::TouchEvent| ev.touches().get(0).map(|t| t.client_y());
    let on_touchstart = move |ev: web_sys::TouchEvent| {
        let at_top = window().scroll_y().unwrap_or(0.0) <= 0.0;
        pull_start.set_value(if at_top { touch_y(&ev) } else { None });
    };
    let on_touchmove = move |ev: web_sys::TouchEvent| {
        if let (Some(start), Some(y)) = (pull_start.get_value(), touch_y(&ev)) {
            pulled.set(y - start > 80);
        }
    };
    let on_touchend = move |_| {
        if pulled.get_untracked() {
            fetch(true);
        }
        pulled.set(false);
        pull_start.set_value(None);
    };

    view! {
        <PageHeader title=Key::TabBrowse/>
        <SearchControls query=query/>
        <section class="page feed" aria-labelledby="results-heading"
            on:touchstart=on_touchstart on:touchmove=on_touchmove on:touchend=on_touchend
            on:click=move |_| left_at.set_value(window().scroll_y().unwrap_or(0.0))>
            <h2 id="results-heading" class="visually-hidden">{tr(Key::Results)}</h2>
            <p class="pull-hint" class:pull-ready=move || pulled.get() aria-hidden="true">
                {move || if pulled.get() { tr(Key::ReleaseToRefresh)() } else { "" }}
            </p>
            <CardGrid cards=items/>
            <Show when=move || loaded.get() && items.with(Vec::is_empty) && error.get().is_none()>
                <div class="empty-state">
                    <h3>{tr(Key::NoResults)}</h3>
                    <p>{tr(Key::NoResultsHint)}</p>
                    <a class="button button-secondary" href="/">{tr(Key::ClearFilters)}</a>
                </div>
            </Show>
            <div node_ref=sentinel class="feed-end" aria-live="polite">
                {move || {
                    if let Some(code) = error.get() {
                        let lang = use_i18n().lang();
                        view! {
                            <p class="form-error">{code.message(lang)}</p>
                            <button type="button" class="button button-secondary" on:click=move |_| { error.set(None); fetch(last_reset.get_value()) }>
                                {tr(Key::Retry)}
                            </button>
                        }.into_any()
                    } else if loading.get() {
                        view! { <p class="muted" role="status">{tr(Key::Loading)}</p> }.into_any()
                    } else if next.get().is_some() {
                        view! { <button type="button" class="button button-secondary" on:click=move |_| fetch(false)>{tr(Key::LoadMore)}</button> }.into_any()
                    } else if loaded.get() && !items.with(Vec::is_empty) {
                        view! { <p class="muted">{tr(Key::NoMore)}</p> }.into_any()
                    } else {
                        ().into_any()
                    }
                }}
                <button type="button" class="button button-small button-secondary refresh" on:click=move |_| fetch(true)>
                    {tr(Key::Refresh)}
                </button>
            </div>
        </section>
    }
}

/// The search box, the category chips and the filter panel.
#[component]
fn SearchControls(query: Memo<SearchQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let go = move |q: SearchQuery| navigate(&browse_url(&q), Default::default());

    let text = RwSignal::new(query.get_untracked().q.unwrap_or_default());
    Effect::new(move |_| text.set(query.get().q.unwrap_or_default()));
    let on_search = {
        let go = go.clone();
        Callback::new(move |words: String| {
            let mut q = query.get_untracked();
            q.q = Some(words).filter(|t| !t.trim().is_empty());
            go(q);
        })
    };

    let chip = {
        let go = go.clone();
        move |category: Option<Category>| {
            let go = go.clone();
            let pressed = move || query.get().category == category;
            view! {
                <li>
                    <button type="button" class="chip" aria-pressed=move || if pressed() { "true" } else { "false" }
                        on:click=move |_| {
                            let mut q = query.get_untracked();
                            q.category = category;
                            go(q);
                        }>
                        {move || category.map(|c| c.label(i18n.lang())).unwrap_or(i18n.t(Key::AllCategories))}
                    </button>
                </li>
            }
        }
    };

    view! {
        <div class="search-controls">
            <SearchBox text=text on_search=on_search/>
            <ul class="chips" aria-label=tr(Key::Category)>
                {chip(None)}
                {Category::ALL.iter().map(|&c| chip(Some(c))).collect_view()}
            </ul>
            <FilterPanel query=query go=Callback::new(go)/>
        </div>
    }
}

/// The filter panel: its summary (with the number of active filters) is always there; the
/// form itself arrives as its own WASM chunk when the panel is first opened, so the first
/// visit does not download it. Applying closes the panel (the results come back into view);
/// the active filters stay visible as chips, each removing its own filter.
#[component]
fn FilterPanel(query: Memo<SearchQuery>, go: Callback<SearchQuery>) -> impl IntoView {
    let opened = RwSignal::new(false);
    let details = NodeRef::<leptos::html::Details>::new();
    let active = move || active_filters(&query.get()).len();
    let apply = Callback::new(move |q: SearchQuery| {
        if let Some(d) = details.get_untracked() {
            d.set_open(false);
        }
        go.run(q);
    });
    view! {
        <details class="filters" node_ref=details on:toggle=move |_| opened.set(true)>
            <summary>
                {tr(Key::Filters)}
                {move || (active() > 0).then(|| view! { <span class="badge">{active()}</span> })}
            </summary>
            {move || opened.get().then(|| Suspend::new(filter_form(query, apply)))}
        </details>
        <FilterChips query=query go=go/>
    }
}

/// One active filter of the panel's (the category has its own row of chips).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Condition(Condition),
    Mode(OfferMode),
    Price(Option<i64>, Option<i64>),
    Community(i64),
    Sort(Sort),
}

fn active_filters(q: &SearchQuery) -> Vec<Filter> {
    let mut out = Vec::new();
    out.extend(q.condition.map(Filter::Condition));
    out.extend(q.mode.map(Filter::Mode));
    if q.min_price_fen.is_some() || q.max_price_fen.is_some() {
        out.push(Filter::Price(q.min_price_fen, q.max_price_fen));
    }
    out.extend(q.community_id.map(Filter::Community));
    out.extend(q.sort.map(Filter::Sort));
    out
}

impl Filter {
    /// The query without this filter.
    fn remove(self, mut q: SearchQuery) -> SearchQuery {
        match self {
            Filter::Condition(_) => q.condition = None,
            Filter::Mode(_) => q.mode = None,
            Filter::Price(..) => (q.min_price_fen, q.max_price_fen) = (None, None),
            Filter::Community(_) => q.community_id = None,
            Filter::Sort(_) => (q.sort, q.lat, q.lng) = (None, None, None),
        }
        q.cursor = None;
        q
    }

    fn text(self, lang: linli_contract::Lang, community: Option<String>) -> String {
        match self {
            Filter::Condition(c) => c.label(lang).to_string(),
            Filter::Mode(m) => m.label(lang).to_string(),
            Filter::Price(min, max) => match (min, max) {
                (Some(a), Some(b)) => format!("{}–{}", money::format_yuan(a), money::format_yuan(b)),
                (Some(a), None) => format!("≥ {}", money::format_yuan(a)),
                (None, Some(b)) => format!("≤ {}", money::format_yuan(b)),
                (None, None) => String::new(),
            },
            Filter::Community(id) => community.unwrap_or_else(|| format!("#{id}")),
            Filter::Sort(s) => s.label(lang).to_string(),
        }
    }
}

/// The active filters as chips under the panel; tapping one removes that filter.
#[component]
fn FilterChips(query: Memo<SearchQuery>, go: Callback<SearchQuery>) -> impl IntoView {
    let i18n = use_i18n();
    // Community names only when a community filter is on.
    let communities = LocalResource::new(move || {
        let wanted = query.with(|q| q.community_id.is_some());
        async move {
            if wanted {
                api::communities().await.ok()
            } else {
                None
            }
        }
    });
    let chips = move || {
        let lang = i18n.lang();
        let q = query.get();
        active_filters(&q)
            .into_iter()
            .map(|f| {
                let name = match f {
                    Filter::Community(id) => communities
                        .get()
                        .flatten()
                        .and_then(|list| list.iter().find(|c| c.id == id).map(|c| c.name.get(lang).to_string())),
                    _ => None,
                };
                let text = f.text(lang, name);
                let label = format!("{}{}", lang.pick("移除筛选：", "Remove filter: "), text);
                view! {
                    <li>
                        <button type="button" class="chip chip-active" aria-label=label
                            on:click=move |_| go.run(f.remove(query.get_untracked()))>
                            {text}<span class="chip-x" aria-hidden="true">"×"</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || !active_filters(&query.get()).is_empty()>
            <ul class="chips active-filters" aria-label=move || i18n.lang().pick("已选筛选", "Active filters")>
                {chips}
            </ul>
        </Show>
    }
}

/// The filter form's code arrives with the listing page's (`listing` in src/lazy.rs: one
/// split module, so neither brings its own set of shared chunks).
#[cfg(feature = "lazy")]
#[leptos::wasm_split::wasm_split(listing, wasm_split_path = ::leptos::wasm_split)]
fn filter_form(query: Memo<SearchQuery>, go: Callback<SearchQuery>) -> AnyView {
    filter_form_view(query, go)
}

#[cfg(not(feature = "lazy"))]
async fn filter_form(query: Memo<SearchQuery>, go: Callback<SearchQuery>) -> AnyView {
    filter_form_view(query, go)
}

/// Condition, mode, price range, community and order, applied together.
fn filter_form_view(query: Memo<SearchQuery>, go: Callback<SearchQuery>) -> AnyView {
    let i18n = use_i18n();
    let communities = Reloadable::new(|| boxed(api::communities()));
    let condition = RwSignal::new(String::new());
    let mode = RwSignal::new(String::new());
    let min_price = RwSignal::new(String::new());
    let max_price = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    let sort = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Key>);
    let price_error = RwSignal::new(None::<ErrorCode>);
    // The panel shows what the URL says.
    Effect::new(move |_| {
        let q = query.get();
        condition.set(q.condition.map(|c| c.key().to_string()).unwrap_or_default());
        mode.set(q.mode.map(|m| m.key().to_string()).unwrap_or_default());
        min_price.set(q.min_price_fen.map(money::yuan_input).unwrap_or_default());
        max_price.set(q.max_price_fen.map(money::yuan_input).unwrap_or_default());
        community.set(q.community_id.map(|c| c.to_string()).unwrap_or_default());
        sort.set(q.sort.map(|s| s.key().to_string()).unwrap_or_default());
    });

    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let parse = |s: String| if s.trim().is_empty() { Ok(None) } else { money::parse_yuan(&s).map(Some) };
        let (min, max) = match (parse(min_price.get_untracked()), parse(max_price.get_untracked())) {
            (Ok(min), Ok(max)) => (min, max),
            (Err(code), _) | (_, Err(code)) => return price_error.set(Some(code)),
        };
        let mut q = SearchQuery {
            q: query.get_untracked().q,
            category: query.get_untracked().category,
            condition: Condition::parse(&condition.get_untracked()),
            mode: OfferMode::parse(&mode.get_untracked()),
            min_price_fen: min,
            max_price_fen: max,
            community_id: community.get_untracked().parse().ok(),
            sort: Sort::parse(&sort.get_untracked()),
            ..Default::default()
        };
        if let Some(e) = q.errors().into_iter().find(|e| matches!(e.field, Field::MinPriceFen | Field::MaxPriceFen)) {
            return price_error.set(Some(e.code));
        }
        price_error.set(None);
        if q.sort != Some(Sort::Nearest) {
            return go.run(q);
        }
        // Nearest first: from the phone's position, else from the chosen community.
        let chosen = match (communities.data.get_untracked(), q.community_id) {
            (Some(Ok(list)), Some(id)) => list.iter().find(|c| c.id == id).map(|c| (c.lat, c.lng)),
            _ => None,
        };
        leptos::task::spawn_local(async move {
            match geo::position().await.or(chosen) {
                Some((lat, lng)) => {
                    q.lat = Some(lat);
                    q.lng = Some(lng);
                }
                None => {
                    notice.set(Some(Key::LocationRefused));
                    q.sort = None;
                }
            }
            go.run(q);
        });
    };

    let select = move |id: &'static str,
                       label: Key,
                       value: RwSignal<String>,
                       options: Signal<Vec<(String, String)>>| {
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                <select id=id prop:value=move || value.get() on:change:target=move |ev| value.set(ev.target().value())>
                    {move || options.get().into_iter().map(|(v, l)| {
                        let selected = value.get_untracked() == v;
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let any = move || (String::new(), i18n.t(Key::Any).to_string());
    let conditions = Signal::derive(move || {
        let mut o = vec![any()];
        o.extend(Condition::ALL.iter().map(|c| (c.key().to_string(), c.label(i18n.lang()).to_string())));
        o
    });
    let modes = Signal::derive(move || {
        let mut o = vec![any()];
        o.extend(OfferMode::ALL.iter().map(|m| (m.key().to_string(), m.label(i18n.lang()).to_string())));
        o
    });
    let community_list = Signal::derive(move || {
        let mut o = vec![any()];
        if let Some(Ok(list)) = communities.data.get() {
            o.extend(list.iter().map(|c| (c.id.to_string(), c.name.get(i18n.lang()).to_string())));
        }
        o
    });
    let sorts = Signal::derive(move || {
        let mut o = vec![(String::new(), i18n.t(Key::SortDefault).to_string())];
        o.extend(Sort::ALL.iter().map(|s| (s.key().to_string(), s.label(i18n.lang()).to_string())));
        o
    });

    view! {
        <form class="filter-form" on:submit=apply>
            {select("f-condition", Key::Condition, condition, conditions)}
            {select("f-mode", Key::Mode, mode, modes)}
            <fieldset class="field price-range" class:field-invalid=move || price_error.get().is_some()>
                <legend>{tr(Key::PriceRange)}</legend>
                <div class="range">
                    <label class="visually-hidden" for="f-min">{tr(Key::MinPrice)}</label>
                    <input id="f-min" inputmode="decimal" placeholder=tr(Key::MinPrice) aria-describedby="f-price-error"
                        prop:value=move || min_price.get() on:input:target=move |ev| min_price.set(ev.target().value())/>
                    <span aria-hidden="true">"–"</span>
                    <label class="visually-hidden" for="f-max">{tr(Key::MaxPrice)}</label>
                    <input id="f-max" inputmode="decimal" placeholder=tr(Key::MaxPrice) aria-describedby="f-price-error"
                        prop:value=move || max_price.get() on:input:target=move |ev| max_price.set(ev.target().value())/>
                </div>
                <p class="error" id="f-price-error" role="alert">{move || price_error.get().map(|c| c.message(i18n.lang()))}</p>
            </fieldset>
            {select("f-community", Key::Community, community, community_list)}
            {failed(communities)}
            {select("f-sort", Key::SortBy, sort, sorts)}
            <p class="notice" role="status">{move || notice.get().map(|k| i18n.t(k))}</p>
            <div class="button-row">
                <button type="submit" class="button">{tr(Key::ApplyFilters)}</button>
                <a class="button button-secondary" href=move || browse_url(&SearchQuery { q: query.get().q, ..Default::default() })>
                    {tr(Key::ClearFilters)}
                </a>
            </div>
        </form>
    }
    .into_any()
}
