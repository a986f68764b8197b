//! The form to post or edit a listing. Checked with the contract's rules as it is sent; the
//! whole draft (uploaded photos included) is kept in local storage until it is saved.

use crate::components::field::{focus, FieldErrors, FormError, SelectField, TextArea, TextField};
use crate::components::photo_picker::{done, uploading, PhotoPicker, Slot};
use crate::i18n::{error_text, tr, use_i18n, Key};
use crate::remote::{boxed, failed, send, Pending, Reloadable};
use crate::{api, draft};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use linli_contract::listing::{Category, Condition, ListingDetail, ListingInput, Offer, OfferMode, Photo};
use linli_contract::{money, ErrorCode, Field, FieldError, Validate};
use serde::{Deserialize, Serialize};

/// The fields in the order they appear, for focusing the first error.
const FIELD_ORDER: [Field; 9] = [
    Field::Photos,
    Field::Title,
    Field::Description,
    Field::Category,
    Field::Condition,
    Field::Price,
    Field::SwapFor,
    Field::CommunityId,
    Field::PickupNote,
];

#[derive(Default, Clone, PartialEq, Serialize, Deserialize)]
struct Draft {
    photos: Vec<Photo>,
    title: String,
    description: String,
    category: String,
    condition: String,
    mode: String,
    price: String,
    swap_for: String,
    community_id: String,
    pickup_note: String,
}

impl Draft {
    /// Nothing of the item typed or picked yet (the community is chosen for the resident).
    fn is_blank(&self) -> bool {
        self.photos.is_empty()
            && [
                &self.title,
                &self.description,
                &self.category,
                &self.condition,
                &self.price,
                &self.swap_for,
                &self.pickup_note,
            ]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    fn from_listing(l: &ListingDetail) -> Draft {
        let (price, swap_for) = match &l.offer {
            Offer::Sell { price_fen } => (money::yuan_input(*price_fen), String::new()),
            Offer::Swap { swap_for } => (String::new(), swap_for.clone()),
            Offer::GiveAway => (String::new(), String::new()),
        };
        Draft {
            photos: l.photos.clone(),
            title: l.title.clone(),
            description: l.description.clone(),
            category: l.category.key().into(),
            condition: l.condition.key().into(),
            mode: l.offer.mode().key().into(),
            price,
            swap_for,
            community_id: l.community.id.to_string(),
            pickup_note: l.pickup_note.clone(),
        }
    }
}

/// The form's state: one signal per field.
#[derive(Clone, Copy)]
struct Fields {
    slots: RwSignal<Vec<Slot>>,
    title: RwSignal<String>,
    description: RwSignal<String>,
    category: RwSignal<String>,
    condition: RwSignal<String>,
    mode: RwSignal<String>,
    price: RwSignal<String>,
    swap_for: RwSignal<String>,
    community_id: RwSignal<String>,
    pickup_note: RwSignal<String>,
}

impl Fields {
    fn new(d: Draft) -> Fields {
        Fields {
            slots: RwSignal::new(d.photos.into_iter().map(Slot::Done).collect()),
            title: RwSignal::new(d.title),
            description: RwSignal::new(d.description),
            category: RwSignal::new(d.category),
            condition: RwSignal::new(d.condition),
            mode: RwSignal::new(if d.mode.is_empty() { OfferMode::Sell.key().into() } else { d.mode }),
            price: RwSignal::new(d.price),
            swap_for: RwSignal::new(d.swap_for),
            community_id: RwSignal::new(d.community_id),
            pickup_note: RwSignal::new(d.pickup_note),
        }
    }

    /// Puts `d` in every field.
    fn set(self, d: Draft) {
        self.slots.set(d.photos.into_iter().map(Slot::Done).collect());
        self.title.set(d.title);
        self.description.set(d.description);
        self.category.set(d.category);
        self.condition.set(d.condition);
        self.mode.set(if d.mode.is_empty() { OfferMode::Sell.key().into() } else { d.mode });
        self.price.set(d.price);
        self.swap_for.set(d.swap_for);
        self.community_id.set(d.community_id);
        self.pickup_note.set(d.pickup_note);
    }

    fn draft(self) -> Draft {
        Draft {
            photos: done(&self.slots.get()),
            title: self.title.get(),
            description: self.description.get(),
            category: self.category.get(),
            condition: self.condition.get(),
            mode: self.mode.get(),
            price: self.price.get(),
            swap_for: self.swap_for.get(),
            community_id: self.community_id.get(),
            pickup_note: self.pickup_note.get(),
        }
    }

