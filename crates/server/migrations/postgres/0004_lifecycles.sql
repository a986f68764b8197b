-- Lifecycles from the contract's transition tables (the SQLite migration of the same number
-- says why).

ALTER TABLE listings ADD COLUMN hidden_at BIGINT;
UPDATE listings SET hidden_at = updated_at,
    status = CASE
        WHEN EXISTS (SELECT 1 FROM trades t WHERE t.listing_id = listings.id AND t.state IN ('accepted', 'disputed'))
            THEN 'reserved'
        WHEN EXISTS (SELECT 1 FROM trades t WHERE t.listing_id = listings.id AND t.state = 'completed') THEN 'sold'
        ELSE 'withdrawn'
    END
    WHERE status = 'hidden';

DROP INDEX listings_feed;
DROP INDEX listings_by_category;
DROP INDEX listings_by_community;
DROP INDEX listings_by_price;
CREATE INDEX listings_feed ON listings (status, hidden_at, id);
CREATE INDEX listings_by_category ON listings (status, hidden_at, category, id);
CREATE INDEX listings_by_community ON listings (status, hidden_at, community_id, id);
CREATE INDEX listings_by_price ON listings (status, hidden_at, price_key, id);

CREATE UNIQUE INDEX trades_one_sale ON trades (listing_id) WHERE state = 'completed';
CREATE INDEX trades_handover ON trades (state, accepted_at);
