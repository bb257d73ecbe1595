using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Market.Api.Features.Money.Ledger;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Money;
using Market.Domain.Quality;
using Market.Domain.Units;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Statements;

/// <summary>One line of a 支払明細.</summary>
/// <param name="Description">The ledger's own memo (English bookkeeping text); the fields after it say the same for people.</param>
/// <param name="JobTitle">For an earning or its reversal: the job of the unit it paid for.</param>
/// <param name="UnitSequence">For an earning or its reversal: the unit's number in its job.</param>
/// <param name="PaymentDate">For a transfer or a failed transfer: the batch's payment date.</param>
/// <param name="Schedule">For a transfer or a failed transfer: the batch's schedule.</param>
public sealed record StatementLineView(
    DateTimeOffset OccurredAt,
    LedgerTransactionKind Kind,
    string Description,
    long Gross,
    long Withheld,
    long Net,
    string? JobTitle = null,
    int? UnitSequence = null,
    DateOnly? PaymentDate = null,
    PayoutSchedule? Schedule = null);

/// <summary>支払明細: what the worker was owed at the start of the month, earned, had withheld, was paid, and is owed at its end.</summary>
public sealed record StatementView(
    Guid AgentId,
    int Year,
    int Month,
    long OpeningBalance,
    long Gross,
    long Withheld,
    long PaidOut,
    long ClosingBalance,
    IReadOnlyList<StatementLineView> Lines,
    IReadOnlyList<WorkerPayoutView> Payouts);

/// <param name="AccountNumber">Masked to its last three digits.</param>
public sealed record WorkerPayoutView(Guid BatchId, DateOnly CutoffDate, DateOnly PaymentDate, PayoutSchedule Schedule, long Amount, PayoutStatus Status, string BankCode, string AccountNumber);

/// <summary>The caller's earnings in a month (Japan time): every accepted unit's pay, withholding and reversals.</summary>
public sealed record GetMyEarnings(string? Month) : IRequest<StatementView>;

/// <summary>The caller's 支払明細 for a month: the statement and the transfers paid in it.</summary>
public sealed record GetMyPayouts(string? Month) : IRequest<StatementView>;

public sealed class GetMyEarningsValidator : AbstractValidator<GetMyEarnings>
{
    public GetMyEarningsValidator() => RuleFor(r => r.Month).Matches("^[0-9]{4}-(0[1-9]|1[0-2])$").WithMessage("A month is written yyyy-MM.");
}

public sealed class GetMyPayoutsValidator : AbstractValidator<GetMyPayouts>
{
    public GetMyPayoutsValidator() => RuleFor(r => r.Month).Matches("^[0-9]{4}-(0[1-9]|1[0-2])$").WithMessage("A month is written yyyy-MM.");
}

