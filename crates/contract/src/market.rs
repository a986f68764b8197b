//! Community swap markets (跳蚤市场 / 二手市集): organisers schedule them, residents book stalls
//! (摊位) on a date or join its waitlist (候补), organisers check residents in.
//!
//! A market's dates come from a recurrence the organiser picks from plain choices
//! ([`Recurrence`]); the server stores it as an RFC 5545 RRULE and expands it in the market's
//! time zone (the time-zone database stays on the server, out of the web app). One date can be
//! cancelled or moved; a booking follows its date.
//!
//! ```text
//!  book ─▶ booked ◀──promote── waitlisted ◀─ book (date full)
//!            │ cancel (resident, before the start) · remove (organiser) ──▶ cancelled · removed
//!            │ check in (organiser, on the day)                            ▶ checked_in
//!  date cancelled by the organiser ─▶ date_cancelled (every open booking of that date)
//! ```
//!
//! The rules are the table [`BookingFacts::RULES`]; see [`crate::lifecycle`].

use crate::error::ErrorCode;
use crate::field::{Field, FieldError, Validate};
use crate::lang::Lang;
use crate::lifecycle::{self, Machine, Rule};
use crate::listing::Category;
use serde::{Deserialize, Serialize};

pub mod limits {
    pub const NAME_MIN: usize = 2;
    pub const NAME_MAX: usize = 60;
    pub const DESCRIPTION_MAX: usize = 2000;
    pub const VENUE_NAME_MAX: usize = 80;
    pub const ADDRESS_MAX: usize = 200;
    pub const RULES_MAX: usize = 2000;
    pub const CONTACT_MAX: usize = 100;
    pub const BRINGS_MAX: usize = 200;
    pub const STALLS_MAX: u32 = 500;
    /// Every n weeks: at most this n.
    pub const INTERVAL_MAX: u8 = 12;
    /// A series spans at most this many days (two years).
    pub const SPAN_DAYS_MAX: i64 = 731;
    /// The default time zone of a market.
    pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";
    /// An organiser may check residents in from this long before the start…
    pub const CHECKIN_EARLY_SECS: i64 = 3 * 3600;
    /// …until this long after the end.
    pub const CHECKIN_LATE_SECS: i64 = 6 * 3600;
    /// A booking links at most this many of the resident's listings.
    pub const BOOKING_LISTINGS_MAX: usize = 10;
}
use limits::*;

/// A day of the week, as RFC 5545 writes it (`MO` … `SU`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

    /// RFC 5545's two letters.
    pub fn ical(self) -> &'static str {
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][self as usize]
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        lang.pick(zh[self as usize], en[self as usize])
    }

    /// The weekday of a date (proleptic Gregorian).
    pub fn of(date: Date) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[((date.days() + 3).rem_euclid(7)) as usize]
    }
}

/// How often a market is held: the plain choices of the form. Stored as an RFC 5545 RRULE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recurrence {
    /// Once, on the first date.
    Once,
    /// Every `every_weeks` weeks (1: every week) on the chosen weekdays.
    Weekly { weekdays: Vec<Weekday>, every_weeks: u8 },
    /// Every month on its `nth` `weekday` (1–4; -1 the last).
    MonthlyNth { nth: i8, weekday: Weekday },
}

