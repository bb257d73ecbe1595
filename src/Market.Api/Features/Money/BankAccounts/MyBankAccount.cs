using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Money;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.BankAccounts;

public sealed record GetMyBankAccount : IRequest<BankAccountView>;

/// <summary>The worker gives (or replaces) the account they are paid into. The change is audited without the number.</summary>
public sealed record SetMyBankAccount(BankAccountBody Account) : ICommand<BankAccountView>;

public sealed class SetMyBankAccountValidator : AbstractValidator<SetMyBankAccount>
{
    public SetMyBankAccountValidator()
    {
        RuleFor(r => r.Account.BankCode).NotEmpty().MaximumLength(10).OverridePropertyName("bankCode");
        RuleFor(r => r.Account.BranchCode).NotEmpty().MaximumLength(10).OverridePropertyName("branchCode");
        RuleFor(r => r.Account.AccountType).IsInEnum().OverridePropertyName("accountType");
        RuleFor(r => r.Account.AccountNumber).NotEmpty().MaximumLength(20).OverridePropertyName("accountNumber");
        RuleFor(r => r.Account.HolderName).NotEmpty().MaximumLength(100).OverridePropertyName("holderName");
    }
}

public sealed class MyBankAccountHandlers(MarketDbContext db, ICurrentUser caller, BankAccountStore store, AuditLog audit, TimeProvider clock) :
    IRequestHandler<GetMyBankAccount, BankAccountView>,
    IRequestHandler<SetMyBankAccount, BankAccountView>
{
    public async Task<BankAccountView> Handle(GetMyBankAccount request, CancellationToken cancellationToken)
    {
        var row = await db.BankAccounts.AsNoTracking()
            .SingleOrDefaultAsync(a => a.OwnerId == caller.UserId && a.OwnerKind == BankAccountOwner.Worker, cancellationToken);
        return row is null
            ? throw new NotFoundException("bank_account_not_set", "No bank account has been given yet.")
            : BankAccountView.Of(row);
    }

    public async Task<BankAccountView> Handle(SetMyBankAccount request, CancellationToken cancellationToken)
    {
        var workerId = caller.UserId!.Value;
        var agentId = await db.WorkerProfiles.Where(p => p.UserId == workerId).Select(p => (Guid?)p.AgentId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("worker_profile_not_found", "Register as a worker with an agent first.");
        var account = store.Validate(request.Account);
        var existing = await db.BankAccounts.SingleOrDefaultAsync(a => a.OwnerId == workerId, cancellationToken);
        if (store.Store(existing, workerId, BankAccountOwner.Worker, agentId, account, clock.GetUtcNow()) is { } added)
        {
            db.BankAccounts.Add(added);
        }

        // Codes only: the number and the holder's name never reach the audit log.
        audit.Record(
            existing is null ? "bank_account.added" : "bank_account.changed",
            "worker",
            workerId.ToString(),
            new { bankCode = account.BankCode, branchCode = account.BranchCode, accountType = account.Type.ToString() },
            agentId);
        await db.SaveChangesAsync(cancellationToken);
        return BankAccountView.Of(existing ?? await db.BankAccounts.AsNoTracking().SingleAsync(a => a.OwnerId == workerId, cancellationToken));
    }
}
