-- Recycling points (回收点) and home pickups (上门回收).

CREATE TABLE recycling_points (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    -- the organiser who runs it; NULL for imported points (moderators manage those)
    operator_id      BIGINT REFERENCES users (id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('drop_off_bin', 'station', 'sorting_centre', 'trade_in', 'consignment')),
    -- OSM recycling:* keys, space-separated with a space at both ends (' paper cans '), so a
    -- material filter is one portable LIKE
    materials        TEXT NOT NULL,
    pickup_materials TEXT NOT NULL DEFAULT '',
    -- OSM opening_hours syntax; '' when unknown
    opening_hours    TEXT NOT NULL DEFAULT '',
    timezone         TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    address          TEXT NOT NULL DEFAULT '',
    contact          TEXT NOT NULL DEFAULT '',
    lat              REAL NOT NULL,
    lng              REAL NOT NULL,
    -- 'node/123' or 'way/45' when imported from OpenStreetMap: imports update by it
    osm_id           TEXT UNIQUE,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    removed_at       BIGINT
);
CREATE INDEX recycling_points_position ON recycling_points (lat, lng);
CREATE INDEX recycling_points_operator ON recycling_points (operator_id);

CREATE TABLE recycling_pickups (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    point_id        BIGINT NOT NULL REFERENCES recycling_points (id),
    resident_id     BIGINT NOT NULL REFERENCES users (id),
    state           TEXT NOT NULL CHECK (state IN ('requested', 'scheduled', 'collected', 'cancelled')),
    items           TEXT NOT NULL,
    materials       TEXT NOT NULL,
    weight_g        BIGINT NOT NULL,
    -- shown to the resident and the point's operator only
    address         TEXT NOT NULL,
    -- the preferred windows, JSON [{"start":…,"end":…}]
    windows         TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    window_start    BIGINT,
    window_end      BIGINT,
    collected_g     BIGINT,
    co2e_g          BIGINT,
    points          BIGINT,
    cancel_reason   TEXT,
    cancelled_by    BIGINT REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    -- 1 when the other side changed it since this side last looked (the badge)
    resident_unseen BIGINT NOT NULL DEFAULT 0,
    operator_unseen BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX recycling_pickups_resident ON recycling_pickups (resident_id);
CREATE INDEX recycling_pickups_point ON recycling_pickups (point_id);
