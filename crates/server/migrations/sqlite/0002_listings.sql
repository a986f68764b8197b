-- Listings, their photos, favourites and reports, and the keyword index.

CREATE TABLE listings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id     BIGINT NOT NULL REFERENCES users (id),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    category      TEXT NOT NULL,
    condition     TEXT NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('sell', 'give_away', 'swap')),
    -- integer fen, only for mode 'sell'
    price_fen     BIGINT CHECK (price_fen IS NULL OR price_fen > 0),
    -- what the owner wants, only for mode 'swap'
    swap_for      TEXT,
    -- the order of price sorts: free = 0, sell = its price, swap = after every price
    price_key     BIGINT NOT NULL,
    community_id  BIGINT NOT NULL REFERENCES communities (id),
    pickup_note   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'reserved', 'sold', 'withdrawn', 'hidden')),
    hidden_reason TEXT,
    -- key of the first photo, for cards
    cover_key     TEXT NOT NULL,
    -- words of the title and of the description as the search index sees them (see search.rs)
    search_title  TEXT NOT NULL,
    search_body   TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
-- Newest first is id order; each filter the feed offers has an index that keeps that order.
CREATE INDEX listings_feed ON listings (status, id);
CREATE INDEX listings_by_category ON listings (status, category, id);
CREATE INDEX listings_by_community ON listings (status, community_id, id);
CREATE INDEX listings_by_price ON listings (status, price_key, id);
CREATE INDEX listings_by_seller ON listings (seller_id, id);

-- The keyword index: an external-content FTS5 table over the pre-tokenised columns.
CREATE VIRTUAL TABLE listings_fts USING fts5 (
    search_title, search_body,
    content = 'listings', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings BEGIN
    INSERT INTO listings_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
END;
CREATE TRIGGER listings_fts_update AFTER UPDATE OF search_title, search_body ON listings BEGIN
    INSERT INTO listings_fts (listings_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
    INSERT INTO listings_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;

CREATE TABLE photos (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    -- random and unguessable: names the files in the media store
    key        TEXT NOT NULL UNIQUE,
    owner_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- NULL until a listing uses it; unused uploads are removed after a day
    listing_id BIGINT REFERENCES listings (id) ON DELETE SET NULL,
    position   BIGINT NOT NULL DEFAULT 0,
    width      BIGINT NOT NULL,
    height     BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX photos_listing ON photos (listing_id, position);
CREATE INDEX photos_unused ON photos (created_at) WHERE listing_id IS NULL;

CREATE TABLE favourites (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    listing_id BIGINT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, listing_id)
);
CREATE INDEX favourites_listing ON favourites (listing_id);

-- One report per account and listing: repeated reports count once.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id  BIGINT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    reporter_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    resolved_at BIGINT,
    UNIQUE (listing_id, reporter_id)
);
CREATE INDEX reports_open ON reports (resolved_at, created_at);
