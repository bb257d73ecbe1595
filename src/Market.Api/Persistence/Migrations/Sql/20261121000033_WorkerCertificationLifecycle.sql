-- The worker certification lifecycle on top of 20261121000009: the agent that sees it, the dates the jobs and
-- eligibility filter by (renewal opens, grace ends; computed by the domain from the type's terms), renewals,
-- revocation for cause, and the mark the daily expiry processing leaves (once).
ALTER TABLE worker_certifications
    ADD COLUMN agent_id uuid NULL REFERENCES agents (id),
    ADD COLUMN renewal_opens_at timestamptz NULL,
    ADD COLUMN grace_ends_at timestamptz NULL,
    ADD COLUMN renewal_count integer NOT NULL DEFAULT 0,
    ADD COLUMN last_renewed_at timestamptz NULL,
    ADD COLUMN revoked_by uuid NULL REFERENCES users (id),
    ADD COLUMN revocation_reason varchar(500) NULL,
    ADD COLUMN expired_at timestamptz NULL;

-- Rows written before this migration get the platform's terms (renewal opens 30 days before the end, 14 days' grace).
UPDATE worker_certifications c SET agent_id = m.tenant_id FROM memberships m WHERE m.user_id = c.user_id;
UPDATE worker_certifications
SET renewal_opens_at = valid_until - interval '30 days',
    grace_ends_at = valid_until + interval '14 days';
-- A certification of a user outside every agent is of no use to anyone (there are none outside test data).
DELETE FROM worker_certifications WHERE agent_id IS NULL;

ALTER TABLE worker_certifications
    ALTER COLUMN agent_id SET NOT NULL,
    ALTER COLUMN renewal_opens_at SET NOT NULL,
    ALTER COLUMN grace_ends_at SET NOT NULL;
CREATE INDEX ix_worker_certifications_agent_id ON worker_certifications (agent_id);
-- The daily reminder and expiry scans look at certifications by end date.
CREATE INDEX ix_worker_certifications_valid_until ON worker_certifications (valid_until) WHERE revoked_at IS NULL;
