-- Quality control (検品): one review task per worker attempt at a unit, followed through rework rounds on the same
-- assignment (so assignment_id is not unique). Decisions and the appeal are jsonb documents written through
-- explicit shapes (QualityJson).
CREATE TABLE review_tasks (
    id uuid PRIMARY KEY,
    unit_id uuid NOT NULL REFERENCES work_units (id),
    job_id uuid NOT NULL REFERENCES jobs (id),
    kind integer NOT NULL,
    assignment_id uuid NOT NULL REFERENCES assignments (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    worker_id uuid NOT NULL REFERENCES users (id),
    worker_tier integer NOT NULL,
    submission_id uuid NOT NULL REFERENCES unit_submissions (id),
    latest_submission_id uuid NOT NULL REFERENCES unit_submissions (id),
    sampled boolean NOT NULL,
    sampling_share integer NOT NULL,
    sampling_draw integer NOT NULL,
    status integer NOT NULL,
    accepted_by integer NULL,
    grades jsonb NULL,
    rework_rounds integer NOT NULL,
    rework_deadline timestamptz NULL,
    last_reviewer_id uuid NULL,
    rejection_reason_code varchar(40) NULL,
    opened_at timestamptz NOT NULL,
    awaiting_review_since timestamptz NOT NULL,
    decided_at timestamptz NULL,
    rejected_at timestamptz NULL,
    decisions jsonb NOT NULL DEFAULT '[]',
    appeal jsonb NULL
);
CREATE INDEX ix_review_tasks_unit_id ON review_tasks (unit_id);
CREATE INDEX ix_review_tasks_worker_id ON review_tasks (worker_id);
CREATE INDEX ix_review_tasks_agent_id_status_awaiting_review_since ON review_tasks (agent_id, status, awaiting_review_since);

-- The agent's sampling shares (basis points by worker tier) and the seed of the sampling draws.
CREATE TABLE agent_quality_settings (
    agent_id uuid PRIMARY KEY REFERENCES agents (id),
    trial_share integer NOT NULL CHECK (trial_share BETWEEN 0 AND 10000),
    b_share integer NOT NULL CHECK (b_share BETWEEN 0 AND 10000),
    a_share integer NOT NULL CHECK (a_share BETWEEN 0 AND 10000),
    s_share integer NOT NULL CHECK (s_share BETWEEN 0 AND 10000),
    seed varchar(100) NOT NULL,
    created_at timestamptz NOT NULL
);
