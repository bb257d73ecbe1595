using Microsoft.AspNetCore.Identity;

namespace Market.Api.Identity;

/// <summary>
/// PBKDF2-HMAC-SHA512 at 220,000 iterations (OWASP's 2023 figure; a hash from fewer is redone at the next sign-in).
/// <c>Identity:PasswordHashIterations</c> may lower it in the Testing environment only: a test run creates and signs in
/// thousands of people, at about 150 ms of CPU a hash on the CI machine. <c>PasswordHashingTests</c> run at the real count.
/// </summary>
public static class PasswordHashing
{
    public const int Iterations = 220_000;

    public static IServiceCollection AddPasswordHashing(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var iterations = configuration.GetValue("Identity:PasswordHashIterations", Iterations);
        if (iterations < Iterations && !environment.IsEnvironment("Testing"))
        {
            throw new InvalidOperationException($"Identity:PasswordHashIterations may be below {Iterations:#,0} only in tests (it is {iterations:#,0} in {environment.EnvironmentName}).");
        }

        return services.Configure<PasswordHasherOptions>(options => options.IterationCount = iterations);
    }
}
