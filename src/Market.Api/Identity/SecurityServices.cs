using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Market.Api.Identity;

/// <summary>The security issue's services, registered in one place so Program.cs keeps one line for them.</summary>
public static class SecurityServices
{
    public static IServiceCollection AddMarketSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SessionValidationOptions>(configuration.GetSection(SessionValidationOptions.SectionName));
        services.AddSingleton<SecurityStampCache>();
        services.AddScoped<SecurityStampValidation>();
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).Configure(SecurityStampValidation.Attach);

        services.AddScoped<TotpTokenProvider>();
        services.AddSingleton<TwoFactorSetupTickets>();
        services.Configure<IdentityOptions>(options => options.Tokens.ProviderMap[TokenOptions.DefaultAuthenticatorProvider] = new TokenProviderDescriptor(typeof(TotpTokenProvider)));
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromHours(1));
        services.AddScoped<Features.Auth.PasswordReset.IPasswordResetSender, Features.Auth.PasswordReset.UndeliveredPasswordResetSender>();
        services.Configure<Infrastructure.UserAndIpRateLimitOptions>(configuration.GetSection(Infrastructure.UserAndIpRateLimitOptions.SectionName));
        services.AddScoped<Infrastructure.UserAndIpRateLimiter>();
        return services;
    }
}
