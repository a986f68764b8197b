//! The request fields an error can point at, and the one validation trait.
//!
//! A field is named by its JSON key on the wire; in code it is a [`Field`], so a form and the
//! server cannot disagree on a spelling. The web app also uses the name as the control's id.

use crate::error::ErrorCode;

snake_case_enum! {
/// A field of some request body or query, by its JSON name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    // accounts and roles
    Login,
    Password,
    DisplayName,
    Contact,
    SetupCode,
    Role,
    // listings and search
    Photos,
    Title,
    Description,
    Category,
    Condition,
    Price,
    SwapFor,
    PickupNote,
    CommunityId,
    Q,
    MinPriceFen,
    MaxPriceFen,
    Lat,
    Lng,
    Limit,
    Cursor,
    RadiusM,
    // trades and ratings
    SwapOffer,
    Message,
    Body,
    Stars,
    Comment,
    // moderation and disputes
    Reason,
    Note,
    Days,
    TargetKind,
    // markets
    Name,
    VenueName,
    VenueAddress,
    Rules,
    FirstDate,
    LastDate,
    FromDate,
    Day,
    StartTime,
    EndTime,
    TimeZone,
    Recurrence,
    EveryWeeks,
    Nth,
    Weekdays,
    Stalls,
    Brings,
    Code,
    // recycling
    Kind,
    Material,
    Materials,
    PickupMaterials,
    OpeningHours,
    Address,
    /// A recycling point's zone (markets spell it `time_zone`).
    Timezone,
    Items,
    WeightKg,
    Window,
    Windows,
    OperatorId,
    // markets, again
    ListingIds,
}
}

impl Field {
    /// The JSON name, also the id of the form control that edits it.
    pub fn as_str(self) -> &'static str {
        use Field::*;
        match self {
            Login => "login",
            Password => "password",
            DisplayName => "display_name",
            Contact => "contact",
            SetupCode => "setup_code",
            Role => "role",
            Photos => "photos",
            Title => "title",
            Description => "description",
            Category => "category",
            Condition => "condition",
            Price => "price",
            SwapFor => "swap_for",
            PickupNote => "pickup_note",
            CommunityId => "community_id",
            Q => "q",
            MinPriceFen => "min_price_fen",
            MaxPriceFen => "max_price_fen",
            Lat => "lat",
            Lng => "lng",
            Limit => "limit",
            Cursor => "cursor",
            RadiusM => "radius_m",
            SwapOffer => "swap_offer",
            Message => "message",
            Body => "body",
            Stars => "stars",
            Comment => "comment",
            Reason => "reason",
            Note => "note",
            Days => "days",
            TargetKind => "target_kind",
            Name => "name",
            VenueName => "venue_name",
            VenueAddress => "venue_address",
            Rules => "rules",
            FirstDate => "first_date",
            LastDate => "last_date",
            FromDate => "from_date",
            Day => "day",
            StartTime => "start_time",
            EndTime => "end_time",
            TimeZone => "time_zone",
            Recurrence => "recurrence",
            EveryWeeks => "every_weeks",
            Nth => "nth",
            Weekdays => "weekdays",
            Stalls => "stalls",
            Brings => "brings",
            Code => "code",
            Kind => "kind",
            Material => "material",
            Materials => "materials",
            PickupMaterials => "pickup_materials",
            OpeningHours => "opening_hours",
            Address => "address",
            Timezone => "timezone",
            Items => "items",
            WeightKg => "weight_kg",
            Window => "window",
            Windows => "windows",
            OperatorId => "operator_id",
            ListingIds => "listing_ids",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A validation failure of one field, before it becomes an [`crate::ApiError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub code: ErrorCode,
}

impl FieldError {
    pub fn new(field: Field, code: ErrorCode) -> Self {
        FieldError { field, code }
    }
}

/// A request's own rules, run alike by its form (instant feedback, every field marked) and by
/// the server (the authority, which answers the first error). Rules that need the database or
/// the clock are the server's, after these.
pub trait Validate {
    /// Every bad field, in the order the form shows them; empty when valid.
    fn errors(&self) -> Vec<FieldError>;

    /// The first bad field: what the server answers.
    fn check(&self) -> Result<(), FieldError> {
        match self.errors().into_iter().next() {
            Some(first) => Err(first),
            None => Ok(()),
        }
    }
}

/// Collects the errors of a form in order: `form.check(Field::Title, title(&input.title))`.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn check(&mut self, field: Field, result: Result<(), ErrorCode>) {
        if let Err(code) = result {
            self.0.push(FieldError::new(field, code));
        }
    }

    /// Keeps the error of a check that names its own field.
    pub fn keep(&mut self, result: Result<(), FieldError>) {
        if let Err(e) = result {
            self.0.push(e);
        }
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_on_the_wire_are_the_serde_names() {
        for f in [Field::DisplayName, Field::TimeZone, Field::Timezone, Field::WeightKg, Field::Q, Field::RadiusM] {
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
        }
    }
}
