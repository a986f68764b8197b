-- Community swap markets: the market, its schedules (RRULE, changed from a date on), its dates
-- expanded from them (each one cancellable or movable, with the stall counters the booking
-- statements guard on), bookings with their waitlist order, and check-ins (a person met at a
-- market: a durable fact the credit rating's trust seeds read).

CREATE TABLE markets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    organiser_id  BIGINT NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    venue_name    TEXT NOT NULL,
    venue_address TEXT NOT NULL DEFAULT '',
    lat           REAL NOT NULL,
    lng           REAL NOT NULL,
    time_zone     TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    -- YYYY-MM-DD, local dates of the market
    first_date    TEXT NOT NULL,
    last_date     TEXT NOT NULL,
    stalls        BIGINT NOT NULL CHECK (stalls > 0),
    -- comma-separated category keys
    categories    TEXT NOT NULL DEFAULT '',
    rules         TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX markets_organiser ON markets (organiser_id);

-- The schedule in force from `from_date` on (until the next row's from_date).
CREATE TABLE market_schedules (
    market_id  BIGINT NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    from_date  TEXT NOT NULL,
    -- the form's choice (JSON) and the RFC 5545 text it stands for (DTSTART;TZID=… and RRULE)
    recurrence TEXT NOT NULL,
    rrule      TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time   TEXT NOT NULL,
    PRIMARY KEY (market_id, from_date)
);

-- One row per date of a market: `date` is the date the recurrence gave (its identity, also
-- the calendar UID), `day` and the times where it takes place (moved or not).
CREATE TABLE market_dates (
    market_id     BIGINT NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    date          TEXT NOT NULL,
    day           TEXT NOT NULL,
    start_time    TEXT NOT NULL,
    end_time      TEXT NOT NULL,
    starts_at     BIGINT NOT NULL,
    ends_at       BIGINT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'moved', 'cancelled')),
    reason        TEXT,
    changed_at    BIGINT,
    stalls        BIGINT NOT NULL,
    -- bookings holding a stall (booked, promoted, checked in) and waiting; the booking
    -- statements keep them exact under the row's lock
    booked        BIGINT NOT NULL DEFAULT 0,
    waitlisted    BIGINT NOT NULL DEFAULT 0,
    waitlist_seq  BIGINT NOT NULL DEFAULT 0,
    lock_version  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (market_id, date),
    CHECK (booked >= 0 AND booked <= stalls AND waitlisted >= 0)
);
CREATE INDEX market_dates_upcoming ON market_dates (starts_at);

CREATE TABLE market_bookings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    market_id    BIGINT NOT NULL,
    date         TEXT NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    state        TEXT NOT NULL
                 CHECK (state IN ('booked', 'waitlisted', 'promoted', 'cancelled', 'removed', 'date_cancelled', 'checked_in')),
    -- order on the waitlist (and of booking), from market_dates.waitlist_seq
    position     BIGINT NOT NULL,
    brings       TEXT NOT NULL,
    checkin_code TEXT NOT NULL,
    reason       TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    -- 0 when it changed (promoted, moved, removed…) and the resident has not looked since
    seen         BIGINT NOT NULL DEFAULT 1,
    FOREIGN KEY (market_id, date) REFERENCES market_dates (market_id, date) ON DELETE CASCADE
);
-- One live booking per resident and date, whatever the requests race.
CREATE UNIQUE INDEX market_bookings_one_open ON market_bookings (market_id, date, user_id)
    WHERE state IN ('booked', 'waitlisted', 'promoted', 'checked_in');
CREATE INDEX market_bookings_date ON market_bookings (market_id, date, state, position);
CREATE INDEX market_bookings_user ON market_bookings (user_id, updated_at);

-- A resident met in person at a market by its organiser.
CREATE TABLE market_checkins (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    market_id    BIGINT NOT NULL REFERENCES markets (id),
    date         TEXT NOT NULL,
    organiser_id BIGINT NOT NULL REFERENCES users (id),
    resident_id  BIGINT NOT NULL REFERENCES users (id),
    booking_id   BIGINT NOT NULL REFERENCES market_bookings (id),
    method       TEXT NOT NULL CHECK (method IN ('tap', 'code')),
    created_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX market_checkins_once ON market_checkins (market_id, date, resident_id);
CREATE INDEX market_checkins_resident ON market_checkins (resident_id);
