using System.Security.Cryptography;
using System.Text.Json;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.DataProtection;

namespace Market.Api.Identity;

/// <summary>Who must use an authenticator app: those who can move money or vet agents.</summary>
public static class TwoFactorPolicy
{
    public const string Issuer = "Furusato Market";

    public static readonly IReadOnlySet<string> RequiredFor = new HashSet<string>(StringComparer.Ordinal) { Roles.AgentOwner, Roles.PlatformAdmin };

    public static bool IsRequired(IEnumerable<string> roles) => roles.Any(RequiredFor.Contains);

    /// <summary>Turns 2FA on with a known key: for demo accounts and tests only; people set up their own keys.</summary>
    public static async Task EnrollWithKnownKeyAsync(Microsoft.AspNetCore.Identity.UserManager<AppUser> users, AppUser user, string base32Key)
    {
        IdentityResults.ThrowIfFailed(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", base32Key));
        IdentityResults.ThrowIfFailed(await users.SetTwoFactorEnabledAsync(user, true));
    }
}

/// <summary>
/// A short-lived, encrypted proof that the password was right, given to a user who must set up 2FA before they get
/// any token; it lets them fetch a key and activate it, nothing else.
/// </summary>
public sealed class TwoFactorSetupTickets(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector protector = dataProtection.CreateProtector("Market.Api.Identity.TwoFactorSetup");

    public string Issue(Guid userId) =>
        protector.Protect(JsonSerializer.Serialize(new Ticket(userId, clock.GetUtcNow() + Lifetime)));

    public Guid? Redeem(string ticket)
    {
        try
        {
            var read = JsonSerializer.Deserialize<Ticket>(protector.Unprotect(ticket));
            return read is not null && read.ExpiresAt > clock.GetUtcNow() ? read.UserId : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private sealed record Ticket(Guid UserId, DateTimeOffset ExpiresAt);
}

/// <summary>The password was right, but this role must set up an authenticator app first (403 with a setup ticket).</summary>
public sealed class TwoFactorSetupRequiredException(string ticket)
    : Exception("Your role requires two-factor authentication. Set up an authenticator app to continue.")
{
    public string Ticket { get; } = ticket;
}
