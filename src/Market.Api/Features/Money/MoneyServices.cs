using Market.Api.Features.Money.BankAccounts;
using Market.Api.Features.Money.Data;
using Market.Api.Features.Money.Ledger;
using Market.Domain.Money;

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
        return services;
    }
}
