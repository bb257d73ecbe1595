using Market.Api.Features.Auth.PasswordReset;
using Market.Api.Features.Auth.TwoFactor;
using Market.Api.Identity;
using MediatR;

namespace Market.Api.Features.Auth;

/// <summary>Two-factor setup (for everyone; required for agent owners and operators) and password reset.</summary>
public static class AccountSecurityEndpoints
{
    public static void Map(RouteGroupBuilder auth, RouteGroupBuilder me)
    {
        auth.MapPost("/two-factor/setup", async (BeginTwoFactorSetup request, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(request, ct)))
            .AllowAnonymous()
            .WithName("BeginTwoFactorSetup")
            .WithSummary("With the setup ticket a sign-in answered (403 two_factor_setup_required), get a new authenticator key.");
        auth.MapPost("/two-factor/activate", async (ActivateTwoFactor request, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(request, ct)))
            .AllowAnonymous()
            .Produces<TokenResponse>()
            .WithName("ActivateTwoFactor")
            .WithSummary("With the setup ticket and the first code from the app, turn 2FA on and sign in.");
        auth.MapPost("/password/forgot", async (RequestPasswordReset request, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(request, ct);
                return TypedResults.Accepted((string?)null);
            })
            .AllowAnonymous()
            .WithName("RequestPasswordReset")
            .WithSummary("Send a password-reset link to the address, if it belongs to an account (the answer is the same either way).");
        auth.MapPost("/password/reset", async (ResetPassword request, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(request, ct);
                return TypedResults.NoContent();
            })
            .AllowAnonymous()
            .WithName("ResetPassword")
            .WithSummary("Set a new password with the token from the link; a token works once and ends every session.");

        var twoFactor = me.MapGroup("/two-factor");
        twoFactor.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyTwoFactor(), ct)))
            .WithName("GetMyTwoFactor");
        twoFactor.MapPost("/setup", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new BeginMyTwoFactorSetup(), ct)))
            .WithName("BeginMyTwoFactorSetup")
            .WithSummary("Get a new authenticator key (while 2FA is off).");
        twoFactor.MapPost("/enable", async (CodeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new EnableMyTwoFactor(body.Code), ct)))
            .Produces<TokenResponse>()
            .WithName("EnableMyTwoFactor")
            .WithSummary("Turn 2FA on with the first code from the app; answers fresh tokens (other sessions end).");
        twoFactor.MapPost("/disable", async (CodeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new DisableMyTwoFactor(body.Code), ct)))
            .WithName("DisableMyTwoFactor")
            .WithSummary("Turn 2FA off with a current code; refused for roles that require it.");
    }
}
