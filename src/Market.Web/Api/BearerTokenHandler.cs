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
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = httpContextAccessor.HttpContext
            ?? throw new InvalidOperationException("MarketApiClient acts for a signed-in user and needs the current HTTP request.");

        var accessToken = await sessionTokens.GetAccessTokenAsync(context) ?? throw new ApiSessionExpiredException();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        var refresh = await sessionTokens.RefreshAsync(context, accessToken, cancellationToken);
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
