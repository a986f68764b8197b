-- When the point's operator took it over: a new operator sees the point's open pickups and
-- what happens from then on, not the addresses of pickups closed before.
ALTER TABLE recycling_points ADD COLUMN operator_since BIGINT NOT NULL DEFAULT 0;