public sealed class WorkerStatements(MarketDbContext db, ICurrentUser caller, TimeProvider clock) :
    IRequestHandler<GetMyEarnings, StatementView>,
    IRequestHandler<GetMyPayouts, StatementView>
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    public async Task<StatementView> Handle(GetMyEarnings request, CancellationToken cancellationToken)
    {
        var statement = await StatementAsync(request.Month, cancellationToken);
        var earnings = statement.Lines.Where(l => l.Kind is LedgerTransactionKind.Earning or LedgerTransactionKind.Reversal).ToList();
        return View(statement, await LinesAsync(earnings, cancellationToken), []);
    }

    public async Task<StatementView> Handle(GetMyPayouts request, CancellationToken cancellationToken)
    {
        var statement = await StatementAsync(request.Month, cancellationToken);
        var first = new DateOnly(statement.Year, statement.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var workerId = caller.UserId!.Value;
        var payouts = await db.Payouts.AsNoTracking()
            .Join(db.PayoutBatches.AsNoTracking(), p => p.BatchId, b => b.Id, (p, b) => new { Payout = p, Batch = b })
            .Where(x => x.Payout.WorkerId == workerId && x.Batch.AgentId == statement.AgentId && x.Batch.PaymentDate >= first && x.Batch.PaymentDate <= last)
            .OrderBy(x => x.Batch.PaymentDate)
            .ToListAsync(cancellationToken);
        return View(statement, await LinesAsync(statement.Lines, cancellationToken), payouts.Select(x => new WorkerPayoutView(
            x.Batch.Id, x.Batch.CutoffDate, x.Batch.PaymentDate, x.Batch.Schedule, x.Payout.Amount, x.Payout.Status, x.Payout.BankCode, x.Payout.MaskedNumber)).ToList());
    }

    private async Task<WorkerStatement> StatementAsync(string? month, CancellationToken cancellationToken)
    {
        var workerId = caller.UserId!.Value;
        var agentId = await db.WorkerProfiles.AsNoTracking().Where(p => p.UserId == workerId).Select(p => (Guid?)p.AgentId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("worker_profile_not_found", "Register as a worker with an agent first.");
        var (year, number) = ParseMonth(month, clock.GetUtcNow());
        var touching = db.LedgerTransactions.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .Where(t => t.Entries.Any(e => e.AccountKind == LedgerAccountKind.WorkerPayable && e.AgentId == agentId && e.PartyId == workerId));
        var transactions = await touching
            .Where(t => t.Kind != LedgerTransactionKind.Payout && t.Kind != LedgerTransactionKind.PayoutFailed)
            .Include(t => t.Entries)
            .ToListAsync(cancellationToken);
        // A payout transaction pays a whole batch (ADR 0048): only the worker's own line is read, and set against the
        // agent's bank, so the statement sees the worker's share as a two-line payout and nobody else's lines are loaded.
        var payouts = await touching
            .Where(t => t.Kind == LedgerTransactionKind.Payout || t.Kind == LedgerTransactionKind.PayoutFailed)
            .Include(t => t.Entries.Where(e => e.AccountKind == LedgerAccountKind.WorkerPayable && e.AgentId == agentId && e.PartyId == workerId))
            .ToListAsync(cancellationToken);
        var bank = LedgerAccount.AgentBank(agentId);
        var shares = payouts.Select(t => LedgerTransaction.Restore(
            t.Kind,
            t.IdempotencyKey,
            t.OccurredAt,
            t.Description,
            t.Entries.Select(e => e.ToDomain()).SelectMany(e => new[] { e, (e with { Account = bank }).Mirrored() }),
            t.ReversesTransactionId is { } reverses ? new LedgerTransactionId(reverses) : null));
        return WorkerStatement.For(transactions.Select(t => t.ToDomain()).Concat(shares), agentId, workerId, year, number);
    }

    internal static (int Year, int Month) ParseMonth(string? month, DateTimeOffset now)
    {
        if (month is null)
        {
            var today = now.ToOffset(Japan);
            return (today.Year, today.Month);
        }

        var date = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (date.Year, date.Month);
    }

    /// <summary>
    /// The lines with what each was posted for, read from its key: an earning's unit and job (through the review task for
    /// an appeal's), a transfer's batch. Three reads for the month, whatever its number of lines.
    /// </summary>
    private async Task<List<StatementLineView>> LinesAsync(IReadOnlyList<WorkerStatementLine> lines, CancellationToken cancellationToken)
    {
        var subjects = lines.Select(l => (Line: l, Earned: Domain.Money.Earnings.SubjectOf(l.Key), Batch: PayoutBatch.BatchOf(l.Key))).ToList();
        var taskIds = subjects.Where(s => s.Earned.Task is not null).Select(s => s.Earned.Task!.Value).Distinct().ToList();
        var unitOfTask = taskIds.Count == 0
            ? []
            : await db.ReviewTasks.IgnoreQueryFilters().AsNoTracking().Where(t => taskIds.Contains(t.Id))
                .ToDictionaryAsync(t => t.Id, t => t.UnitId, cancellationToken);
        WorkUnitId? UnitOf((WorkUnitId? Unit, ReviewTaskId? Task) earned) =>
            earned.Unit ?? (earned.Task is { } task && unitOfTask.TryGetValue(task, out var unit) ? unit : null);
        var unitIds = subjects.Select(s => UnitOf(s.Earned)).OfType<WorkUnitId>().Distinct().ToList();
        var units = unitIds.Count == 0
            ? []
            : await db.WorkUnits.IgnoreQueryFilters().AsNoTracking().Where(u => unitIds.Contains(u.Id))
                .Join(db.Jobs.IgnoreQueryFilters().AsNoTracking(), u => u.JobId, j => j.Id, (u, j) => new { u.Id, u.Sequence, j.Title })
                .ToDictionaryAsync(u => u.Id, cancellationToken);
        var batchIds = subjects.Where(s => s.Batch is not null).Select(s => s.Batch!.Value.Value).Distinct().ToList();
        var batches = batchIds.Count == 0
            ? []
            : await db.PayoutBatches.IgnoreQueryFilters().AsNoTracking().Where(b => batchIds.Contains(b.Id))
                .ToDictionaryAsync(b => b.Id, b => new { b.PaymentDate, b.Schedule }, cancellationToken);
        return subjects.Select(s =>
        {
            var unit = UnitOf(s.Earned) is { } id && units.TryGetValue(id, out var found) ? found : null;
            var batch = s.Batch is { } b && batches.TryGetValue(b.Value, out var paid) ? paid : null;
            var l = s.Line;
            return new StatementLineView(
                l.OccurredAt, l.Kind, l.Description, l.Gross.Amount, l.Withheld.Amount, l.Net.Amount,
                unit?.Title, unit?.Sequence, batch?.PaymentDate, batch?.Schedule);
        }).ToList();
    }

    private static StatementView View(WorkerStatement s, List<StatementLineView> lines, IReadOnlyList<WorkerPayoutView> payouts) =>
        new(s.AgentId, s.Year, s.Month, s.OpeningBalance.Amount, s.Gross.Amount, s.Withheld.Amount, s.PaidOut.Amount, s.ClosingBalance.Amount, lines, payouts);
}

/// <summary>
/// The agent's books at a glance: each account kind's balance, in its normal direction. With a
/// <see cref="Month"/> (yyyy-MM, Japan time) the figures are that month's movements instead: what the work cost, what
/// was invoiced, withheld, paid out and received in it.
/// </summary>
public sealed record MoneyTotalsView(
    Guid AgentId,
    long ClientReceivable,
    long AgentRevenue,
    long AgentCost,
    long WorkerPayable,
    long WithholdingTaxPayable,
    long ConsumptionTaxPayable,
    long AgentBank,
    long AgentPayable,
    long AgentReceivable,
    string? Month = null);

/// <param name="Month">yyyy-MM: that month's movements; null: the balances to date.</param>
public sealed record GetMoneyTotals(Guid AgentId, string? Month = null) : IRequest<MoneyTotalsView>;

public sealed class GetMoneyTotalsValidator : AbstractValidator<GetMoneyTotals>
{
    public GetMoneyTotalsValidator() => RuleFor(r => r.Month).Matches("^[0-9]{4}-(0[1-9]|1[0-2])$").WithMessage("A month is written yyyy-MM.");
}

public sealed class MoneyTotalsHandler(MarketDbContext db) : IRequestHandler<GetMoneyTotals, MoneyTotalsView>
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    public async Task<MoneyTotalsView> Handle(GetMoneyTotals request, CancellationToken cancellationToken)
    {
        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.AgentId == request.AgentId);
        if (request.Month is not null)
        {
            var (year, month) = WorkerStatements.ParseMonth(request.Month, default);
            var from = new DateTimeOffset(year, month, 1, 0, 0, 0, Japan);
            var to = from.AddMonths(1);
            var inMonth = db.LedgerTransactions.IgnoreQueryFilters([MarketDbContext.TenantFilter])
                .Where(t => t.OccurredAt >= from && t.OccurredAt < to).Select(t => t.Id);
            entries = entries.Where(e => inMonth.Contains(e.TransactionId));
        }

        var sums = await entries
            .GroupBy(e => new { e.AccountKind, e.Side })
            .Select(g => new { g.Key.AccountKind, g.Key.Side, Amount = g.Sum(e => e.Amount) })
            .ToListAsync(cancellationToken);
        long Balance(LedgerAccountKind kind)
        {
            var debitNormal = kind is LedgerAccountKind.ClientReceivable or LedgerAccountKind.AgentCost or LedgerAccountKind.AgentBank or LedgerAccountKind.AgentReceivable;
            return sums.Where(s => s.AccountKind == kind).Sum(s => (s.Side == EntrySide.Debit) == debitNormal ? s.Amount : -s.Amount);
        }

        return new MoneyTotalsView(
            request.AgentId,
            Balance(LedgerAccountKind.ClientReceivable),
            Balance(LedgerAccountKind.AgentRevenue),
            Balance(LedgerAccountKind.AgentCost),
            Balance(LedgerAccountKind.WorkerPayable),
            Balance(LedgerAccountKind.WithholdingTaxPayable),
            Balance(LedgerAccountKind.ConsumptionTaxPayable),
            Balance(LedgerAccountKind.AgentBank),
            Balance(LedgerAccountKind.AgentPayable),
            Balance(LedgerAccountKind.AgentReceivable),
            request.Month);
    }
}

