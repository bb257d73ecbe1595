using System.Net.Http.Headers;

namespace Market.Web.Api;

/// <summary>
/// Calls that carry credentials of their own (password, refresh token or a token not yet in the cookie),
/// so they bypass <see cref="BearerTokenHandler"/>.
/// </summary>
public sealed class MarketAuthClient(HttpClient http)
{
    public Task<ApiResult<TokenResponse>> LoginAsync(LoginRequest request, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<TokenResponse>(http, ApiCall.Post("api/v1/auth/login", request), cancellationToken);

    public Task<ApiResult<TokenResponse>> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<TokenResponse>(http, ApiCall.Post("api/v1/auth/refresh", new RefreshRequest(refreshToken)), cancellationToken);

    public Task<ApiResult<TwoFactorSetupResponse>> BeginTwoFactorSetupAsync(string setupTicket, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<TwoFactorSetupResponse>(http, ApiCall.Post("api/v1/auth/two-factor/setup", new { setupTicket }), cancellationToken);

    public Task<ApiResult<TokenResponse>> ActivateTwoFactorAsync(string setupTicket, string code, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<TokenResponse>(http, ApiCall.Post("api/v1/auth/two-factor/activate", new { setupTicket, code }), cancellationToken);

    public Task<ApiResult<MeResponse>> GetMeAsync(string accessToken, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return ApiCall.SendAsync<MeResponse>(http, request, cancellationToken);
    }
}
