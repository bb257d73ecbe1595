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
    /// <summary>Above this many worker-payable accounts, <see cref="PostManyAsync"/> reads the agents' payables whole.</summary>
    private const int ManyAccounts = 500;

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

        await LockDebitedPayablesAsync([transaction], cancellationToken);
        var balances = new Dictionary<LedgerAccount, Yen>();
        foreach (var account in transaction.Entries.Select(e => e.Account).Where(a => a.Kind == LedgerAccountKind.WorkerPayable).Distinct())
        {
            balances[account] = await BalanceAsync(account, cancellationToken);
        }

        LedgerRules.EnsureNoNegativeWorkerPayable(transaction, account => balances.GetValueOrDefault(account));
        db.LedgerTransactions.Add(LedgerTransactionRow.From(transaction, clock.GetUtcNow()));
        return new LedgerPosting(transaction, IsNew: true);
    }

    /// <summary>
    /// <see cref="PostAsync"/> for many transactions at once, with the same checks in the same order, but reading what
    /// the checks need in two statements for the lot (the postings already made under their keys, and the balances of
    /// every worker-payable account they touch) instead of two per transaction. The payout run posts thousands this way.
    /// A mirror (a reversal) is posted through <see cref="PostAsync"/>, one by one.
    /// <para>
    /// With <paramref name="copy"/> the new postings are written at once with binary COPY (<see cref="BulkInsert"/>) in
    /// the caller's transaction instead of being added to the unit of work: for the payout run's thousands of payouts,
    /// tracking them cost more than storing them (ADR 0044). The database's keys and balance triggers check them the same.
    /// </para>
    /// </summary>
    /// <param name="knownBalances">
    /// Worker-payable balances the caller read in this transaction while holding their agents' <see cref="PayablesLock"/>
    /// (the payout run's dues pass, ADR 0050): nothing can have lowered them since, so they are not read again. An account
    /// they leave out is read.
    /// </param>
    public async Task<IReadOnlyList<LedgerPosting>> PostManyAsync(
        IReadOnlyList<LedgerTransaction> transactions, CancellationToken cancellationToken, bool copy = false, IReadOnlyDictionary<LedgerAccount, Yen>? knownBalances = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (copy && transactions.Any(t => t.ReversesId is not null))
        {
            throw new ArgumentException("Mirrors are posted one by one, through the unit of work.", nameof(transactions));
        }

        var keys = transactions.Select(t => t.IdempotencyKey).Distinct().ToList();
        // The keys first, through the unique index; the few found (a rerun) are then loaded with their entries. Loading
        // with the entries straight away made PostgreSQL hash the whole entries table for a chunk of thousands of keys.
        var found = await db.LedgerTransactions.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(t => EF.Parameter(keys).Contains(t.IdempotencyKey)).Select(t => t.IdempotencyKey).ToListAsync(cancellationToken);
        var stored = found.Count == 0
            ? new Dictionary<string, LedgerTransaction>(StringComparer.Ordinal)
            : (await AllTransactions.AsNoTracking().Where(t => EF.Parameter(found).Contains(t.IdempotencyKey)).ToListAsync(cancellationToken))
                .ToDictionary(t => t.IdempotencyKey, t => t.ToDomain(), StringComparer.Ordinal);
        await LockDebitedPayablesAsync(transactions, cancellationToken);
        var payableAccounts = transactions.SelectMany(t => t.Entries).Select(e => e.Account).Where(a => a.Kind == LedgerAccountKind.WorkerPayable).Distinct().ToList();
        var accounts = payableAccounts.Where(a => knownBalances is null || !knownBalances.ContainsKey(a)).ToList();
        var agentIds = accounts.Select(a => a.AgentId).Distinct().ToList();
        var partyIds = accounts.Select(a => a.PartyId).Distinct().ToList();
        var credit = EntrySide.Credit; // worker-payable is credit-normal
        // Few accounts: each one's entries; many (a payout batch): the agents' whole payables, one index-only range each.
        var payables = db.LedgerEntries.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(e => e.AccountKind == LedgerAccountKind.WorkerPayable && EF.Parameter(agentIds).Contains(e.AgentId));
        var sums = accounts.Count == 0
            ? []
            : (await (partyIds.Count > ManyAccounts ? payables : payables.Where(e => EF.Parameter(partyIds).Contains(e.PartyId)))
                    .GroupBy(e => new { e.AgentId, e.PartyId })
                    .Select(g => new { g.Key.AgentId, g.Key.PartyId, Balance = g.Sum(e => e.Side == credit ? e.Amount : -e.Amount) })
                    .ToListAsync(cancellationToken))
                .ToDictionary(x => LedgerAccount.WorkerPayable(x.AgentId, x.PartyId!.Value), x => x.Balance);
        var pendingRows = Pending().ToList();
        var pendingByKey = ByKey(pendingRows);
        var pendingSums = pendingRows.SelectMany(t => t.Entries).Where(e => e.AccountKind == LedgerAccountKind.WorkerPayable)
            .GroupBy(e => e.Account).ToDictionary(g => g.Key, g => g.Sum(e => e.Side == credit ? e.Amount : -e.Amount));
        var balances = payableAccounts.ToDictionary(
            a => a,
            a => (knownBalances is not null && knownBalances.TryGetValue(a, out var known) ? known : new Yen(sums.GetValueOrDefault(a))) + new Yen(pendingSums.GetValueOrDefault(a)));

        var postings = new List<LedgerPosting>(transactions.Count);
        var copied = new Dictionary<string, LedgerTransactionRow>(StringComparer.Ordinal);
        var recordedAt = clock.GetUtcNow();
        foreach (var transaction in transactions)
        {
            if (transaction.ReversesId is not null)
            {
                var mirror = await PostAsync(transaction, cancellationToken);
                postings.Add(mirror);
                foreach (var entry in mirror.IsNew ? transaction.Entries.Where(e => balances.ContainsKey(e.Account)) : [])
                {
                    balances[entry.Account] += entry.EffectOnBalance;
                }

                pendingByKey = ByKey(Pending());
                continue;
            }

            var earlier = pendingByKey.GetValueOrDefault(transaction.IdempotencyKey) ?? copied.GetValueOrDefault(transaction.IdempotencyKey);
            var existing = earlier?.ToDomain() ?? stored.GetValueOrDefault(transaction.IdempotencyKey);
            if (!LedgerRules.IsNewPosting(transaction, existing))
            {
                postings.Add(new LedgerPosting(existing!, IsNew: false));
                continue;
            }

            LedgerRules.EnsureNoNegativeWorkerPayable(transaction, account => balances.GetValueOrDefault(account));
            var row = LedgerTransactionRow.From(transaction, recordedAt);
            if (copy)
            {
                copied.Add(row.IdempotencyKey, row);
            }
            else
            {
                db.LedgerTransactions.Add(row);
                pendingByKey[row.IdempotencyKey] = row;
            }

            foreach (var entry in transaction.Entries.Where(e => balances.ContainsKey(e.Account)))
            {
                balances[entry.Account] += entry.EffectOnBalance;
            }

            postings.Add(new LedgerPosting(transaction, IsNew: true));
        }

        if (copied.Count > 0)
        {
            await BulkInsert.CopyAsync(db, copied.Values, cancellationToken);
            await BulkInsert.CopyAsync(db, copied.Values.SelectMany(t => t.Entries).ToList(), cancellationToken);
        }

        return postings;
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

    /// <summary>A posting that lowers a worker's payable waits for, and then holds, that agent's payout lock (ADR 0050).</summary>
    private Task LockDebitedPayablesAsync(IEnumerable<LedgerTransaction> transactions, CancellationToken cancellationToken) =>
        PayablesLock.AcquireAsync(db, transactions.SelectMany(t => t.Entries)
            .Where(e => e.Account.Kind == LedgerAccountKind.WorkerPayable && e.EffectOnBalance.IsNegative).Select(e => e.Account.AgentId), cancellationToken);

    private static Dictionary<string, LedgerTransactionRow> ByKey(IEnumerable<LedgerTransactionRow> rows)
    {
        var byKey = new Dictionary<string, LedgerTransactionRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byKey.TryAdd(row.IdempotencyKey, row);
        }

        return byKey;
    }

    private IEnumerable<LedgerTransactionRow> Pending() =>
        db.ChangeTracker.Entries<LedgerTransactionRow>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);
}
