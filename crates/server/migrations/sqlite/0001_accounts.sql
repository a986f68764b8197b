-- Accounts, roles, sessions, login throttling, the moderators' audit log, communities.
-- Times are unix seconds (BIGINT) so the same queries run on SQLite and PostgreSQL.

CREATE TABLE communities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    city_zh     TEXT NOT NULL,
    city_en     TEXT NOT NULL,
    district_zh TEXT NOT NULL,
    district_en TEXT NOT NULL,
    -- centre of the community: approximate on purpose, never an address
    lat         REAL NOT NULL,
    lng         REAL NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    display_name  TEXT NOT NULL,
    -- lower-cased display name: names are unique regardless of case
    name_key      TEXT NOT NULL UNIQUE,
    -- canonical phone (11 digits) or lower-cased e-mail
    contact       TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    community_id  BIGINT REFERENCES communities (id),
    created_at    BIGINT NOT NULL,
    suspended_at  BIGINT
);

CREATE TABLE user_roles (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('resident', 'organiser', 'moderator')),
    granted_at BIGINT NOT NULL,
    granted_by BIGINT REFERENCES users (id),
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles (role);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a leaked table does not leak sessions
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- One row per failed login, keyed by account and by client address; shared by all servers.
CREATE TABLE auth_failures (
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX auth_failures_key_at ON auth_failures (key, at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id    BIGINT REFERENCES users (id),
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   BIGINT,
    detail      TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
