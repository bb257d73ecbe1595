-- The ledger's lines and the payouts are written thousands at a time (a payout batch is one COPY of each, ADR 0048),
-- and PostgreSQL checks a foreign key once per row: for 100,000 payees 500,000 lookups, each locking its parent row
-- again (ADR 0049). These five references are now checked once per statement, over the statement's rows at once, with
-- the same promises a foreign key makes:
--   * a new row names parents that exist (checked after the statement, as a foreign key is), and each parent named is
--     locked FOR KEY SHARE until the transaction ends, so it cannot be deleted or re-keyed meanwhile;
--   * a parent still named cannot be deleted or re-keyed (checked row by row on the parent, which is rare).
-- The error is the foreign key's (23503), naming the constraint it replaces.

ALTER TABLE ledger_entries
    DROP CONSTRAINT ledger_entries_account_kind_fkey,
    DROP CONSTRAINT ledger_entries_agent_id_fkey,
    DROP CONSTRAINT ledger_entries_transaction_id_fkey;
ALTER TABLE payouts
    DROP CONSTRAINT payouts_batch_id_fkey,
    DROP CONSTRAINT payouts_worker_id_fkey;

-- Each parent check is one statement: lock the parents named (in key order, as concurrent checks must), and compare
-- how many were found with how many are named; only when they differ is the missing key looked up for the message.
CREATE FUNCTION ledger_entries_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM agents a WHERE a.id IN (SELECT n.agent_id FROM new_entries n) ORDER BY a.id FOR KEY SHARE OF a) x)
       <> (SELECT count(DISTINCT n.agent_id) FROM new_entries n) THEN
        SELECT n.agent_id::text INTO missing FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = n.agent_id) LIMIT 1;
        RAISE EXCEPTION 'insert on table "ledger_entries" violates foreign key constraint "ledger_entries_agent_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'ledger_entries_agent_id_fkey', TABLE = 'ledger_entries',
                  DETAIL = format('Key (agent_id)=(%s) is not present in table "agents".', missing);
    END IF;

    IF (SELECT count(*) FROM (SELECT 1 FROM ledger_transactions t WHERE t.id IN (SELECT n.transaction_id FROM new_entries n) ORDER BY t.id FOR KEY SHARE OF t) x)
       <> (SELECT count(DISTINCT n.transaction_id) FROM new_entries n) THEN
        SELECT n.transaction_id::text INTO missing FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.id = n.transaction_id) LIMIT 1;
        RAISE EXCEPTION 'insert on table "ledger_entries" violates foreign key constraint "ledger_entries_transaction_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'ledger_entries_transaction_id_fkey', TABLE = 'ledger_entries',
                  DETAIL = format('Key (transaction_id)=(%s) is not present in table "ledger_transactions".', missing);
    END IF;

    IF (SELECT count(*) FROM (SELECT 1 FROM ledger_account_kinds k WHERE k.id IN (SELECT n.account_kind FROM new_entries n) ORDER BY k.id FOR KEY SHARE OF k) x)
       <> (SELECT count(DISTINCT n.account_kind) FROM new_entries n) THEN
        SELECT n.account_kind::text INTO missing FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM ledger_account_kinds k WHERE k.id = n.account_kind) LIMIT 1;
        RAISE EXCEPTION 'insert on table "ledger_entries" violates foreign key constraint "ledger_entries_account_kind_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'ledger_entries_account_kind_fkey', TABLE = 'ledger_entries',
                  DETAIL = format('Key (account_kind)=(%s) is not present in table "ledger_account_kinds".', missing);
    END IF;

    RETURN NULL;
END
$$;

CREATE TRIGGER ledger_entries_references AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_check_references();