impl Recurrence {
    /// The RRULE (without DTSTART and UNTIL) this choice stands for.
    pub fn rrule(&self) -> String {
        match self {
            Recurrence::Once => "FREQ=DAILY;COUNT=1".into(),
            Recurrence::Weekly { weekdays, every_weeks } => {
                let mut days: Vec<Weekday> = weekdays.clone();
                days.sort();
                days.dedup();
                let days: Vec<&str> = days.iter().map(|d| d.ical()).collect();
                format!("FREQ=WEEKLY;INTERVAL={every_weeks};BYDAY={};WKST=MO", days.join(","))
            }
            Recurrence::MonthlyNth { nth, weekday } => format!("FREQ=MONTHLY;BYDAY={nth}{}", weekday.ical()),
        }
    }

    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Recurrence::Once => lang.pick("单次", "Once").into(),
            Recurrence::Weekly { weekdays, every_weeks } => {
                let days: Vec<&str> = weekdays.iter().map(|d| d.label(lang)).collect();
                match (lang, every_weeks) {
                    (Lang::Zh, 1) => format!("每周 {}", days.join("、")),
                    (Lang::Zh, n) => format!("每 {n} 周 {}", days.join("、")),
                    (Lang::En, 1) => format!("Every week on {}", days.join(", ")),
                    (Lang::En, n) => format!("Every {n} weeks on {}", days.join(", ")),
                }
            }
            Recurrence::MonthlyNth { nth, weekday } => match (lang, nth) {
                (Lang::Zh, -1) => format!("每月最后一个{}", weekday.label(lang)),
                (Lang::Zh, n) => format!("每月第 {n} 个{}", weekday.label(lang)),
                (Lang::En, -1) => format!("The last {} of every month", weekday.label(lang)),
                (Lang::En, n) => format!("The {} {} of every month", ordinal(*n), weekday.label(lang)),
            },
        }
    }
}

fn ordinal(n: i8) -> &'static str {
    match n {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        4 => "4th",
        _ => "5th",
    }
}

/// A calendar date, `YYYY-MM-DD` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` (a real date between 2000 and 2199).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: core::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        let date = Date { year, month, day };
        ((2000..2200).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= date.month_len())
            .then_some(date)
    }

    fn month_len(self) -> u32 {
        match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0 => 29,
            _ => 28,
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `YYYYMMDD`, as RFC 5545 writes a date.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl core::fmt::Display for Date {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A time of day, `HH:MM` on the wire; minutes after midnight.
pub fn parse_time(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// When and how often: the part of a market the preview and the series edit need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    pub recurrence: Recurrence,
    /// `YYYY-MM-DD`: the first date (the only one for a one-off market).
    pub first_date: String,
    /// `YYYY-MM-DD`: no date after this one (ignored for a one-off market).
    #[serde(default)]
    pub last_date: String,
    /// `HH:MM`, local time of the market.
    pub start_time: String,
    /// `HH:MM`, after `start_time` on the same day.
    pub end_time: String,
    /// IANA name; `Asia/Shanghai` when empty.
    #[serde(default)]
    pub time_zone: String,
}

impl Schedule {
    pub fn time_zone(&self) -> &str {
        if self.time_zone.trim().is_empty() {
            DEFAULT_TIME_ZONE
        } else {
            self.time_zone.trim()
        }
    }

    /// The last date, or the first for a one-off market.
    pub fn last(&self) -> Option<Date> {
        match self.recurrence {
            Recurrence::Once => Date::parse(&self.first_date),
            _ => Date::parse(&self.last_date),
        }
    }
}

/// `POST /api/v1/markets`, `PUT /api/v1/markets/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub venue_name: String,
    #[serde(default)]
    pub venue_address: String,
    pub lat: f64,
    pub lng: f64,
    pub schedule: Schedule,
    /// Stalls per date.
    pub stalls: u32,
    #[serde(default)]
    pub categories: Vec<Category>,
    #[serde(default)]
    pub rules: String,
    #[serde(default)]
    pub contact: String,
    /// Editing only: the schedule changes from this date (`YYYY-MM-DD`) on; earlier dates keep
    /// the schedule they had. Empty: from the first date.
    #[serde(default)]
    pub from_date: String,
}

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

fn text(field: Field, s: &str, max: usize, kind: crate::text::TextKind) -> Result<(), FieldError> {
    crate::text::check_field(field, s, kind)?;
    if chars(s) > max {
        return Err(FieldError::new(field, ErrorCode::NoteTooLong));
    }
    Ok(())
}

/// The schedule's own rules (the server then checks the time zone and that it yields dates).
impl Validate for Schedule {
    fn errors(&self) -> Vec<FieldError> {
        schedule(self)
    }
}

fn schedule(s: &Schedule) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let first = Date::parse(&s.first_date);
    if first.is_none() {
        errors.push(FieldError::new(Field::FirstDate, ErrorCode::DateInvalid));
    }
    let last = s.last();
    if last.is_none() && first.is_some() {
        errors.push(FieldError::new(Field::LastDate, ErrorCode::DateInvalid));
    }
    if let (Some(first), Some(last)) = (first, last) {
        if last < first {
            errors.push(FieldError::new(Field::LastDate, ErrorCode::LastBeforeFirst));
        } else if last.days() - first.days() > SPAN_DAYS_MAX {
            errors.push(FieldError::new(Field::LastDate, ErrorCode::ScheduleTooLong));
        }
    }
    match (parse_time(&s.start_time), parse_time(&s.end_time)) {
        (None, _) => errors.push(FieldError::new(Field::StartTime, ErrorCode::TimeInvalid)),
        (_, None) => errors.push(FieldError::new(Field::EndTime, ErrorCode::TimeInvalid)),
        (Some(a), Some(b)) if b <= a => errors.push(FieldError::new(Field::EndTime, ErrorCode::EndBeforeStart)),
        _ => {}
    }
    match &s.recurrence {
        Recurrence::Once => {}
        Recurrence::Weekly { weekdays, every_weeks } => {
            if weekdays.is_empty() {
                errors.push(FieldError::new(Field::Weekdays, ErrorCode::Required));
            }
            if !(1..=INTERVAL_MAX).contains(every_weeks) {
                errors.push(FieldError::new(Field::EveryWeeks, ErrorCode::RecurrenceInvalid));
            }
        }
        Recurrence::MonthlyNth { nth, .. } => {
            if !matches!(nth, 1..=5 | -1) {
                errors.push(FieldError::new(Field::Nth, ErrorCode::RecurrenceInvalid));
            }
        }
    }
    if s.time_zone.len() > 64 || !s.time_zone.bytes().all(|c| c.is_ascii_alphanumeric() || b"/_-+".contains(&c)) {
        errors.push(FieldError::new(Field::TimeZone, ErrorCode::TimeZoneUnknown));
    }
    errors
}