/// <param name="Amount">Whole yen, more than 0 (a JSON number; 1500.5 or a string is refused with a clear code).</param>
public sealed record ClientPaymentBody(Guid ClientId, JsonElement Amount, string? BankReference);

/// <summary>A client's payment reached the agent's bank: <c>Dr AgentBank / Cr ClientReceivable</c>, keyed by the bank's reference.</summary>
public sealed record RecordClientPayment(Guid AgentId, Guid ClientId, JsonElement Amount, string? BankReference) : ICommand<MoneyTotalsView>;

public sealed class RecordClientPaymentValidator : AbstractValidator<RecordClientPayment>
{
    public RecordClientPaymentValidator()
    {
        RuleFor(r => r.ClientId).NotEmpty();
        RuleFor(r => r.BankReference).NotEmpty().MaximumLength(100);
    }
}

public sealed class RecordClientPaymentHandler(MarketDbContext db, LedgerBook ledger, IMediator mediator, AuditLog audit, TimeProvider clock)
    : IRequestHandler<RecordClientPayment, MoneyTotalsView>
{
    public async Task<MoneyTotalsView> Handle(RecordClientPayment request, CancellationToken cancellationToken)
    {
        var amount = WholeYen(request.Amount);
        Guard.Against(
            !await db.Jobs.AnyAsync(j => j.ClientId == request.ClientId && j.ContractedAgentId == request.AgentId, cancellationToken),
            "client_not_a_customer",
            "The agent has no job from this client.");
        var posting = LedgerPostings.ClientPayment(request.AgentId, request.ClientId, amount, request.BankReference!, clock.GetUtcNow());
        if ((await ledger.PostAsync(posting, cancellationToken)).IsNew)
        {
            audit.Record("client_payment.recorded", "client", request.ClientId.ToString(), new { amount = amount.Amount, reference = request.BankReference }, request.AgentId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetMoneyTotals(request.AgentId), cancellationToken);
    }

    /// <summary>JSON numbers only, whole and positive: money is integer yen.</summary>
    public static Yen WholeYen(JsonElement amount)
    {
        if (amount.ValueKind != JsonValueKind.Number || !amount.TryGetInt64(out var yen))
        {
            throw new UnprocessableInputException("amount_not_whole_yen", "An amount is a whole number of yen, written as a JSON number.");
        }

        return yen > 0 ? new Yen(yen) : throw new UnprocessableInputException("ledger_amount_not_positive", "An amount must be more than ¥0.");
    }
}
