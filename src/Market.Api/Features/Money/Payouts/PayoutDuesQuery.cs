using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Market.Api.Features.Money.Payouts;

/// <summary>
/// <see cref="PayoutDues.AtCutoff"/> for every pending cut-off of one agent in one pass over its ledger (ADR 0044).
/// A due at a cut-off is the worker's whole payable balance less what does not count yet: the earnings (and other
/// non-payout transactions) that happened at or after the close, and the reversals of those — a reversal counts from
/// when the transaction it reverses happened. Payouts and failed transfers always count, so they are never subtracted.
/// <para>
/// So the pass is two statements whatever the number of cut-offs: the balances (the same index-only aggregate as any
/// worker-payable balance, over <c>ix_ledger_entries_worker_payable</c>) and the entries that do not count at the
/// earliest close, found from the recent end of <c>ix_ledger_transactions_occurred_at</c> — in a normal run the last
/// days' earnings. <c>PayoutDuesQueryTests</c> hold this spelling and the domain's together.
/// </para>
/// </summary>
public static class PayoutDuesQuery
{
    public sealed record Pass(IReadOnlyDictionary<Guid, Yen> Balances, IReadOnlyList<(Guid WorkerId, DateTimeOffset CountsFrom, Yen Effect)> NotCountedYet)
    {
        /// <summary>Each worker's due at the close; workers owed nothing are left out (as <see cref="PayoutDues.AtCutoff"/>).</summary>
        public Dictionary<Guid, Yen> At(DateTimeOffset closesAt)
        {
            var dues = new Dictionary<Guid, Yen>(Balances);
            foreach (var (workerId, countsFrom, effect) in NotCountedYet)
            {
                if (countsFrom >= closesAt)
                {
                    dues[workerId] = dues.GetValueOrDefault(workerId) - effect;
                }
            }

            return dues.Where(d => d.Value != Yen.Zero).ToDictionary(d => d.Key, d => d.Value);
        }
    }

    private const int Payable = (int)LedgerAccountKind.WorkerPayable;
    private const int Credit = (int)EntrySide.Credit; // worker-payable is credit-normal

    /// <summary>The agent's (<c>@agent</c>) worker-payable balances by worker: an index-only range of <c>ix_ledger_entries_worker_payable</c>.</summary>
    public static readonly string BalancesSql = $"""
        SELECT e.party_id, sum(CASE WHEN e.side = {Credit} THEN e.amount ELSE -e.amount END)
        FROM ledger_entries e
        WHERE e.account_kind = {Payable} AND e.agent_id = @agent
        GROUP BY e.party_id
        """;

    /// <summary>
    /// What does not count at the close <c>@from</c> or later, by worker and the time it counts from: non-payout
    /// transactions from then on (through <c>ix_ledger_transactions_counted_later</c>, which leaves out payouts and
    /// mirrors, so the run's own payouts are not read again for every agent; failed transfers, which since ADR 0048 are
    /// not mirrors, always count), and the reversals of those whenever posted
    /// (found from the mirrors, which are few, through <c>ux_ledger_transactions_reverses_transaction_id</c>; PayoutFailed
    /// mirrors always count).
    /// </summary>
    public static readonly string NotCountedSql = $"""
        SELECT e.party_id, x.counts_from, sum(CASE WHEN e.side = {Credit} THEN e.amount ELSE -e.amount END)
        FROM (SELECT t.id, t.occurred_at AS counts_from
              FROM ledger_transactions t
              WHERE t.occurred_at >= @from AND t.reverses_transaction_id IS NULL
                AND t.kind <> {(int)LedgerTransactionKind.Payout} AND t.kind <> {(int)LedgerTransactionKind.PayoutFailed}
              UNION ALL
              SELECT r.id, o.occurred_at
              FROM ledger_transactions r
              JOIN ledger_transactions o ON o.id = r.reverses_transaction_id
              WHERE r.reverses_transaction_id IS NOT NULL AND r.kind <> {(int)LedgerTransactionKind.PayoutFailed} AND o.occurred_at >= @from) x
        JOIN ledger_entries e ON e.transaction_id = x.id
        WHERE e.account_kind = {Payable} AND e.agent_id = @agent
        GROUP BY e.party_id, x.counts_from
        """;

    /// <param name="earliestClose">The earliest close the pass will be asked about (<see cref="Pass.At"/> is exact from it on).</param>
    public static async Task<Pass> ReadAsync(MarketDbContext db, Guid agentId, DateTimeOffset earliestClose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
            var balances = new Dictionary<Guid, Yen>();
            await using (var command = new NpgsqlCommand(BalancesSql, connection, transaction))
            {
                command.Parameters.AddWithValue("agent", agentId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    balances[reader.GetGuid(0)] = new Yen(reader.GetInt64(1));
                }
            }

            var notCounted = new List<(Guid, DateTimeOffset, Yen)>();
            await using (var command = new NpgsqlCommand(NotCountedSql, connection, transaction))
            {
                command.Parameters.AddWithValue("agent", agentId);
                command.Parameters.AddWithValue("from", earliestClose.ToUniversalTime());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    notCounted.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), new Yen(reader.GetInt64(2))));
                }
            }

            return new Pass(balances, notCounted);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
