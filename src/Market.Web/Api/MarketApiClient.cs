namespace Market.Web.Api;

/// <summary>API calls on behalf of the signed-in user; <see cref="BearerTokenHandler"/> adds and refreshes the token.</summary>
public sealed class MarketApiClient(HttpClient http)
{
    public Task<ApiResult<MeResponse>> GetMeAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<MeResponse>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me"), cancellationToken);
}
