-- Bank accounts: a worker's, paid into, and an agent's, paid from (owner_kind 0 / 1). The number is AES-GCM
-- ciphertext (ADR 0012); only its last three digits are stored in the clear, for masked views.
CREATE TABLE bank_accounts (
    owner_id uuid PRIMARY KEY,
    owner_kind integer NOT NULL CHECK (owner_kind IN (0, 1)),
    agent_id uuid NOT NULL REFERENCES agents (id),
    bank_code varchar(4) NOT NULL CHECK (bank_code ~ '^[0-9]{4}$'),
    branch_code varchar(3) NOT NULL CHECK (branch_code ~ '^[0-9]{3}$'),
    account_type integer NOT NULL CHECK (account_type IN (1, 2)),
    number_cipher text NOT NULL,
    number_last3 varchar(3) NOT NULL CHECK (number_last3 ~ '^[0-9]{3}$'),
    holder_name varchar(30) NOT NULL,
    bank_name varchar(15) NULL,
    branch_name varchar(15) NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ck_bank_accounts_agent_owns_itself CHECK (owner_kind = 0 OR owner_id = agent_id)
);
CREATE INDEX ix_bank_accounts_agent_id ON bank_accounts (agent_id);

-- The schedule each worker is paid on (0 Monthly, 1 SemiMonthly, 2 Daily); no row means Monthly.
CREATE TABLE worker_payout_settings (
    worker_id uuid PRIMARY KEY REFERENCES users (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    schedule integer NOT NULL CHECK (schedule BETWEEN 0 AND 2),
    changed_at timestamptz NOT NULL
);
CREATE INDEX ix_worker_payout_settings_agent_id ON worker_payout_settings (agent_id);
