using System.Collections.Concurrent;
using Market.Api.Features.Money.Ledger;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Market.Api.Features.Money.Payouts;

/// <summary>
/// Builds, posts and issues every agent's payout batches for the cut-offs that have closed (ADR 0013). Not an
/// <see cref="ICommand{TResponse}"/>: each agent commits on its own, its new batches built, posted and issued in one
/// transaction under its advisory lock (ADR 0050), so a run killed half-way leaves an agent either paid or untouched,
/// and the next run (on any node) pays what is left. A batch a run before ADR 0050 left part-way is finished first.
/// </summary>
/// <remarks>Each batch is posted as one ledger transaction (ADR 0048), so there is no posting chunk size any more.</remarks>
public sealed record RunPayouts : IRequest<PayoutRunSummary>
{
    /// <summary>Cut-offs older than this are not caught up one by one: the next cut-off pays what they would have.</summary>
    public const int CatchUpDays = 10;
}

public sealed record PayoutRunSummary(int BatchesBuilt, int PayoutsPosted, int FilesIssued);

/// <summary>Where tests stop a run as a crash would; production uses <see cref="None"/>.</summary>
public class PayoutRunHooks
{
    public static readonly PayoutRunHooks None = new();

    /// <summary>A payout's posting was added to the current transaction, which has not committed yet.</summary>
    public virtual ValueTask PayoutPostedAsync(PayoutBatchId batchId, Guid workerId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

public sealed class RunPayoutsHandler(IServiceScopeFactory scopes, MarketDbContext db, PayoutCalendar calendar, TimeProvider clock, PayoutRunHooks hooks, IConfiguration configuration)
    : IRequestHandler<RunPayouts, PayoutRunSummary>
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>
    /// Agents whose payouts run at the same time (<c>Money:PayoutAgentsAtOnce</c>): by default one per core, at most four.
    /// Tests that kill a run after its n-th payout set 1, so which payout is the n-th does not depend on timing.
    /// </summary>
    private readonly int _agentsAtOnce = Math.Max(1, configuration.GetValue("Money:PayoutAgentsAtOnce", Math.Clamp(Environment.ProcessorCount, 1, 4)));

    public async Task<PayoutRunSummary> Handle(RunPayouts request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Agents that ever owed a worker anything, or have a batch not finished yet. The first are found by skipping
        // through ix_ledger_entries_worker_payable one agent at a time (a probe per agent): DISTINCT over it read every
        // worker-payable entry, 1 s at 2,000,000 earnings (ADR 0048).
        var agentIds = await db.Database.SqlQueryRaw<Guid>(AgentsSql).ToListAsync(cancellationToken);

        // One agent per core at once, each in its own scope, connection and transactions under its own lock: one agent's
        // PostgreSQL work overlaps another's, as the reference's parallel scan uses the cores (ADR 0049).
        var done = new ConcurrentQueue<PayoutRunSummary>();
        var failures = new ConcurrentQueue<Exception>();
        await Parallel.ForEachAsync(agentIds, new ParallelOptions { MaxDegreeOfParallelism = _agentsAtOnce, CancellationToken = cancellationToken }, async (agentId, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var run = new AgentPayoutRun(scope.ServiceProvider, agentId, calendar, hooks, now);
            try
            {
                done.Enqueue(await run.RunAsync(token));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One agent's failure does not hold back the others' pay; it is raised once they are done.
                failures.Enqueue(new InvalidOperationException($"Payouts of agent {agentId} stopped; the next run continues them.", e));
            }
        });

        var summary = new PayoutRunSummary(done.Sum(d => d.BatchesBuilt), done.Sum(d => d.PayoutsPosted), done.Sum(d => d.FilesIssued));
        return failures.IsEmpty ? summary : throw new AggregateException("Some agents' payouts did not finish.", failures);
    }

    /// <summary>Agents with a worker-payable entry (a recursive skip scan of the partial index) or an unfinished batch, in id order.</summary>
    public static readonly string AgentsSql = $"""
        WITH RECURSIVE owing (agent_id) AS (
            (SELECT e.agent_id FROM ledger_entries e WHERE e.account_kind = {(int)LedgerAccountKind.WorkerPayable} ORDER BY e.agent_id LIMIT 1)
            UNION ALL
            SELECT (SELECT e.agent_id FROM ledger_entries e
                    WHERE e.account_kind = {(int)LedgerAccountKind.WorkerPayable} AND e.agent_id > owing.agent_id ORDER BY e.agent_id LIMIT 1)
            FROM owing WHERE owing.agent_id IS NOT NULL)
        SELECT agent_id AS "Value" FROM owing WHERE agent_id IS NOT NULL
        UNION
        SELECT b.agent_id FROM payout_batches b WHERE b.status IN ({(int)PayoutBatchStatus.Building}, {(int)PayoutBatchStatus.Posted})
        ORDER BY 1
        """;

    /// <summary>The cut-offs of every schedule that have closed by <paramref name="now"/>, from <paramref name="from"/> on.</summary>
    public static IEnumerable<PayoutCutoff> ClosedCutoffs(PayoutCalendar calendar, DateOnly from, DateTimeOffset now)
    {
        var lastClosed = DateOnly.FromDateTime(now.ToOffset(JapanOffset).DateTime).AddDays(-1);
        return Enum.GetValues<PayoutSchedule>()
            .SelectMany(schedule => calendar.CutoffsBetween(schedule, from, lastClosed))
            .OrderBy(c => c.Date).ThenBy(c => c.Schedule);
    }

    private sealed class AgentPayoutRun(IServiceProvider services, Guid agentId, PayoutCalendar calendar, PayoutRunHooks hooks, DateTimeOffset now)
    {
        private readonly MarketDbContext _db = services.GetRequiredService<MarketDbContext>();
        private readonly PayoutBatchStore _store = services.GetRequiredService<PayoutBatchStore>();
        private readonly LedgerBook _ledger = services.GetRequiredService<LedgerBook>();
        private readonly AuditLog _audit = services.GetRequiredService<AuditLog>();
        private int _built;
        private int _posted;
        private int _issued;

        public async Task<PayoutRunSummary> RunAsync(CancellationToken cancellationToken)
        {
            // Finish what a killed run (or another node, meanwhile) left first, so no payout is decided twice.
            await FinishUnfinishedAsync(cancellationToken);

            var lastDone = await _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                .Where(b => b.AgentId == agentId).MaxAsync(b => (DateOnly?)b.CutoffDate, cancellationToken);
            var earliest = DateOnly.FromDateTime(now.ToOffset(JapanOffset).DateTime).AddDays(-RunPayouts.CatchUpDays);
            var from = lastDone is { } last && last >= earliest ? last : earliest;
            var cutoffs = ClosedCutoffs(calendar, from, now).ToList();
            while (cutoffs.Count > 0 && !await PayAsync(cutoffs, cancellationToken))
            {
                // Another node left a batch being posted after this run's first look: finish it, then decide again.
                await FinishUnfinishedAsync(cancellationToken);
            }

            return new PayoutRunSummary(_built, _posted, _issued);
        }

        private async Task FinishUnfinishedAsync(CancellationToken cancellationToken)
        {
            foreach (var unfinished in await _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                         .Where(b => b.AgentId == agentId && (b.Status == PayoutBatchStatus.Building || b.Status == PayoutBatchStatus.Posted))
                         .OrderBy(b => b.CutoffDate).ThenBy(b => b.Schedule).Select(b => b.Id).ToListAsync(cancellationToken))
            {
                await FinishAsync(await LoadAsync(unfinished, cancellationToken), cancellationToken);
            }
        }

        /// <summary>
        /// Builds, posts and issues the batches of every cut-off not handled yet, in one transaction under the agent's lock
        /// (ADR 0050), from one pass over the agent's ledger (<see cref="PayoutDuesQuery"/>): each cut-off's dues are the
        /// ledger's less what the batches before it in this run pay — which is what the ledger says once those are posted,
        /// since payouts always count. A cut-off with nothing due costs a row and an audit entry. The postings are checked
        /// against the balances the pass read: every posting that lowers a worker's payable takes the same lock, so they
        /// can only have grown since. A run killed anywhere leaves nothing of it behind; the next run does it all again.
        /// </summary>
        /// <returns>False if a batch a run before ADR 0050 left being posted must be finished first.</returns>
        private async Task<bool> PayAsync(List<PayoutCutoff> cutoffs, CancellationToken cancellationToken)
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
            await _store.LockAgentAsync(agentId, cancellationToken);
            var batches = _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking().Where(b => b.AgentId == agentId);
            // A Building batch's payouts may not all be in the ledger yet; a Posted one's are (it may wait for the agent's
            // requester details for ever, and must not hold back later cut-offs).
            if (await batches.AnyAsync(b => b.Status == PayoutBatchStatus.Building, cancellationToken))
            {
                return false;
            }

            var ids = cutoffs.Select(c => PayoutBatchId.For(agentId, c).Value).ToList();
            var handled = (await batches.Where(b => ids.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken)).ToHashSet();
            var pending = cutoffs.Where(c => !handled.Contains(PayoutBatchId.For(agentId, c).Value)).ToList();
            if (pending.Count == 0)
            {
                return true;
            }

            var pass = await PayoutDuesQuery.ReadAsync(_db, agentId, pending.Min(c => c.ClosesAt), cancellationToken);
            var duesAt = pending.Select(c => pass.At(c.ClosesAt)).ToList();
            var owed = duesAt.SelectMany(d => d).Where(d => d.Value.IsPositive).Select(d => d.Key).Distinct().ToList();
            var payees = await PayeesAsync(owed, cancellationToken);
            var schedules = owed.ToDictionary(
                w => w,
                w => PayoutSchedules.Effective(payees.Schedules.TryGetValue(w, out var s) ? s : null, payees.Tiers.GetValueOrDefault(w, WorkerTier.Trial)));
            var (accounts, ciphers) = Accounts(owed.Where(w => pending.Any(c => c.Schedule == schedules[w])).ToList(), payees.Accounts);

            var built = new List<PayoutBatch>(pending.Count);
            var paidInThisRun = new Dictionary<Guid, Yen>();
            foreach (var (cutoff, dues) in pending.Zip(duesAt))
            {
                var onSchedule = dues
                    .Where(d => schedules.TryGetValue(d.Key, out var schedule) && schedule == cutoff.Schedule)
                    .Select(d => new WorkerDue(d.Key, d.Value - paidInThisRun.GetValueOrDefault(d.Key), accounts.GetValueOrDefault(d.Key)))
                    .Where(d => d.Due != Yen.Zero)
                    .ToList();
                var batch = PayoutBatch.Build(agentId, cutoff, calendar, onSchedule, now);
                foreach (var payout in batch.Payouts)
                {
                    paidInThisRun[payout.WorkerId] = paidInThisRun.GetValueOrDefault(payout.WorkerId) + payout.Amount;
                }

                built.Add(batch);
                _audit.Record("payout_batch.built", "payout_batch", batch.Id.ToString(),
                    new { cutoff = batch.Cutoff.ToString(), payouts = batch.Payouts.Count, total = batch.Total.Amount, carriedForward = batch.CarriedForward.Count }, agentId);
            }

            _built += built.Count;
            await PostAndIssueAsync(built.Where(b => b.Status == PayoutBatchStatus.Building).ToList(), pass.Balances, cancellationToken);

            // Batch rows and audit entries through the unit of work, each batch as it now stands; the payouts (thousands) by COPY after them.
            var payouts = new List<PayoutRow>();
            foreach (var batch in built)
            {
                var row = _store.ToRow(batch, ciphers);
                payouts.AddRange(row.Payouts);
                row.Payouts.Clear();
                _db.PayoutBatches.Add(row);
            }

            await _db.SaveChangesAsync(cancellationToken);
            await BulkInsert.CopyAsync(_db, payouts, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _db.ChangeTracker.Clear();
            return true;
        }

        /// <summary>
        /// Posts each built batch's one ledger transaction (ADR 0048, by COPY), checked against the worker-payable
        /// <paramref name="balances"/> the dues pass read under the agent's lock, then marks the batches posted and issues
        /// their Zengin files once the agent's requester details are set.
        /// </summary>
        private async Task PostAndIssueAsync(List<PayoutBatch> batches, IReadOnlyDictionary<Guid, Yen> balances, CancellationToken cancellationToken)
        {
            if (batches.Count == 0)
            {
                return;
            }

            var known = balances.ToDictionary(b => LedgerAccount.WorkerPayable(agentId, b.Key), b => b.Value);
            var postings = await _ledger.PostManyAsync(batches.Select(b => b.PostingTransaction()!).ToList(), cancellationToken, copy: true, knownBalances: known);
            foreach (var (batch, posting) in batches.Zip(postings))
            {
                await PostedAsync(batch, posting.IsNew ? batch.Payouts : [], cancellationToken);
                batch.MarkPosted(now);
            }

            if (await _store.RequesterAsync(agentId, cancellationToken) is { } requester)
            {
                foreach (var batch in batches)
                {
                    IssueFile(batch, requester);
                }
            }
        }

        /// <summary>Counts <paramref name="payouts"/> as posted by this run, telling the hooks of each (a test may stop the run there).</summary>
        private async Task PostedAsync(PayoutBatch batch, IEnumerable<Payout> payouts, CancellationToken cancellationToken)
        {
            foreach (var payout in payouts)
            {
                await hooks.PayoutPostedAsync(batch.Id, payout.WorkerId, cancellationToken);
                _posted++;
            }
        }

        /// <summary>Issues the batch's Zengin file (the batch moves to FileIssued) and records it in the audit log.</summary>
        private void IssueFile(PayoutBatch batch, ZenginRequester requester)
        {
            var file = batch.IssueFile(requester, now);
            _audit.Record("payout_batch.file_issued", "payout_batch", batch.Id.ToString(), new { transfers = file.Count, total = file.Total.Amount }, agentId);
            _issued++;
        }

        /// <summary>
        /// The owed workers' tiers, chosen schedules and stored accounts: read by the agent's key range (its own workers,
        /// most or all of them owed), then by id for those not found there — a worker registered with another agent now,
        /// or one who never chose a schedule. Read by id lists alone, 100,000 payees cost 1.4 s of the database (ADR 0050).
        /// </summary>
        private async Task<Payees> PayeesAsync(List<Guid> owed, CancellationToken cancellationToken)
        {
            var profiles = _db.WorkerProfiles.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking();
            var tiers = await ByAgentThenByIdAsync(owed,
                profiles.Where(p => p.AgentId == agentId).Select(p => new { p.UserId, p.Tier }),
                ids => profiles.Where(p => EF.Parameter(ids).Contains(p.UserId)).Select(p => new { p.UserId, p.Tier }),
                p => p.UserId, cancellationToken);
            var settings = _db.WorkerPayoutSettings.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking();
            var chosen = await ByAgentThenByIdAsync(owed,
                settings.Where(s => s.AgentId == agentId).Select(s => new { s.WorkerId, s.Schedule }),
                ids => settings.Where(s => EF.Parameter(ids).Contains(s.WorkerId)).Select(s => new { s.WorkerId, s.Schedule }),
                s => s.WorkerId, cancellationToken);
            var accounts = _db.BankAccounts.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking().Where(a => a.OwnerKind == BankAccountOwner.Worker);
            var stored = await ByAgentThenByIdAsync(owed,
                accounts.Where(a => a.AgentId == agentId),
                ids => accounts.Where(a => EF.Parameter(ids).Contains(a.OwnerId)),
                a => a.OwnerId, cancellationToken);
            return new Payees(tiers.ToDictionary(p => p.Key, p => p.Value.Tier), chosen.ToDictionary(s => s.Key, s => s.Value.Schedule), stored);
        }

        private sealed record Payees(Dictionary<Guid, WorkerTier> Tiers, Dictionary<Guid, PayoutSchedule> Schedules, Dictionary<Guid, BankAccountRow> Accounts);

        /// <summary>The rows of <paramref name="wanted"/> workers: those <paramref name="byAgent"/> finds, then the rest <paramref name="byIds"/>.</summary>
        private static async Task<Dictionary<Guid, T>> ByAgentThenByIdAsync<T>(
            IReadOnlyCollection<Guid> wanted, IQueryable<T> byAgent, Func<List<Guid>, IQueryable<T>> byIds, Func<T, Guid> workerOf, CancellationToken cancellationToken)
        {
            var wantedSet = wanted.ToHashSet();
            var found = new Dictionary<Guid, T>(wanted.Count);
            foreach (var row in await byAgent.ToListAsync(cancellationToken))
            {
                if (wantedSet.Contains(workerOf(row)))
                {
                    found[workerOf(row)] = row;
                }
            }

            var rest = wanted.Where(w => !found.ContainsKey(w)).ToList();
            foreach (var row in rest.Count == 0 ? [] : await byIds(rest).ToListAsync(cancellationToken))
            {
                found[workerOf(row)] = row;
            }

            return found;
        }

        /// <summary>
        /// The payees' bank accounts, decrypted (the Zengin file needs the numbers), and their stored ciphertexts: a payout
        /// keeps the account's own, which is bound to the same worker id (ADR 0012), instead of encrypting the number again.
        /// Decrypted one after another: the agents are what runs in parallel (ADR 0049).
        /// </summary>
        private (Dictionary<Guid, BankAccount> Accounts, Dictionary<Guid, string> Ciphers) Accounts(List<Guid> payees, Dictionary<Guid, BankAccountRow> stored)
        {
            var reveal = services.GetRequiredService<BankAccounts.BankAccountStore>();
            var accounts = new Dictionary<Guid, BankAccount>(payees.Count);
            var ciphers = new Dictionary<Guid, string>(payees.Count);
            foreach (var row in payees.Where(stored.ContainsKey).Select(p => stored[p]))
            {
                accounts[row.OwnerId] = reveal.Reveal(row);
                ciphers[row.OwnerId] = row.NumberCipher;
            }

            return (accounts, ciphers);
        }

        /// <summary>
        /// Finishes a batch an earlier run left: one built before ADR 0050 and killed before its posting committed
        /// (<see cref="PayoutBatchStatus.Building"/>) has its ledger transaction posted (ADR 0048; by COPY unless already in
        /// the ledger), checked against the payables read again; then, in one last transaction, it is marked posted and
        /// its Zengin file issued once the agent's requester details are set.
        /// </summary>
        private async Task FinishAsync(PayoutBatch batch, CancellationToken cancellationToken)
        {
            if (batch.Status == PayoutBatchStatus.Building)
            {
                await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
                await _store.LockAgentAsync(agentId, cancellationToken);
                var postedOneByOne = await PostedOneByOneAsync(batch, cancellationToken);
                if (batch.PostingTransaction(postedOneByOne) is { } posting)
                {
                    // The checks read in two statements and the transaction is written by two COPYs (LedgerBook.PostManyAsync).
                    var added = (await _ledger.PostManyAsync([posting], cancellationToken, copy: true)).Single().IsNew;
                    await PostedAsync(batch, added ? batch.Payouts.Where(p => !postedOneByOne.Contains(p.WorkerId)) : [], cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            await using var finish = await _db.Database.BeginTransactionAsync(cancellationToken);
            await _store.LockAgentAsync(agentId, cancellationToken);
            var stored = await _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(b => b.Id == batch.Id.Value).Select(b => b.Status).SingleAsync(cancellationToken);
            if (stored != batch.Status)
            {
                batch = await LoadAsync(batch.Id.Value, cancellationToken); // another node moved it on meanwhile
            }

            batch.MarkPosted(now); // every payout is in the ledger: this run or an earlier one posted them all
            if (batch.Status == PayoutBatchStatus.Posted && await _store.RequesterAsync(agentId, cancellationToken) is { } requester)
            {
                IssueFile(batch, requester);
            }

            await _store.SaveStatusAsync(batch, cancellationToken);
            await _db.SaveChangesAsync(cancellationToken);
            await finish.CommitAsync(cancellationToken);
            _db.ChangeTracker.Clear();
        }

        /// <summary>The payees of a batch resumed from a run before ADR 0048 whose payouts it posted one by one.</summary>
        private async Task<HashSet<Guid>> PostedOneByOneAsync(PayoutBatch batch, CancellationToken cancellationToken)
        {
            var keys = batch.Payouts.ToDictionary(p => batch.LedgerKeyFor(p.WorkerId), p => p.WorkerId, StringComparer.Ordinal);
            var found = await _db.LedgerTransactions.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                .Where(t => EF.Parameter(keys.Keys.ToList()).Contains(t.IdempotencyKey)).Select(t => t.IdempotencyKey).ToListAsync(cancellationToken);
            return found.Select(k => keys[k]).ToHashSet();
        }

        private async Task<PayoutBatch> LoadAsync(Guid batchId, CancellationToken cancellationToken) =>
            _store.ToDomain(await _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Include(b => b.Payouts).SingleAsync(b => b.Id == batchId, cancellationToken));
    }
}

/// <summary>
/// The payout run, fired by the clustered scheduler (UTC cron); the database makes it happen once per cut-off.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PayoutJob(IMediator mediator) : IJob
{
    public static readonly JobKey Key = new("payouts", "money");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mediator.Send(new RunPayouts(), cancellationToken);
}
