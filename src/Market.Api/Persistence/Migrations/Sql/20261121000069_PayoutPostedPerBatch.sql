-- A payout batch is posted as one ledger transaction (ADR 0048): a debit of each payee's payable and one credit of the
-- agent's bank. A failed transfer can no longer be the mirror of a one-worker payout, so it is posted on its own
-- (kind 3 = PayoutFailed, keyed by the payout, returning that worker's amount) without naming a transaction it reverses.
-- A reversal (kind 4) still names exactly one transaction, mirrored at most once (the unique key stays); failed
-- transfers posted before this change keep naming the payout they mirror.
ALTER TABLE ledger_transactions DROP CONSTRAINT ck_ledger_transactions_mirror;
ALTER TABLE ledger_transactions ADD CONSTRAINT ck_ledger_transactions_mirror
    CHECK ((kind <> 4 OR reverses_transaction_id IS NOT NULL) AND (reverses_transaction_id IS NULL OR kind IN (3, 4)));
