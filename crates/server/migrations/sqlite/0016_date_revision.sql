-- Calendar apps take a changed event only when its SEQUENCE grows: every change of a date
-- (moved, cancelled, its time changed by a series edit) counts one more revision.
ALTER TABLE market_dates ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
