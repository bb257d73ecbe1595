using FluentValidation;
using Market.Api.Features.Money.BankAccounts;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Money.Settings;

public sealed record AgentMoneySettingsView(
    Guid AgentId,
    string? RegistrationNumber,
    string? InvoicePrefix,
    IReadOnlyList<JobType> WithheldJobTypes,
    string? ZenginRequesterCode,
    string? ZenginRequesterName,
    BankAccountView? BankAccount);

public sealed record AgentMoneySettingsBody(
    string? RegistrationNumber,
    string? InvoicePrefix,
    List<JobType>? WithheldJobTypes,
    string? ZenginRequesterCode,
    string? ZenginRequesterName,
    BankAccountBody? BankAccount);

public sealed record GetAgentMoneySettings(Guid AgentId) : IRequest<AgentMoneySettingsView>;

/// <summary>
/// The agent owner sets what its money needs: the qualified-invoice registration number (T + 13 digits, check digit
/// verified for corporations), the invoice prefix, the job types it withholds income tax on, and the requester code,
/// kana name and account its bank uses for Zengin transfer files. Every field is replaced.
/// </summary>
public sealed record SetAgentMoneySettings(Guid AgentId, AgentMoneySettingsBody Settings) : ICommand<AgentMoneySettingsView>;

public sealed class SetAgentMoneySettingsValidator : AbstractValidator<SetAgentMoneySettings>
{
    public SetAgentMoneySettingsValidator()
    {
        RuleFor(r => r.Settings.RegistrationNumber).MaximumLength(20).OverridePropertyName("registrationNumber");
        RuleFor(r => r.Settings.InvoicePrefix).MaximumLength(20).OverridePropertyName("invoicePrefix");
        RuleForEach(r => r.Settings.WithheldJobTypes).IsInEnum().OverridePropertyName("withheldJobTypes");
        RuleFor(r => r.Settings.ZenginRequesterCode).MaximumLength(20).OverridePropertyName("zenginRequesterCode");
        RuleFor(r => r.Settings.ZenginRequesterName).MaximumLength(100).OverridePropertyName("zenginRequesterName");
    }
}

public sealed class AgentMoneySettingsHandlers(MarketDbContext db, BankAccountStore store, AuditLog audit, TimeProvider clock) :
    IRequestHandler<GetAgentMoneySettings, AgentMoneySettingsView>,
    IRequestHandler<SetAgentMoneySettings, AgentMoneySettingsView>
{
    public async Task<AgentMoneySettingsView> Handle(GetAgentMoneySettings request, CancellationToken cancellationToken)
    {
        var settings = await db.AgentMoneySettings.AsNoTracking().SingleOrDefaultAsync(s => s.AgentId == request.AgentId, cancellationToken);
        var account = await db.BankAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.OwnerId == request.AgentId, cancellationToken);
        return View(request.AgentId, settings, account);
    }

    public async Task<AgentMoneySettingsView> Handle(SetAgentMoneySettings request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var body = request.Settings;
        var agent = await db.Agents.AsNoTracking().SingleAsync(a => a.Id == request.AgentId, cancellationToken);
        var registration = string.IsNullOrWhiteSpace(body.RegistrationNumber)
            ? (RegistrationNumber?)null
            : agent.OrganisationType == AgentOrganisationType.VoluntaryGroup
                ? RegistrationNumber.ForIndividual(body.RegistrationNumber)
                : RegistrationNumber.ForCorporation(body.RegistrationNumber);
        var prefix = string.IsNullOrWhiteSpace(body.InvoicePrefix) ? null : body.InvoicePrefix.Trim();
        if (prefix is not null && !InvoiceNumber.IsValidPrefix(prefix))
        {
            throw new UnprocessableInputException("invoice_prefix_invalid", "An invoice prefix is 2–8 upper-case letters or digits, starting with a letter.");
        }

        var withholding = new WithholdingConfig(body.WithheldJobTypes ?? []);
        var requesterCode = string.IsNullOrWhiteSpace(body.ZenginRequesterCode) ? null : body.ZenginRequesterCode.Trim();
        if (requesterCode is not null && (requesterCode.Length != 10 || !requesterCode.All(char.IsAsciiDigit)))
        {
            throw new UnprocessableInputException("zengin_requester_code_invalid", "The requester code (委託者コード) is the 10 digits the bank assigned.");
        }

        var requesterName = string.IsNullOrWhiteSpace(body.ZenginRequesterName) ? null : KanaName.ToZenginHalfWidth(body.ZenginRequesterName);
        if (requesterName is { Length: > ZenginRequester.MaxNameLength })
        {
            throw new UnprocessableInputException("zengin_requester_name_too_long", $"The requester name is at most {ZenginRequester.MaxNameLength} half-width characters.");
        }

        var account = body.BankAccount is null ? null : store.Validate(body.BankAccount);

        var settings = await db.AgentMoneySettings.SingleOrDefaultAsync(s => s.AgentId == request.AgentId, cancellationToken);
        if (settings is null)
        {
            settings = new AgentMoneySettings { AgentId = request.AgentId };
            db.AgentMoneySettings.Add(settings);
        }

        settings.RegistrationNumber = registration?.Value;
        settings.InvoicePrefix = prefix;
        settings.WithheldJobTypes = [.. withholding.WithheldJobTypes];
        settings.ZenginRequesterCode = requesterCode;
        settings.ZenginRequesterName = requesterName;
        settings.UpdatedAt = now;

        var existingAccount = await db.BankAccounts.SingleOrDefaultAsync(a => a.OwnerId == request.AgentId, cancellationToken);
        if (account is not null && store.Store(existingAccount, request.AgentId, BankAccountOwner.Agent, request.AgentId, account, now) is { } added)
        {
            db.BankAccounts.Add(added);
        }

        audit.Record("money_settings.changed", "agent", request.AgentId.ToString(), new
        {
            registrationNumber = settings.RegistrationNumber,
            settings.InvoicePrefix,
            withheldJobTypes = settings.WithheldJobTypes.Select(t => t.ToString()).ToList(),
            bankAccountChanged = account is not null,
        }, request.AgentId);
        await db.SaveChangesAsync(cancellationToken);
        return await Handle(new GetAgentMoneySettings(request.AgentId), cancellationToken);
    }

    private static AgentMoneySettingsView View(Guid agentId, AgentMoneySettings? settings, BankAccountRow? account) =>
        new(
            agentId,
            settings?.RegistrationNumber,
            settings?.InvoicePrefix,
            settings?.WithheldJobTypes ?? [],
            settings?.ZenginRequesterCode,
            settings?.ZenginRequesterName,
            account is null ? null : BankAccountView.Of(account));
}
