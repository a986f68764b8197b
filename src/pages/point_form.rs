//! The form organisers and moderators use to create and edit a recycling point: name, kind,
//! materials (checkboxes with their zh/en names), opening hours in a simple per-weekday editor
//! that writes OSM `opening_hours` (and reads simple hours back into it), address, position
//! (typed, or the browser's "use my location"), contact, and which materials it collects from
//! home. The contract checks every field first (the same checks the server runs) and the error
//! shows at its field; nothing typed is lost on an error, a reload or a lost connection (a
//! draft on the device, per point, cleared once saved and at log-out).

use crate::api;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::draft;
use crate::i18n::use_i18n;
use crate::pages::recycling_text::{rt, R};
use crate::remote::{boxed, send, Pending};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::auth::Role;
use linli_contract::recycling::{
    self as contract, timezone_label, weekday_label, DayHours, Material, Point, PointInput, PointKind, WeekHours,
    DEFAULT_TIMEZONE,
};
use linli_contract::{ApiError, ErrorCode, Field, FieldError};

/// `/recycle/new`: a new point, operated by whoever creates it.
#[component]
pub fn NewPointPage() -> impl IntoView {
    let session = use_session();
    let label = rt(R::NewPoint);
    let title = Signal::derive(move || label().to_string());
    let may = move || session.has_role(Role::Organiser) || session.has_role(Role::Moderator);
    let created: RwSignal<Option<i64>> = RwSignal::new(None);
    view! {
        <PageHeader title_text=title back="/recycle"/>
        <section class="page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/recycle/new"/> }>
                <Show when=may fallback=move || view! {
                    <p class="field-error" role="alert">{rt(R::OnlyOrganisers)}</p>
                }>
                    <PointForm point=None on_saved=move |p: Point| created.set(Some(p.id))/>
                    {move || created.get().map(|id| view! {
                        <leptos_router::components::Redirect path=format!("/recycle/points/{id}")/>
                    })}
                </Show>
            </Show>
        </section>
    }
}

/// The browser's position as it gives it (the app's `geo::position` rounds to about a
/// kilometre for lists; a point needs its real place). Asked only when the button is tapped.
async fn exact_position() -> Option<(f64, f64)> {
    use wasm_bindgen::JsCast;
    let geo = web_sys::window()?.navigator().geolocation().ok()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let options = web_sys::PositionOptions::new();
        options.set_timeout(10_000);
        options.set_enable_high_accuracy(true);
        let _ = geo.get_current_position_with_error_callback_and_options(&resolve, Some(&reject), &options);
    });
    let pos: web_sys::Position = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.unchecked_into();
    let c = pos.coords();
    Some((c.latitude(), c.longitude()))
}

/// Six decimals (about 10 cm) without Rust's float formatting's long tails.
fn coord_text(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0');
    s.trim_end_matches('.').to_string()
}

fn keys(ms: &[Material]) -> Vec<String> {
    ms.iter().map(|m| m.key().to_string()).collect()
}

/// What was typed, kept on the device until the point is saved.
#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Draft {
    name: String,
    kind: String,
    materials: Vec<String>,
    pickup: Vec<String>,
    use_week: bool,
    days: [DayHours; 7],
    raw_hours: String,
    address: String,
    lat: String,
    lng: String,
    contact: String,
}

fn materials_of(keys: &[String]) -> Vec<Material> {
    keys.iter().filter_map(|k| Material::parse(k)).collect()
}