/// Every field rule of a market, in form order.
impl Validate for MarketInput {
    fn errors(&self) -> Vec<FieldError> {
        market(self)
    }
}

fn market(m: &MarketInput) -> Vec<FieldError> {
    use crate::text::TextKind::*;
    let mut errors = Vec::new();
    match chars(&m.name) {
        0 => errors.push(FieldError::new(Field::Name, ErrorCode::Required)),
        n if n < NAME_MIN => errors.push(FieldError::new(Field::Name, ErrorCode::TitleTooShort)),
        n if n > NAME_MAX => errors.push(FieldError::new(Field::Name, ErrorCode::TitleTooLong)),
        _ => errors.extend(text(Field::Name, &m.name, NAME_MAX, SingleLine).err()),
    }
    errors.extend(text(Field::Description, &m.description, DESCRIPTION_MAX, MultiLine).err());
    if chars(&m.venue_name) == 0 {
        errors.push(FieldError::new(Field::VenueName, ErrorCode::Required));
    } else {
        errors.extend(text(Field::VenueName, &m.venue_name, VENUE_NAME_MAX, SingleLine).err());
    }
    errors.extend(text(Field::VenueAddress, &m.venue_address, ADDRESS_MAX, SingleLine).err());
    if !position_ok(m.lat, m.lng) {
        errors.push(FieldError::new(Field::Lat, ErrorCode::LocationInvalid));
    }
    errors.extend(schedule(&m.schedule));
    if m.stalls == 0 || m.stalls > STALLS_MAX {
        errors.push(FieldError::new(Field::Stalls, ErrorCode::StallsInvalid));
    }
    errors.extend(text(Field::Rules, &m.rules, RULES_MAX, MultiLine).err());
    errors.extend(text(Field::Contact, &m.contact, CONTACT_MAX, SingleLine).err());
    if !m.from_date.is_empty() && Date::parse(&m.from_date).is_none() {
        errors.push(FieldError::new(Field::FromDate, ErrorCode::DateInvalid));
    }
    errors
}

/// A position on Earth (not NaN, in range, not the "null island" of a missing fix).
pub fn position_ok(lat: f64, lng: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) && !(lat == 0.0 && lng == 0.0)
}

