using Market.Api.Identity;
using MediatR;

namespace Market.Api.Features.Auth.Refresh;

public static class RefreshEndpoint
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("/refresh", async (Refresh request, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(request, ct)))
            .AllowAnonymous()
            .Produces<TokenResponse>()
            .WithName("Refresh")
            .WithSummary("Exchange a refresh token for new tokens; refused once the user's security stamp changed.");
}
