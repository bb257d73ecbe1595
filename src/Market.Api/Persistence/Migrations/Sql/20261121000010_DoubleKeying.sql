-- Double keying (二重入力): when both keyings of a data-entry batch are accepted they are compared cell by cell
-- after normalisation. The comparison is recorded once per pair (the primary key is the round-1 unit); cells that
-- disagree become one adjudication task, decided by a reviewer of the lead agent (a choice or a third keying).
CREATE TABLE keying_comparisons (
    round1_unit_id uuid PRIMARY KEY REFERENCES work_units (id),
    round2_unit_id uuid NOT NULL UNIQUE REFERENCES work_units (id),
    job_id uuid NOT NULL REFERENCES jobs (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    cells_compared integer NOT NULL CHECK (cells_compared >= 0),
    cells_agreed integer NOT NULL CHECK (cells_agreed >= 0),
    adjudication_task_id uuid NULL,
    compared_at timestamptz NOT NULL
);
CREATE INDEX ix_keying_comparisons_job_id ON keying_comparisons (job_id);

CREATE TABLE adjudication_tasks (
    id uuid PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES jobs (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    round1_unit_id uuid NOT NULL UNIQUE REFERENCES work_units (id),
    round2_unit_id uuid NOT NULL REFERENCES work_units (id),
    round1_worker_id uuid NOT NULL REFERENCES users (id),
    round2_worker_id uuid NOT NULL REFERENCES users (id),
    status integer NOT NULL,
    opened_at timestamptz NOT NULL,
    resolved_at timestamptz NULL,
    cells jsonb NOT NULL
);
CREATE INDEX ix_adjudication_tasks_agent_id_status_opened_at ON adjudication_tasks (agent_id, status, opened_at);
CREATE INDEX ix_adjudication_tasks_job_id ON adjudication_tasks (job_id);
