//! Opening hours (OSM `opening_hours` syntax), evaluated with the `opening-hours` crate in the
//! point's own time zone, with mainland China's public holidays (`PH`) from the crate's
//! embedded calendar.
//!
//! Parsed expressions are cached by their text: thousands of points share a handful of
//! schedules, and parsing is the expensive part of listing them.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use linli_contract::recycling::{
    parse_date, parse_hhmm, LocalWindow, OpenState, OpenStatus, TimeWindow, DEFAULT_TIMEZONE,
};
use opening_hours::localization::Country;
use opening_hours::{Context, OpeningHours, RuleKind};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex};

/// Cached parses; bounded (cleared when full) so odd inputs cannot grow it without end.
static CACHE: LazyLock<Mutex<HashMap<String, Option<Arc<OpeningHours>>>>> = LazyLock::new(Default::default);
const CACHE_MAX: usize = 4096;

/// The holidays of the one country the app serves today.
static HOLIDAYS: LazyLock<opening_hours::ContextHolidays> = LazyLock::new(|| Country::CN.holidays());

/// Parses `text`, with the holiday calendar attached. `None` when it is not valid syntax.
pub fn parse(text: &str) -> Option<Arc<OpeningHours>> {
    let text = text.trim();
    if let Some(hit) = CACHE.lock().ok().and_then(|c| c.get(text).cloned()) {
        return hit;
    }
    let parsed = text
        .parse::<OpeningHours>()
        .ok()
        .map(|oh| Arc::new(oh.with_context(Context::default().with_holidays(HOLIDAYS.clone()))));
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_MAX {
            cache.clear();
        }
        cache.insert(text.to_string(), parsed.clone());
    }
    parsed
}

/// Whether the text is valid opening hours (empty counts: hours unknown).
pub fn valid(text: &str) -> bool {
    text.trim().is_empty() || parse(text).is_some()
}

/// The time zone of a name, or the default one.
pub fn tz(name: &str) -> Tz {
    Tz::from_str(name).unwrap_or_else(|_| Tz::from_str(DEFAULT_TIMEZONE).expect("default time zone"))
}

fn local(tz: Tz, unix: i64) -> NaiveDateTime {
    tz.timestamp_opt(unix, 0).single().map(|d| d.naive_local()).unwrap_or_default()
}

fn unix(tz: Tz, naive: NaiveDateTime) -> i64 {
    tz.from_local_datetime(&naive).earliest().map(|d| d.timestamp()).unwrap_or(0)
}

/// Whether a point with these hours is open at `now`, and when that changes next.
pub fn status(hours: &str, timezone: &str, now: i64) -> OpenStatus {
    let Some(oh) = (!hours.trim().is_empty()).then(|| parse(hours)).flatten() else {
        return OpenStatus::unknown();
    };
    let tz = tz(timezone);
    let here = local(tz, now);
    let state = match oh.state(here).0 {
        RuleKind::Open => OpenState::Open,
        RuleKind::Closed => OpenState::Closed,
        RuleKind::Unknown => OpenState::Unknown,
    };
    // Only report changes within four weeks (a seasonal point closed for months says closed).
    let next = oh.next_change(here).filter(|n| (*n - here).num_days() <= 28);
    OpenStatus {
        state,
        next_change_at: next.map(|n| unix(tz, n)),
        next_weekday: next.map(|n| n.weekday().num_days_from_monday() as u8),
        next_time: next.map(|n| format!("{:02}:{:02}", n.hour(), n.minute())),
        next_is_today: next.is_some_and(|n| n.date() == here.date()),
    }
}

/// Whether the point is open during the whole window [start, end): open at its start and no
/// change before its end. Empty or unreadable hours accept any window.
pub fn open_throughout(hours: &str, timezone: &str, start: i64, end: i64) -> bool {
    let Some(oh) = (!hours.trim().is_empty()).then(|| parse(hours)).flatten() else {
        return true;
    };
    let tz = tz(timezone);
    let from = local(tz, start);
    if !oh.is_open(from) {
        return false;
    }
    oh.next_change(from).is_none_or(|change| unix(tz, change) >= end)
}

/// A wall-clock window of the point's zone as unix seconds; `None` when the date or times
/// are malformed or the start does not exist on that day (a skipped daylight-saving hour).
pub fn from_local(w: &LocalWindow, timezone: &str) -> Option<TimeWindow> {
    let (y, m, d) = parse_date(&w.date)?;
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let at = |mins: u32| -> Option<i64> {
        let naive = date.and_hms_opt(0, 0, 0)? + chrono::Duration::minutes(i64::from(mins));
        tz(timezone).from_local_datetime(&naive).earliest().map(|t| t.timestamp())
    };
    let (from, to) = (parse_hhmm(&w.from)?, parse_hhmm(&w.to)?);
    if to <= from {
        return None;
    }
    Some(TimeWindow { start: at(from)?, end: at(to)? })
}

/// A window as the point's wall clock reads it (an end at midnight reads `24:00`).
pub fn to_local(w: &TimeWindow, timezone: &str) -> LocalWindow {
    let tz = tz(timezone);
    let (start, end) = (local(tz, w.start), local(tz, w.end));
    let hm = |t: NaiveDateTime| format!("{:02}:{:02}", t.hour(), t.minute());
    let to = if end.date() > start.date() && end.time() == chrono::NaiveTime::MIN { "24:00".into() } else { hm(end) };
    LocalWindow { date: start.date().format("%Y-%m-%d").to_string(), from: hm(start), to }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_text_is_not_hours() {
        assert!(valid("Mo-Fr 08:00-18:00"));
        assert!(valid(""));
        assert!(valid("closed"));
        assert!(!valid("whenever we like"));
        assert!(!valid("Mo-Fr 25:00-99:00 ;;"));
    }

    #[test]
    fn wall_clock_windows_in_the_points_zone() {
        let w = LocalWindow { date: "2027-03-01".into(), from: "10:00".into(), to: "12:00".into() };
        // 10:00 in Beijing is 02:00 UTC.
        let t = from_local(&w, "Asia/Shanghai").unwrap();
        assert_eq!(t.start, 1_803_866_400);
        assert_eq!(t.end - t.start, 7200);
        assert_eq!(to_local(&t, "Asia/Shanghai"), w);
        // The same wall clock in Berlin is seven hours later (winter time).
        let b = from_local(&w, "Europe/Berlin").unwrap();
        assert_eq!(b.start - t.start, 7 * 3600);
        let late = LocalWindow { date: "2027-03-01".into(), from: "22:00".into(), to: "24:00".into() };
        assert_eq!(to_local(&from_local(&late, "Asia/Shanghai").unwrap(), "Asia/Shanghai"), late);
        let bad = LocalWindow { date: "2027-02-30".into(), from: "10:00".into(), to: "12:00".into() };
        assert_eq!(from_local(&bad, "Asia/Shanghai"), None);
    }
}
