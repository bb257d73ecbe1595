-- The agent layer: worker profiles and teams, offers and subcontracts, assignments (leases), drafts, submissions,
-- and the append-only audit log.

CREATE TABLE worker_profiles (
    agent_id uuid NOT NULL REFERENCES agents (id),
    user_id uuid NOT NULL REFERENCES users (id),
    hours_per_week integer NOT NULL CHECK (hours_per_week BETWEEN 1 AND 60),
    max_concurrent_units integer NOT NULL CHECK (max_concurrent_units BETWEEN 1 AND 10),
    skills integer[] NOT NULL,
    prefecture varchar(20) NOT NULL,
    municipality varchar(50) NOT NULL,
    tier integer NOT NULL,
    tier_since timestamptz NOT NULL,
    status integer NOT NULL,
    status_reason text NULL,
    status_changed_at timestamptz NULL,
    registered_at timestamptz NOT NULL,
    PRIMARY KEY (agent_id, user_id)
);
CREATE UNIQUE INDEX ix_worker_profiles_user_id ON worker_profiles (user_id);

CREATE TABLE teams (
    id uuid PRIMARY KEY,
    agent_id uuid NOT NULL REFERENCES agents (id),
    name varchar(100) NOT NULL,
    coordinator_user_id uuid NULL REFERENCES users (id),
    member_user_ids uuid[] NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_teams_agent_id ON teams (agent_id);

CREATE TABLE offers (
    id uuid PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES jobs (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    price bigint NOT NULL CHECK (price > 0),
    deliver_by timestamptz NOT NULL,
    note varchar(1000) NULL,
    status integer NOT NULL,
    submitted_at timestamptz NOT NULL,
    decided_at timestamptz NULL
);
-- One live offer per agent per job (Submitted = 0, Accepted = 2), and one accepted offer per job.
CREATE UNIQUE INDEX ix_offers_live_per_agent ON offers (job_id, agent_id) WHERE status IN (0, 2);
CREATE UNIQUE INDEX ix_offers_one_accepted ON offers (job_id) WHERE status = 2;
CREATE INDEX ix_offers_agent_id ON offers (agent_id);

CREATE TABLE subcontracts (
    id uuid PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES jobs (id),
    lead_agent_id uuid NOT NULL REFERENCES agents (id),
    sub_agent_id uuid NOT NULL REFERENCES agents (id),
    unit_ids uuid[] NOT NULL,
    agreed_price bigint NOT NULL CHECK (agreed_price > 0),
    price_basis integer NOT NULL,
    status integer NOT NULL,
    end_reason text NULL,
    proposed_at timestamptz NOT NULL,
    decided_at timestamptz NULL,
    CHECK (lead_agent_id <> sub_agent_id)
);
CREATE INDEX ix_subcontracts_job_id ON subcontracts (job_id);
CREATE INDEX ix_subcontracts_sub_agent_id ON subcontracts (sub_agent_id);
CREATE INDEX ix_subcontracts_unit_ids ON subcontracts USING gin (unit_ids);

CREATE TABLE assignments (
    id uuid PRIMARY KEY,
    unit_id uuid NOT NULL REFERENCES work_units (id),
    job_id uuid NOT NULL REFERENCES jobs (id),
    worker_id uuid NOT NULL REFERENCES users (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    assigned_by integer NOT NULL,
    status integer NOT NULL,
    lease_minutes integer NOT NULL CHECK (lease_minutes > 0),
    assigned_at timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    ended_at timestamptz NULL,
    end_reason text NULL
);
-- The guarantee behind "one active assignment per unit, ever": enforced here, whatever the code does.
CREATE UNIQUE INDEX ix_assignments_one_active_per_unit ON assignments (unit_id) WHERE status = 0;
CREATE INDEX ix_assignments_worker_id_status ON assignments (worker_id, status);
CREATE INDEX ix_assignments_active_expires_at ON assignments (expires_at) WHERE status = 0;
CREATE INDEX ix_assignments_agent_id_status ON assignments (agent_id, status);

-- The claim path looks for available units in a pool quickly, and counts what a worker holds.
CREATE INDEX ix_work_units_available ON work_units (job_id, sequence) WHERE status = 1;
CREATE INDEX ix_work_units_held_by_worker ON work_units (worker_id) WHERE status IN (2, 5);
CREATE INDEX ix_jobs_in_progress ON jobs (contracted_agent_id, deadline) WHERE status IN (3, 5);

CREATE TABLE unit_drafts (
    unit_id uuid PRIMARY KEY REFERENCES work_units (id),
    assignment_id uuid NOT NULL REFERENCES assignments (id),
    content text NOT NULL,
    saved_at timestamptz NOT NULL
);

CREATE TABLE unit_submissions (
    id uuid PRIMARY KEY,
    unit_id uuid NOT NULL REFERENCES work_units (id),
    assignment_id uuid NOT NULL REFERENCES assignments (id),
    worker_id uuid NOT NULL REFERENCES users (id),
    content text NOT NULL,
    submitted_at timestamptz NOT NULL
);
-- A rework round reopens the same assignment, so one assignment may hand in several submissions; the latest counts.
CREATE INDEX ix_unit_submissions_assignment_id ON unit_submissions (assignment_id, submitted_at);
CREATE INDEX ix_unit_submissions_unit_id ON unit_submissions (unit_id);

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_user_id uuid NULL,
    tenant_id uuid NULL,
    action varchar(60) NOT NULL,
    subject_type varchar(40) NOT NULL,
    subject_id varchar(80) NOT NULL,
    detail jsonb NULL
);
CREATE INDEX ix_audit_log_tenant_id_occurred_at ON audit_log (tenant_id, occurred_at);
CREATE INDEX ix_audit_log_subject ON audit_log (subject_type, subject_id);

-- Append-only in the database itself, not only in code: no role the application uses can rewrite history.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
