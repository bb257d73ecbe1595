using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Market.Api.Persistence;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Market.Api.Identity;

public sealed class SessionValidationOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// How long one instance trusts what it read of a user (security stamp, roles, membership) before reading it
    /// again. Suspension, a role taken away, a password reset or 2FA turned on change one of them, so every session of
    /// that user, on every instance, stops working within this interval (the product promises 60 s).
    /// </summary>
    public TimeSpan StampValidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Bearer access tokens live 15 minutes; this makes them die with the user's security stamp, roles and membership
/// instead. Before the bearer handler accepts a token, its stamp claim must equal the stamp in the database, its roles
/// must all still be held and the membership must be active; that state is read at most once per
/// <see cref="SessionValidationOptions.StampValidationInterval"/> per user and instance. A stale token fails
/// authentication, so protected endpoints answer 401 as for an expired one.
/// </summary>
public sealed class SecurityStampValidation(
    MarketDbContext db,
    SecurityStampCache cache,
    IOptions<IdentityOptions> identityOptions,
    IOptions<SessionValidationOptions> options,
    TimeProvider clock)
{
    /// <summary>Hooks the check into the bearer handler (its only event runs before it reads the token).</summary>
    public static void Attach(BearerTokenOptions bearer)
    {
        var previous = bearer.Events.OnMessageReceived;
        bearer.Events.OnMessageReceived = async context =>
        {
            await previous(context);
            if (context.Result is not null)
            {
                return;
            }

            var header = context.Request.Headers[HeaderNames.Authorization].ToString();
            var token = context.Token ?? (header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null);
            if (string.IsNullOrEmpty(token) || context.Options.BearerTokenProtector.Unprotect(token) is not { } ticket)
            {
                return; // the handler itself refuses a missing or unreadable token
            }

            var validation = context.HttpContext.RequestServices.GetRequiredService<SecurityStampValidation>();
            if (!await validation.IsCurrentAsync(ticket.Principal))
            {
                context.Fail("The session was revoked (security stamp, roles or membership changed).");
            }
        };
    }

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        var stamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (!Guid.TryParse(principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.UserIdClaimType), out var userId) || stamp is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (!cache.TryGet(userId, now, out var current))
        {
            current = await ReadAsync(userId);
            cache.Set(userId, current, now, options.Value.StampValidationInterval);
        }

        var roleClaim = identityOptions.Value.ClaimsIdentity.RoleClaimType;
        return current.Active
            && string.Equals(current.Stamp, stamp, StringComparison.Ordinal)
            && principal.FindAll(roleClaim).All(r => current.Roles.Contains(r.Value));
    }

    private async Task<UserSessionState> ReadAsync(Guid userId)
    {
        var stamp = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleOrDefaultAsync();
        var inactive = await db.Memberships.IgnoreQueryFilters([MarketDbContext.TenantFilter]).AsNoTracking()
            .AnyAsync(m => m.UserId == userId && m.Status != MembershipStatus.Active);
        var roles = await db.UserRoles.AsNoTracking()
            .Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync();
        return new UserSessionState(stamp, stamp is not null && !inactive, roles.ToHashSet(StringComparer.Ordinal));
    }
}

public sealed record UserSessionState(string? Stamp, bool Active, IReadOnlySet<string> Roles);

/// <summary>Per-instance memory of what was read of each user, each entry good until its own expiry.</summary>
public sealed class SecurityStampCache
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<Guid, (UserSessionState State, DateTimeOffset Until)> entries = new();

    public bool TryGet(Guid userId, DateTimeOffset now, [NotNullWhen(true)] out UserSessionState? state)
    {
        if (entries.TryGetValue(userId, out var entry) && entry.Until > now)
        {
            state = entry.State;
            return true;
        }

        state = null;
        return false;
    }

    public void Set(Guid userId, UserSessionState state, DateTimeOffset now, TimeSpan lifetime)
    {
        if (entries.Count > PruneAbove)
        {
            foreach (var (id, entry) in entries)
            {
                if (entry.Until <= now)
                {
                    entries.TryRemove(id, out _);
                }
            }
        }

        entries[userId] = (state, now + lifetime);
    }

    /// <summary>Forgets a user on this instance at once (the instance that changed the stamp need not wait).</summary>
    public void Forget(Guid userId) => entries.TryRemove(userId, out _);
}
