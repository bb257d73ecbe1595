using Market.Api.Features.Money.BankAccounts;
using Market.Api.Features.Money.Ledger;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Payouts;

/// <summary>Stores and restores <see cref="PayoutBatch"/>es; account numbers are encrypted on the way in and decrypted on the way out.</summary>
public sealed class PayoutBatchStore(MarketDbContext db, BankDetailsProtector protector, BankAccountStore accounts)
{
    /// <summary>Every step that changes an agent's payouts holds this lock until its transaction ends (ADR 0013, <see cref="PayablesLock"/>).</summary>
    public Task LockAgentAsync(Guid agentId, CancellationToken cancellationToken) => PayablesLock.AcquireAsync(db, [agentId], cancellationToken);

    /// <param name="ciphers">
    /// Each payee's stored account ciphertext, which <paramref name="batch"/>'s account was decrypted from: kept as it
    /// is (same key, bound to the same worker id) instead of encrypting the number again. Others are encrypted here.
    /// </param>
    public PayoutBatchRow ToRow(PayoutBatch batch, IReadOnlyDictionary<Guid, string>? ciphers = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var row = new PayoutBatchRow
        {
            Id = batch.Id.Value,
            AgentId = batch.AgentId,
            Schedule = batch.Cutoff.Schedule,
            CutoffDate = batch.Cutoff.Date,
            PaymentDate = batch.PaymentDate,
            IsMonthEnd = batch.IsMonthEnd,
            PayoutCount = batch.Payouts.Count,
            Total = batch.Total.Amount,
            BuiltAt = batch.BuiltAt,
            CarriedForward = batch.CarriedForward.Select(c => new CarriedForwardRecord(c.WorkerId, c.Due.Amount, c.Reason)).ToList(),
            Payouts = batch.Payouts.Select(p => new PayoutRow
            {
                BatchId = batch.Id.Value,
                WorkerId = p.WorkerId,
                Amount = p.Amount.Amount,
                BankCode = p.Account.BankCode,
                BranchCode = p.Account.BranchCode,
                AccountType = p.Account.Type,
                NumberCipher = ciphers is not null && ciphers.TryGetValue(p.WorkerId, out var cipher) ? cipher : protector.Protect(p.Account.Number, p.WorkerId),
                NumberLast3 = p.Account.Number[^3..],
                HolderName = p.Account.HolderName,
                BankName = p.Account.BankName,
                BranchName = p.Account.BranchName,
            }).ToList(),
        };
        Apply(batch, row);
        return row;
    }

    public PayoutBatch ToDomain(PayoutBatchRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return PayoutBatch.Restore(
            new PayoutBatchId(row.Id),
            row.AgentId,
            new PayoutCutoff(row.Schedule, row.CutoffDate),
            row.PaymentDate,
            row.IsMonthEnd,
            row.Status,
            row.BuiltAt,
            row.PostedAt,
            row.FileIssuedAt,
            row.ConfirmedAt,
            row.Payouts.Select(p => Payout.Restore(
                p.WorkerId,
                new Yen(p.Amount),
                BankAccount.Create(p.BankCode, p.BranchCode, p.AccountType, protector.Unprotect(p.NumberCipher, p.WorkerId), p.HolderName, p.BankName, p.BranchName),
                p.Status,
                p.FailureReason,
                p.FailedAt)),
            row.CarriedForward.Select(c => new CarriedForward(c.WorkerId, new Yen(c.Due), c.Reason)));
    }

    /// <summary>Copies what the domain changed (status, times, payouts' outcomes) onto the tracked row.</summary>
    public static void Apply(PayoutBatch batch, PayoutBatchRow row)
    {
        row.Status = batch.Status;
        row.PostedAt = batch.PostedAt;
        row.FileIssuedAt = batch.FileIssuedAt;
        row.ConfirmedAt = batch.ConfirmedAt;
        var byWorker = row.Payouts.ToDictionary(p => p.WorkerId);
        foreach (var payout in batch.Payouts)
        {
            var stored = byWorker[payout.WorkerId];
            stored.Status = payout.Status;
            stored.FailureReason = payout.FailureReason;
            stored.FailedAt = payout.FailedAt;
        }
    }

    /// <summary>Writes the batch-level state the domain moved (posted, file issued) without loading its payouts.</summary>
    public Task SaveStatusAsync(PayoutBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return db.PayoutBatches.IgnoreQueryFilters([MarketDbContext.TenantFilter]).Where(b => b.Id == batch.Id.Value)
            .ExecuteUpdateAsync(
                set => set.SetProperty(b => b.Status, batch.Status).SetProperty(b => b.PostedAt, batch.PostedAt)
                    .SetProperty(b => b.FileIssuedAt, batch.FileIssuedAt).SetProperty(b => b.ConfirmedAt, batch.ConfirmedAt),
                cancellationToken);
    }

    public Task<PayoutBatchRow?> FindAsync(Guid agentId, Guid batchId, CancellationToken cancellationToken) =>
        db.PayoutBatches.Include(b => b.Payouts).SingleOrDefaultAsync(b => b.Id == batchId && b.AgentId == agentId, cancellationToken);

    /// <summary>The agent as the Zengin file's requester, or null while its code, kana name or account is missing.</summary>
    public async Task<ZenginRequester?> RequesterAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var settings = await db.AgentMoneySettings.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(s => s.AgentId == agentId, cancellationToken);
        var account = await db.BankAccounts.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(a => a.OwnerId == agentId && a.OwnerKind == BankAccountOwner.Agent, cancellationToken);
        return settings is { ZenginRequesterCode: { } code, ZenginRequesterName: { } name } && account is not null
            ? new ZenginRequester(code, name, accounts.Reveal(account))
            : null;
    }
}
