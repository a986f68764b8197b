//! Recycle: "这个怎么扔" (what goes where) and recycling points nearest first, by material
//! and open now. The position is asked for only when "near me" is tapped; otherwise the
//! chosen community's centre is used. This list is the accessible view of the points (the map
//! shows the same points).
//!
//! The words and the rows of the list come from `linli_markup::recycling`, which the server
//! also uses to send this page already rendered (`crates/server/src/first_screen.rs`); that
//! copy goes once the first community's points are here.

use crate::api;
use crate::components::header::PageHeader;
use crate::geo;
use crate::i18n::{use_i18n, Key};
use crate::pages::recycling_text::{rt, text, R};
use crate::remote::{boxed, load, send, Pending, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::Role;
use linli_contract::recycling::{ItemAnswer, Material, Point};
use linli_contract::ApiError;
use linli_markup::recycling::{materials_text, point_rows_html};

/// Where the list is measured from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    Here(f64, f64),
    Community(i64),
    Nowhere,
}

impl Origin {
    fn query(self) -> String {
        match self {
            Origin::Here(lat, lng) => format!("lat={lat}&lng={lng}"),
            Origin::Community(id) => format!("community_id={id}"),
            Origin::Nowhere => String::new(),
        }
    }
}

#[component]
pub fn Recycle() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // The resident's choice; until then the first community (nowhere when there is none).
    let chosen = RwSignal::new(None::<Origin>);
    let communities = Reloadable::new(|| boxed(api::communities()));
    let origin = Memo::new(move |_| {
        chosen.get().or_else(|| {
            communities.data.with(|c| match c {
                None => None,
                Some(Ok(list)) => Some(list.first().map_or(Origin::Nowhere, |c| Origin::Community(c.id))),
                Some(Err(_)) => Some(Origin::Nowhere),
            })
        })
    });
    let material = RwSignal::new(String::new());
    let open_now = RwSignal::new(false);
    let locating = RwSignal::new(false);
    let located_failed = RwSignal::new(false);
    let map_open = RwSignal::new(false);
    let lookup_query = RwSignal::new(String::new());

    let near_me = move |_| {
        locating.set(true);
        located_failed.set(false);
        leptos::task::spawn_local(async move {
            match geo::position().await {
                Some((lat, lng)) => chosen.set(Some(Origin::Here(lat, lng))),
                None => located_failed.set(true),
            }
            locating.set(false);
        });
    };

    // `None` while there is nothing to measure from yet (the communities are on their way).
    let points = load(move || {
        let Some(origin) = origin.get() else {
            return boxed(async { Ok(None) });
        };
        let mut q = origin.query();
        let m = material.get();
        if !m.is_empty() {
            q.push_str(&format!("&material={m}"));
        }
        if open_now.get() {
            q.push_str("&open_now=true");
        }
        boxed(async move { api::recycling_points(&q).await.map(Some) })
    });
    // The server's pre-render of this page goes once this one shows the points (or cannot) and
    // knows the session (an organiser's "manage points" is then in place); a word typed into
    // it comes along, with the focus.
    crate::first_screen::hand_over_when(
        move || points.with(|p| !matches!(p, None | Some(Ok(None)))) && session.known(),
        move || {
            if let Some((word, focused)) =
                crate::first_screen::typed_into("first-lookup-q").filter(|(word, _)| !word.is_empty())
            {
                lookup_query.set(word);
                if focused {
                    // After this task: the copy (and its field) goes first.
                    leptos::task::spawn_local(async { focus_lookup() });
                }
            }
        },
    );

    let community_select = move || {
        let list = match communities.data.get() {
            Some(Ok(list)) => list,
            _ => Vec::new(),
        };
        let lang = i18n.lang();
        view! {
            <label class="field">
                <span>{rt(R::Community)}</span>
                <select on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse::<i64>() {
                        chosen.set(Some(Origin::Community(id)));
                    }
                }>
                    {list.into_iter().map(|c| {
                        let id = c.id;
                        view! {
                            <option value=id.to_string() selected=move || origin.get() == Some(Origin::Community(id))>
                                {c.name.get(lang).to_string()}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </label>
        }
    };

    view! {
        <PageHeader title=Key::TabRecycle/>
        <section class="page recycle">
            <Lookup query=lookup_query origin=Signal::derive(move || origin.get().unwrap_or(Origin::Nowhere))/>
            <h2 class="section-title">{rt(R::RecyclingPoints)}</h2>
            <ManageLinks/>
            <div class="recycle-controls">
                <button type="button" class="button button-secondary" on:click=near_me disabled=move || locating.get()>
                    {move || if locating.get() { rt(R::Locating)() } else { rt(R::NearMe)() }}
                </button>
                <Show when=move || located_failed.get()>
                    <p class="form-error" role="alert">{rt(R::PositionFailed)}</p>
                </Show>
                {community_select}
                <label class="field">
                    <span>{rt(R::Material)}</span>
                    <select on:change=move |ev| material.set(event_target_value(&ev))>
                        <option value="">{rt(R::All)}</option>
                        {move || {
                            let lang = i18n.lang();
                            Material::ALL.iter().map(|m| view! {
                                <option value=m.key() selected=move || material.get() == m.key()>{m.label(lang)}</option>
                            }).collect_view()
                        }}
                    </select>
                </label>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || open_now.get()
                        on:change=move |ev| open_now.set(event_target_checked(&ev))/>
                    <span>{rt(R::OpenNowOnly)}</span>
                </label>
                <button type="button" class="button button-secondary" aria-pressed=move || map_open.get().to_string()
                    on:click=move |_| map_open.update(|o| *o = !*o)>
                    {move || if map_open.get() { rt(R::List)() } else { rt(R::Map)() }}
                </button>
            </div>
            {move || match points.get() {
                None | Some(Ok(None)) => view! { <p class="muted" role="status">{rt(R::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e.code.message(i18n.lang())}</p> }.into_any(),
                Some(Ok(Some(list))) if list.is_empty() => {
                    view! { <p class="empty-state">{rt(R::NoPointsNearby)}</p> }.into_any()
                }
                Some(Ok(Some(list))) if map_open.get() => points_map(list).into_any(),
                Some(Ok(Some(list))) => view! { <PointList points=list label=R::PointListLabel/> }.into_any(),
            }}
        </section>
    }
}

/// Puts the cursor in "where does it go" (after a word typed into the server's copy of it).
fn focus_lookup() {
    use wasm_bindgen::JsCast;
    if let Some(field) =
        document().get_element_by_id("lookup-q").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = field.focus();
    }
}

/// Organisers and moderators: a new point, and the points the viewer operates.
#[component]
fn ManageLinks() -> impl IntoView {
    let session = use_session();
    let may = move || session.has_role(Role::Organiser) || session.has_role(Role::Moderator);
    move || {
        may().then(|| {
            let mine = load(|| boxed(api::my_recycling_points()));
            view! {
                <details class="manage-points">
                    <summary class="list-link">{rt(R::ManagePoints)}</summary>
                    <a class="button button-secondary" href="/recycle/new">{rt(R::NewPoint)}</a>
                    <h3 class="small">{rt(R::MyPoints)}</h3>
                    {move || match mine.get() {
                        Some(Ok(list)) if !list.is_empty() => view! {
                            <PointList points=list label=R::MyPoints/>
                        }.into_any(),
                        _ => ().into_any(),
                    }}
                </details>
            }
        })
    }
}

/// The same points on the shared map (loaded only when opened); every marker is also a list
/// item under it.
fn points_map(list: Vec<Point>) -> impl IntoView {
    use crate::components::map::{MapView, Marker};
    let i18n = use_i18n();
    let markers: Vec<Marker> = list
        .iter()
        .map(|p| Marker {
            lat: p.lat,
            lng: p.lng,
            label: format!("{} · {}", p.name, p.status.label(i18n.lang())),
            href: format!("/recycle/points/{}", p.id),
        })
        .collect();
    let tiles = load(|| boxed(api::health()));
    let label = text(R::MapOfRecyclingPoints, i18n.lang());
    move || {
        tiles.get().map(|health| {
            let tiles = health.ok().and_then(|h| h.map_tiles);
            view! { <MapView markers=markers.clone() tiles=tiles label=label/> }
        })
    }
}

/// A list of points (name, kind, distance, open status, materials; each a link), written by
/// the renderer the server's pre-render uses.
#[component]
pub fn PointList(points: Vec<Point>, #[prop(optional)] label: Option<R>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="point-list" aria-label=move || label.map(|key| text(key, i18n.lang()))
            inner_html=move || point_rows_html(&points, i18n.lang())></ul>
    }
}

/// "这个怎么扔": type an item, see its materials, how to prepare it, and where it can go.
#[component]
fn Lookup(query: RwSignal<String>, origin: Signal<Origin>) -> impl IntoView {
    let i18n = use_i18n();
    let answers: RwSignal<Option<Result<Vec<ItemAnswer>, ApiError>>> = RwSignal::new(None);
    let pending = Pending::new();
    let search = move || {
        let q = query.get_untracked();
        if q.trim().is_empty() {
            return;
        }
        let mut qs = format!("q={}", js_sys::encode_uri_component(q.trim()));
        let o = origin.get_untracked().query();
        if !o.is_empty() {
            qs.push('&');
            qs.push_str(&o);
        }
        send(pending, boxed(async move { api::recycling_lookup(&qs).await }), move |r| answers.set(Some(r)));
    };
    view! {
        <form class="lookup" role="search" on:submit=move |ev| { ev.prevent_default(); search(); }>
            <label for="lookup-q" class="section-title">{rt(R::WhereDoesItGo)}</label>
            <div class="search-row">
                <input id="lookup-q" type="search" autocomplete="off" maxlength="50"
                    placeholder=rt(R::LookupPlaceholder)
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <button type="submit" class="button" disabled=move || pending.get()>{rt(R::LookUp)}</button>
            </div>
        </form>
        {move || match answers.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="form-error" role="alert">{e.code.message(i18n.lang())}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="muted" role="status">{rt(R::NothingFound)}</p>
            }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="lookup-results" aria-live="polite">
                    {list.into_iter().map(|a| view! { <Answer answer=a/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn Answer(answer: ItemAnswer) -> impl IntoView {
    let i18n = use_i18n();
    let a = answer.clone();
    view! {
        <li class="lookup-answer">
            <h3>{move || a.name.get(i18n.lang()).to_string()}</h3>
            <p>
                <span class=format!("badge badge-{}", answer.class.key())>{move || answer.class.label(i18n.lang())}</span>
                " "
                <span>{
                    let ms = answer.materials.clone();
                    move || materials_text(&ms, i18n.lang())
                }</span>
            </p>
            <p class="small">{
                let tip = answer.tip.clone();
                move || tip.get(i18n.lang()).to_string()
            }</p>
            {answer.reusable.then(|| view! {
                <p class="small">
                    {rt(R::StillUsable)}
                    <a href="/sell">{rt(R::GiveItAway)}</a>
                </p>
            })}
            {(!answer.points.is_empty()).then(|| view! { <PointList points=answer.points.clone()/> })}
        </li>
    }
}
