using System.Security.Cryptography;
using System.Text;
using Market.Api.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Identity;

/// <summary>
/// Identity's authenticator provider, replaced so that it reads the injected clock and so that each code is accepted
/// once: the time step of the last accepted code is stored per user, and a code is accepted only for a later step, by
/// one atomic upsert (two sign-ins racing with the same code cannot both win). The step lives in a table of its own
/// because Identity's user store rewrites every column of the user row on each update. One step of clock drift either
/// way is allowed, as RFC 6238 recommends.
/// </summary>
public sealed class TotpTokenProvider(MarketDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public async Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) =>
        await manager.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key
            ? Totp.Code(key, clock.GetUtcNow())
            : throw new InvalidOperationException("The user has no authenticator key.");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var code = token.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit) || await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key)
        {
            return false;
        }

        var secret = Totp.FromBase32(key);
        var now = Totp.StepAt(clock.GetUtcNow());
        foreach (var step in new[] { now - 1, now, now + 1 })
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.Code(secret, step)), Encoding.ASCII.GetBytes(code)))
            {
                return await ConsumeAsync(user.Id, step);
            }
        }

        return false;
    }

    private async Task<bool> ConsumeAsync(Guid userId, long step) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO totp_used_steps (user_id, last_step) VALUES ({userId}, {step})
            ON CONFLICT (user_id) DO UPDATE SET last_step = excluded.last_step WHERE totp_used_steps.last_step < excluded.last_step
            """) == 1;
}
