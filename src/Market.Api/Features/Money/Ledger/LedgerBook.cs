using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Ledger;

/// <summary>
/// The ledger in PostgreSQL: posts domain <see cref="LedgerTransaction"/>s into the current unit of work (they are
/// written by the caller's one <c>SaveChangesAsync</c>) after the same checks the in-memory <see cref="Domain.Money.Ledger"/>
/// makes. The checks read first; the database keeps the promises anyway — a second posting of a key, a second
/// mirror of a transaction or an unbalanced transaction is refused by its unique keys and triggers (ADR 0011).
/// </summary>
public sealed class LedgerBook(MarketDbContext db, TimeProvider clock)
{
    private IQueryable<LedgerTransactionRow> AllTransactions =>
        db.LedgerTransactions.IgnoreQueryFilters([MarketDbContext.TenantFilter]).Include(t => t.Entries);

    /// <summary>Adds the transaction, or recognises a replay of one already posted with the same entries.</summary>
    public async Task<LedgerPosting> PostAsync(LedgerTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var existing = await FindByKeyAsync(transaction.IdempotencyKey, cancellationToken);
        if (!LedgerRules.IsNewPosting(transaction, existing))
        {
            return new LedgerPosting(existing!, IsNew: false);
        }

        if (transaction.ReversesId is { } reversesId)
        {
            var original = await FindAsync(reversesId, cancellationToken);
            var alreadyReversed = Pending().Any(t => t.ReversesTransactionId == reversesId.Value)
                || await db.LedgerTransactions.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                    .AnyAsync(t => t.ReversesTransactionId == reversesId.Value, cancellationToken);
            LedgerRules.EnsureMirrorable(transaction, original, alreadyReversed);
        }

        var balances = new Dictionary<LedgerAccount, Yen>();
        foreach (var account in transaction.Entries.Select(e => e.Account).Where(a => a.Kind == LedgerAccountKind.WorkerPayable).Distinct())
        {
            balances[account] = await BalanceAsync(account, cancellationToken);
        }

        LedgerRules.EnsureNoNegativeWorkerPayable(transaction, account => balances.GetValueOrDefault(account));
        db.LedgerTransactions.Add(LedgerTransactionRow.From(transaction, clock.GetUtcNow()));
        return new LedgerPosting(transaction, IsNew: true);
    }

    public async Task<LedgerTransaction?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var row = Pending().FirstOrDefault(t => t.IdempotencyKey == idempotencyKey)
            ?? await AllTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.IdempotencyKey == idempotencyKey, cancellationToken);
        return row?.ToDomain();
    }

    public async Task<LedgerTransaction?> FindAsync(LedgerTransactionId id, CancellationToken cancellationToken)
    {
        var row = Pending().FirstOrDefault(t => t.Id == id.Value)
            ?? await AllTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id.Value, cancellationToken);
        return row?.ToDomain();
    }

    /// <summary>The account's balance in its normal direction, counting what this unit of work has added but not saved.</summary>
    public async Task<Yen> BalanceAsync(LedgerAccount account, CancellationToken cancellationToken)
    {
        var sign = account.IsDebitNormal ? EntrySide.Debit : EntrySide.Credit;
        var stored = await db.LedgerEntries.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(e => e.AccountKind == account.Kind && e.AgentId == account.AgentId && e.PartyId == account.PartyId)
            .SumAsync(e => e.Side == sign ? e.Amount : -e.Amount, cancellationToken);
        var pending = Pending().SelectMany(t => t.Entries).Where(e => e.Account == account).Sum(e => e.Side == sign ? e.Amount : -e.Amount);
        return new Yen(stored + pending);
    }

    private IEnumerable<LedgerTransactionRow> Pending() =>
        db.ChangeTracker.Entries<LedgerTransactionRow>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);
}
