using System.Text.Json;
using FluentValidation;
using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.Audit;

public sealed record AuditEntryView(
    long Id, DateTimeOffset OccurredAt, Guid? ActorUserId, Guid? TenantId, string Action, string SubjectType, string SubjectId, JsonElement? Detail);

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, int Total);

/// <summary>
/// The audit trail, newest first: an agent owner reads their agent's (who read which unit's content, who assigned and
/// reviewed what, sign-ins of their people, suspensions); an operator reads everything (<paramref name="AgentId"/> null).
/// </summary>
public sealed record GetAuditLog(Guid? AgentId, string? Action, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize) : IRequest<AuditPage>;

public sealed class GetAuditLogValidator : AbstractValidator<GetAuditLog>
{
    public GetAuditLogValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 500);
        RuleFor(q => q.Action).MaximumLength(60);
    }
}

public sealed class GetAuditLogHandler(MarketDbContext db) : IRequestHandler<GetAuditLog, AuditPage>
{
    public async Task<AuditPage> Handle(GetAuditLog request, CancellationToken cancellationToken)
    {
        // The route filter has already refused other tenants; the tenant filter narrows again for non-operators.
        var query = db.AuditLog.AsNoTracking();
        if (request.AgentId is { } agentId)
        {
            query = query.Where(e => e.TenantId == agentId);
        }

        if (!string.IsNullOrWhiteSpace(request.Action))
        {
            query = query.Where(e => e.Action.StartsWith(request.Action));
        }

        if (request.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (request.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .ToListAsync(cancellationToken);
        var items = rows.Select(e => new AuditEntryView(
            e.Id, e.OccurredAt, e.ActorUserId, e.TenantId, e.Action, e.SubjectType, e.SubjectId,
            e.Detail is null ? null : JsonDocument.Parse(e.Detail).RootElement.Clone())).ToList();
        return new AuditPage(items, request.Page, request.PageSize, total);
    }
}

public static class AuditLogEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGroup("/agents/{agentId:guid}").WithTags("Audit").AddEndpointFilter(new TenantRouteFilter("agentId"))
            .MapGet("/audit-log", async (Guid agentId, string? action, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAuditLog(agentId, action, from, to, page ?? 1, pageSize ?? 50), ct)))
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("GetAgentAuditLog")
            .WithSummary("The agent's audit trail, newest first (content reads, assignments, reviews, sign-ins, suspensions).");

        v1.MapGet("/audit-log", async (string? action, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAuditLog(null, action, from, to, page ?? 1, pageSize ?? 50), ct)))
            .WithTags("Audit")
            .RequireAuthorization(Policies.Operator)
            .WithName("GetAuditLog")
            .WithSummary("The whole platform's audit trail, newest first (operators only).");
    }
}
