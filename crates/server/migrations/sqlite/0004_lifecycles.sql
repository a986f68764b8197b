-- Lifecycles from the contract's transition tables.

-- A moderator's hiding is an overlay on the sale, never a status a trade can overwrite: a
-- hidden listing stays hidden whatever its trades do, and restoring it returns exactly the
-- status its trades imply. Listings hidden under the old scheme get that status back.
ALTER TABLE listings ADD COLUMN hidden_at BIGINT;
UPDATE listings SET hidden_at = updated_at,
    status = CASE
        WHEN EXISTS (SELECT 1 FROM trades t WHERE t.listing_id = listings.id AND t.state IN ('accepted', 'disputed'))
            THEN 'reserved'
        WHEN EXISTS (SELECT 1 FROM trades t WHERE t.listing_id = listings.id AND t.state = 'completed') THEN 'sold'
        ELSE 'withdrawn'
    END
    WHERE status = 'hidden';

-- The feed's indexes keep their order for listings nobody hid.
DROP INDEX listings_feed;
DROP INDEX listings_by_category;
DROP INDEX listings_by_community;
DROP INDEX listings_by_price;
CREATE INDEX listings_feed ON listings (status, hidden_at, id);
CREATE INDEX listings_by_category ON listings (status, hidden_at, category, id);
CREATE INDEX listings_by_community ON listings (status, hidden_at, community_id, id);
CREATE INDEX listings_by_price ON listings (status, hidden_at, price_key, id);

-- A listing is sold once: at most one completed trade per listing, whatever the races.
CREATE UNIQUE INDEX trades_one_sale ON trades (listing_id) WHERE state = 'completed';
-- The sweep finds accepted trades past their hand-over deadline.
CREATE INDEX trades_handover ON trades (state, accepted_at);
