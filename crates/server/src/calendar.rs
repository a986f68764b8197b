//! Market dates and calendars: a schedule becomes an RFC 5545 RRULE, expanded by the `rrule`
//! crate in the market's time zone (`chrono-tz`, server side only); dates become `.ics`
//! calendars written by the `icalendar` crate.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use linli_contract::market::{self, Date, Recurrence, Schedule};
use linli_contract::{ErrorCode, Field, FieldError};

/// Dates a series may have at most (two years of a market held every day of the week).
pub const DATES_MAX: u16 = 800;

/// The IANA time zone, or the field error.
pub fn zone(name: &str) -> Result<Tz, FieldError> {
    name.parse::<Tz>().map_err(|_| FieldError::new(Field::TimeZone, ErrorCode::TimeZoneUnknown))
}

fn naive(date: Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(date.year, date.month, date.day)
}

fn time_of(hhmm: &str) -> NaiveTime {
    let minutes = market::parse_time(hhmm).unwrap_or(0);
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or(NaiveTime::MIN)
}

/// Unix seconds of a local date and time in `tz`. A time that a daylight-saving jump skips is
/// taken an hour later; a repeated one the first time.
pub fn instant(tz: Tz, day: NaiveDate, hhmm: &str) -> i64 {
    let local = day.and_time(time_of(hhmm));
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.timestamp(),
        chrono::LocalResult::None => tz
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&local).timestamp(), |t| t.timestamp()),
    }
}

/// The RFC 5545 text of a schedule: `DTSTART;TZID=…` and the `RRULE` with its `UNTIL` (the end
/// of the last date, in UTC as RFC 5545 requires with a zoned start).
pub fn rrule_text(s: &Schedule) -> Result<String, FieldError> {
    let tz = zone(s.time_zone())?;
    let first =
        Date::parse(&s.first_date).and_then(naive).ok_or(FieldError::new(Field::FirstDate, ErrorCode::DateInvalid))?;
    let last = s.last().and_then(naive).ok_or(FieldError::new(Field::LastDate, ErrorCode::DateInvalid))?;
    let start = first.and_time(time_of(&s.start_time));
    let until = instant(tz, last, "23:59") + 59;
    let until = chrono::DateTime::from_timestamp(until, 0).unwrap_or_default().format("%Y%m%dT%H%M%SZ");
    let rule = match s.recurrence {
        Recurrence::Once => s.recurrence.rrule(),
        _ => format!("{};UNTIL={until}", s.recurrence.rrule()),
    };
    Ok(format!("DTSTART;TZID={}:{}\nRRULE:{rule}", tz.name(), start.format("%Y%m%dT%H%M%S")))
}

/// The local dates an RFC 5545 text gives, in order, at most [`DATES_MAX`].
pub fn expand(text: &str) -> Result<Vec<NaiveDate>, FieldError> {
    let set: rrule::RRuleSet = text.parse().map_err(|e| {
        tracing::debug!(error = %e, "rrule refused");
        FieldError::new(Field::Recurrence, ErrorCode::RecurrenceInvalid)
    })?;
    let result = set.all(DATES_MAX);
    if result.limited {
        return Err(FieldError::new(Field::LastDate, ErrorCode::ScheduleTooLong));
    }
    Ok(result.dates.iter().map(|d| d.naive_local().date()).collect())
}

/// The dates of a schedule, checked: a known time zone, at least one date.
pub fn dates(s: &Schedule) -> Result<Vec<NaiveDate>, FieldError> {
    let dates = expand(&rrule_text(s)?)?;
    if dates.is_empty() {
        return Err(FieldError::new(Field::Recurrence, ErrorCode::RecurrenceNoDates));
    }
    Ok(dates)
}

/// `YYYY-MM-DD`.
pub fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    Date::parse(s).and_then(naive)
}

/// The local date of a Unix time in `tz`.
pub fn local_day(tz: Tz, at: i64) -> NaiveDate {
    tz.from_utc_datetime(&chrono::DateTime::from_timestamp(at, 0).unwrap_or_default().naive_utc()).date_naive()
}

/// One event of a calendar.
pub struct Event<'a> {
    /// Stable across moves: the date the recurrence gave.
    pub uid: String,
    pub summary: &'a str,
    pub description: String,
    pub location: String,
    pub tz: Tz,
    pub day: NaiveDate,
    pub start_time: &'a str,
    pub end_time: &'a str,
    pub cancelled: bool,
    /// Bumped on every change, so calendars take the update.
    pub sequence: u32,
    pub stamp: i64,
    pub lat: f64,
    pub lng: f64,
}

/// `+0800`, `-0330`, `+053328` (seconds only when there are some).
fn utc_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// The zone's offset at a Unix second: (seconds east of UTC, daylight saving?, abbreviation).
fn offset_at(tz: Tz, at: i64) -> (i32, bool, String) {
    use chrono::Offset;
    use chrono_tz::{OffsetComponents, OffsetName};
    let utc = chrono::DateTime::from_timestamp(at, 0).unwrap_or_default().naive_utc();
    let o = tz.offset_from_utc_datetime(&utc);
    (o.fix().local_minus_utc(), !o.dst_offset().is_zero(), o.abbreviation().unwrap_or_default().to_string())
}

