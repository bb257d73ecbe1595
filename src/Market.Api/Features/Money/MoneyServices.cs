using Market.Api.Features.Money.BankAccounts;
using Market.Api.Features.Money.Data;
using Market.Api.Features.Money.Ledger;
using Market.Api.Features.Money.Payouts;
using Market.Domain.Money;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Market.Api.Features.Money;

public static class MoneyServices
{
    public static IServiceCollection AddMarketMoney(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddScoped<LedgerBook>();
        services.AddSingleton(_ => ZenginCodeList.Load());
        services.AddSingleton(_ => new BankCalendar(JapaneseHolidays.Load().Holidays));
        services.AddSingleton(provider => new PayoutCalendar(provider.GetRequiredService<BankCalendar>()));
        services.AddSingleton(BankDetailsProtector.FromConfiguration(configuration, environment));
        services.AddScoped<BankAccountStore>();
        services.AddScoped<PayoutBatchStore>();
        services.TryAddSingleton(PayoutRunHooks.None);
        return services;
    }
}
