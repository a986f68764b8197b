-- Trades, their messages and ratings; each trader's cached credit score.

CREATE TABLE trades (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id          BIGINT NOT NULL REFERENCES listings (id),
    seller_id           BIGINT NOT NULL REFERENCES users (id),
    buyer_id            BIGINT NOT NULL REFERENCES users (id),
    state               TEXT NOT NULL DEFAULT 'requested'
                        CHECK (state IN ('requested', 'accepted', 'completed', 'declined', 'cancelled', 'expired', 'disputed')),
    -- what the buyer offers in exchange, for swaps
    swap_offer          TEXT NOT NULL DEFAULT '',
    buyer_confirmed_at  BIGINT,
    seller_confirmed_at BIGINT,
    cancel_reason       TEXT,
    cancelled_by        BIGINT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL,
    accepted_at         BIGINT,
    completed_at        BIGINT,
    -- green impact, credited when completed
    co2e_g              BIGINT,
    points              BIGINT,
    given_away          BIGINT NOT NULL DEFAULT 0,
    CHECK (buyer_id <> seller_id)
);
-- What makes double-selling impossible, whatever the requests race: at most one trade holds a
-- listing (accepted, or disputed after acceptance).
CREATE UNIQUE INDEX trades_one_holder ON trades (listing_id) WHERE state IN ('accepted', 'disputed');
-- One open request per buyer and listing.
CREATE UNIQUE INDEX trades_one_request ON trades (listing_id, buyer_id) WHERE state = 'requested';
CREATE INDEX trades_buyer ON trades (buyer_id, updated_at);
CREATE INDEX trades_seller ON trades (seller_id, updated_at);
CREATE INDEX trades_listing ON trades (listing_id, state);
CREATE INDEX trades_due ON trades (state, expires_at);

CREATE TABLE trade_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    trade_id   BIGINT NOT NULL REFERENCES trades (id) ON DELETE CASCADE,
    sender_id  BIGINT NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX trade_messages_trade ON trade_messages (trade_id, id);

-- How far each party has read each thread.
CREATE TABLE trade_reads (
    trade_id     BIGINT NOT NULL REFERENCES trades (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_id BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (trade_id, user_id)
);

CREATE TABLE ratings (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    trade_id   BIGINT NOT NULL REFERENCES trades (id),
    rater_id   BIGINT NOT NULL REFERENCES users (id),
    ratee_id   BIGINT NOT NULL REFERENCES users (id),
    stars      BIGINT NOT NULL CHECK (stars BETWEEN 1 AND 5),
    -- comma-separated tag keys
    tags       TEXT NOT NULL DEFAULT '',
    comment    TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    -- set when both parties rated or the rating window closed (double-blind until then)
    visible_at BIGINT,
    UNIQUE (trade_id, rater_id)
);
CREATE INDEX ratings_ratee ON ratings (ratee_id, visible_at);
CREATE INDEX ratings_hidden ON ratings (visible_at) WHERE visible_at IS NULL;

-- The credit score as last computed (credit.rs in the contract crate), for cards and lists.
ALTER TABLE users ADD COLUMN credit_score DOUBLE PRECISION NOT NULL DEFAULT 62.5;
ALTER TABLE users ADD COLUMN credit_level TEXT NOT NULL DEFAULT 'new_trader';
