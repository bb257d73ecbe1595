-- The double-entry ledger (ADR 0011). An account is (kind, agent whose books hold it, counterparty); the kinds are
-- reference data. Every transaction is posted once (unique idempotency key), never changed (triggers refuse UPDATE
-- and DELETE), balanced (a deferred constraint trigger sums its entries at commit), and reversed at most once.
CREATE TABLE ledger_account_kinds (
    id integer PRIMARY KEY,
    name varchar(40) NOT NULL UNIQUE,
    debit_normal boolean NOT NULL,
    has_party boolean NOT NULL
);
COMMENT ON TABLE ledger_account_kinds IS 'reference-data';
INSERT INTO ledger_account_kinds (id, name, debit_normal, has_party) VALUES
    (0, 'ClientReceivable', true, true),
    (1, 'AgentRevenue', false, false),
    (2, 'AgentCost', true, false),
    (3, 'WorkerPayable', false, true),
    (4, 'WithholdingTaxPayable', false, false),
    (5, 'ConsumptionTaxPayable', false, false),
    (6, 'AgentBank', true, false),
    (7, 'AgentPayable', false, true),
    (8, 'AgentReceivable', true, true);

CREATE TABLE ledger_transactions (
    id uuid PRIMARY KEY,
    kind integer NOT NULL CHECK (kind BETWEEN 0 AND 6),
    idempotency_key varchar(200) NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    description varchar(500) NOT NULL,
    reverses_transaction_id uuid NULL REFERENCES ledger_transactions (id),
    CONSTRAINT ux_ledger_transactions_idempotency_key UNIQUE (idempotency_key),
    -- A transaction is mirrored at most once.
    CONSTRAINT ux_ledger_transactions_reverses_transaction_id UNIQUE (reverses_transaction_id),
    -- Exactly the mirrors (PayoutFailed = 3, Reversal = 4) name the transaction they mirror.
    CONSTRAINT ck_ledger_transactions_mirror CHECK ((kind IN (3, 4)) = (reverses_transaction_id IS NOT NULL))
);
CREATE INDEX ix_ledger_transactions_occurred_at ON ledger_transactions (occurred_at);

CREATE TABLE ledger_entries (
    transaction_id uuid NOT NULL REFERENCES ledger_transactions (id),
    line integer NOT NULL CHECK (line >= 0),
    account_kind integer NOT NULL REFERENCES ledger_account_kinds (id),
    agent_id uuid NOT NULL REFERENCES agents (id),
    party_id uuid NULL,
    side integer NOT NULL CHECK (side IN (0, 1)),
    amount bigint NOT NULL CHECK (amount > 0),
    PRIMARY KEY (transaction_id, line),
    CONSTRAINT ck_ledger_entries_party CHECK ((account_kind IN (0, 3, 7, 8)) = (party_id IS NOT NULL))
);
CREATE INDEX ix_ledger_entries_account ON ledger_entries (agent_id, account_kind, party_id);

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_append_only: % of % is refused; post a reversing transaction instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Checked at commit, when every entry of the transaction is in: at least two entries and debits equal credits. On the
-- transactions table too, so a transaction without entries cannot be committed either.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tx uuid;
    debits bigint;
    credits bigint;
    lines integer;
BEGIN
    IF TG_TABLE_NAME = 'ledger_entries' THEN
        tx := NEW.transaction_id;
    ELSE
        tx := NEW.id;
    END IF;

    SELECT coalesce(sum(amount) FILTER (WHERE side = 0), 0), coalesce(sum(amount) FILTER (WHERE side = 1), 0), count(*)
    INTO debits, credits, lines
    FROM ledger_entries
    WHERE transaction_id = tx;

    IF lines < 2 OR debits <> credits THEN
        RAISE EXCEPTION 'ledger_unbalanced: transaction % has % entries, debits % and credits %', tx, lines, debits, credits
            USING ERRCODE = 'check_violation';
    END IF;

    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
