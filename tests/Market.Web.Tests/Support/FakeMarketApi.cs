using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Market.Web.Tests.Support;

/// <summary>
/// Stands in for Market.Api: the auth, /me, files and jobs slices of the v1 contract, served by a real ASP.NET Core pipeline
/// on an in-memory TestServer. The Web reaches it through <see cref="CreateHandler"/>, so the Web's own
/// typed clients, delegating handlers and JSON handling all run for real.
/// </summary>
public sealed class FakeMarketApi : IAsyncDisposable
{
    public const int AccessTokenLifetimeSeconds = 900;

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, FakeApiUser> accessTokens = new();
    private readonly ConcurrentDictionary<string, FakeApiUser> refreshTokens = new();
    private readonly ConcurrentDictionary<string, int> refreshCounts = new();
    private readonly ConcurrentQueue<string> acceptLanguages = new();

    private FakeMarketApi(WebApplication app) => this.app = app;

    public IReadOnlyCollection<string> AcceptLanguagesSeen => acceptLanguages;

    public FakeJobsApi Jobs { get; } = new();

    public FakeAgentApi Agents { get; } = new();
    public FakeWorkerApi Worker { get; } = new();

    public FakeCertificationsApi Certifications { get; } = new();

    /// <summary>While set, /auth/refresh answers 503 as during an outage.</summary>
    public bool RefreshUnavailable { get; set; }

    public static async Task<FakeMarketApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "FakeMarketApi",
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Testing",
        });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeMarketApi(app);
        api.MapEndpoints();
        await app.StartAsync();
        return api;
    }

    public HttpMessageHandler CreateHandler() => app.GetTestServer().CreateHandler();

    public int RefreshCountFor(FakeApiUser user) => refreshCounts.GetValueOrDefault(user.Email);

    /// <summary>Makes every access token issued so far to <paramref name="user"/> answer 401, as after its expiry.</summary>
    public void ExpireAccessTokensOf(FakeApiUser user) => RemoveTokensOf(accessTokens, user);

    /// <summary>Makes the refresh tokens of <paramref name="user"/> invalid, as after a revoked session.</summary>
    public void RevokeRefreshTokensOf(FakeApiUser user) => RemoveTokensOf(refreshTokens, user);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static void RemoveTokensOf(ConcurrentDictionary<string, FakeApiUser> tokens, FakeApiUser user)
    {
        foreach (var (token, owner) in tokens)
        {
            if (owner.Email == user.Email)
            {
                tokens.TryRemove(token, out _);
            }
        }
    }

    private void MapEndpoints()
    {
        app.Use((context, next) =>
        {
            acceptLanguages.Enqueue(context.Request.Headers.AcceptLanguage.ToString());
            return next(context);
        });

        var v1 = app.MapGroup("/api/v1");
        v1.MapPost("/auth/login", (LoginBody body) => Login(body));
        v1.MapPost("/auth/refresh", (RefreshBody body) => Refresh(body));
        v1.MapGet("/me", (HttpContext context) => Me(context));
        Jobs.Map(v1, Caller);
        Agents.Map(v1, Caller);
        Worker.Map(v1, Caller);
        Certifications.Map(v1, Caller);
    }

    private FakeApiUser? Caller(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && accessTokens.TryGetValue(header["Bearer ".Length..], out var user)
            ? user
            : null;
    }

    private IResult Login(LoginBody body)
    {
        var user = FakeUsers.All.FirstOrDefault(u => string.Equals(u.Email, body.Email, StringComparison.OrdinalIgnoreCase));
        if (user?.LoginProblem is { } forced)
        {
            return forced switch
            {
                "account_suspended" => Problem(401, "account_suspended", "This account is not active."),
                "validation_failed" => Problem(400, "validation_failed", "One or more validation errors occurred.",
                    new Dictionary<string, string[]> { ["email"] = ["This address is not allowed to sign in here."] }),
                "rate_limited" => Problem(429, "rate_limited", "Too many requests."),
                _ => Problem(401, forced, "Sign-in refused."),
            };
        }

        if (user is null || body.Password != FakeApiUser.Password)
        {
            return Problem(401, "invalid_credentials", "Invalid email or password.");
        }

        if (user.TwoFactorCode is { } expectedCode)
        {
            if (string.IsNullOrWhiteSpace(body.TwoFactorCode))
            {
                return Problem(401, "two_factor_required", "A two-factor code is required.");
            }

            if (body.TwoFactorCode != expectedCode)
            {
                return Problem(401, "invalid_two_factor_code", "The authenticator code is wrong or expired.");
            }
        }

        return Results.Ok(IssueTokens(user));
    }

    private IResult Refresh(RefreshBody body)
    {
        if (RefreshUnavailable)
        {
            return Problem(503, "service_unavailable", "The service is unavailable.");
        }

        if (!refreshTokens.TryRemove(body.RefreshToken, out var user))
        {
            return Problem(401, "invalid_refresh_token", "The refresh token is invalid.");
        }

        refreshCounts.AddOrUpdate(user.Email, 1, (_, count) => count + 1);
        return Results.Ok(IssueTokens(user));
    }

    private IResult Me(HttpContext context)
    {
        if (Caller(context) is not { } user)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        return Results.Ok(new
        {
            userId = user.UserId,
            email = user.Email,
            displayName = user.DisplayName,
            roles = user.Roles,
            tenant = new { kind = user.Tenant.Kind, id = user.Tenant.Id, name = user.Tenant.Name },
            preferredLanguage = user.PreferredLanguage,
        });
    }

    private object IssueTokens(FakeApiUser user)
    {
        var accessToken = "at_" + Guid.NewGuid().ToString("N");
        var refreshToken = "rt_" + Guid.NewGuid().ToString("N");
        accessTokens[accessToken] = user;
        refreshTokens[refreshToken] = user;
        return new { tokenType = "Bearer", accessToken, expiresIn = AccessTokenLifetimeSeconds, refreshToken };
    }

    internal static IResult Problem(int status, string code, string title, Dictionary<string, string[]>? errors = null, string? detail = null) =>
        Results.Json(
            new { type = "https://furusato.example/problems/" + code, title, status, detail, code, errors, traceId = "00-fake" },
            statusCode: status,
            contentType: "application/problem+json");

    private sealed record LoginBody(string Email, string Password, string? TwoFactorCode);

    private sealed record RefreshBody(string RefreshToken);
}