/// The `VTIMEZONE` of `tz` for the years `from..=to` (RFC 5545 §3.6.5): its offset at the start
/// of the range, and then every change of offset in the range, each as the `STANDARD` or
/// `DAYLIGHT` observance it begins, with its local onset. Strict clients need it for every
/// `TZID` a calendar uses. A zone without changes (Asia/Shanghai) has one `STANDARD`.
pub fn vtimezone(tz: Tz, from: i32, to: i32) -> String {
    let start = NaiveDate::from_ymd_opt(from, 1, 1).unwrap_or_default().and_time(NaiveTime::MIN).and_utc().timestamp();
    let end = NaiveDate::from_ymd_opt(to + 1, 1, 1).unwrap_or_default().and_time(NaiveTime::MIN).and_utc().timestamp();
    let observance = |out: &mut String, onset: i64, from: i32, to: (i32, bool, String)| {
        let local = chrono::DateTime::from_timestamp(onset + i64::from(from), 0).unwrap_or_default().naive_utc();
        let kind = if to.1 { "DAYLIGHT" } else { "STANDARD" };
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
            local.format("%Y%m%dT%H%M%S"),
            utc_offset(from),
            utc_offset(to.0)
        ));
        if !to.2.is_empty() {
            out.push_str(&format!("TZNAME:{}\r\n", to.2));
        }
        out.push_str(&format!("END:{kind}\r\n"));
    };
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let mut current = offset_at(tz, start);
    observance(&mut out, start, current.0, current.clone());
    // Offsets change at most a few times a year and never twice within 12 hours: look every 12
    // hours, then find the exact second of a change by halving.
    let step = 12 * 3600;
    let mut t = start;
    while t < end {
        let next = offset_at(tz, t + step);
        if (next.0, next.1) != (current.0, current.1) {
            let (mut lo, mut hi) = (t, t + step);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if (offset_at(tz, mid).0, offset_at(tz, mid).1) == (current.0, current.1) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            observance(&mut out, hi, current.0, next.clone());
            current = next;
        }
        t += step;
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

/// A calendar of `events`, as RFC 5545 text, with the `VTIMEZONE` of their zone.
pub fn ics(name: &str, events: &[Event<'_>]) -> String {
    use icalendar::{Calendar, Component, EventLike, EventStatus};
    let mut cal = Calendar::new();
    cal.name(name);
    for e in events {
        let start: NaiveDateTime = e.day.and_time(time_of(e.start_time));
        let end: NaiveDateTime = e.day.and_time(time_of(e.end_time));
        let tzid = e.tz.name();
        let stamp = chrono::DateTime::from_timestamp(e.stamp, 0).unwrap_or_default();
        let mut ev = icalendar::Event::new();
        ev.uid(&e.uid)
            .summary(e.summary)
            .description(&e.description)
            .location(&e.location)
            .timestamp(stamp)
            .starts(icalendar::CalendarDateTime::WithTimezone { date_time: start, tzid: tzid.into() })
            .ends(icalendar::CalendarDateTime::WithTimezone { date_time: end, tzid: tzid.into() })
            .add_property("SEQUENCE", e.sequence.to_string())
            .add_property("GEO", format!("{:.6};{:.6}", e.lat, e.lng));
        ev.status(if e.cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
        cal.push(ev.done());
    }
    let text = cal.done().to_string();
    // The icalendar crate writes no VTIMEZONE (nor takes a custom component): it goes before
    // the first event, where RFC 5545 readers expect the zones an event refers to.
    let (Some(first), Some(last)) = (events.iter().map(|e| e.day).min(), events.iter().map(|e| e.day).max()) else {
        return text;
    };
    use chrono::Datelike;
    let zone = vtimezone(events[0].tz, first.year() - 1, last.year() + 1);
    match text.find("BEGIN:VEVENT\r\n") {
        Some(at) => format!("{}{zone}{}", &text[..at], &text[at..]),
        None => text,
    }
}

/// The RFC 5545 text of a schedule and the dates it gives (from `from` on), as rows to write.
pub fn new_dates(s: &Schedule, from: Option<&str>) -> Result<(String, Vec<crate::db::markets::NewDate>), FieldError> {
    let tz = zone(s.time_zone())?;
    let text = rrule_text(s)?;
    let rows: Vec<crate::db::markets::NewDate> = dates(s)?
        .into_iter()
        .map(|d| crate::db::markets::NewDate {
            date: ymd(d),
            starts_at: instant(tz, d, &s.start_time),
            ends_at: instant(tz, d, &s.end_time),
        })
        .filter(|d| from.is_none_or(|f| d.date.as_str() >= f))
        .collect();
    if rows.is_empty() {
        return Err(FieldError::new(Field::Recurrence, ErrorCode::RecurrenceNoDates));
    }
    Ok((text, rows))
}
