namespace Market.Api.Features.Certifications;

public static class CertificationServices
{
    public static IServiceCollection AddMarketCertifications(this IServiceCollection services)
    {
        services.AddScoped<ExamScoring>();
        services.AddScoped<Tiers.TierInputsLoader>();
        return services;
    }
}