/// A market as everyone sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Market {
    pub id: i64,
    pub organiser_id: i64,
    pub organiser_name: String,
    pub name: String,
    pub description: String,
    pub venue_name: String,
    pub venue_address: String,
    pub lat: f64,
    pub lng: f64,
    /// The schedule in force for the latest dates.
    pub schedule: Schedule,
    /// In the reader's language, e.g. "每 2 周 周六".
    pub recurrence_text: String,
    pub stalls: u32,
    pub categories: Vec<Category>,
    pub rules: String,
    pub contact: String,
    /// Whether the viewer may edit it (its organiser, a moderator).
    pub can_edit: bool,
}

/// Whether a date happens as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceStatus {
    Scheduled,
    Moved,
    Cancelled,
}

impl OccurrenceStatus {
    pub fn key(self) -> &'static str {
        match self {
            OccurrenceStatus::Scheduled => "scheduled",
            OccurrenceStatus::Moved => "moved",
            OccurrenceStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(key: &str) -> Option<OccurrenceStatus> {
        [OccurrenceStatus::Scheduled, OccurrenceStatus::Moved, OccurrenceStatus::Cancelled]
            .into_iter()
            .find(|s| s.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            OccurrenceStatus::Scheduled => lang.pick("照常举办", "Scheduled"),
            OccurrenceStatus::Moved => lang.pick("已改期", "Moved"),
            OccurrenceStatus::Cancelled => lang.pick("已取消", "Cancelled"),
        }
    }
}

/// One date of a market.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occurrence {
    pub market_id: i64,
    pub market_name: String,
    /// The date the recurrence gave it (its identity, kept when it is moved), `YYYY-MM-DD`.
    pub date: String,
    /// The day it takes place (differs from `date` when moved).
    pub day: String,
    pub start_time: String,
    pub end_time: String,
    /// Unix seconds of the start and the end.
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub status: OccurrenceStatus,
    /// Why it was cancelled or moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub stalls: u32,
    pub booked: u32,
    pub waitlisted: u32,
    pub free: u32,
    pub venue_name: String,
    pub lat: f64,
    pub lng: f64,
    /// Metres from the position the list was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<i64>,
}

/// `GET /api/v1/markets`: upcoming dates of one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpcomingDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub occurrences: Vec<Occurrence>,
}

/// `GET /api/v1/markets/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketPage {
    pub market: Market,
    /// Every date from today on (and those of the last week).
    pub occurrences: Vec<Occurrence>,
    /// The viewer's bookings of this market.
    pub my_bookings: Vec<Booking>,
}

/// `POST /api/v1/markets/preview`: the next dates a schedule gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    /// The first dates, `YYYY-MM-DD`, at most 10.
    pub dates: Vec<String>,
    /// How many dates the whole series has.
    pub total: u32,
}

/// `POST /api/v1/markets/{id}/dates/{date}/cancel`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelDate {
    pub reason: String,
}

/// `POST /api/v1/markets/{id}/dates/{date}/move`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveDate {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub start_time: String,
    pub end_time: String,
    pub reason: String,
}

impl Validate for MoveDate {
    fn errors(&self) -> Vec<FieldError> {
        move_date(self)
    }
}

fn move_date(m: &MoveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if Date::parse(&m.day).is_none() {
        errors.push(FieldError::new(Field::Day, ErrorCode::DateInvalid));
    }
    match (parse_time(&m.start_time), parse_time(&m.end_time)) {
        (None, _) => errors.push(FieldError::new(Field::StartTime, ErrorCode::TimeInvalid)),
        (_, None) => errors.push(FieldError::new(Field::EndTime, ErrorCode::TimeInvalid)),
        (Some(a), Some(b)) if b <= a => errors.push(FieldError::new(Field::EndTime, ErrorCode::EndBeforeStart)),
        _ => {}
    }
    errors.extend(crate::trade::reason(&m.reason).err().map(|c| FieldError::new(Field::Reason, c)));
    errors
}

/// `POST /api/v1/markets/{id}/dates/{date}/bookings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingInput {
    /// What the resident will bring.
    pub brings: String,
    /// Some of the resident's own active listings they will bring (at most
    /// [`limits::BOOKING_LISTINGS_MAX`]); the server checks they are the booker's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listing_ids: Vec<i64>,
}

