-- The listings a resident links to a stall booking ("what I will bring"), in the order chosen.
-- Only the booker's own listings that were active when booking (checked by the server).
CREATE TABLE market_booking_listings (
    booking_id BIGINT NOT NULL REFERENCES market_bookings (id) ON DELETE CASCADE,
    listing_id BIGINT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    PRIMARY KEY (booking_id, listing_id)
);
CREATE INDEX market_booking_listings_listing ON market_booking_listings (listing_id);
