-- Payout batches (ADR 0013): one per agent, schedule and cut-off — the unique key, not the scheduler, is what makes
-- a rerun, a second node or a restart after a crash find the batch instead of building another. One payout per worker
-- per batch (the primary key). Each payout keeps the account it is sent to, the number AES-GCM encrypted.
CREATE TABLE payout_batches (
    id uuid PRIMARY KEY,
    agent_id uuid NOT NULL REFERENCES agents (id),
    schedule integer NOT NULL CHECK (schedule BETWEEN 0 AND 2),
    cutoff_date date NOT NULL,
    payment_date date NOT NULL CHECK (payment_date >= cutoff_date),
    is_month_end boolean NOT NULL,
    -- 0 Building, 1 Posted, 2 FileIssued, 3 Confirmed, 4 NothingDue
    status integer NOT NULL CHECK (status BETWEEN 0 AND 4),
    payout_count integer NOT NULL CHECK (payout_count >= 0),
    total bigint NOT NULL CHECK (total >= 0),
    built_at timestamptz NOT NULL,
    posted_at timestamptz NULL,
    file_issued_at timestamptz NULL,
    confirmed_at timestamptz NULL,
    carried_forward jsonb NOT NULL,
    CONSTRAINT ux_payout_batches_agent_schedule_cutoff UNIQUE (agent_id, schedule, cutoff_date),
    CONSTRAINT ck_payout_batches_nothing_due CHECK ((status = 4) = (payout_count = 0))
);

CREATE TABLE payouts (
    batch_id uuid NOT NULL REFERENCES payout_batches (id),
    worker_id uuid NOT NULL REFERENCES users (id),
    amount bigint NOT NULL CHECK (amount > 0),
    -- 0 Pending, 1 Paid, 2 Failed
    status integer NOT NULL CHECK (status BETWEEN 0 AND 2),
    failure_reason varchar(500) NULL,
    failed_at timestamptz NULL,
    bank_code varchar(4) NOT NULL,
    branch_code varchar(3) NOT NULL,
    account_type integer NOT NULL CHECK (account_type IN (1, 2)),
    number_cipher text NOT NULL,
    number_last3 varchar(3) NOT NULL,
    holder_name varchar(30) NOT NULL,
    bank_name varchar(15) NULL,
    branch_name varchar(15) NULL,
    PRIMARY KEY (batch_id, worker_id),
    CONSTRAINT ck_payouts_failure CHECK ((status = 2) = (failure_reason IS NOT NULL AND failed_at IS NOT NULL))
);
CREATE INDEX ix_payouts_worker_id ON payouts (worker_id);
