-- Hardening (PostgreSQL): atomic throttle counters, the one-time set-up code of the first moderator, and
-- display names unique by how they look (Unicode confusable skeleton).

-- One row per throttled key (an account and address, an address, an account's writes of one
-- kind): hits in the fixed window that started at window_start. Incremented in one statement,
-- so simultaneous requests cannot all pass; shared by every server.
CREATE TABLE throttle_counters (
    key          TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL
);
CREATE INDEX throttle_counters_window ON throttle_counters (window_start);

-- SHA-256 of the code printed by `linli-server serve` while there is no moderator.
CREATE TABLE setup_codes (
    code_hash  TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

-- The UTS #39 skeleton of the lower-cased display name; filled by the server for older rows.
ALTER TABLE users ADD COLUMN name_skeleton TEXT;
CREATE UNIQUE INDEX users_name_skeleton ON users (name_skeleton);
