-- The payout run's dues pass (ADR 0044) asks, for each agent, which transactions from the earliest pending close on do
-- not count yet: earnings and other non-payout, non-mirror transactions. Through ix_ledger_transactions_occurred_at it
-- also read every payout of the last days — of all agents, the run's own included — once per agent. This index holds
-- only the transactions it wants (kind 2 = Payout; mirrors name the transaction they reverse).
CREATE INDEX ix_ledger_transactions_counted_later ON ledger_transactions (occurred_at)
    WHERE kind <> 2 AND reverses_transaction_id IS NULL;