impl Validate for BookingInput {
    fn errors(&self) -> Vec<FieldError> {
        let brings = if chars(&self.brings) == 0 {
            Err(FieldError::new(Field::Brings, ErrorCode::Required))
        } else {
            text(Field::Brings, &self.brings, BRINGS_MAX, crate::text::TextKind::MultiLine)
        };
        let mut errors: Vec<FieldError> = brings.err().into_iter().collect();
        let mut ids = self.listing_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != self.listing_ids.len() || ids.iter().any(|id| *id <= 0) {
            errors.push(FieldError::new(Field::ListingIds, ErrorCode::BookingListingInvalid));
        } else if ids.len() > BOOKING_LISTINGS_MAX {
            errors.push(FieldError::new(Field::ListingIds, ErrorCode::TooManyBookingListings));
        }
        errors
    }
}

/// A listing a resident linked to their stall booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingListing {
    pub id: i64,
    pub title: String,
}

/// `POST /api/v1/bookings/{id}/remove`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemoveBooking {
    pub reason: String,
}

/// `POST /api/v1/markets/{id}/dates/{date}/checkins`: the organiser taps a booking, or types
/// the code the resident shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    Booked,
    Waitlisted,
    /// Booked by promotion from the waitlist.
    Promoted,
    /// Cancelled by the resident.
    Cancelled,
    /// Removed by the organiser.
    Removed,
    /// The date was cancelled by the organiser.
    DateCancelled,
    CheckedIn,
}

impl BookingState {
    pub const ALL: [BookingState; 7] = [
        BookingState::Booked,
        BookingState::Waitlisted,
        BookingState::Promoted,
        BookingState::Cancelled,
        BookingState::Removed,
        BookingState::DateCancelled,
        BookingState::CheckedIn,
    ];
    /// The states that hold a stall.
    pub const HOLDING: [BookingState; 3] = [BookingState::Booked, BookingState::Promoted, BookingState::CheckedIn];
    /// The states of a live booking (one per resident and date).
    pub const OPEN: [BookingState; 4] =
        [BookingState::Booked, BookingState::Promoted, BookingState::CheckedIn, BookingState::Waitlisted];

    pub fn key(self) -> &'static str {
        match self {
            BookingState::Booked => "booked",
            BookingState::Waitlisted => "waitlisted",
            BookingState::Promoted => "promoted",
            BookingState::Cancelled => "cancelled",
            BookingState::Removed => "removed",
            BookingState::DateCancelled => "date_cancelled",
            BookingState::CheckedIn => "checked_in",
        }
    }

    pub fn parse(key: &str) -> Option<BookingState> {
        BookingState::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            BookingState::Booked => lang.pick("已订摊位", "Stall booked"),
            BookingState::Waitlisted => lang.pick("候补中", "On the waitlist"),
            BookingState::Promoted => lang.pick("候补成功，已订摊位", "Promoted from the waitlist"),
            BookingState::Cancelled => lang.pick("已取消", "Cancelled"),
            BookingState::Removed => lang.pick("被组织者取消", "Cancelled by the organiser"),
            BookingState::DateCancelled => lang.pick("本场市集已取消", "This date was cancelled"),
            BookingState::CheckedIn => lang.pick("已签到", "Checked in"),
        }
    }
}

/// What can be done to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingAction {
    /// The resident withdraws (up to the start).
    Cancel,
    /// The organiser removes it, with a reason.
    Remove,
    /// The organiser checks the resident in.
    CheckIn,
    /// A stall freed: the first on the waitlist gets it (done by the server).
    Promote,
    /// The organiser cancelled the date (done by the server for every open booking).
    CancelDate,
}

/// Someone's role in one booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingRole {
    /// The resident who booked.
    Resident,
    /// The market's organiser, or a moderator.
    Organiser,
    /// The server itself (promotion, a cancelled date).
    System,
}

