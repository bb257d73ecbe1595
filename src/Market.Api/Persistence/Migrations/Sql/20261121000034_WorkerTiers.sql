-- Tiers: an agent's thresholds for A and S (defaults in code when no row), every tier change with the inputs it was
-- decided from, and one row per agent per month marking that the month's recomputation ran (the first statement of
-- the run inserts it, so a second run — or a second node — finds it and does nothing).
CREATE TABLE agent_tier_thresholds (
    agent_id uuid PRIMARY KEY REFERENCES agents (id),
    a_min_accepted_units integer NOT NULL,
    a_min_acceptance_rate_basis_points integer NOT NULL CHECK (a_min_acceptance_rate_basis_points BETWEEN 0 AND 10000),
    a_min_mean_grade_hundredths integer NOT NULL CHECK (a_min_mean_grade_hundredths BETWEEN 100 AND 500),
    a_max_rework_rate_basis_points integer NOT NULL CHECK (a_max_rework_rate_basis_points BETWEEN 0 AND 10000),
    s_min_accepted_units integer NOT NULL,
    s_min_acceptance_rate_basis_points integer NOT NULL CHECK (s_min_acceptance_rate_basis_points BETWEEN 0 AND 10000),
    s_min_mean_grade_hundredths integer NOT NULL CHECK (s_min_mean_grade_hundredths BETWEEN 100 AND 500),
    s_max_rework_rate_basis_points integer NOT NULL CHECK (s_max_rework_rate_basis_points BETWEEN 0 AND 10000),
    updated_at timestamptz NOT NULL,
    updated_by uuid NOT NULL REFERENCES users (id)
);

CREATE TABLE worker_tier_changes (
    id uuid PRIMARY KEY,
    agent_id uuid NOT NULL REFERENCES agents (id),
    user_id uuid NOT NULL REFERENCES users (id),
    period varchar(7) NOT NULL,
    from_tier integer NOT NULL,
    to_tier integer NOT NULL,
    changed_at timestamptz NOT NULL,
    inputs jsonb NOT NULL
);
-- At most one change per worker per month.
CREATE UNIQUE INDEX ix_worker_tier_changes_user_id_period ON worker_tier_changes (user_id, period);
CREATE INDEX ix_worker_tier_changes_agent_id ON worker_tier_changes (agent_id);

CREATE TABLE tier_recompute_runs (
    agent_id uuid NOT NULL REFERENCES agents (id),
    period varchar(7) NOT NULL,
    ran_at timestamptz NOT NULL,
    workers_evaluated integer NOT NULL,
    tiers_changed integer NOT NULL,
    PRIMARY KEY (agent_id, period)
);
