-- What an agent's money needs besides the ledger: the job types it withholds income tax on, its qualified-invoice
-- registration number and invoice prefix, and the requester code and kana name its bank gave it for Zengin files.
CREATE TABLE agent_money_settings (
    agent_id uuid PRIMARY KEY REFERENCES agents (id),
    withheld_job_types integer[] NOT NULL,
    registration_number varchar(14) NULL CHECK (registration_number ~ '^T[0-9]{13}$'),
    invoice_prefix varchar(8) NULL CHECK (invoice_prefix ~ '^[A-Z][A-Z0-9]{1,7}$'),
    zengin_requester_code varchar(10) NULL CHECK (zengin_requester_code ~ '^[0-9]{10}$'),
    zengin_requester_name varchar(40) NULL,
    updated_at timestamptz NOT NULL
);
