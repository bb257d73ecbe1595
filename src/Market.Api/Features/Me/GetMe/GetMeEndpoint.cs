using MediatR;

namespace Market.Api.Features.Me.GetMe;

public static class GetMeEndpoint
{
    public static void Map(RouteGroupBuilder me) =>
        me.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMe(), ct)))
            .WithName("GetMe")
            .WithSummary("Who the caller is: roles and the tenant they act for.");
}
