using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Market.Web.Auth;

/// <summary>
/// The API's login is stateless, so the second (2FA) step must send the password again.
/// Rather than ask the user to retype it, the first step's credentials travel back in the form
/// encrypted with the Data Protection keys and valid for a few minutes.
/// </summary>
public sealed class PendingSignInProtector(IDataProtectionProvider dataProtectionProvider, TimeProvider timeProvider)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IDataProtector protector = dataProtectionProvider.CreateProtector("Market.Web.Auth.PendingTwoFactorSignIn");

    public string Protect(string email, string password) =>
        protector.Protect(JsonSerializer.Serialize(new PendingSignIn(email, password, timeProvider.GetUtcNow())));

    public PendingSignIn? Unprotect(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        try
        {
            var pending = JsonSerializer.Deserialize<PendingSignIn>(protector.Unprotect(ticket));
            return pending is not null && timeProvider.GetUtcNow() - pending.IssuedAt <= Lifetime ? pending : null;
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}

public sealed record PendingSignIn(string Email, string Password, DateTimeOffset IssuedAt);
