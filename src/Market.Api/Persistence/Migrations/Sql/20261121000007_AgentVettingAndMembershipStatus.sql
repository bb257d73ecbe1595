ALTER TABLE agents
    ADD COLUMN max_concurrent_jobs integer NOT NULL DEFAULT 5 CHECK (max_concurrent_jobs > 0),
    ADD COLUMN vetting_reason text NULL,
    ADD COLUMN vetted_at timestamptz NULL,
    -- organisation certifications (0 Privacy Mark, 1 ISMS), verified by the operator
    ADD COLUMN certifications integer[] NOT NULL DEFAULT '{}';

ALTER TABLE memberships
    ADD COLUMN status_reason text NULL,
    ADD COLUMN status_changed_at timestamptz NULL;
