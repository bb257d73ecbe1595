using Market.Api.Features.Money.Ledger;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Market.Api.Tests.Money;

/// <summary>
/// The ledger's promises hold in PostgreSQL itself, whatever code writes to it: entries are append-only, every
/// transaction balances at commit, a key is posted once and a transaction is mirrored once.
/// </summary>
public sealed class LedgerDatabaseTests(ApiFixture fixture) : ApiTest(fixture)
{
    private Guid _agentId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _agentId = (await TestData.AgentAsync(Factory, "帳簿 エージェント", "LEDGER-" + Guid.NewGuid().ToString("N")[..6])).Id;
    }

    private LedgerTransaction Earning(string key, long amount, Guid? worker = null) =>
        LedgerTransaction.Create(
            LedgerTransactionKind.Earning,
            key,
            Factory.Clock.GetUtcNow(),
            "test earning",
            [
                LedgerEntry.Debit(LedgerAccount.AgentCost(_agentId), new Yen(amount)),
                LedgerEntry.Credit(LedgerAccount.WorkerPayable(_agentId, worker ?? Guid.Parse("00000000-0000-0000-0000-0000000000a1")), new Yen(amount)),
            ]);

    private Task PostAsync(LedgerTransaction transaction) => MoneyTestKit.PostAsync(Factory, transaction);

    private Task<PostgresException> SqlFailsAsync(params string[] statements) => Assert.ThrowsAsync<PostgresException>(() => SqlAsync(statements));

    /// <summary>
    /// Migration 0069 (ADR 0048): a failed transfer stands alone (a batch's payout is one transaction, so there is no
    /// one-worker payout to mirror), but a reversal still names what it mirrors, and no other kind names anything.
    /// </summary>
    [Fact]
    public async Task AReversalNamesWhatItMirrors_AFailedTransferMayStandAlone_NothingElseNamesOne()
    {
        var earning = Earning("earning:mirror-rule", 500);
        await PostAsync(earning);
        string Insert(Guid id, LedgerTransactionKind kind, Guid? reverses) =>
            $"INSERT INTO ledger_transactions (id, kind, idempotency_key, occurred_at, recorded_at, description, reverses_transaction_id) " +
            $"VALUES ('{id}', {(int)kind}, 'raw:{id}', now(), now(), 'raw', {(reverses is { } r ? $"'{r}'" : "NULL")})";
        string Lines(Guid id) =>
            $"INSERT INTO ledger_entries VALUES ('{id}', 0, {(int)LedgerAccountKind.AgentBank}, '{_agentId}', NULL, 0, 500), " +
            $"('{id}', 1, {(int)LedgerAccountKind.WorkerPayable}, '{_agentId}', '00000000-0000-0000-0000-0000000000a1', 1, 500)";

        var reversalNamingNothing = await SqlFailsAsync(Insert(Guid.NewGuid(), LedgerTransactionKind.Reversal, null));
        var earningNamingOne = await SqlFailsAsync(Insert(Guid.NewGuid(), LedgerTransactionKind.Earning, earning.Id.Value));
        var failed = Guid.NewGuid();
        await SqlAsync(Insert(failed, LedgerTransactionKind.PayoutFailed, null), Lines(failed));

        Assert.All([reversalNamingNothing, earningNamingOne], e => Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState));
        Assert.Equal([500L, 500L], await AmountsAsync(new LedgerTransactionId(failed)));
    }

    /// <summary>
    /// Migration 0071 (ADR 0049): the ledger's and the payouts' references are checked once per statement instead of by
    /// foreign keys, and refuse what those refused: a row naming a parent that does not exist (also one among thousands
    /// written at once), and removing or re-keying a parent that is still named. The error is still the foreign key's.
    /// </summary>
    [Fact]
    public async Task ReferencesCheckedPerStatement_RefuseWhatTheForeignKeysRefused()
    {
        await PostAsync(Earning("earning:references", 700));
        var id = Guid.NewGuid();
        var transaction = $"INSERT INTO ledger_transactions (id, kind, idempotency_key, occurred_at, recorded_at, description) VALUES ('{id}', {(int)LedgerTransactionKind.Payout}, 'raw:{id}', now(), now(), 'raw')";
        var unknownAgent = await SqlFailsAsync(transaction,
            $"INSERT INTO ledger_entries SELECT '{id}', g, {(int)LedgerAccountKind.WorkerPayable}, CASE WHEN g = 2500 THEN '{Guid.NewGuid()}'::uuid ELSE '{_agentId}' END, gen_random_uuid(), 0, 10 FROM generate_series(1, 5000) g");
        var unknownTransaction = await SqlFailsAsync($"INSERT INTO ledger_entries VALUES ('{Guid.NewGuid()}', 0, {(int)LedgerAccountKind.AgentBank}, '{_agentId}', NULL, 0, 10)");
        var unknownKind = await SqlFailsAsync(transaction, $"INSERT INTO ledger_entries VALUES ('{id}', 0, 99, '{_agentId}', NULL, 0, 10)");

        var batch = Guid.NewGuid();
        var worker = (await TestData.UserAsync(Factory, $"payee-{batch:N}@hub.jp", Roles.Worker, _agentId)).Id;
        await SqlAsync(
            $"""
            INSERT INTO payout_batches (id, agent_id, schedule, cutoff_date, payment_date, is_month_end, status, payout_count, total, built_at, carried_forward)
                VALUES ('{batch}', '{_agentId}', 0, '2026-11-20', '2026-11-24', false, 0, 1, 700, now(), '[]')
            """,
            Payout(batch, worker));
        var unknownBatch = await SqlFailsAsync(Payout(Guid.NewGuid(), worker));
        var unknownWorker = await SqlFailsAsync(Payout(batch, Guid.NewGuid()));
        var payoutMoved = await SqlFailsAsync($"UPDATE payouts SET batch_id = '{Guid.NewGuid()}' WHERE batch_id = '{batch}'");

        var agentDeleted = await SqlFailsAsync($"DELETE FROM agents WHERE id = '{_agentId}'");
        var agentRekeyed = await SqlFailsAsync($"UPDATE agents SET id = '{Guid.NewGuid()}' WHERE id = '{_agentId}'");
        var kindDeleted = await SqlFailsAsync($"DELETE FROM ledger_account_kinds WHERE id = {(int)LedgerAccountKind.WorkerPayable}");
        var batchDeleted = await SqlFailsAsync($"DELETE FROM payout_batches WHERE id = '{batch}'");
        var workerDeleted = await SqlFailsAsync($"DELETE FROM users WHERE id = '{worker}'");

        PostgresException[] all = [unknownAgent, unknownTransaction, unknownKind, unknownBatch, unknownWorker, payoutMoved, agentDeleted, agentRekeyed, kindDeleted, batchDeleted, workerDeleted];
        Assert.All(all, e => Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, e.SqlState));
        Assert.Equal(
            ["ledger_entries_agent_id_fkey", "ledger_entries_transaction_id_fkey", "ledger_entries_account_kind_fkey", "payouts_batch_id_fkey", "payouts_worker_id_fkey", "payouts_batch_id_fkey"],
            all[..6].Select(e => e.ConstraintName));
        // Refused by the parent's own check (before any other table's foreign key to it is looked at).
        Assert.All(all[6..9], e => Assert.Contains("still named by ledger_entries", e.MessageText, StringComparison.Ordinal));
        Assert.All(all[9..], e => Assert.Contains("still named by payouts", e.MessageText, StringComparison.Ordinal));
    }

    /// <summary>
    /// As a foreign key does, writing an entry locks the agent it names (FOR KEY SHARE) until the transaction ends, so the
    /// agent cannot be removed while the entry is not committed yet — when the removal could not see it.
    /// </summary>
    [Fact]
    public async Task AnUncommittedEntry_HoldsItsAgent_AgainstRemoval()
    {
        var id = Guid.NewGuid();
        await using var writer = new NpgsqlConnection(Factory.ConnectionString);
        await writer.OpenAsync();
        await using var pending = await writer.BeginTransactionAsync();
        foreach (var sql in new[]
                 {
                     $"INSERT INTO ledger_transactions (id, kind, idempotency_key, occurred_at, recorded_at, description) VALUES ('{id}', 0, 'raw:{id}', now(), now(), 'raw')",
                     $"INSERT INTO ledger_entries VALUES ('{id}', 0, {(int)LedgerAccountKind.AgentCost}, '{_agentId}', NULL, 0, 10), ('{id}', 1, {(int)LedgerAccountKind.WorkerPayable}, '{_agentId}', '{Guid.NewGuid()}', 1, 10)",
                 })
        {
            await using var command = new NpgsqlCommand(sql, writer, pending);
            await command.ExecuteNonQueryAsync();
        }

        var removal = await SqlFailsAsync("SET LOCAL lock_timeout = '300ms'", $"DELETE FROM agents WHERE id = '{_agentId}'");

        Assert.Equal(PostgresErrorCodes.LockNotAvailable, removal.SqlState);
        await pending.RollbackAsync();
    }

    /// <summary>
    /// Migration 0072 (ADR 0050): writing payouts no longer locks the workers they name; removing a user waits for every
    /// transaction writing payouts instead (SHARE on payouts), then sees what they committed and refuses. A removal outside
    /// READ COMMITTED, whose snapshot could not see them, is refused outright.
    /// </summary>
    [Fact]
    public async Task AnUncommittedPayout_HoldsItsWorker_AgainstRemoval_AndTheRemovalThenSeesIt()
    {
        var batch = Guid.NewGuid();
        var worker = (await TestData.UserAsync(Factory, $"pending-{batch:N}@hub.jp", Roles.Worker, _agentId)).Id;
        var unnamed = (await TestData.UserAsync(Factory, $"unnamed-{batch:N}@hub.jp", Roles.Worker, _agentId)).Id;
        await SqlAsync($"""
            INSERT INTO payout_batches (id, agent_id, schedule, cutoff_date, payment_date, is_month_end, status, payout_count, total, built_at, carried_forward)
                VALUES ('{batch}', '{_agentId}', 0, '2026-11-21', '2026-11-24', false, 0, 1, 700, now(), '[]')
            """);
        await using var writer = new NpgsqlConnection(Factory.ConnectionString);
        await writer.OpenAsync();
        await using var pending = await writer.BeginTransactionAsync();
        await using (var write = new NpgsqlCommand(Payout(batch, worker), writer, pending))
        {
            await write.ExecuteNonQueryAsync();
        }

        var whileWriting = await SqlFailsAsync("SET LOCAL lock_timeout = '300ms'", $"DELETE FROM users WHERE id = '{worker}'");
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, whileWriting.SqlState);
        await SqlAsync($"SELECT 1 FROM users WHERE id = '{worker}' FOR UPDATE NOWAIT"); // the writer holds no lock on the worker's row

        await pending.CommitAsync();
        var afterCommit = await SqlFailsAsync($"DELETE FROM users WHERE id = '{worker}'");
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, afterCommit.SqlState);
        Assert.Contains("still named by payouts", afterCommit.MessageText, StringComparison.Ordinal);

        var repeatableRead = await SqlFailsAsync("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", $"DELETE FROM users WHERE id = '{unnamed}'");
        Assert.Equal(PostgresErrorCodes.ObjectNotInPrerequisiteState, repeatableRead.SqlState);
        await SqlAsync(
            $"DELETE FROM user_roles WHERE user_id = '{unnamed}'", $"DELETE FROM user_tokens WHERE user_id = '{unnamed}'",
            $"DELETE FROM memberships WHERE user_id = '{unnamed}'", $"DELETE FROM users WHERE id = '{unnamed}'"); // named by no payout: removed
    }

    private static string Payout(Guid batch, Guid worker) =>
        $"INSERT INTO payouts (batch_id, worker_id, amount, status, bank_code, branch_code, account_type, number_cipher, number_last3, holder_name) " +
        $"VALUES ('{batch}', '{worker}', 700, 0, '0001', '001', 1, 'dev:x', '567', 'ｼﾊﾗｲ')";

    private async Task SqlAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>A batch's payout is one transaction of thousands of lines (ADR 0048): one line off among them is still refused at commit.</summary>
    [Fact]
    public async Task ABatchSizedTransaction_OneYenOff_IsRefusedAtCommit()
    {
        var id = Guid.NewGuid();
        var refused = await SqlFailsAsync(
            $"INSERT INTO ledger_transactions (id, kind, idempotency_key, occurred_at, recorded_at, description) VALUES ('{id}', {(int)LedgerTransactionKind.Payout}, 'raw:{id}', now(), now(), 'raw')",
            $"INSERT INTO ledger_entries SELECT '{id}', g, {(int)LedgerAccountKind.WorkerPayable}, '{_agentId}', gen_random_uuid(), 0, 10 FROM generate_series(1, 5000) g",
            $"INSERT INTO ledger_entries VALUES ('{id}', 0, {(int)LedgerAccountKind.AgentBank}, '{_agentId}', NULL, 1, 49999)");

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Contains("ledger_unbalanced", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_CannotBeUpdatedOrDeleted_InTheDatabase()
    {
        var earning = Earning("earning:append-only", 1_200);
        await PostAsync(earning);

        var update = await SqlFailsAsync($"UPDATE ledger_entries SET amount = 1 WHERE transaction_id = '{earning.Id}'");
        var delete = await SqlFailsAsync($"DELETE FROM ledger_entries WHERE transaction_id = '{earning.Id}'");
        var edit = await SqlFailsAsync($"UPDATE ledger_transactions SET description = 'changed' WHERE id = '{earning.Id}'");

        Assert.All([update, delete, edit], e => Assert.Equal(PostgresErrorCodes.RestrictViolation, e.SqlState));
        Assert.Contains("ledger_append_only", update.MessageText, StringComparison.Ordinal);
        Assert.Equal([1_200L, 1_200L], await AmountsAsync(earning.Id));
    }

    [Fact]
    public async Task AnUnbalancedTransaction_OrOneWithoutEntries_IsRefusedAtCommit()
    {
        var id = Guid.NewGuid();
        var insertTransaction = $"INSERT INTO ledger_transactions (id, kind, idempotency_key, occurred_at, recorded_at, description) VALUES ('{id}', 0, 'raw:{id}', now(), now(), 'raw')";

        var unbalanced = await SqlFailsAsync(
            insertTransaction,
            $"INSERT INTO ledger_entries VALUES ('{id}', 0, 2, '{_agentId}', NULL, 0, 1000)",
            $"INSERT INTO ledger_entries VALUES ('{id}', 1, 3, '{_agentId}', '{Guid.NewGuid()}', 1, 999)");
        var empty = await SqlFailsAsync(insertTransaction);
        var single = await SqlFailsAsync(insertTransaction, $"INSERT INTO ledger_entries VALUES ('{id}', 0, 2, '{_agentId}', NULL, 0, 1000)");

        Assert.All([unbalanced, empty, single], e => Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState));
        Assert.Contains("ledger_unbalanced", unbalanced.MessageText, StringComparison.Ordinal);
    }

    /// <summary>
    /// The balance check runs once per run of a transaction's entries (migration 0061, ADR 0044); what it remembers must
    /// never let an entry through unchecked: one unbalanced transaction among many balanced ones written together, an
    /// entry added after the checks fired early (SET CONSTRAINTS … IMMEDIATE), an entry added to a committed transaction.
    /// </summary>
    [Fact]
    public async Task TheBalanceCheck_RemembersNothingThatLetsAnUnbalancedEntryThrough()
    {
        string Transaction(Guid id) => $"INSERT INTO ledger_transactions (id, kind, idempotency_key, occurred_at, recorded_at, description) VALUES ('{id}', 0, 'raw:{id}', now(), now(), 'raw')";
        string Entry(Guid id, int line, int side, long amount) =>
            $"INSERT INTO ledger_entries VALUES ('{id}', {line}, {(side == 0 ? 2 : 3)}, '{_agentId}', {(side == 0 ? "NULL" : "'00000000-0000-0000-0000-0000000000a1'")}, {side}, {amount})";
        string[] Balanced(Guid id) => [Transaction(id), Entry(id, 0, 0, 1_000), Entry(id, 1, 1, 1_000)];

        // Many at once, one of them unbalanced in the middle, written with one statement per table as a COPY would.
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        var values = string.Join(", ", ids.Select(id => $"('{id}', 0, 'raw:{id}', now(), now(), 'raw')"));
        var entries = string.Join(", ", ids.SelectMany((id, i) => new[]
        {
            $"('{id}', 0, 2, '{_agentId}', NULL, 0, 1000)",
            $"('{id}', 1, 3, '{_agentId}', '00000000-0000-0000-0000-0000000000a1', 1, {(i == 25 ? 999 : 1000)})",
        }));
        var bulk = await SqlFailsAsync(
            $"INSERT INTO ledger_transactions (id, kind, idempotency_key, occurred_at, recorded_at, description) VALUES {values}",
            $"INSERT INTO ledger_entries VALUES {entries}");
        Assert.Contains(ids[25].ToString(), bulk.MessageText, StringComparison.Ordinal);

        // Checked early, then an entry added to the same transaction: checked again.
        var early = Guid.NewGuid();
        var afterImmediate = await SqlFailsAsync([.. Balanced(early), "SET CONSTRAINTS ALL IMMEDIATE", Entry(early, 2, 1, 5)]);

        // A committed transaction, and an entry added to it later.
        var committed = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(Factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var sql in Balanced(committed))
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        var later = await SqlFailsAsync(Entry(committed, 2, 1, 5));

        Assert.All([bulk, afterImmediate, later], e => Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState));
        Assert.Equal([1_000L, 1_000L], await AmountsAsync(new LedgerTransactionId(committed)));
        Assert.Empty(await AmountsAsync(new LedgerTransactionId(ids[0])));
    }

    [Fact]
    public async Task AKeyIsPostedOnce_AndATransactionMirroredOnce_EvenBypassingTheChecks()
    {
        var earning = Earning("earning:once", 1_500);
        await PostAsync(earning);
        var reversal = earning.Reverse(Factory.Clock.GetUtcNow(), "wrong rate");
        await PostAsync(reversal);

        // Straight into the context, past LedgerBook's reads: the unique keys still refuse.
        var duplicateKey = Earning("earning:once", 1_600);
        var secondMirror = LedgerTransactionRow.From(reversal, Factory.Clock.GetUtcNow());
        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            db.LedgerTransactions.Add(CopyWithId(LedgerTransactionRow.From(duplicateKey, Factory.Clock.GetUtcNow()), Guid.NewGuid()));
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        }

        using (var scope = NewScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            db.LedgerTransactions.Add(CopyWithId(secondMirror, Guid.NewGuid(), "reversal:again"));
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        }

        Assert.Equal(2, (await MoneyTestKit.TransactionsAsync(Factory)).Count);
    }

    [Fact]
    public async Task LedgerBook_ReplayingAPostingIsANoOp_ButTheSameKeyWithOtherEntriesIsRefused()
    {
        var earning = Earning("earning:replay", 1_000);
        await PostAsync(earning);
        await PostAsync(Earning("earning:replay", 1_000));

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => PostAsync(Earning("earning:replay", 2_000)));

        Assert.Equal("ledger_idempotency_conflict", error.Code);
        Assert.Single(await MoneyTestKit.TransactionsAsync(Factory));
    }

    [Fact]
    public async Task LedgerBook_RefusesToReverseAnEarningAlreadyPaidOut()
    {
        var worker = Guid.NewGuid();
        var earning = Earning("earning:paid", 3_000, worker);
        await PostAsync(earning);
        await PostAsync(LedgerTransaction.Create(
            LedgerTransactionKind.Payout,
            "payout:manual",
            Factory.Clock.GetUtcNow(),
            "paid",
            [LedgerEntry.Debit(LedgerAccount.WorkerPayable(_agentId, worker), new Yen(3_000)), LedgerEntry.Credit(LedgerAccount.AgentBank(_agentId), new Yen(3_000))]));

        var error = await Assert.ThrowsAsync<DomainRuleException>(() => PostAsync(earning.Reverse(Factory.Clock.GetUtcNow(), "wrong")));

        Assert.Equal("ledger_worker_payable_negative", error.Code);
    }

    /// <summary>
    /// ADR 0050: a payout run posts against the payables it read under the agent's payout lock, so a posting that lowers a
    /// worker's payable must wait for that lock; one that raises it (an earning) must not.
    /// </summary>
    [Fact]
    public async Task APostingThatLowersAPayable_WaitsForTheAgentsPayoutLock_AnEarningDoesNot()
    {
        var worker = Guid.NewGuid();
        var earning = Earning("earning:locked", 2_000, worker);
        await PostAsync(earning);
        await using var run = new NpgsqlConnection(Factory.ConnectionString);
        await run.OpenAsync();
        await using var holding = await run.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtextextended('payout:{_agentId}', 0))", run, holding))
        {
            await take.ExecuteNonQueryAsync();
        }

        Task PostWithin300MsAsync(LedgerTransaction transaction) => MoneyTestKit.PostAsync(Factory, transaction, TimeSpan.FromMilliseconds(300));

        await PostWithin300MsAsync(Earning("earning:while-locked", 500, worker));
        var reversal = await Assert.ThrowsAsync<PostgresException>(() => PostWithin300MsAsync(earning.Reverse(Factory.Clock.GetUtcNow(), "取消")));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, reversal.SqlState);

        await holding.RollbackAsync();
        await PostWithin300MsAsync(earning.Reverse(Factory.Clock.GetUtcNow(), "取消"));
        using var read = NewScope();
        Assert.Equal(new Yen(500), await read.ServiceProvider.GetRequiredService<LedgerBook>().BalanceAsync(LedgerAccount.WorkerPayable(_agentId, worker), CancellationToken.None));
    }

    private static LedgerTransactionRow CopyWithId(LedgerTransactionRow row, Guid id, string? key = null) => new()
    {
        Id = id,
        Kind = row.Kind,
        IdempotencyKey = key ?? row.IdempotencyKey,
        OccurredAt = row.OccurredAt,
        RecordedAt = row.RecordedAt,
        Description = row.Description,
        ReversesTransactionId = row.ReversesTransactionId,
        Entries = row.Entries.Select(e => new LedgerEntryRow
        {
            TransactionId = id, Line = e.Line, AccountKind = e.AccountKind, AgentId = e.AgentId, PartyId = e.PartyId, Side = e.Side, Amount = e.Amount,
        }).ToList(),
    };

    private async Task<List<long>> AmountsAsync(LedgerTransactionId id)
    {
        using var scope = NewScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().LedgerEntries.IgnoreQueryFilters()
            .Where(e => e.TransactionId == id.Value).OrderBy(e => e.Line).Select(e => e.Amount).ToListAsync();
    }
}