    /// The request, or every field error in form order.
    fn input(self) -> Result<ListingInput, Vec<FieldError>> {
        let d = self.draft();
        let mut errors = Vec::new();
        if uploading(&self.slots.get_untracked()) {
            errors.push(FieldError::new(Field::Photos, ErrorCode::PhotosUploading));
        }
        let category = Category::parse(&d.category);
        let condition = Condition::parse(&d.condition);
        let community_id = d.community_id.parse::<i64>().ok();
        if category.is_none() {
            errors.push(FieldError::new(Field::Category, ErrorCode::Required));
        }
        if condition.is_none() {
            errors.push(FieldError::new(Field::Condition, ErrorCode::Required));
        }
        if community_id.is_none() {
            errors.push(FieldError::new(Field::CommunityId, ErrorCode::CommunityUnknown));
        }
        let offer = match OfferMode::parse(&d.mode) {
            Some(OfferMode::GiveAway) => Offer::GiveAway,
            Some(OfferMode::Swap) => Offer::Swap { swap_for: d.swap_for.clone() },
            _ => match money::parse_yuan(&d.price) {
                Ok(price_fen) => Offer::Sell { price_fen },
                Err(code) => {
                    errors.push(FieldError::new(Field::Price, code));
                    Offer::Sell { price_fen: 1 }
                }
            },
        };
        let input = ListingInput {
            title: d.title,
            description: d.description,
            category: category.unwrap_or(Category::Other),
            condition: condition.unwrap_or(Condition::Used),
            offer,
            community_id: community_id.unwrap_or(0),
            pickup_note: d.pickup_note,
            photos: d.photos.into_iter().map(|p| p.key).collect(),
        };
        errors.extend(input.errors());
        if errors.is_empty() {
            return Ok(input);
        }
        errors.sort_by_key(|e| FIELD_ORDER.iter().position(|o| *o == e.field));
        errors.dedup_by_key(|e| e.field);
        Err(errors)
    }
}

#[component]
pub fn ListingForm(
    /// The listing being edited; none for a new one.
    #[prop(optional)]
    editing: Option<ListingDetail>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let draft_key = match &editing {
        Some(l) => format!("listing-{}", l.id),
        None => "listing-new".to_string(),
    };
    let original = editing.as_ref().map(Draft::from_listing).unwrap_or_default();
    let kept = draft::load::<Draft>(&draft_key);
    // What was typed before and not saved comes back, and says so, with a way to drop it.
    let restored =
        RwSignal::new(kept.as_ref().is_some_and(|d| if editing.is_some() { *d != original } else { !d.is_blank() }));
    let fields = Fields::new(kept.unwrap_or_else(|| original.clone()));
    let discard = move |_| {
        let mut fresh = original.clone();
        if fresh.community_id.is_empty() {
            fresh.community_id = fields.community_id.get_untracked();
        }
        fields.set(fresh);
        restored.set(false);
    };
    let errors = FieldErrors::new();
    let form_error = RwSignal::new(None::<ErrorCode>);
    let pending = Pending::new();
    let editing_id = editing.as_ref().map(|l| l.id);

    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| draft::save(&draft_key, &fields.draft()));
    }
    let communities = Reloadable::new(|| boxed(api::communities()));
    // One's own community first… until the profile knows it, the first in the list.
    Effect::new(move |_| {
        if let Some(Ok(list)) = communities.data.get() {
            if fields.community_id.get_untracked().is_empty() {
                if let Some(first) = list.first() {
                    fields.community_id.set(first.id.to_string());
                }
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        match fields.input() {
            Err(errs) => errors.show(errs),
            Ok(input) => {
                errors.set_all(Vec::new());
                let fut = match editing_id {
                    Some(id) => boxed(async move { api::update_listing(id, &input).await }),
                    None => boxed(async move { api::create_listing(&input).await }),
                };
                let (draft_key, navigate) = (draft_key.clone(), navigate.clone());
                send(pending, fut, move |result| match result {
                    Ok(listing) => {
                        draft::clear(&draft_key);
                        crate::pages::browse::forget_kept();
                        navigate(&format!("/listings/{}", listing.id), Default::default());
                    }
                    Err(err) => match err.field.filter(|f| FIELD_ORDER.contains(f)) {
                        Some(field) => {
                            errors.set(field, Some(err.code));
                            focus(field.as_str());
                        }
                        None => form_error.set(Some(err.code)),
                    },
                });
            }
        }
    };

    let category_options = Signal::derive(move || {
        let lang = i18n.lang();
        let mut options = vec![(String::new(), i18n.t(Key::ChooseCategory).to_string())];
        options.extend(Category::ALL.iter().map(|c| (c.key().to_string(), c.label(lang).to_string())));
        options
    });
    let community_options = Signal::derive(move || {
        let lang = i18n.lang();
        match communities.data.get() {
            Some(Ok(list)) => list.iter().map(|c| (c.id.to_string(), c.full_name(lang))).collect(),
            _ => vec![(String::new(), i18n.t(Key::Loading).to_string())],
        }
    });
    let condition_error = errors.of(Field::Condition);
    let mode_radio = move |mode: OfferMode, key: Key| {
        let value = mode.key();
        view! {
            <label class="segment">
                <input type="radio" name="mode" value=value prop:checked=move || fields.mode.get() == value
                    on:change=move |_| fields.mode.set(value.into())/>
                <span>{tr(key)}</span>
            </label>
        }
    };

    view! {
        <form class="form listing-form" on:submit=on_submit novalidate>
            <Show when=move || restored.get()>
                <div class="notice draft-restored" role="status">
                    <p>{tr(Key::DraftRestored)}</p>
                    <button type="button" class="button button-secondary" on:click=discard.clone()>
                        {tr(if editing_id.is_some() { Key::DiscardChanges } else { Key::StartOver })}
                    </button>
                </div>
            </Show>
            <PhotoPicker slots=fields.slots error=errors.of(Field::Photos)
                set_error=Callback::new(move |code| errors.set(Field::Photos, code))/>
            <TextField id="title" label=Key::Title hint=Key::TitleHint value=fields.title error=errors.of(Field::Title)/>
            <TextArea id="description" label=Key::Description hint=Key::DescriptionHint value=fields.description
                error=errors.of(Field::Description) rows=5/>
            <SelectField id="category" label=Key::Category value=fields.category error=errors.of(Field::Category)
                options=category_options/>
            <fieldset class="field" class:field-invalid=move || condition_error.get().is_some()>
                <legend>{tr(Key::Condition)}</legend>
                <div class="choices" id="condition" tabindex="-1">
                    {Condition::ALL.iter().map(|&c| view! {
                        <label class="choice">
                            <input type="radio" name="condition" value=c.key() prop:checked=move || fields.condition.get() == c.key()
                                on:change=move |_| { fields.condition.set(c.key().into()); errors.set(Field::Condition, None); }/>
                            <span class="choice-text">
                                <strong>{move || c.label(i18n.lang())}</strong>
                                <span class="small muted">{move || c.guide(i18n.lang())}</span>
                            </span>
                        </label>
                    }).collect_view()}
                </div>
                <p class="error" id="condition-error" role="alert">{error_text(condition_error)}</p>
            </fieldset>
            <fieldset class="field">
                <legend>{tr(Key::Mode)}</legend>
                <div class="segments">
                    {mode_radio(OfferMode::Sell, Key::ModeSell)}
                    {mode_radio(OfferMode::GiveAway, Key::ModeGiveAway)}
                    {mode_radio(OfferMode::Swap, Key::ModeSwap)}
                </div>
            </fieldset>
            <Show when=move || fields.mode.get() == OfferMode::Sell.key()>
                <TextField id="price" label=Key::PriceYuan hint=Key::PriceHint value=fields.price error=errors.of(Field::Price)
                    inputmode="decimal"/>
            </Show>
            <Show when=move || fields.mode.get() == OfferMode::Swap.key()>
                <TextField id="swap_for" label=Key::SwapFor hint=Key::SwapForHint value=fields.swap_for
                    error=errors.of(Field::SwapFor)/>
            </Show>
            <SelectField id="community_id" label=Key::Community value=fields.community_id
                error=errors.of(Field::CommunityId) options=community_options/>
            {failed(communities)}
            <TextField id="pickup_note" label=Key::PickupNote hint=Key::PickupNoteHint value=fields.pickup_note
                error=errors.of(Field::PickupNote)/>
            <FormError error=form_error/>
            <button type="submit" class="button button-block" disabled=move || pending.get()>
                {move || i18n.t(if pending.get() { Key::Submitting } else if editing_id.is_some() { Key::SaveChanges } else { Key::Publish })}
            </button>
        </form>
    }
}
