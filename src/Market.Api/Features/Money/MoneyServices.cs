using Market.Api.Features.Money.Ledger;

namespace Market.Api.Features.Money;

public static class MoneyServices
{
    public static IServiceCollection AddMarketMoney(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddScoped<LedgerBook>();
        return services;
    }
}
