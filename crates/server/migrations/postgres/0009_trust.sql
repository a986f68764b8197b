-- Trust in the graph of completed trades (crates/contract/src/trust.rs), recomputed by the
-- sweep; the credit rating weighs each rating by its rater's trust.
ALTER TABLE users ADD COLUMN trust DOUBLE PRECISION NOT NULL DEFAULT 0;
-- What the account hands each partner of the trust it earned from partners (see trust.rs).
ALTER TABLE users ADD COLUMN trust_share DOUBLE PRECISION NOT NULL DEFAULT 0;
-- A moderator met this person (a trust seed).
ALTER TABLE users ADD COLUMN verified_at BIGINT;
-- A moderator withdrew this person's seed status (organiser, moderator or checked in alike).
ALTER TABLE users ADD COLUMN seed_revoked_at BIGINT;
