using System.Net;
using System.Net.Http.Headers;
using Market.Web.Auth;

namespace Market.Web.Api;

/// <summary>
/// Sends the signed-in user's access token; on a 401 refreshes the tokens once and retries,
/// or ends the session when the refresh is refused.
/// </summary>
internal sealed class BearerTokenHandler(IHttpContextAccessor httpContextAccessor, UserSessionTokens sessionTokens) : DelegatingHandler
{
    /// <summary>A streamed upload may take minutes; its token must outlive the start of the request at the API.</summary>
    private static readonly TimeSpan NoReplayMinimumValidity = TimeSpan.FromMinutes(2);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = httpContextAccessor.HttpContext
            ?? throw new InvalidOperationException("MarketApiClient acts for a signed-in user and needs the current HTTP request.");

        var replayable = !(request.Options.TryGetValue(ApiCall.NoReplay, out var noReplay) && noReplay);
        if (!replayable)
        {
            await sessionTokens.RefreshIfExpiringAsync(context, NoReplayMinimumValidity, cancellationToken);
        }

        var accessToken = await sessionTokens.GetAccessTokenAsync(context) ?? throw new ApiSessionExpiredException();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var refresh = await sessionTokens.RefreshAsync(context, accessToken, cancellationToken);
        if (!replayable)
        {
            // The body is gone, so the caller sees the 401 (or the end of the session) and the user tries again.
            return refresh.Status == RefreshStatus.Refused ? throw new ApiSessionExpiredException() : response;
        }

        response.Dispose();
        switch (refresh.Status)
        {
            case RefreshStatus.Refreshed:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refresh.AccessToken);
                return await base.SendAsync(request, cancellationToken);
            case RefreshStatus.Unavailable:
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
            default:
                throw new ApiSessionExpiredException();
        }
    }
}
