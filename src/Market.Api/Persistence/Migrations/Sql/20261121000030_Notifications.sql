-- In-app notifications (the bell) and the outbox the default email sender writes to. A notification that must be
-- sent once (a reminder per certification per threshold, a weekly report per team) carries a dedupe key: the unique
-- index, not a check before the insert, makes a second run of a job (or a second node) a no-op.
CREATE TABLE notifications (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    tenant_id uuid NULL,
    kind varchar(60) NOT NULL,
    title varchar(300) NOT NULL,
    body text NOT NULL,
    link varchar(500) NULL,
    dedupe_key varchar(200) NULL,
    created_at timestamptz NOT NULL,
    read_at timestamptz NULL
);
-- NULL keys never collide, so notifications without a key are never deduplicated.
CREATE UNIQUE INDEX ix_notifications_user_id_dedupe_key ON notifications (user_id, dedupe_key);
CREATE INDEX ix_notifications_user_id_created_at ON notifications (user_id, created_at);

-- Emails waiting for a relay. A sender process (or an operator) sets sent_at; nothing is lost if the relay is down.
CREATE TABLE email_outbox (
    id uuid PRIMARY KEY,
    user_id uuid NULL REFERENCES users (id),
    notification_id uuid NULL REFERENCES notifications (id),
    to_address varchar(256) NOT NULL,
    subject varchar(300) NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at timestamptz NULL
);
CREATE INDEX ix_email_outbox_unsent ON email_outbox (created_at) WHERE sent_at IS NULL;
