-- Responses of POSTs sent with an Idempotency-Key, written in the same transaction as the change they describe,
-- so a retry after a crash either replays the stored answer or finds nothing and runs again.
CREATE TABLE idempotency_keys (
    tenant_id uuid NOT NULL,
    key varchar(200) NOT NULL,
    request_hash char(64) NOT NULL,
    endpoint varchar(200) NOT NULL,
    status_code integer NOT NULL,
    location varchar(500) NULL,
    response_body jsonb NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
