-- A job's progress (units per status) kept by PostgreSQL itself, so GET /api/v1/jobs/{id} reads a few counter rows
-- instead of counting a million units on every request (ADR 0045, docs/benchmarks.md section 4).
--
-- Statement-level triggers with transition tables on work_units add each statement's delta per (job, status): they
-- fire for every way units are written — EF's INSERT/UPDATE, the binary COPY of a posted job (BulkInsert), raw SQL —
-- and once per statement, so a COPY of 40,000 units costs one aggregate over its transition table, not 40,000 calls.
--
-- A (job, status) has several counter rows ("slots"); the true count is their sum. A writer adds its delta to a slot
-- that no other open transaction holds (FOR UPDATE SKIP LOCKED) or opens a new one, so it never waits for a counter:
-- concurrent claimers on the same job do not serialise on one row, and counters can never deadlock two transactions
-- that otherwise touch different units. The number of slots grows only with the peak number of concurrent writers
-- of one job and status.
CREATE TABLE job_unit_counts (
    job_id uuid NOT NULL REFERENCES jobs (id),
    status integer NOT NULL,
    slot integer NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (job_id, status, slot)
);

CREATE FUNCTION job_unit_counts_add(p_job uuid, p_status integer, p_delta bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    free_slot integer;
BEGIN
    LOOP
        -- A slot this transaction already holds, or one nobody holds; never wait for another writer.
        SELECT slot INTO free_slot FROM job_unit_counts
        WHERE job_id = p_job AND status = p_status
        LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF FOUND THEN
            UPDATE job_unit_counts SET count = count + p_delta
            WHERE job_id = p_job AND status = p_status AND slot = free_slot;
            RETURN;
        END IF;
        -- Every slot is busy (or there is none yet): open a new one under a random number, so two writers opening
        -- slots at the same moment practically never pick the same key (if they do, the loop tries again).
        INSERT INTO job_unit_counts (job_id, status, slot, count)
        VALUES (p_job, p_status, floor(random() * 2147483647)::integer, p_delta)
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN;
        END IF;
    END LOOP;
END $$;

-- A transaction's deltas are gathered in a transaction-local setting and added to the counters once, at commit, by
-- a deferred constraint trigger: a transaction that updates 40,000 units one statement at a time (EF's SaveChanges
-- when the agent starts the work) would otherwise update the same counter row 40,000 times, and every update of a
-- row its own transaction already updated walks the whole chain of versions (quadratic; measured 0.9 ms per
-- statement at 10,000). Settings are rolled back with a savepoint, like the units they describe. Adding at commit
-- also holds a counter row only for the moment before the commit.
CREATE TABLE job_unit_count_flushes (
    transaction_id bigint PRIMARY KEY
);

CREATE FUNCTION job_unit_counts_gather(deltas jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    pending jsonb := coalesce(nullif(current_setting('market.job_unit_count_deltas', true), ''), '{}')::jsonb;
    d record;
BEGIN
    IF deltas IS NULL OR deltas = '{}'::jsonb THEN
        RETURN;
    END IF;
    IF pending = '{}'::jsonb THEN
        INSERT INTO job_unit_count_flushes (transaction_id) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    END IF;
    FOR d IN SELECT key, value::bigint AS n FROM jsonb_each_text(deltas) LOOP
        pending := jsonb_set(pending, ARRAY[d.key], to_jsonb(coalesce((pending ->> d.key)::bigint, 0) + d.n));
    END LOOP;
    PERFORM set_config('market.job_unit_count_deltas', pending::text, true);
END $$;

CREATE FUNCTION job_unit_counts_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    pending jsonb := coalesce(nullif(current_setting('market.job_unit_count_deltas', true), ''), '{}')::jsonb;
    d record;
BEGIN
    PERFORM set_config('market.job_unit_count_deltas', '', true);
    DELETE FROM job_unit_count_flushes WHERE transaction_id = NEW.transaction_id;
    -- In key order, so two transactions flushing take their slots in the same order.
    FOR d IN SELECT split_part(key, '/', 1)::uuid AS job_id, split_part(key, '/', 2)::integer AS status, value::bigint AS n
             FROM jsonb_each_text(pending) WHERE value::bigint <> 0 ORDER BY 1, 2 LOOP
        PERFORM job_unit_counts_add(d.job_id, d.status, d.n);
    END LOOP;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER job_unit_counts_flush AFTER INSERT ON job_unit_count_flushes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION job_unit_counts_flush();

CREATE FUNCTION work_units_count_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM job_unit_counts_gather((
        SELECT jsonb_object_agg(job_id::text || '/' || status, n)
        FROM (SELECT job_id, status, count(*) AS n FROM inserted_units GROUP BY job_id, status) t));
    RETURN NULL;
END $$;

CREATE FUNCTION work_units_count_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- PostgreSQL allows no column list (UPDATE OF status) on a trigger with transition tables: statements that leave
    -- status and job alone find no delta here.
    PERFORM job_unit_counts_gather((
        SELECT jsonb_object_agg(job_id::text || '/' || status, n)
        FROM (
            SELECT x.job_id, x.status, sum(x.n) AS n
            FROM old_units o
            JOIN new_units nu ON nu.id = o.id
            CROSS JOIN LATERAL (VALUES (o.job_id, o.status, -1), (nu.job_id, nu.status, 1)) AS x (job_id, status, n)
            WHERE o.status <> nu.status OR o.job_id <> nu.job_id
            GROUP BY x.job_id, x.status
            HAVING sum(x.n) <> 0) t));
    RETURN NULL;
END $$;

CREATE FUNCTION work_units_count_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM job_unit_counts_gather((
        SELECT jsonb_object_agg(job_id::text || '/' || status, -n)
        FROM (SELECT job_id, status, count(*) AS n FROM deleted_units GROUP BY job_id, status) t));
    RETURN NULL;
END $$;

CREATE TRIGGER work_units_count_inserted AFTER INSERT ON work_units
    REFERENCING NEW TABLE AS inserted_units FOR EACH STATEMENT EXECUTE FUNCTION work_units_count_inserted();
CREATE TRIGGER work_units_count_updated AFTER UPDATE ON work_units
    REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION work_units_count_updated();
CREATE TRIGGER work_units_count_deleted AFTER DELETE ON work_units
    REFERENCING OLD TABLE AS deleted_units FOR EACH STATEMENT EXECUTE FUNCTION work_units_count_deleted();

-- Existing jobs: one slot per (job, status) with today's count. CREATE TRIGGER above holds a lock on work_units
-- that blocks writes until the migration's transaction commits, so no unit changes between this count and the
-- triggers taking over.
INSERT INTO job_unit_counts (job_id, status, slot, count)
SELECT job_id, status, 0, count(*) FROM work_units GROUP BY job_id, status;
