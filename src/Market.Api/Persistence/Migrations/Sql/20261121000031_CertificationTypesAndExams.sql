-- Certification types and their exam question banks. The platform's types (agent_id NULL) are seeded by the next
-- migration; agents add their own (agent_id set, codes unique per agent and never a platform code).
--
-- Both tables hold reference data and are kept when tests reset data. For that reason agent_id carries no foreign key
-- to agents: TRUNCATE agents CASCADE would otherwise empty these tables, platform seed included. Tenancy is enforced by
-- the query filter on agent_id (an agent sees the platform's rows and its own).
CREATE TABLE certification_types (
    id uuid PRIMARY KEY,
    code varchar(40) NOT NULL,
    agent_id uuid NULL,
    name_ja varchar(100) NOT NULL,
    name_en varchar(100) NOT NULL,
    description_ja varchar(2000) NULL,
    description_en varchar(2000) NULL,
    questions_per_attempt integer NOT NULL CHECK (questions_per_attempt BETWEEN 1 AND 50),
    pass_mark_percent integer NOT NULL CHECK (pass_mark_percent BETWEEN 1 AND 100),
    time_limit_minutes integer NOT NULL CHECK (time_limit_minutes BETWEEN 1 AND 180),
    attempts_before_cooldown integer NOT NULL CHECK (attempts_before_cooldown BETWEEN 1 AND 10),
    cooldown_hours integer NOT NULL CHECK (cooldown_hours BETWEEN 1 AND 720),
    validity_months integer NOT NULL CHECK (validity_months BETWEEN 1 AND 60),
    renewal_window_days integer NOT NULL CHECK (renewal_window_days BETWEEN 1 AND 90),
    grace_days integer NOT NULL CHECK (grace_days BETWEEN 0 AND 60),
    practical_min_accuracy_basis_points integer NULL CHECK (practical_min_accuracy_basis_points BETWEEN 1 AND 10000),
    practical_min_cells integer NULL CHECK (practical_min_cells > 0),
    created_at timestamptz NOT NULL,
    CHECK ((practical_min_accuracy_basis_points IS NULL) = (practical_min_cells IS NULL))
);
CREATE UNIQUE INDEX ix_certification_types_agent_id_code ON certification_types (agent_id, code) NULLS NOT DISTINCT;
COMMENT ON TABLE certification_types IS 'reference-data';

CREATE TABLE exam_questions (
    id uuid PRIMARY KEY,
    certification_type_id uuid NOT NULL REFERENCES certification_types (id),
    agent_id uuid NULL,
    prompt_ja varchar(2000) NOT NULL,
    prompt_en varchar(2000) NOT NULL,
    options jsonb NOT NULL,
    correct_option integer NOT NULL,
    active boolean NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (jsonb_typeof(options) = 'array' AND correct_option >= 0 AND correct_option < jsonb_array_length(options))
);
CREATE INDEX ix_exam_questions_certification_type_id ON exam_questions (certification_type_id);
COMMENT ON TABLE exam_questions IS 'reference-data';

-- One sitting of an exam. items: the drawn questions in order with the worker's choices (no answers: those stay in
-- exam_questions until scoring, which happens only on the server).
CREATE TABLE exam_attempts (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    certification_type_id uuid NOT NULL REFERENCES certification_types (id),
    code varchar(40) NOT NULL,
    kind integer NOT NULL,
    started_at timestamptz NOT NULL,
    deadline timestamptz NOT NULL,
    pass_mark_percent integer NOT NULL,
    items jsonb NOT NULL,
    status integer NOT NULL,
    finished_at timestamptz NULL,
    correct_count integer NULL,
    score_percent integer NULL,
    passed boolean NULL,
    CHECK ((status = 0) = (finished_at IS NULL))
);
-- At most one attempt in progress per worker and type: two racing starts cannot both succeed.
CREATE UNIQUE INDEX ix_exam_attempts_one_in_progress ON exam_attempts (user_id, certification_type_id) WHERE status = 0;
CREATE INDEX ix_exam_attempts_user_id_certification_type_id ON exam_attempts (user_id, certification_type_id);
-- The sweep that scores attempts left open past their deadline.
CREATE INDEX ix_exam_attempts_open_deadline ON exam_attempts (deadline) WHERE status = 0;

-- The latest practical result (gold units) per worker and certification type, recorded by the worker's agent.
CREATE TABLE certification_practical_results (
    user_id uuid NOT NULL REFERENCES users (id),
    code varchar(40) NOT NULL,
    agent_id uuid NOT NULL REFERENCES agents (id),
    cells_compared integer NOT NULL CHECK (cells_compared > 0),
    cells_correct integer NOT NULL CHECK (cells_correct BETWEEN 0 AND cells_compared),
    recorded_at timestamptz NOT NULL,
    recorded_by uuid NOT NULL REFERENCES users (id),
    PRIMARY KEY (user_id, code)
);
