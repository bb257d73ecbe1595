using Market.Api.Identity;
using Market.Api.Infrastructure;
using MediatR;

namespace Market.Api.Features.Auth.Login;

public static class LoginEndpoint
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("/login", async (Login request, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(request, ct)))
            .AllowAnonymous()
            .WithUserAndIpRateLimit(RateLimited.Login, args => args.OfType<Login>().FirstOrDefault()?.Email)
            .Produces<TokenResponse>()
            .WithName("Login")
            .WithSummary("Exchange email and password (and a TOTP code when 2FA is on) for bearer tokens.");
}
