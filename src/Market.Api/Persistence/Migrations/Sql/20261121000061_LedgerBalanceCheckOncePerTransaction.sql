-- The ledger's balance check (ADR 0011) ran once per entry and once per transaction at commit: three sums for a
-- two-line payout, and for a transaction of n lines n + 1 sums of n rows. It now runs once per transaction for each
-- run of consecutive checks of it (ADR 0044): the deferred events of a transaction's entries are queued together, so
-- after the first check the others of that run are skipped. What was checked is remembered for the rest of the
-- database transaction in the setting ledger.checked, and forgotten by every INSERT into ledger_entries (before and
-- after the statement), so an entry inserted after a check is always checked itself — also when checks fire before
-- the commit (SET CONSTRAINTS … IMMEDIATE). Only the transaction checked last is remembered.
CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
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

    IF current_setting('ledger.checked', true) = tx::text THEN
        RETURN NULL;
    END IF;

    SELECT coalesce(sum(amount) FILTER (WHERE side = 0), 0), coalesce(sum(amount) FILTER (WHERE side = 1), 0), count(*)
    INTO debits, credits, lines
    FROM ledger_entries
    WHERE transaction_id = tx;

    IF lines < 2 OR debits <> credits THEN
        RAISE EXCEPTION 'ledger_unbalanced: transaction % has % entries, debits % and credits %', tx, lines, debits, credits
            USING ERRCODE = 'check_violation';
    END IF;

    PERFORM set_config('ledger.checked', tx::text, true);
    RETURN NULL;
END
$$;

CREATE FUNCTION ledger_forget_checked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('ledger.checked', '', true);
    RETURN NULL;
END
$$;

CREATE TRIGGER ledger_entries_forget_checked_before BEFORE INSERT ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_forget_checked();
CREATE TRIGGER ledger_entries_forget_checked_after AFTER INSERT ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_forget_checked();
