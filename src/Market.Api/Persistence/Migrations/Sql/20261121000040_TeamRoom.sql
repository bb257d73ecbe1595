-- The team room (virtual office): presence from activity, check-ins, the team channel with read marks and mentions,
-- idle alerts, and each agent's alert threshold. Presence is shared by every API instance through these tables;
-- changes are announced on the 'team_room' channel (LISTEN/NOTIFY) so each instance can push to its own browsers.

-- One row per open page (a hub connection, or 'http:<user>' for pages that beat over HTTP). Rows of a crashed
-- instance simply stop being refreshed: presence ignores beats older than 90 s and a job deletes them.
CREATE TABLE presence_connections (
    connection_id varchar(100) PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    instance_id varchar(200) NOT NULL,
    connected_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    last_input_at timestamptz NULL
);
CREATE INDEX ix_presence_connections_user_id ON presence_connections (user_id);
CREATE INDEX ix_presence_connections_last_seen_at ON presence_connections (last_seen_at);

-- A worker's choice to hide their presence; no row means visible.
CREATE TABLE presence_visibility (
    user_id uuid PRIMARY KEY REFERENCES users (id),
    hidden boolean NOT NULL,
    changed_at timestamptz NOT NULL
);

CREATE TABLE check_ins (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    started_at timestamptz NOT NULL,
    start_note varchar(500) NULL,
    ended_at timestamptz NULL,
    end_note varchar(500) NULL,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- At most one open check-in per worker, whatever two browser tabs do at once.
CREATE UNIQUE INDEX ix_check_ins_one_open_per_user ON check_ins (user_id) WHERE ended_at IS NULL;
CREATE INDEX ix_check_ins_agent_id_started_at ON check_ins (agent_id, started_at);
CREATE INDEX ix_check_ins_user_id_started_at ON check_ins (user_id, started_at);

-- Messages are never edited: the identity sequence orders a channel and is what read marks point at.
CREATE TABLE team_messages (
    id uuid PRIMARY KEY,
    sequence bigint GENERATED ALWAYS AS IDENTITY,
    team_id uuid NOT NULL REFERENCES teams (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    author_user_id uuid NOT NULL REFERENCES users (id),
    kind integer NOT NULL,
    body varchar(2000) NOT NULL,
    mentioned_user_ids uuid[] NOT NULL,
    posted_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_team_messages_team_id_sequence ON team_messages (team_id, sequence);
CREATE INDEX ix_team_messages_author_user_id_posted_at ON team_messages (author_user_id, posted_at);
-- The daily idle sweep and the impact reports read submissions by worker and time.
CREATE INDEX ix_unit_submissions_worker_id_submitted_at ON unit_submissions (worker_id, submitted_at);

CREATE TABLE team_message_reads (
    team_id uuid NOT NULL REFERENCES teams (id),
    user_id uuid NOT NULL REFERENCES users (id),
    last_read_sequence bigint NOT NULL,
    read_at timestamptz NOT NULL,
    PRIMARY KEY (team_id, user_id)
);

-- Who was mentioned where; kept here until mentions go to the platform's notifications.
CREATE TABLE team_mentions (
    message_id uuid NOT NULL REFERENCES team_messages (id),
    user_id uuid NOT NULL REFERENCES users (id),
    team_id uuid NOT NULL REFERENCES teams (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    created_at timestamptz NOT NULL,
    read_at timestamptz NULL,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX ix_team_mentions_user_id_unread ON team_mentions (user_id) WHERE read_at IS NULL;

CREATE TABLE team_room_settings (
    agent_id uuid PRIMARY KEY REFERENCES agents (id),
    idle_alert_days integer NOT NULL CHECK (idle_alert_days BETWEEN 1 AND 60),
    updated_at timestamptz NOT NULL
);

-- One alert per worker per idle spell: the spell is named by the worker's last activity, so the daily job can run
-- any number of times (or on two nodes) and the coordinator hears about one silence once.
CREATE TABLE idle_alerts (
    id uuid PRIMARY KEY,
    agent_id uuid NOT NULL REFERENCES agents (id),
    worker_user_id uuid NOT NULL REFERENCES users (id),
    idle_since timestamptz NOT NULL,
    threshold_days integer NOT NULL,
    recipient_user_ids uuid[] NOT NULL,
    alerted_at timestamptz NOT NULL,
    acknowledged_at timestamptz NULL,
    acknowledged_by uuid NULL REFERENCES users (id)
);
CREATE UNIQUE INDEX ix_idle_alerts_one_per_spell ON idle_alerts (worker_user_id, idle_since);
CREATE INDEX ix_idle_alerts_agent_id_alerted_at ON idle_alerts (agent_id, alerted_at);

-- A worker's unit activity (a claim, an autosave renewing the lease, a submission, a release) changes their presence.
-- Announced from the database so every path that touches a lease is covered without each one remembering to.
CREATE FUNCTION team_room_notify_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.last_activity_at IS DISTINCT FROM OLD.last_activity_at OR NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM pg_notify('team_room', 'user:' || NEW.worker_id::text);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER assignments_team_room_notify AFTER INSERT OR UPDATE ON assignments
    FOR EACH ROW EXECUTE FUNCTION team_room_notify_assignment();
