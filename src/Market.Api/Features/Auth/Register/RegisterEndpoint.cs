using Market.Api.Infrastructure;
using MediatR;

namespace Market.Api.Features.Auth.Register;

public static class RegisterEndpoint
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("/register", async (RegisterWorker request, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created("/api/v1/me", await mediator.Send(request, ct)))
            .AllowAnonymous()
            .WithUserAndIpRateLimit(RateLimited.Register, args => args.OfType<RegisterWorker>().FirstOrDefault()?.Email)
            .WithName("Register")
            .WithSummary("Register as a home worker with an agent's invite code.");
}
