CREATE TABLE jobs (
    id uuid PRIMARY KEY,
    client_id uuid NOT NULL REFERENCES client_firms (id),
    type integer NOT NULL,
    status integer NOT NULL,
    title varchar(200) NOT NULL,
    spec_markdown text NOT NULL,
    deadline timestamptz NOT NULL,
    confidentiality integer NOT NULL,
    region_preference text[] NOT NULL,
    input_files text[] NOT NULL,
    transcription_settings jsonb NULL,
    data_entry_settings jsonb NULL,
    web_edit_settings jsonb NULL,
    contracted_agent_id uuid NULL REFERENCES agents (id),
    agreed_price bigint NULL CHECK (agreed_price > 0),
    deliverable char(64) NULL,
    revision_rounds integer NOT NULL,
    cancellation_reason text NULL,
    created_at timestamptz NOT NULL,
    published_at timestamptz NULL,
    contracted_at timestamptz NULL,
    started_at timestamptz NULL,
    delivered_at timestamptz NULL,
    accepted_at timestamptz NULL,
    closed_at timestamptz NULL,
    cancelled_at timestamptz NULL,
    -- exactly the settings of the job's type (0 transcription, 1 data entry, 2 web edit)
    CONSTRAINT ck_jobs_settings CHECK (
        (type = 0) = (transcription_settings IS NOT NULL)
        AND (type = 1) = (data_entry_settings IS NOT NULL)
        AND (type = 2) = (web_edit_settings IS NOT NULL))
);
CREATE INDEX ix_jobs_client_id ON jobs (client_id);
CREATE INDEX ix_jobs_contracted_agent_id ON jobs (contracted_agent_id);
CREATE INDEX ix_jobs_status ON jobs (status);

CREATE TABLE work_units (
    id uuid PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES jobs (id),
    sequence integer NOT NULL CHECK (sequence > 0),
    kind integer NOT NULL,
    status integer NOT NULL,
    estimated_minutes integer NOT NULL CHECK (estimated_minutes > 0),
    segment jsonb NULL,
    slice jsonb NULL,
    page jsonb NULL,
    twin_unit_id uuid NULL,
    worker_id uuid NULL,
    assignment_id uuid NULL,
    reviewer_id uuid NULL,
    rework_rounds integer NOT NULL,
    rejections integer NOT NULL,
    last_reason text NULL,
    assigned_at timestamptz NULL,
    submitted_at timestamptz NULL,
    accepted_at timestamptz NULL
);
CREATE UNIQUE INDEX ix_work_units_job_id_sequence ON work_units (job_id, sequence);
CREATE INDEX ix_work_units_job_id_status ON work_units (job_id, status);

-- The price the client saw when the job was split (derived from the units and the rate card at that moment).
CREATE TABLE job_quotes (
    job_id uuid PRIMARY KEY REFERENCES jobs (id),
    unit_count integer NOT NULL,
    worker_pay bigint NOT NULL CHECK (worker_pay >= 0),
    agent_margin bigint NOT NULL CHECK (agent_margin >= 0),
    audio_ms bigint NOT NULL,
    keyed_fields integer NOT NULL,
    quoted_at timestamptz NOT NULL
);

-- A unit's segment encoded once as a small speech-bitrate file for narrowband lines.
CREATE TABLE unit_media (
    unit_id uuid PRIMARY KEY REFERENCES work_units (id),
    file_sha256 char(64) NOT NULL,
    media_type varchar(50) NOT NULL,
    length bigint NOT NULL,
    created_at timestamptz NOT NULL
);
