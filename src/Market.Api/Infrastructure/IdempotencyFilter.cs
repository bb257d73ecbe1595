using System.Security.Cryptography;
using System.Text.Json;
using Market.Api.Persistence;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> for POSTs that create jobs, offers or money movements. Same key and same body → the
/// original response is replayed; same key, different body → 422; same key while the first is still running → 409.
/// The endpoint's work and the stored response commit in one transaction, so a crash leaves either both or neither.
/// </summary>
public sealed class IdempotencyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return await next(context);
        }

        var key = values.ToString().Trim();
        if (key.Length > 200)
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure(Header, "An Idempotency-Key has at most 200 characters.")]);
        }

        var caller = http.RequestServices.GetRequiredService<ICurrentUser>();
        var tenantId = caller.TenantId ?? caller.UserId ?? throw new UnauthorizedException(ErrorCodes.Unauthenticated, "Sign in first.");
        var db = http.RequestServices.GetRequiredService<MarketDbContext>();
        var endpoint = $"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText}";
        var requestHash = HashRequest(context, endpoint);

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var locked = await db.Database
            .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({tenantId.ToString() + "|" + key}, 0)) AS \"Value\"")
            .SingleAsync(http.RequestAborted);
        if (!locked)
        {
            throw new Domain.Common.DomainRuleException("idempotency_request_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
        }

        var previous = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.TenantId == tenantId && r.Key == key, http.RequestAborted);
        if (previous is not null)
        {
            if (previous.RequestHash != requestHash)
            {
                throw new Domain.Common.UnprocessableInputException("idempotency_key_reused", "This Idempotency-Key was used with a different request.");
            }

            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (previous.Location is not null)
            {
                http.Response.Headers.Location = previous.Location;
            }

            return previous.ResponseBody is null
                ? TypedResults.StatusCode(previous.StatusCode)
                : TypedResults.Text(previous.ResponseBody, "application/json", statusCode: previous.StatusCode);
        }

        var result = await next(context);
        if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
        {
            var jsonOptions = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                TenantId = tenantId,
                Key = key,
                RequestHash = requestHash,
                Endpoint = endpoint.Length > 200 ? endpoint[..200] : endpoint,
                StatusCode = success.StatusCode!.Value,
                Location = result.GetType().GetProperty("Location")?.GetValue(result) as string,
                ResponseBody = result is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), jsonOptions) : null,
                CreatedAt = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            });
            await db.SaveChangesAsync(http.RequestAborted);
            await transaction.CommitAsync(http.RequestAborted);
        }

        return result;
    }

    // The endpoint, the path and the bound request (endpoint filters run after binding, so the body has been read):
    // the same key sent to another endpoint or with a different request is a different request.
    private static string HashRequest(EndpointFilterInvocationContext context, string endpoint)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var requests = context.Arguments
            .Where(a => a is not null && a.GetType().Namespace?.StartsWith("Market.Api.Features", StringComparison.Ordinal) == true)
            .Select(a => JsonSerializer.Serialize(a, a!.GetType(), options));
        var canonical = string.Join("\n", [endpoint, http.Request.Path + http.Request.QueryString, .. requests]);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }
}