CREATE FUNCTION payouts_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    IF (SELECT count(*) FROM (SELECT 1 FROM payout_batches b WHERE b.id IN (SELECT n.batch_id FROM new_payouts n) ORDER BY b.id FOR KEY SHARE OF b) x)
       <> (SELECT count(DISTINCT n.batch_id) FROM new_payouts n) THEN
        SELECT n.batch_id::text INTO missing FROM new_payouts n WHERE NOT EXISTS (SELECT 1 FROM payout_batches b WHERE b.id = n.batch_id) LIMIT 1;
        RAISE EXCEPTION 'insert or update on table "payouts" violates foreign key constraint "payouts_batch_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'payouts_batch_id_fkey', TABLE = 'payouts',
                  DETAIL = format('Key (batch_id)=(%s) is not present in table "payout_batches".', missing);
    END IF;

    IF (SELECT count(*) FROM (SELECT 1 FROM users u WHERE u.id IN (SELECT n.worker_id FROM new_payouts n) ORDER BY u.id FOR KEY SHARE OF u) x)
       <> (SELECT count(DISTINCT n.worker_id) FROM new_payouts n) THEN
        SELECT n.worker_id::text INTO missing FROM new_payouts n WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.worker_id) LIMIT 1;
        RAISE EXCEPTION 'insert or update on table "payouts" violates foreign key constraint "payouts_worker_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'payouts_worker_id_fkey', TABLE = 'payouts',
                  DETAIL = format('Key (worker_id)=(%s) is not present in table "users".', missing);
    END IF;

    RETURN NULL;
END
$$;

-- A payout's batch and worker never change once written (only its status and failure do), but an UPDATE that moved
-- them would be checked the same way: one trigger for inserts and one for updates (a transition table is per event).
CREATE TRIGGER payouts_references_insert AFTER INSERT ON payouts
    REFERENCING NEW TABLE AS new_payouts FOR EACH STATEMENT EXECUTE FUNCTION payouts_check_references();
CREATE TRIGGER payouts_references_update AFTER UPDATE ON payouts
    REFERENCING NEW TABLE AS new_payouts FOR EACH STATEMENT EXECUTE FUNCTION payouts_check_references();

-- The parents' side: a row still named cannot be deleted or re-keyed. Ledger transactions are append-only already.
CREATE FUNCTION refuse_removing_a_named_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    named boolean;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
        RETURN NEW;
    END IF;

    CASE TG_TABLE_NAME
        WHEN 'agents' THEN
            named := EXISTS (SELECT 1 FROM ledger_entries e WHERE e.agent_id = OLD.id);
        WHEN 'ledger_account_kinds' THEN
            named := EXISTS (SELECT 1 FROM ledger_entries e WHERE e.account_kind = OLD.id);
        WHEN 'payout_batches' THEN
            named := EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = OLD.id);
        WHEN 'users' THEN
            named := EXISTS (SELECT 1 FROM payouts p WHERE p.worker_id = OLD.id);
    END CASE;

    IF named THEN
        RAISE EXCEPTION '% on table "%" violates a reference to it: key (id)=(%) is still named by %', TG_OP, TG_TABLE_NAME, OLD.id,
                CASE WHEN TG_TABLE_NAME IN ('agents', 'ledger_account_kinds') THEN 'ledger_entries' ELSE 'payouts' END
            USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
    END IF;

    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER agents_named_by_ledger BEFORE DELETE OR UPDATE OF id ON agents
    FOR EACH ROW EXECUTE FUNCTION refuse_removing_a_named_parent();
CREATE TRIGGER ledger_account_kinds_named_by_ledger BEFORE DELETE OR UPDATE OF id ON ledger_account_kinds
    FOR EACH ROW EXECUTE FUNCTION refuse_removing_a_named_parent();
CREATE TRIGGER payout_batches_named_by_payouts BEFORE DELETE OR UPDATE OF id ON payout_batches
    FOR EACH ROW EXECUTE FUNCTION refuse_removing_a_named_parent();
CREATE TRIGGER users_named_by_payouts BEFORE DELETE OR UPDATE OF id ON users
    FOR EACH ROW EXECUTE FUNCTION refuse_removing_a_named_parent();
