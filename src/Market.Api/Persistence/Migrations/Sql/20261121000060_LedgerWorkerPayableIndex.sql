-- The payout run's dues aggregate (and any balance of worker-payable accounts) reads one agent's worker-payable
-- entries grouped by worker: a partial index on exactly those rows, ordered by (agent, worker) and carrying what the
-- sum needs, so the aggregate is an index-only range scan instead of a scan of the whole ledger (docs/benchmarks.md,
-- section 3). account_kind 3 = LedgerAccountKind.WorkerPayable.
CREATE INDEX ix_ledger_entries_worker_payable ON ledger_entries (agent_id, party_id) INCLUDE (side, amount, transaction_id)
    WHERE account_kind = 3;
