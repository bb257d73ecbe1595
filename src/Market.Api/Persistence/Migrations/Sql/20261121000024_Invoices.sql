-- Qualified invoices (適格請求書) as issued, never changed. Numbers are gapless per agent: invoice_counters is
-- incremented in the transaction that stores the invoice (ADR 0014). A job is invoiced at most once (invoice_jobs).
CREATE TABLE invoice_counters (
    agent_id uuid PRIMARY KEY REFERENCES agents (id),
    last_sequence integer NOT NULL CHECK (last_sequence >= 0)
);

CREATE TABLE invoices (
    id uuid PRIMARY KEY,
    agent_id uuid NOT NULL REFERENCES agents (id),
    client_id uuid NOT NULL REFERENCES client_firms (id),
    -- 0 one job, 1 a client's month
    kind integer NOT NULL CHECK (kind IN (0, 1)),
    period varchar(7) NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    number varchar(30) NOT NULL UNIQUE,
    prefix varchar(8) NOT NULL,
    sequence integer NOT NULL CHECK (sequence > 0),
    issue_date date NOT NULL,
    supply_from date NOT NULL,
    supply_to date NOT NULL CHECK (supply_to >= supply_from),
    issuer_name varchar(200) NOT NULL,
    registration_number varchar(14) NOT NULL CHECK (registration_number ~ '^T[0-9]{13}$'),
    recipient_name varchar(200) NOT NULL,
    lines jsonb NOT NULL,
    subtotal bigint NOT NULL CHECK (subtotal > 0),
    tax bigint NOT NULL CHECK (tax >= 0),
    total bigint NOT NULL CHECK (total = subtotal + tax),
    issued_at timestamptz NOT NULL,
    ledger_transaction_id uuid NOT NULL UNIQUE REFERENCES ledger_transactions (id),
    CONSTRAINT ux_invoices_agent_id_sequence UNIQUE (agent_id, sequence),
    CONSTRAINT ck_invoices_period CHECK ((kind = 1) = (period IS NOT NULL))
);
CREATE UNIQUE INDEX ux_invoices_monthly ON invoices (agent_id, client_id, period) WHERE kind = 1;
CREATE INDEX ix_invoices_client_id ON invoices (client_id);

CREATE TABLE invoice_jobs (
    job_id uuid PRIMARY KEY REFERENCES jobs (id),
    invoice_id uuid NOT NULL REFERENCES invoices (id)
);
CREATE INDEX ix_invoice_jobs_invoice_id ON invoice_jobs (invoice_id);

CREATE FUNCTION invoice_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'invoice_immutable: % of % is refused; an issued invoice is never changed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoice_refuse_change();
CREATE TRIGGER invoice_jobs_immutable BEFORE UPDATE OR DELETE ON invoice_jobs FOR EACH ROW EXECUTE FUNCTION invoice_refuse_change();
