using System.Text;
using FluentValidation;
using Market.Api.Features.Money.BankAccounts;
using Market.Api.Features.Money.Ledger;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Money;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Payouts;

public sealed record PayoutBatchSummary(
    Guid Id,
    PayoutSchedule Schedule,
    DateOnly CutoffDate,
    DateOnly PaymentDate,
    bool IsMonthEnd,
    PayoutBatchStatus Status,
    int PayoutCount,
    long Total,
    int CarriedForwardCount,
    DateTimeOffset BuiltAt,
    DateTimeOffset? FileIssuedAt,
    DateTimeOffset? ConfirmedAt);

public sealed record PayoutBatchPage(IReadOnlyList<PayoutBatchSummary> Items, int Page, int PageSize, int Total);

/// <param name="Account">Masked: the full number is only in the Zengin file.</param>
public sealed record PayoutView(Guid WorkerId, string? WorkerName, long Amount, PayoutStatus Status, string? FailureReason, DateTimeOffset? FailedAt, PayoutAccountView Account);

public sealed record PayoutAccountView(string BankCode, string? BankName, string BranchCode, string? BranchName, BankAccountType AccountType, string AccountNumber, string HolderName);

public sealed record CarriedForwardView(Guid WorkerId, string? WorkerName, long Due, CarryForwardReason Reason);

public sealed record PayoutBatchDetail(PayoutBatchSummary Batch, IReadOnlyList<PayoutView> Payouts, IReadOnlyList<CarriedForwardView> CarriedForward);

public sealed record ListPayoutBatches(Guid AgentId, PayoutBatchStatus? Status, int Page = 1, int PageSize = 20) : IRequest<PayoutBatchPage>;

public sealed record GetPayoutBatch(Guid AgentId, Guid BatchId) : IRequest<PayoutBatchDetail>;

/// <summary>
/// The transfer file for the agent's bank. Audited; if the job could not issue it yet (the agent had not set its
/// requester code, name or account), the first download issues it.
/// </summary>
public sealed record DownloadZenginFile(Guid AgentId, Guid BatchId) : ICommand<ZenginDownload>;

public sealed record ZenginDownload(string FileName, byte[] Content);

public sealed record PayoutFailureBody(Guid WorkerId, string Reason);

public sealed record ConfirmBody(List<PayoutFailureBody>? Failures);

/// <summary>
/// The agent confirms its bank made the transfers, naming any that failed (振込不能): each failure is reversed in
/// the ledger, so the worker is owed the amount again and the next batch pays it. Repeating it changes nothing; a
/// failure reported after the confirmation is accepted too.
/// </summary>
public sealed record ConfirmPayoutBatch(Guid AgentId, Guid BatchId, IReadOnlyList<PayoutFailureBody> Failures) : ICommand<PayoutBatchDetail>;

public sealed class ConfirmPayoutBatchValidator : AbstractValidator<ConfirmPayoutBatch>
{
    public ConfirmPayoutBatchValidator()
    {
        RuleFor(c => c.Failures).Must(f => f.Select(x => x.WorkerId).Distinct().Count() == f.Count).WithMessage("Name each worker once.");
        RuleForEach(c => c.Failures).ChildRules(failure =>
        {
            failure.RuleFor(f => f.WorkerId).NotEmpty();
            failure.RuleFor(f => f.Reason).NotEmpty().MaximumLength(500);
        });
    }
}