/// The facts of a booking its rules depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingFacts {
    pub stored: BookingState,
    /// Unix seconds of its date's start and end (as moved).
    pub starts_at: i64,
    pub ends_at: i64,
    pub date_cancelled: bool,
}

impl BookingFacts {
    pub fn actions(&self, roles: &[BookingRole], now: i64) -> Vec<BookingAction> {
        lifecycle::allowed(self, roles, now)
    }
}

fn before_start(b: &BookingFacts, _: BookingRole, now: i64) -> Result<(), ErrorCode> {
    if now < b.starts_at {
        Ok(())
    } else {
        Err(ErrorCode::MarketStarted)
    }
}

fn on_the_day(b: &BookingFacts, _: BookingRole, now: i64) -> Result<(), ErrorCode> {
    if b.date_cancelled {
        Err(ErrorCode::DateNotBookable)
    } else if now < b.starts_at - CHECKIN_EARLY_SECS || now > b.ends_at + CHECKIN_LATE_SECS {
        Err(ErrorCode::CheckInNotNow)
    } else {
        Ok(())
    }
}

const HOLDS: &[BookingState] = &[BookingState::Booked, BookingState::Promoted];

impl Machine for BookingFacts {
    type State = BookingState;
    type Action = BookingAction;
    type Role = BookingRole;

    const RULES: &'static [Rule<Self>] = {
        use BookingAction::*;
        use BookingRole::*;
        use BookingState::*;
        &[
            Rule {
                from: &[Booked, Promoted, Waitlisted],
                action: Cancel,
                by: &[Resident],
                to: Some(Cancelled),
                guard: before_start,
            },
            Rule {
                from: &[Booked, Promoted, Waitlisted],
                action: Remove,
                by: &[Organiser],
                to: Some(Removed),
                guard: lifecycle::ok,
            },
            Rule { from: HOLDS, action: CheckIn, by: &[Organiser], to: Some(CheckedIn), guard: on_the_day },
            Rule { from: &[Waitlisted], action: Promote, by: &[System], to: Some(Promoted), guard: before_start },
            Rule {
                from: &[Booked, Promoted, Waitlisted],
                action: CancelDate,
                by: &[System],
                to: Some(DateCancelled),
                guard: lifecycle::ok,
            },
        ]
    };

    fn conflict(_: BookingAction) -> ErrorCode {
        ErrorCode::BookingStateInvalid
    }

    fn open_while_suspended(action: BookingAction) -> bool {
        action == BookingAction::Cancel
    }

    fn state(&self, _now: i64) -> BookingState {
        self.stored
    }
}

/// A booking, as its resident or the market's organiser sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub id: i64,
    pub market_id: i64,
    pub market_name: String,
    /// The occurrence's identity, `YYYY-MM-DD`.
    pub date: String,
    /// The day it takes place (moved or not).
    pub day: String,
    pub start_time: String,
    pub end_time: String,
    pub starts_at: i64,
    pub occurrence_status: OccurrenceStatus,
    /// Why the date was cancelled or moved, or the booking removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub state: BookingState,
    /// 1 for the first on the waitlist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<u32>,
    pub brings: String,
    /// The listings the resident linked (those still on offer).
    #[serde(default)]
    pub listings: Vec<BookingListing>,
    pub resident_id: i64,
    pub resident_name: String,
    /// The code the resident shows at the market (only to the resident).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkin_code: Option<String>,
    /// Changed (promoted, moved, cancelled, removed) since the resident last looked.
    pub unseen: bool,
    pub actions: Vec<BookingAction>,
}

/// `GET /api/v1/me/bookings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyBookings {
    pub bookings: Vec<Booking>,
    /// Bookings changed since last seen (the Me tab's badge).
    pub unseen: u32,
}

