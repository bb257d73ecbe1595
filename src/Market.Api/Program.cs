using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Market.Api.Features;
using Market.Api.Identity;
using Market.Api.Features.Assignments;
using Market.Api.Features.Certifications;
using Market.Api.Features.Jobs.PostJob;
using Market.Api.Features.Money;
using Market.Api.Features.Notifications;
using Market.Api.Features.TeamRoom.Live;
using Market.Api.Infrastructure;
using Market.Api.Media;
using Market.Api.Persistence;
using Market.Api.Seeding;
using Market.Api.Storage;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
var command = args.FirstOrDefault(a => a is "migrate" or "seed");

var connectionString = builder.Configuration.GetConnectionString("Market")
    ?? (Environment.GetEnvironmentVariable("MARKET_DB") is { Length: > 0 } fromEnv ? fromEnv : null)
    ?? throw new InvalidOperationException("Set ConnectionStrings:Market or MARKET_DB.");

// Loading the demo world runs the real handlers at past instants on a clock it can pin (ADR 0037); nothing else pins it.
builder.Services.AddSingleton<TimeProvider>(command == "seed" ? new PinnableClock(TimeProvider.System) : TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentUser, HttpCurrentUser>();

// The options are built once (they depend on nothing scoped): built per scope, they cost every request, and the claim
// measurably (ADR 0047).
builder.Services.AddDbContext<MarketDbContext>(
    options => options.UseNpgsql(PooledConnections.Tune(connectionString, builder.Configuration)),
    optionsLifetime: ServiceLifetime.Singleton);

builder.Services
    .AddIdentityCore<AppUser>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 12;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        options.Lockout.AllowedForNewUsers = true;
    })
    .AddRoles<IdentityRole<Guid>>()
    .AddEntityFrameworkStores<MarketDbContext>()
    .AddSignInManager()
    .AddClaimsPrincipalFactory<MarketClaimsPrincipalFactory>()
    .AddDefaultTokenProviders();
builder.Services.AddPasswordHashing(builder.Configuration, builder.Environment);
builder.Services.AddScoped<TokenIssuer>();
builder.Services.AddScoped<DemoAccounts>();
builder.Services.AddSingleton<DemoWorld>();
builder.Services.AddSingleton<Ffmpeg>();
builder.Services.AddScoped<JobInputSplitter>();
builder.Services.AddScoped<SegmentAudioCache>();
builder.Services.AddScoped<AuditLog>();
builder.Services.AddScoped<UnitWorkLoader>();
builder.Services.AddScoped<AssignmentCandidates>();
builder.Services.AddScoped<Market.Api.Features.Quality.SubmissionReviews>();
builder.Services.AddScoped<Market.Api.Features.Quality.KeyingReconciliation>();
builder.Services.AddScoped<Market.Api.Features.Quality.GoldUnits>();
builder.Services.AddMarketNotifications();
builder.Services.AddMarketCertifications();
builder.Services.AddSingleton<IBlobStore>(new LocalBlobStore(
    builder.Configuration["Files:BlobRoot"] is { Length: > 0 } blobRoot ? blobRoot : Path.Combine(builder.Environment.ContentRootPath, "..", "..", ".market", "blobs")));

builder.Services.AddAuthentication(IdentityConstants.BearerScheme)
    .AddBearerToken(IdentityConstants.BearerScheme, options =>
    {
        options.BearerTokenExpiration = TimeSpan.FromMinutes(15);
        options.RefreshTokenExpiration = TimeSpan.FromDays(14);
    });
builder.Services.AddAuthorizationBuilder().AddMarketPolicies();
builder.Services.AddMarketSecurity(builder.Configuration);

var keysPath = builder.Configuration["Market:DataProtectionKeysPath"];
var dataProtection = builder.Services.AddDataProtection().SetApplicationName("FurusatoMarket.Api");
if (!string.IsNullOrEmpty(keysPath))
{
    dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
}
else
{
    builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
        .Configure<IServiceScopeFactory>((options, scopes) => options.XmlRepository = new DatabaseKeyRepository(scopes));
}

builder.Services.AddMarketMediator(typeof(Program).Assembly);
builder.Services.AddDomainEventHandlers(typeof(Program).Assembly);
builder.Services.AddMarketMoney(builder.Configuration, builder.Environment);

builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
});
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
    context.ProblemDetails.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
    context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
});
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

builder.Services.AddRateLimiter(options =>
{
    options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    var perMinute = builder.Configuration.GetValue("RateLimits:AuthPerMinute", 20);
    options.AddPolicy("auth", context => RateLimitPartition.GetFixedWindowLimiter(
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    options.OnRejected = async (context, ct) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "60";
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new ProblemDetails { Status = 429, Title = "Too many requests.", Detail = "Wait a minute and try again." },
        });
    };
});

builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddOpenApi("v1");
builder.Services.AddMarketScheduling(builder.Configuration, connectionString);
builder.Services.AddTeamRoom(builder.Configuration, connectionString);

var app = builder.Build();

if (command is not null || builder.Configuration.GetValue("Market:ApplyMigrationsOnStartup", app.Environment.IsDevelopment()))
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Database.MigrateAsync();
}

if (command == "seed")
{
    await app.Services.GetRequiredService<DemoWorld>().SeedAsync(CancellationToken.None);
}
else if (command is null && builder.Configuration.GetValue("Market:SeedDemoData", false))
{
    // The demo logins alone, on an empty world (what the browser tests start from).
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DemoAccounts>().SeedAsync(CancellationToken.None);
}

if (command is not null)
{
    app.Logger.LogInformation("Command '{Command}' finished.", command);
    return;
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestSizeLimitMiddleware>();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapMarketEndpoints(builder.Configuration);
app.MapTeamRoomHub();

app.Run();

public partial class Program;
