-- A client's revision request on a delivery: the summary and comments pinned to units. Pinned units go back to the
-- contracting agent's pool with the comment; the agent redelivers after they are accepted again.
CREATE TABLE job_revision_requests (
    id uuid PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES jobs (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    client_id uuid NOT NULL,
    round integer NOT NULL CHECK (round >= 1),
    summary text NOT NULL,
    unit_comments jsonb NOT NULL,
    requested_by uuid NOT NULL REFERENCES users (id),
    requested_at timestamptz NOT NULL,
    UNIQUE (job_id, round)
);
