-- Sessions of this database run without PostgreSQL's JIT compilation (ADR 0045). Every statement the application
-- sends is a short OLTP read or write; JIT compiles a statement whose estimated cost passes jit_above_cost before
-- running it, and for the agent's unit board of a 10,000-unit job that compile took about a second of a statement
-- that runs in 0.1 s (docs/benchmarks.md section 5). Set on the database, not in the connection string, so the
-- API's connections stay in the same pool as anything else using the configured string; it applies to sessions
-- opened after this migration. A deployment whose migrating role does not own the database keeps its setting
-- (a notice says so) and should set it there.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'jit stays as configured: the migrating role may not ALTER DATABASE %', current_database();
END $$;
