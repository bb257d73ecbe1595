namespace Market.Web.Api;

/// <summary>A payout batch: one per payout schedule and cut-off (GET /agents/{id}/payout-batches).</summary>
public sealed record PayoutBatchSummary(
    Guid Id,
    string Schedule,
    DateOnly CutoffDate,
    DateOnly PaymentDate,
    bool IsMonthEnd,
    string Status,
    int PayoutCount,
    long Total,
    int CarriedForwardCount,
    DateTimeOffset BuiltAt,
    DateTimeOffset? FileIssuedAt,
    DateTimeOffset? ConfirmedAt);

public sealed record PayoutBatchPage(IReadOnlyList<PayoutBatchSummary> Items, int Page, int PageSize, int Total);

/// <param name="AccountNumber">Masked to its last three digits by the API.</param>
public sealed record PayoutAccount(string BankCode, string? BankName, string BranchCode, string? BranchName, string AccountType, string AccountNumber, string HolderName);

public sealed record WorkerPayout(Guid WorkerId, string? WorkerName, long Amount, string Status, string? FailureReason, DateTimeOffset? FailedAt, PayoutAccount Account);

public sealed record CarriedForward(Guid WorkerId, string? WorkerName, long Due, string Reason);

public sealed record PayoutBatchDetail(PayoutBatchSummary Batch, IReadOnlyList<WorkerPayout> Payouts, IReadOnlyList<CarriedForward> CarriedForward);

public sealed record PayoutFailure(Guid WorkerId, string Reason);

public sealed record ConfirmPayoutsRequest(IReadOnlyList<PayoutFailure> Failures);