/// `GET /api/v1/markets/{id}/dates/{date}/stalls`: the organiser's list of one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StallList {
    pub occurrence: Occurrence,
    pub bookings: Vec<Booking>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::{decide, from_states};

    fn schedule_ok() -> Schedule {
        Schedule {
            recurrence: Recurrence::Weekly { weekdays: vec![Weekday::Sat], every_weeks: 2 },
            first_date: "2026-03-07".into(),
            last_date: "2026-12-31".into(),
            start_time: "09:00".into(),
            end_time: "12:00".into(),
            time_zone: String::new(),
        }
    }

    fn market_ok() -> MarketInput {
        MarketInput {
            name: "田林二手市集".into(),
            description: String::new(),
            venue_name: "社区广场".into(),
            venue_address: String::new(),
            lat: 31.17,
            lng: 121.42,
            schedule: schedule_ok(),
            stalls: 20,
            categories: vec![Category::Books],
            rules: String::new(),
            contact: String::new(),
            from_date: String::new(),
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<(&'static str, ErrorCode)> {
        errors.into_iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn a_good_market_passes() {
        assert_eq!(fields(market(&market_ok())), vec![]);
    }

    #[test]
    fn bad_input_is_refused_at_its_field() {
        let mut m = market_ok();
        m.schedule.end_time = "08:00".into();
        assert_eq!(fields(market(&m)), vec![("end_time", ErrorCode::EndBeforeStart)]);
        let mut m = market_ok();
        m.stalls = 0;
        assert_eq!(fields(market(&m)), vec![("stalls", ErrorCode::StallsInvalid)]);
        let mut m = market_ok();
        m.schedule.last_date = "2028-12-31".into();
        assert_eq!(fields(market(&m)), vec![("last_date", ErrorCode::ScheduleTooLong)]);
        let mut m = market_ok();
        m.schedule.last_date = "2026-01-01".into();
        assert_eq!(fields(market(&m)), vec![("last_date", ErrorCode::LastBeforeFirst)]);
        for (lat, lng) in [(91.0, 0.5), (10.0, 181.0), (f64::NAN, 1.0), (0.0, 0.0)] {
            let mut m = market_ok();
            (m.lat, m.lng) = (lat, lng);
            assert_eq!(fields(market(&m)), vec![("lat", ErrorCode::LocationInvalid)], "{lat} {lng}");
        }
        let mut m = market_ok();
        m.schedule.first_date = "2026-02-30".into();
        assert_eq!(fields(market(&m)), vec![("first_date", ErrorCode::DateInvalid)]);
        let mut m = market_ok();
        m.schedule.recurrence = Recurrence::Weekly { weekdays: vec![], every_weeks: 0 };
        assert_eq!(
            fields(market(&m)),
            vec![("weekdays", ErrorCode::Required), ("every_weeks", ErrorCode::RecurrenceInvalid)]
        );
        let mut m = market_ok();
        m.schedule.recurrence = Recurrence::MonthlyNth { nth: 0, weekday: Weekday::Sun };
        assert_eq!(fields(market(&m)), vec![("nth", ErrorCode::RecurrenceInvalid)]);
        let mut m = market_ok();
        m.name = " ".into();
        assert_eq!(fields(market(&m)), vec![("name", ErrorCode::Required)]);
    }

    #[test]
    fn a_one_off_market_needs_no_last_date() {
        let mut m = market_ok();
        m.schedule.recurrence = Recurrence::Once;
        m.schedule.last_date = String::new();
        assert_eq!(fields(market(&m)), vec![]);
    }

    #[test]
    fn a_booking_links_a_few_distinct_listings() {
        let ok = BookingInput { brings: "旧书".into(), listing_ids: vec![3, 1] };
        assert_eq!(fields(ok.errors()), vec![]);
        let twice = BookingInput { brings: "旧书".into(), listing_ids: vec![3, 3] };
        assert_eq!(fields(twice.errors()), vec![("listing_ids", ErrorCode::BookingListingInvalid)]);
        let many = BookingInput { brings: "旧书".into(), listing_ids: (1..=11).collect() };
        assert_eq!(fields(many.errors()), vec![("listing_ids", ErrorCode::TooManyBookingListings)]);
    }

    #[test]
    fn recurrence_choices_become_rrules() {
        assert_eq!(
            Recurrence::Weekly { weekdays: vec![Weekday::Sun, Weekday::Sat, Weekday::Sat], every_weeks: 2 }.rrule(),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;WKST=MO"
        );
        assert_eq!(Recurrence::MonthlyNth { nth: -1, weekday: Weekday::Sun }.rrule(), "FREQ=MONTHLY;BYDAY=-1SU");
        assert_eq!(Recurrence::MonthlyNth { nth: 2, weekday: Weekday::Sat }.rrule(), "FREQ=MONTHLY;BYDAY=2SA");
        let json = serde_json::to_value(Recurrence::MonthlyNth { nth: 2, weekday: Weekday::Sat }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "monthly_nth", "nth": 2, "weekday": "sat"}));
    }

    #[test]
    fn dates_parse_and_count_days() {
        assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()), Some("2024-02-29".into()));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-2-9"), None);
        assert_eq!(Date::parse("+024-02-09"), None);
        assert_eq!(Date::parse("1970-01-01").map(|d| d.days()), None, "before 2000 is refused");
        assert_eq!(Date::parse("2000-03-01").unwrap().days() - Date::parse("2000-02-28").unwrap().days(), 2);
        assert_eq!(Weekday::of(Date::parse("2026-11-28").unwrap()), Weekday::Sat);
        assert_eq!(parse_time("09:30"), Some(570));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("9:30"), None);
    }

    fn facts(stored: BookingState) -> BookingFacts {
        BookingFacts { stored, starts_at: 10_000, ends_at: 20_000, date_cancelled: false }
    }

    #[test]
    fn the_booking_table() {
        use BookingAction::*;
        use BookingRole::*;
        use BookingState::*;
        let early = 0;
        // The resident cancels up to the start, not after.
        assert_eq!(decide(&facts(Booked), &[Resident], Cancel, early).map(|m| m.to), Ok(Cancelled));
        assert_eq!(decide(&facts(Waitlisted), &[Resident], Cancel, early).map(|m| m.to), Ok(Cancelled));
        assert_eq!(decide(&facts(Booked), &[Resident], Cancel, 10_000), Err(ErrorCode::MarketStarted));
        // Only the organiser removes and checks in.
        assert_eq!(decide(&facts(Booked), &[Resident], Remove, early), Err(ErrorCode::Forbidden));
        assert_eq!(decide(&facts(Promoted), &[Organiser], Remove, early).map(|m| m.to), Ok(Removed));
        assert_eq!(decide(&facts(Booked), &[Resident], CheckIn, 9_000), Err(ErrorCode::Forbidden));
        assert_eq!(decide(&facts(Promoted), &[Organiser], CheckIn, 9_000).map(|m| m.to), Ok(CheckedIn));
        // A waitlisted resident has no stall to check in at; not days before either.
        assert_eq!(decide(&facts(Waitlisted), &[Organiser], CheckIn, 9_000), Err(ErrorCode::BookingStateInvalid));
        assert_eq!(decide(&facts(Booked), &[Organiser], CheckIn, -100_000), Err(ErrorCode::CheckInNotNow));
        let mut cancelled = facts(Booked);
        cancelled.date_cancelled = true;
        assert_eq!(decide(&cancelled, &[Organiser], CheckIn, 9_000), Err(ErrorCode::DateNotBookable));
        // Promotion and a cancelled date are the server's moves.
        assert_eq!(decide(&facts(Waitlisted), &[System], Promote, early).map(|m| m.to), Ok(Promoted));
        assert_eq!(decide(&facts(Booked), &[System], Promote, early), Err(ErrorCode::BookingStateInvalid));
        assert_eq!(decide(&facts(Waitlisted), &[System], CancelDate, early).map(|m| m.to), Ok(DateCancelled));
        assert_eq!(decide(&facts(CheckedIn), &[System], CancelDate, early), Err(ErrorCode::BookingStateInvalid));
        // Finished bookings stay finished.
        for s in [Cancelled, Removed, DateCancelled, CheckedIn] {
            assert!(facts(s).actions(&[Resident, Organiser], early).is_empty(), "{s:?}");
        }
        assert_eq!(facts(Booked).actions(&[Resident], early), vec![Cancel]);
        assert_eq!(from_states::<BookingFacts>(CheckIn), vec![Booked, Promoted]);
        for s in BookingState::ALL {
            assert_eq!(BookingState::parse(s.key()), Some(s));
        }
    }
}