/// The create/edit form. `point` is the point being edited (none: a new one).
#[component]
pub fn PointForm(point: Option<Point>, on_saved: impl Fn(Point) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let editing = point.clone();
    let p = point.clone();
    let name = RwSignal::new(p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(p.as_ref().map(|p| p.kind.key().to_string()).unwrap_or_default());
    let materials: RwSignal<Vec<Material>> = RwSignal::new(p.as_ref().map(|p| p.materials.clone()).unwrap_or_default());
    let pickup: RwSignal<Vec<Material>> =
        RwSignal::new(p.as_ref().map(|p| p.pickup_materials.clone()).unwrap_or_default());
    let hours_text = p.as_ref().map(|p| p.opening_hours.clone()).unwrap_or_default();
    // Hours the weekday editor can show are edited there; richer ones (holidays, several
    // ranges a day) stay as text unless the editor is chosen.
    let parsed = if hours_text.trim().is_empty() {
        Some(WeekHours::every_day("08:00", "18:00"))
    } else {
        WeekHours::from_osm(&hours_text)
    };
    let use_week = RwSignal::new(parsed.is_some());
    let week = parsed.unwrap_or_else(|| WeekHours::every_day("08:00", "18:00"));
    let days: [RwSignal<DayHours>; 7] = std::array::from_fn(|i| RwSignal::new(week.days[i].clone()));
    let raw_hours = RwSignal::new(hours_text);
    let address = RwSignal::new(p.as_ref().map(|p| p.address.clone()).unwrap_or_default());
    let lat = RwSignal::new(p.as_ref().map(|p| coord_text(p.lat)).unwrap_or_default());
    let lng = RwSignal::new(p.as_ref().map(|p| coord_text(p.lng)).unwrap_or_default());
    let contact = RwSignal::new(p.as_ref().map(|p| p.contact.clone()).unwrap_or_default());
    let draft_key = match &p {
        Some(p) => format!("point-{}", p.id),
        None => "point-new".to_string(),
    };
    if let Some(d) = draft::load::<Draft>(&draft_key) {
        name.set(d.name);
        kind.set(d.kind);
        materials.set(materials_of(&d.materials));
        pickup.set(materials_of(&d.pickup));
        use_week.set(d.use_week);
        for (day, hours) in days.iter().zip(d.days) {
            day.set(hours);
        }
        raw_hours.set(d.raw_hours);
        address.set(d.address);
        lat.set(d.lat);
        lng.set(d.lng);
        contact.set(d.contact);
    }
    let current = move || Draft {
        name: name.get(),
        kind: kind.get(),
        materials: keys(&materials.get()),
        pickup: keys(&pickup.get()),
        use_week: use_week.get(),
        days: std::array::from_fn(|i| days[i].get()),
        raw_hours: raw_hours.get(),
        address: address.get(),
        lat: lat.get(),
        lng: lng.get(),
        contact: contact.get(),
    };
    {
        let draft_key = draft_key.clone();
        // The first run only subscribes to the fields; later runs are typing.
        Effect::new(move |prev: Option<()>| {
            let now = current();
            if prev.is_some() {
                draft::save(&draft_key, &now);
            }
        });
    }
    let timezone = p.as_ref().map(|p| p.timezone.clone()).unwrap_or_else(|| DEFAULT_TIMEZONE.to_string());
    let locating = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let pending = Pending::new();

    let use_location = move |_| {
        locating.set(true);
        leptos::task::spawn_local(async move {
            match exact_position().await {
                Some((a, b)) => {
                    lat.set(coord_text(a));
                    lng.set(coord_text(b));
                    error.update(|e| {
                        if e.as_ref().is_some_and(|e| matches!(e.field, Some(Field::Lat | Field::Lng))) {
                            *e = None;
                        }
                    });
                }
                None => error.set(Some(ApiError::for_field(
                    FieldError::new(Field::Lat, ErrorCode::PositionInvalid),
                    i18n.lang(),
                ))),
            }
            locating.set(false);
        });
    };

    let tz = timezone.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let lang = i18n.lang();
        let fail = move |field: Field, code: ErrorCode| {
            error.set(Some(ApiError::for_field(FieldError::new(field, code), lang)));
        };
        let opening_hours = if use_week.get() {
            let w = WeekHours { days: std::array::from_fn(|i| days[i].get()) };
            match w.to_osm() {
                Ok(osm) => osm,
                Err(_) => return fail(Field::OpeningHours, ErrorCode::OpeningHoursInvalid),
            }
        } else {
            raw_hours.get()
        };
        let (Ok(la), Ok(ln)) = (lat.get().trim().parse::<f64>(), lng.get().trim().parse::<f64>()) else {
            let field = if lat.get().trim().parse::<f64>().is_err() { Field::Lat } else { Field::Lng };
            return fail(field, ErrorCode::PositionInvalid);
        };
        let input = PointInput {
            name: name.get(),
            kind: PointKind::parse(&kind.get()),
            materials: keys(&materials.get()),
            // Only materials it takes can be collected from home.
            pickup_materials: keys(
                &pickup.get().into_iter().filter(|m| materials.get().contains(m)).collect::<Vec<_>>(),
            ),
            opening_hours,
            timezone: Some(tz.clone()),
            address: address.get(),
            lat: la,
            lng: ln,
            contact: contact.get(),
        };
        if let Err(fe) = contract::point(&input) {
            error.set(Some(ApiError::for_field(fe, lang)));
            return;
        }
        let id = editing.as_ref().map(|p| p.id);
        let call = boxed(async move {
            match id {
                Some(id) => api::update_recycling_point(id, &input).await,
                None => api::create_recycling_point(&input).await,
            }
        });
        let draft_key = draft_key.clone();
        send(pending, call, move |r| match r {
            Ok(p) => {
                draft::clear(&draft_key);
                error.set(None);
                saved.set(true);
                on_saved(p);
            }
            Err(e) => error.set(Some(e)),
        });
    };

    let field_error = move |fields: &'static [Field]| {
        move || {
            error.get().filter(|e| e.field.is_some_and(|f| fields.contains(&f))).map(|e| {
                view! { <p class="field-error" role="alert">{e.code.message(i18n.lang())}</p> }
            })
        }
    };
    let other_error = move || {
        error
            .get()
            .filter(|e| e.field.is_none())
            .map(|e| view! { <p class="field-error" role="alert">{e.code.message(i18n.lang())}</p> })
    };
    let checkboxes = move |set: RwSignal<Vec<Material>>, only_taken: bool| {
        move || {
            let lang = i18n.lang();
            Material::ALL
                .iter()
                .copied()
                .filter(|m| !only_taken || materials.get().contains(m))
                .map(|m| {
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" value=m.key() prop:checked=move || set.get().contains(&m)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    set.update(|c| { c.retain(|x| *x != m); if on { c.push(m); c.sort(); } });
                                }/>
                            <span>{m.label(lang)}</span>
                        </label>
                    }
                })
                .collect_view()
        }
    };
    let tz_label = timezone.clone();
    let is_new = point.is_none();
    view! {
        <form class="pickup-form point-form" novalidate on:submit=submit>
            <label class="field">
                <span>{rt(R::PointName)}</span>
                <input id="point-name" type="text" maxlength="60" required
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                {field_error(&[Field::Name])}
            </label>
            <label class="field">
                <span>{rt(R::Kind)}</span>
                <select id="point-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="" selected=move || kind.get().is_empty()>{rt(R::Choose)}</option>
                    {move || {
                        let lang = i18n.lang();
                        PointKind::ALL.into_iter().map(|k| view! {
                            <option value=k.key() selected=move || kind.get() == k.key()>{k.label(lang)}</option>
                        }).collect_view()
                    }}
                </select>
                {field_error(&[Field::Kind])}
            </label>
            <fieldset class="field material-choices">
                <legend>{rt(R::MaterialsAccepted)}</legend>
                {checkboxes(materials, false)}
                {field_error(&[Field::Materials])}
            </fieldset>
            <fieldset class="field hours-editor">
                <legend>{rt(R::OpeningHours)}" ("{
                    let tz = tz_label.clone();
                    move || timezone_label(&tz, i18n.lang())
                }")"</legend>
                <Show when=move || use_week.get() fallback=move || view! {
                    <label class="field">
                        <span>{rt(R::HoursAsOsm)}</span>
                        <input id="point-hours-text" type="text" maxlength="255"
                            prop:value=move || raw_hours.get() on:input=move |ev| raw_hours.set(event_target_value(&ev))/>
                    </label>
                    <button type="button" class="button button-secondary" on:click=move |_| use_week.set(true)>
                        {rt(R::UseWeekdayEditor)}
                    </button>
                }>
                    {(0..7).map(|i| {
                        let d = days[i];
                        view! {
                            <fieldset class="day-hours">
                                <legend>{move || weekday_label(i as u8, i18n.lang())}</legend>
                                <label class="checkbox">
                                    <input type="checkbox" prop:checked=move || d.get().open
                                        on:change=move |ev| d.update(|x| {
                                            x.open = event_target_checked(&ev);
                                            if x.open && x.from.is_empty() { x.from = "08:00".into(); x.to = "18:00".into(); }
                                        })/>
                                    <span>{rt(R::Open)}</span>
                                </label>
                                <label class="inline-field"><span>{rt(R::From)}</span>
                                    <input type="time" prop:value=move || d.get().from disabled=move || !d.get().open
                                        on:input=move |ev| d.update(|x| x.from = event_target_value(&ev))/></label>
                                <label class="inline-field"><span>{rt(R::To)}</span>
                                    <input type="time" prop:value=move || d.get().to disabled=move || !d.get().open
                                        on:input=move |ev| d.update(|x| x.to = event_target_value(&ev))/></label>
                            </fieldset>
                        }
                    }).collect_view()}
                    <p class="small muted">{rt(R::PastMidnightHint)}</p>
                </Show>
                {field_error(&[Field::OpeningHours, Field::Timezone])}
            </fieldset>
            <label class="field">
                <span>{rt(R::Address)}</span>
                <input id="point-address" type="text" maxlength="200" autocomplete="street-address"
                    prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
                {field_error(&[Field::Address])}
            </label>
            <fieldset class="field position-fields">
                <legend>{rt(R::Position)}</legend>
                <label class="inline-field"><span>{rt(R::Latitude)}</span>
                    <input id="point-lat" type="text" inputmode="decimal" autocomplete="off"
                        prop:value=move || lat.get() on:input=move |ev| lat.set(event_target_value(&ev))/></label>
                <label class="inline-field"><span>{rt(R::Longitude)}</span>
                    <input id="point-lng" type="text" inputmode="decimal" autocomplete="off"
                        prop:value=move || lng.get() on:input=move |ev| lng.set(event_target_value(&ev))/></label>
                <button type="button" class="button button-secondary" on:click=use_location disabled=move || locating.get()>
                    {move || if locating.get() { rt(R::Locating)() } else { rt(R::UseMyLocation)() }}
                </button>
                {field_error(&[Field::Lat, Field::Lng])}
            </fieldset>
            <label class="field">
                <span>{rt(R::Contact)}</span>
                <input id="point-contact" type="text" maxlength="60" autocomplete="tel"
                    prop:value=move || contact.get() on:input=move |ev| contact.set(event_target_value(&ev))/>
                {field_error(&[Field::Contact])}
            </label>
            <fieldset class="field material-choices">
                <legend>{rt(R::PickupMaterials)}</legend>
                <p class="small muted">{rt(R::PickupMaterialsHint)}</p>
                {checkboxes(pickup, true)}
                {field_error(&[Field::PickupMaterials])}
            </fieldset>
            {other_error}
            <Show when=move || saved.get()><p class="notice" role="status">{rt(R::Saved)}</p></Show>
            <button type="submit" class="button button-block" disabled=move || pending.get()>
                {move || if is_new { rt(R::CreatePoint)() } else { rt(R::SavePoint)() }}
            </button>
        </form>
    }
}
