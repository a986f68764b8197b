-- The owner of a listing a moderator hid may ask for a review, once per hide: the request
-- (when, the owner's note) and a moderator's answer when they keep it hidden (restoring it
-- clears the hide and its review together). A new hide starts without a request.
ALTER TABLE listings ADD COLUMN review_requested_at BIGINT;
ALTER TABLE listings ADD COLUMN review_note TEXT;
ALTER TABLE listings ADD COLUMN review_answer TEXT;
ALTER TABLE listings ADD COLUMN review_answered_at BIGINT;
-- The moderators' queue: requests waiting for an answer.
CREATE INDEX listings_review_waiting ON listings (review_requested_at)
    WHERE review_requested_at IS NOT NULL AND review_answered_at IS NULL;
