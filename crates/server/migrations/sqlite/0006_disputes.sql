-- Disputes and moderation: disputes with their thread and evidence photos, reports of
-- accounts, suspensions, and the audit log made append-only.

-- A dispute of a trade. Its state is stored as 'awaiting_answer', 'answered' or 'decided';
-- 'overdue' (awaiting past answer_due_at) is derived at read time.
CREATE TABLE disputes (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    trade_id           BIGINT NOT NULL REFERENCES trades (id),
    filer_id           BIGINT NOT NULL REFERENCES users (id),
    respondent_id      BIGINT NOT NULL REFERENCES users (id),
    reason             TEXT NOT NULL,
    state              TEXT NOT NULL DEFAULT 'awaiting_answer',
    -- what the trade was when the dispute froze it ('accepted' or 'completed')
    trade_state_before TEXT NOT NULL,
    filed_at           BIGINT NOT NULL,
    answer_due_at      BIGINT NOT NULL,
    answered_at        BIGINT,
    outcome            TEXT,
    decision_reason    TEXT,
    decided_by         BIGINT REFERENCES users (id),
    decided_at         BIGINT,
    -- the party whose credit takes the penalty (none when dismissed or mutually cancelled)
    loser_id           BIGINT REFERENCES users (id)
);
-- One open dispute per trade, whatever the races.
CREATE UNIQUE INDEX disputes_one_open ON disputes (trade_id) WHERE state <> 'decided';
CREATE INDEX disputes_queue ON disputes (state, filed_at);
CREATE INDEX disputes_loser ON disputes (loser_id);
CREATE INDEX disputes_trade ON disputes (trade_id, id);

-- The dispute's thread: the filing, the answer, messages.
CREATE TABLE dispute_posts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dispute_id BIGINT NOT NULL REFERENCES disputes (id),
    author_id  BIGINT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX dispute_posts_dispute ON dispute_posts (dispute_id, id);

-- Evidence photos come through the listing photo pipeline; a used one is kept.
ALTER TABLE photos ADD COLUMN dispute_post_id BIGINT REFERENCES dispute_posts (id);
CREATE INDEX photos_dispute_post ON photos (dispute_post_id, position);

-- Reports of accounts (reports of listings are in `reports`).
CREATE TABLE user_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    reporter_id BIGINT NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    resolved_at BIGINT,
    UNIQUE (user_id, reporter_id)
);
CREATE INDEX user_reports_open ON user_reports (resolved_at, created_at);

-- A suspension is in force from starts_at until ends_at (NULL: until lifted) unless lifted.
CREATE TABLE suspensions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users (id),
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT,
    lifted_at   BIGINT,
    lifted_by   BIGINT REFERENCES users (id)
);
CREATE INDEX suspensions_user ON suspensions (user_id, lifted_at);

CREATE INDEX audit_log_target ON audit_log (target_kind, target_id);

-- Append-only: the database itself refuses to change or remove an entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
