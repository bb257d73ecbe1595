-- A payout names its worker (a user). Migration 0071 checked that reference once per statement but still locked every
-- worker named FOR KEY SHARE, as a foreign key does: for a payout run of 100,000 payees, 100,000 row locks, each writing
-- the user row's header — 0.66 s of the run's 4.8 s in the database (ADR 0050). Users are not removed by any product
-- path; only an operator, by hand, could. So the cost of the race between writing a payout and removing its worker
-- moves to the rare side:
--   * writing payouts checks, after the statement, that every worker named exists, without locking them;
--   * removing (or re-keying) a user first takes payouts in SHARE mode, which waits for every transaction writing payouts
--     and holds new ones back until it ends, then refuses if the user is still named. Under READ COMMITTED the check
--     then sees every payout committed meanwhile; a removal under REPEATABLE READ or SERIALIZABLE could not (its
--     snapshot is older than the wait), so it is refused outright.
-- The batch reference keeps its FOR KEY SHARE lock: a statement names one batch or a few.

CREATE OR REPLACE FUNCTION payouts_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
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

    SELECT n.worker_id::text INTO missing FROM new_payouts n WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.worker_id) LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "payouts" violates foreign key constraint "payouts_worker_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'payouts_worker_id_fkey', TABLE = 'payouts',
                  DETAIL = format('Key (worker_id)=(%s) is not present in table "users".', missing);
    END IF;

    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION refuse_removing_a_named_parent() RETURNS trigger LANGUAGE plpgsql AS $$
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
            -- Writers of payouts do not lock the workers they name: wait for them all, then look (see above).
            IF current_setting('transaction_isolation') <> 'read committed' THEN
                RAISE EXCEPTION '% on table "users" must run under READ COMMITTED: payouts naming key (id)=(%) may have been written since this transaction''s snapshot', TG_OP, OLD.id
                    USING ERRCODE = 'object_not_in_prerequisite_state', TABLE = 'users';
            END IF;
            LOCK TABLE payouts IN SHARE MODE;
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
