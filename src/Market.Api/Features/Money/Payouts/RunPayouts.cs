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
/// <see cref="ICommand{TResponse}"/>: it commits step by step, each step in its own transaction under the agent's
/// advisory lock, so a run killed half-way leaves a batch in a state the next run (on any node) continues from.
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
            while (cutoffs.Count > 0)
            {
                if (await BuildAllAsync(cutoffs, cancellationToken) is { } built)
                {
                    foreach (var batch in built)
                    {
                        await FinishAsync(batch, cancellationToken, builtNow: true);
                    }

                    break;
                }

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
        /// Builds the batches of every cut-off not handled yet, in one transaction under the agent's lock, from one pass
        /// over the agent's ledger (<see cref="PayoutDuesQuery"/>): each cut-off's dues are the ledger's less what the
        /// batches before it in this run pay — which is what the ledger says once those are posted, since payouts always
        /// count. A cut-off with nothing due costs a row and an audit entry, not a transaction of its own.
        /// </summary>
        /// <returns>The batches built that have payouts to post; null if a batch still being posted must be finished first.</returns>
        private async Task<List<PayoutBatch>?> BuildAllAsync(List<PayoutCutoff> cutoffs, CancellationToken cancellationToken)
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
            await _store.LockAgentAsync(agentId, cancellationToken);
            var batches = _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking().Where(b => b.AgentId == agentId);
            // A Building batch's payouts may not all be in the ledger yet; a Posted one's are (it may wait for the agent's
            // requester details for ever, and must not hold back later cut-offs).
            if (await batches.AnyAsync(b => b.Status == PayoutBatchStatus.Building, cancellationToken))
            {
                return null;
            }

            var ids = cutoffs.Select(c => PayoutBatchId.For(agentId, c).Value).ToList();
            var handled = (await batches.Where(b => ids.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken)).ToHashSet();
            var pending = cutoffs.Where(c => !handled.Contains(PayoutBatchId.For(agentId, c).Value)).ToList();
            if (pending.Count == 0)
            {
                return [];
            }

            var pass = await PayoutDuesQuery.ReadAsync(_db, agentId, pending.Min(c => c.ClosesAt), cancellationToken);
            var duesAt = pending.Select(c => pass.At(c.ClosesAt)).ToList();
            var owed = duesAt.SelectMany(d => d).Where(d => d.Value.IsPositive).Select(d => d.Key).Distinct().ToList();
            var tiers = await _db.WorkerProfiles.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(p => EF.Parameter(owed).Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, p => p.Tier, cancellationToken);
            var chosen = await _db.WorkerPayoutSettings.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(s => EF.Parameter(owed).Contains(s.WorkerId)).ToDictionaryAsync(s => s.WorkerId, s => s.Schedule, cancellationToken);
            var schedules = owed.ToDictionary(
                w => w,
                w => PayoutSchedules.Effective(chosen.TryGetValue(w, out var s) ? s : null, tiers.GetValueOrDefault(w, WorkerTier.Trial)));
            var payees = owed.Where(w => pending.Any(c => c.Schedule == schedules[w])).ToList();
            var (accounts, ciphers) = await AccountsAsync(payees, cancellationToken);

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
            }

            // Batch rows and audit entries through the unit of work; the payouts (thousands) by COPY after them.
            var payouts = new List<PayoutRow>();
            foreach (var batch in built)
            {
                var row = _store.ToRow(batch, ciphers);
                payouts.AddRange(row.Payouts);
                row.Payouts.Clear();
                _db.PayoutBatches.Add(row);
                _audit.Record("payout_batch.built", "payout_batch", batch.Id.ToString(),
                    new { cutoff = batch.Cutoff.ToString(), payouts = batch.Payouts.Count, total = batch.Total.Amount, carriedForward = batch.CarriedForward.Count }, agentId);
            }

            await _db.SaveChangesAsync(cancellationToken);
            await BulkInsert.CopyAsync(_db, payouts, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _db.ChangeTracker.Clear();
            _built += built.Count;
            return built.Where(b => b.Status == PayoutBatchStatus.Building).ToList();
        }

        /// <summary>
        /// The payees' bank accounts, decrypted in parallel (the Zengin file needs the numbers), and their stored
        /// ciphertexts: a payout keeps the account's own, which is bound to the same worker id (ADR 0012), instead of
        /// encrypting the number again.
        /// </summary>
        private async Task<(Dictionary<Guid, BankAccount> Accounts, Dictionary<Guid, string> Ciphers)> AccountsAsync(List<Guid> payees, CancellationToken cancellationToken)
        {
            var rows = await _db.BankAccounts.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(a => EF.Parameter(payees).Contains(a.OwnerId) && a.OwnerKind == BankAccountOwner.Worker)
                .ToListAsync(cancellationToken);
            var reveal = services.GetRequiredService<BankAccounts.BankAccountStore>();
            var revealed = new BankAccount[rows.Count];
            Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => revealed[i] = reveal.Reveal(rows[i]));
            var accounts = new Dictionary<Guid, BankAccount>(rows.Count);
            var ciphers = new Dictionary<Guid, string>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                accounts[rows[i].OwnerId] = revealed[i];
                ciphers[rows[i].OwnerId] = rows[i].NumberCipher;
            }

            return (accounts, ciphers);
        }

        /// <summary>
        /// Posts the batch's one ledger transaction (ADR 0048; written by COPY unless already in the ledger), then marks
        /// it posted and issues the Zengin file in one last transaction, once the agent's requester details are set.
        /// </summary>
        /// <param name="builtNow">Built by this run (so no run from before ADR 0048 posted any of its payouts one by one).</param>
        private async Task FinishAsync(PayoutBatch batch, CancellationToken cancellationToken, bool builtNow = false)
        {
            if (batch.Status == PayoutBatchStatus.Building)
            {
                await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
                await _store.LockAgentAsync(agentId, cancellationToken);
                var postedOneByOne = builtNow ? [] : await PostedOneByOneAsync(batch, cancellationToken);
                if (batch.PostingTransaction(postedOneByOne) is { } posting)
                {
                    // The checks read in two statements and the transaction is written by two COPYs (LedgerBook.PostManyAsync).
                    var added = (await _ledger.PostManyAsync([posting], cancellationToken, copy: true)).Single().IsNew;
                    foreach (var payout in added ? batch.Payouts.Where(p => !postedOneByOne.Contains(p.WorkerId)) : [])
                    {
                        await hooks.PayoutPostedAsync(batch.Id, payout.WorkerId, cancellationToken);
                        _posted++;
                    }
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
                var file = batch.IssueFile(requester, now);
                _audit.Record("payout_batch.file_issued", "payout_batch", batch.Id.ToString(), new { transfers = file.Count, total = file.Total.Amount }, agentId);
                _issued++;
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
