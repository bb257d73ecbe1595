namespace Market.Api.Infrastructure;

/// <summary>
/// Routes under <c>/agents/{agentId}</c> and <c>/clients/{clientId}</c> belong to that tenant: anyone else gets 404
/// (not 403, so the tenant's existence is not confirmed). Data queries are scoped again by the EF tenant filter.
/// </summary>
public sealed class TenantRouteFilter(string routeKey) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = context.HttpContext.RequestServices.GetRequiredService<ICurrentUser>();
        var raw = context.HttpContext.GetRouteValue(routeKey)?.ToString();
        if (!caller.SeesAllTenants && (!Guid.TryParse(raw, out var tenantId) || caller.TenantId != tenantId))
        {
            throw new NotFoundException(ErrorCodes.NotFound, "No such resource.");
        }

        return await next(context);
    }
}