public sealed class PayoutBatchHandlers(MarketDbContext db, PayoutBatchStore store, LedgerBook ledger, AuditLog audit, TimeProvider clock) :
    IRequestHandler<ListPayoutBatches, PayoutBatchPage>,
    IRequestHandler<GetPayoutBatch, PayoutBatchDetail>,
    IRequestHandler<DownloadZenginFile, ZenginDownload>,
    IRequestHandler<ConfirmPayoutBatch, PayoutBatchDetail>
{
    static PayoutBatchHandlers() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task<PayoutBatchPage> Handle(ListPayoutBatches request, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, request.Page);
        var size = Math.Clamp(request.PageSize, 1, 100);
        var query = db.PayoutBatches.AsNoTracking().Where(b => b.AgentId == request.AgentId);
        if (request.Status is { } status)
        {
            query = query.Where(b => b.Status == status);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(b => b.CutoffDate).ThenBy(b => b.Schedule).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new PayoutBatchPage(rows.Select(Summary).ToList(), page, size, total);
    }

    public async Task<PayoutBatchDetail> Handle(GetPayoutBatch request, CancellationToken cancellationToken)
    {
        var row = await db.PayoutBatches.AsNoTracking().Include(b => b.Payouts)
                      .SingleOrDefaultAsync(b => b.Id == request.BatchId && b.AgentId == request.AgentId, cancellationToken)
                  ?? throw new NotFoundException("payout_batch_not_found", "No such payout batch.");
        return await DetailAsync(row, cancellationToken);
    }

    public async Task<ZenginDownload> Handle(DownloadZenginFile request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.LockAgentAsync(request.AgentId, cancellationToken);
        var row = await store.FindAsync(request.AgentId, request.BatchId, cancellationToken)
                  ?? throw new NotFoundException("payout_batch_not_found", "No such payout batch.");
        var batch = store.ToDomain(row);
        var requester = await store.RequesterAsync(request.AgentId, cancellationToken)
                        ?? throw new Domain.Common.DomainRuleException(
                            "zengin_requester_not_configured",
                            "Set the requester code, kana name and bank account in the agent's money settings first.");
        var file = batch.IssueFile(requester, now);
        PayoutBatchStore.Apply(batch, row);
        audit.Record("payout_batch.file_downloaded", "payout_batch", row.Id.ToString(), new { transfers = file.Count, total = file.Total.Amount }, request.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        // Zengin files are Shift_JIS, CR LF after every 120-byte record (the most widely accepted form).
        var bytes = Encoding.GetEncoding(932).GetBytes(file.ToText());
        return new ZenginDownload($"zengin-{row.CutoffDate:yyyyMMdd}-{row.Schedule.ToString().ToLowerInvariant()}.txt", bytes);
    }

    public async Task<PayoutBatchDetail> Handle(ConfirmPayoutBatch request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.LockAgentAsync(request.AgentId, cancellationToken);
        var row = await store.FindAsync(request.AgentId, request.BatchId, cancellationToken)
                  ?? throw new NotFoundException("payout_batch_not_found", "No such payout batch.");
        var batch = store.ToDomain(row);
        foreach (var failure in request.Failures)
        {
            // A payout already failed was posted with its failure (same unit of work): marking it again posts nothing, also
            // for a batch whose failure was posted as a mirror before ADR 0048 (its key is the same, its shape is not).
            var alreadyFailed = batch.Payouts.Any(p => p.WorkerId == failure.WorkerId && p.Status == PayoutStatus.Failed);
            var failed = batch.MarkFailed(failure.WorkerId, failure.Reason, now);
            if (!alreadyFailed)
            {
                await ledger.PostAsync(failed, cancellationToken);
            }
        }

        batch.Confirm(now);
        PayoutBatchStore.Apply(batch, row);
        audit.Record("payout_batch.confirmed", "payout_batch", row.Id.ToString(),
            new { failed = request.Failures.Select(f => f.WorkerId).ToList() }, request.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        return await DetailAsync(row, cancellationToken);
    }

    private async Task<PayoutBatchDetail> DetailAsync(PayoutBatchRow row, CancellationToken cancellationToken)
    {
        var ids = row.Payouts.Select(p => p.WorkerId).Concat(row.CarriedForward.Select(c => c.WorkerId)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new PayoutBatchDetail(
            Summary(row),
            row.Payouts.OrderBy(p => p.WorkerId).Select(p => new PayoutView(
                p.WorkerId,
                names.GetValueOrDefault(p.WorkerId),
                p.Amount,
                p.Status,
                p.FailureReason,
                p.FailedAt,
                new PayoutAccountView(p.BankCode, p.BankName, p.BranchCode, p.BranchName, p.AccountType, p.MaskedNumber, p.HolderName))).ToList(),
            row.CarriedForward.Select(c => new CarriedForwardView(c.WorkerId, names.GetValueOrDefault(c.WorkerId), c.Due, c.Reason)).ToList());
    }

    private static PayoutBatchSummary Summary(PayoutBatchRow b) =>
        new(b.Id, b.Schedule, b.CutoffDate, b.PaymentDate, b.IsMonthEnd, b.Status, b.PayoutCount, b.Total, b.CarriedForward.Count, b.BuiltAt, b.FileIssuedAt, b.ConfirmedAt);
}
