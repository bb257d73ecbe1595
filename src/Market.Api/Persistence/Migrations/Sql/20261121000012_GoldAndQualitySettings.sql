-- Gold (known-answer) records and the agent's gold settings. Gold is mixed into a data-entry worker's batch when
-- they first open it (placements: at most once per worker and gold record — a seen record is no longer blind) and
-- scored when they submit (results, once per assignment and gold record).
ALTER TABLE agent_quality_settings
    ADD COLUMN gold_share integer NOT NULL DEFAULT 500 CHECK (gold_share BETWEEN 0 AND 5000),
    ADD COLUMN gold_low_watermark integer NOT NULL DEFAULT 20 CHECK (gold_low_watermark BETWEEN 0 AND 100000),
    ADD COLUMN updated_at timestamptz NULL;
ALTER TABLE agent_quality_settings ALTER COLUMN gold_share DROP DEFAULT, ALTER COLUMN gold_low_watermark DROP DEFAULT;

CREATE TABLE gold_records (
    id uuid PRIMARY KEY,
    agent_id uuid NOT NULL REFERENCES agents (id),
    fields jsonb NOT NULL,
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_gold_records_agent_id ON gold_records (agent_id);

CREATE TABLE gold_placements (
    assignment_id uuid NOT NULL REFERENCES assignments (id),
    gold_record_id uuid NOT NULL REFERENCES gold_records (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    worker_id uuid NOT NULL REFERENCES users (id),
    position integer NOT NULL CHECK (position >= 0),
    placed_at timestamptz NOT NULL,
    PRIMARY KEY (assignment_id, gold_record_id)
);
CREATE UNIQUE INDEX ix_gold_placements_worker_id_gold_record_id ON gold_placements (worker_id, gold_record_id);

CREATE TABLE gold_results (
    assignment_id uuid NOT NULL REFERENCES assignments (id),
    gold_record_id uuid NOT NULL REFERENCES gold_records (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    worker_id uuid NOT NULL REFERENCES users (id),
    cells_compared integer NOT NULL CHECK (cells_compared >= 0),
    cells_correct integer NOT NULL CHECK (cells_correct BETWEEN 0 AND cells_compared),
    wrong_fields jsonb NOT NULL,
    scored_at timestamptz NOT NULL,
    PRIMARY KEY (assignment_id, gold_record_id)
);
CREATE INDEX ix_gold_results_worker_id_scored_at ON gold_results (worker_id, scored_at);
