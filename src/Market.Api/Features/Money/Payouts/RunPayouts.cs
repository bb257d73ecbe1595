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
/// <param name="PostingChunkSize">Payouts posted per transaction.</param>
public sealed record RunPayouts(int PostingChunkSize = 50) : IRequest<PayoutRunSummary>
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

public sealed class RunPayoutsHandler(IServiceScopeFactory scopes, MarketDbContext db, PayoutCalendar calendar, TimeProvider clock, PayoutRunHooks hooks)
    : IRequestHandler<RunPayouts, PayoutRunSummary>
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public async Task<PayoutRunSummary> Handle(RunPayouts request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.PostingChunkSize, 1);
        var now = clock.GetUtcNow();
        // Agents that ever owed a worker anything, or have a batch not finished yet.
        var agentIds = await db.LedgerEntries.IgnoreQueryFilters([MarketDbContext.TenantFilter])
            .Where(e => e.AccountKind == LedgerAccountKind.WorkerPayable).Select(e => e.AgentId)
            .Union(db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                .Where(b => b.Status == PayoutBatchStatus.Building || b.Status == PayoutBatchStatus.Posted).Select(b => b.AgentId))
            .Distinct().OrderBy(id => id).ToListAsync(cancellationToken);

        var summary = new PayoutRunSummary(0, 0, 0);
        var failures = new List<Exception>();
        foreach (var agentId in agentIds)
        {
            await using var scope = scopes.CreateAsyncScope();
            var run = new AgentPayoutRun(scope.ServiceProvider, agentId, calendar, hooks, request.PostingChunkSize, now);
            try
            {
                var done = await run.RunAsync(cancellationToken);
                summary = new PayoutRunSummary(summary.BatchesBuilt + done.BatchesBuilt, summary.PayoutsPosted + done.PayoutsPosted, summary.FilesIssued + done.FilesIssued);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One agent's failure does not hold back the others' pay; it is raised once they are done.
                failures.Add(new InvalidOperationException($"Payouts of agent {agentId} stopped; the next run continues them.", e));
            }
        }

        return failures.Count == 0 ? summary : throw new AggregateException("Some agents' payouts did not finish.", failures);
    }

    /// <summary>The cut-offs of every schedule that have closed by <paramref name="now"/>, from <paramref name="from"/> on.</summary>
    public static IEnumerable<PayoutCutoff> ClosedCutoffs(PayoutCalendar calendar, DateOnly from, DateTimeOffset now)
    {
        var lastClosed = DateOnly.FromDateTime(now.ToOffset(JapanOffset).DateTime).AddDays(-1);
        return Enum.GetValues<PayoutSchedule>()
            .SelectMany(schedule => calendar.CutoffsBetween(schedule, from, lastClosed))
            .OrderBy(c => c.Date).ThenBy(c => c.Schedule);
    }

    private sealed class AgentPayoutRun(IServiceProvider services, Guid agentId, PayoutCalendar calendar, PayoutRunHooks hooks, int chunkSize, DateTimeOffset now)
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
            // Finish what a killed run left first, so no payout is decided twice.
            foreach (var unfinished in await _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                         .Where(b => b.AgentId == agentId && (b.Status == PayoutBatchStatus.Building || b.Status == PayoutBatchStatus.Posted))
                         .OrderBy(b => b.CutoffDate).ThenBy(b => b.Schedule).Select(b => b.Id).ToListAsync(cancellationToken))
            {
                await FinishAsync(unfinished, cancellationToken);
            }

            var lastDone = await _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                .Where(b => b.AgentId == agentId).MaxAsync(b => (DateOnly?)b.CutoffDate, cancellationToken);
            var earliest = DateOnly.FromDateTime(now.ToOffset(JapanOffset).DateTime).AddDays(-RunPayouts.CatchUpDays);
            var from = lastDone is { } last && last >= earliest ? last : earliest;
            foreach (var cutoff in ClosedCutoffs(calendar, from, now))
            {
                if (await BuildAsync(cutoff, cancellationToken) is { } batchId)
                {
                    await FinishAsync(batchId, cancellationToken);
                }
            }

            return new PayoutRunSummary(_built, _posted, _issued);
        }

        /// <returns>The batch's id if it exists now (built by this call or found), null if it was handled already.</returns>
        private async Task<Guid?> BuildAsync(PayoutCutoff cutoff, CancellationToken cancellationToken)
        {
            var id = PayoutBatchId.For(agentId, cutoff).Value;
            await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
            await _store.LockAgentAsync(agentId, cancellationToken);
            var existing = await _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(b => b.Id == id).Select(b => (PayoutBatchStatus?)b.Status).SingleOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                return existing is PayoutBatchStatus.Building or PayoutBatchStatus.Posted ? id : null;
            }

            var batch = PayoutBatch.Build(agentId, cutoff, calendar, await DuesAsync(cutoff, cancellationToken), now);
            _db.PayoutBatches.Add(_store.ToRow(batch));
            _audit.Record("payout_batch.built", "payout_batch", id.ToString(),
                new { cutoff = cutoff.ToString(), payouts = batch.Payouts.Count, total = batch.Total.Amount, carriedForward = batch.CarriedForward.Count }, agentId);
            await _db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _db.ChangeTracker.Clear();
            _built++;
            return batch.Status == PayoutBatchStatus.NothingDue ? null : id;
        }

        /// <summary>
        /// What each worker on the cut-off's schedule is owed by its close (<see cref="PayoutDues"/>), with the account to
        /// pay. Earlier batches are all posted (the run finishes them first), so their payouts are in the ledger.
        /// </summary>
        private async Task<List<WorkerDue>> DuesAsync(PayoutCutoff cutoff, CancellationToken cancellationToken)
        {
            var dues = await DuesByWorkerAsync(cutoff.ClosesAt, cancellationToken);
            var workerIds = dues.Keys.ToList();
            var tiers = await _db.WorkerProfiles.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(p => workerIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, p => p.Tier, cancellationToken);
            var schedules = await _db.WorkerPayoutSettings.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(s => workerIds.Contains(s.WorkerId)).ToDictionaryAsync(s => s.WorkerId, s => s.Schedule, cancellationToken);
            var onSchedule = dues
                .Where(d => PayoutSchedules.Effective(schedules.TryGetValue(d.Key, out var s) ? s : null, tiers.GetValueOrDefault(d.Key, WorkerTier.Trial)) == cutoff.Schedule)
                .ToList();
            var payees = onSchedule.Select(d => d.Key).ToList();
            var accounts = await _db.BankAccounts.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Where(a => payees.Contains(a.OwnerId) && a.OwnerKind == BankAccountOwner.Worker)
                .ToDictionaryAsync(a => a.OwnerId, cancellationToken);
            var reveal = services.GetRequiredService<BankAccounts.BankAccountStore>();
            return onSchedule
                .Select(d => new WorkerDue(d.Key, d.Value, accounts.TryGetValue(d.Key, out var account) ? reveal.Reveal(account) : null))
                .ToList();
        }

        /// <summary>
        /// <see cref="PayoutDues.AtCutoff"/> as one aggregate in PostgreSQL, over the agent's worker-payable entries (read
        /// through <c>ix_ledger_entries_worker_payable</c>): every payout and failed transfer whenever posted, every other
        /// transaction if it — or, for a reversal, the transaction it reverses — happened before the cut-off closed.
        /// Loading the agent's whole ledger for each cut-off instead made the run grow with the ledger (docs/benchmarks.md,
        /// section 3); <c>PayoutTests</c> hold the two spellings of the rule together.
        /// </summary>
        private async Task<Dictionary<Guid, Yen>> DuesByWorkerAsync(DateTimeOffset closesAt, CancellationToken cancellationToken)
        {
            var credit = EntrySide.Credit; // worker-payable is credit-normal
            var transactions = _db.LedgerTransactions.IgnoreQueryFilters([MarketDbContext.TenantFilter]);
            var owed = await (
                    from e in _db.LedgerEntries.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                    where e.AgentId == agentId && e.AccountKind == LedgerAccountKind.WorkerPayable
                    join t in transactions on e.TransactionId equals t.Id
                    join o in transactions on t.ReversesTransactionId equals (Guid?)o.Id into originals
                    from o in originals.DefaultIfEmpty()
                    where t.Kind == LedgerTransactionKind.Payout || t.Kind == LedgerTransactionKind.PayoutFailed
                        || (o != null ? o.OccurredAt : t.OccurredAt) < closesAt
                    group e by e.PartyId into g
                    select new { WorkerId = g.Key, Owed = g.Sum(e => e.Side == credit ? e.Amount : -e.Amount) })
                .Where(x => x.Owed != 0)
                .ToListAsync(cancellationToken);
            return owed.ToDictionary(x => x.WorkerId!.Value, x => new Yen(x.Owed));
        }

        private async Task FinishAsync(Guid batchId, CancellationToken cancellationToken)
        {
            await PostAsync(batchId, cancellationToken);
            await IssueAsync(batchId, cancellationToken);
        }

        /// <summary>Posts the batch's payouts a chunk per transaction, skipping those already in the ledger, then marks it posted.</summary>
        private async Task PostAsync(Guid batchId, CancellationToken cancellationToken)
        {
            var batch = await LoadAsync(batchId, cancellationToken);
            if (batch.Status != PayoutBatchStatus.Building)
            {
                return;
            }

            foreach (var chunk in batch.PostingTransactions().Chunk(chunkSize))
            {
                await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
                await _store.LockAgentAsync(agentId, cancellationToken);
                // The chunk's checks read in two statements and its postings are written in one batch (LedgerBook.PostManyAsync).
                var added = (await _ledger.PostManyAsync(chunk, cancellationToken)).Where(p => p.IsNew).ToList();
                await _db.SaveChangesAsync(cancellationToken);
                foreach (var posting in added)
                {
                    await hooks.PayoutPostedAsync(batch.Id, posting.Transaction.Entries[0].Account.PartyId!.Value, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                _db.ChangeTracker.Clear();
                _posted += added.Count;
            }

            await using var finish = await _db.Database.BeginTransactionAsync(cancellationToken);
            await _store.LockAgentAsync(agentId, cancellationToken);
            var row = await TrackedAsync(batchId, cancellationToken);
            var current = _store.ToDomain(row);
            current.MarkPosted(now);
            PayoutBatchStore.Apply(current, row);
            await _db.SaveChangesAsync(cancellationToken);
            await finish.CommitAsync(cancellationToken);
            _db.ChangeTracker.Clear();
        }

        /// <summary>Produces the Zengin file (the batch becomes FileIssued) once the agent's requester details are set.</summary>
        private async Task IssueAsync(Guid batchId, CancellationToken cancellationToken)
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
            await _store.LockAgentAsync(agentId, cancellationToken);
            var row = await TrackedAsync(batchId, cancellationToken);
            var requester = await _store.RequesterAsync(agentId, cancellationToken);
            if (row.Status != PayoutBatchStatus.Posted || requester is null)
            {
                return;
            }

            var batch = _store.ToDomain(row);
            var file = batch.IssueFile(requester, now);
            PayoutBatchStore.Apply(batch, row);
            _audit.Record("payout_batch.file_issued", "payout_batch", batchId.ToString(), new { transfers = file.Count, total = file.Total.Amount }, agentId);
            await _db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _db.ChangeTracker.Clear();
            _issued++;
        }

        private async Task<PayoutBatch> LoadAsync(Guid batchId, CancellationToken cancellationToken) =>
            _store.ToDomain(await _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
                .Include(b => b.Payouts).SingleAsync(b => b.Id == batchId, cancellationToken));

        private Task<PayoutBatchRow> TrackedAsync(Guid batchId, CancellationToken cancellationToken) =>
            _db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).Include(b => b.Payouts).SingleAsync(b => b.Id == batchId, cancellationToken);
    }
}

/// <summary>
/// The payout run, fired by the clustered scheduler (UTC cron); the database makes it happen once per cut-off.
/// <c>Money:PayoutChunkSize</c> sets how many payouts one transaction posts (default 50).
/// </summary>
[DisallowConcurrentExecution]
public sealed class PayoutJob(IMediator mediator, IConfiguration configuration) : IJob
{
    public static readonly JobKey Key = new("payouts", "money");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await mediator.Send(new RunPayouts(configuration.GetValue("Money:PayoutChunkSize", 50)), cancellationToken);
}
