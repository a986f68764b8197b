-- What an audit entry records beside its reason (a suspension's days, a dispute's outcome, the
-- role granted…) as JSON of the contract's AuditFact, so each reader's language can name it;
-- '' for none.
ALTER TABLE audit_log ADD COLUMN fact TEXT NOT NULL DEFAULT '';
