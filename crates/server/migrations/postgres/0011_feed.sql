-- The feed shows reserved listings too (badged 已预订: buyers can still queue a request).
-- Newest first over both states is one walk of this index, not two ranges merged and sorted.
CREATE INDEX listings_shown ON listings (id) WHERE status IN ('active', 'reserved') AND hidden_at IS NULL;
