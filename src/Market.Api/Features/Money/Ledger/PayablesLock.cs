using Market.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Ledger;

/// <summary>
/// An agent's payout lock (ADR 0013): a transaction-scoped advisory lock that every payout step holds, and that every
/// posting lowering one of the agent's worker payables (a debit) takes too (ADR 0050). While a payout run holds it, the
/// payables it read can only have grown, so it posts against what it read instead of reading them again.
/// </summary>
public static class PayablesLock
{
    /// <summary>Takes the lock of each agent in id order (so two holders of several never wait on each other in a cycle).</summary>
    public static async Task AcquireAsync(MarketDbContext db, IEnumerable<Guid> agentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var agents = agentIds.Distinct().Order().ToList();
        if (agents.Count > 0 && db.Database.CurrentTransaction is null)
        {
            // An advisory lock of an implicit transaction would be let go before the posting is written.
            throw new InvalidOperationException("A payout lock is held until its transaction ends: begin the transaction first.");
        }

        foreach (var agentId in agents)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"payout:" + agentId}, 0))", cancellationToken);
        }
    }
}
