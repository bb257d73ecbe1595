using System.Globalization;

namespace Market.Web.Api;

/// <summary>The client's jobs (<c>/api/v1/jobs</c>) on behalf of the signed-in user.</summary>
public sealed class JobsApiClient(HttpClient http)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public Task<ApiResult<JobPage>> ListAsync(string? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = $"page={page.ToString(CultureInfo.InvariantCulture)}&pageSize={pageSize.ToString(CultureInfo.InvariantCulture)}";
        if (!string.IsNullOrEmpty(status))
        {
            query += "&status=" + Uri.EscapeDataString(status);
        }

        return ApiCall.SendAsync<JobPage>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/jobs?" + query), cancellationToken);
    }

    public Task<ApiResult<JobDetails>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<JobDetails>(http, new HttpRequestMessage(HttpMethod.Get, JobPath(id)), cancellationToken);

    public Task<ApiResult<UnitPage>> ListUnitsAsync(Guid id, int page, int pageSize, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<UnitPage>(
            http,
            new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{JobPath(id)}/units?page={page}&pageSize={pageSize}")),
            cancellationToken);

    public Task<ApiResult<JobDetails>> PostAsync(PostJobRequest job, string idempotencyKey, CancellationToken cancellationToken)
    {
        var request = ApiCall.Post("api/v1/jobs", job);
        request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        return ApiCall.SendAsync<JobDetails>(http, request, cancellationToken);
    }

    public Task<ApiResult<JobDetails>> CancelAsync(Guid id, string reason, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<JobDetails>(http, ApiCall.Post($"{JobPath(id)}/cancel", new ReasonRequest(reason)), cancellationToken);

    public Task<ApiResult<JobDetails>> AcceptAsync(Guid id, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<JobDetails>(http, new HttpRequestMessage(HttpMethod.Post, $"{JobPath(id)}/accept"), cancellationToken);

    public Task<ApiResult<JobDetails>> RequestRevisionAsync(Guid id, string reason, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<JobDetails>(http, ApiCall.Post($"{JobPath(id)}/revision", new ReasonRequest(reason)), cancellationToken);

    public Task<ApiResult<ApiDownload>> OpenDeliverableAsync(Guid id, CancellationToken cancellationToken) =>
        ApiCall.OpenAsync(http, new HttpRequestMessage(HttpMethod.Get, $"{JobPath(id)}/deliverable"), cancellationToken);

    public Task<ApiResult<List<Offer>>> ListOffersAsync(Guid id, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<List<Offer>>(http, new HttpRequestMessage(HttpMethod.Get, $"{JobPath(id)}/offers"), cancellationToken);

    public Task<ApiResult<AcceptedOffer>> AcceptOfferAsync(Guid offerId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offerId:D}/accept");
        request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        return ApiCall.SendAsync<AcceptedOffer>(http, request, cancellationToken);
    }

    private static string JobPath(Guid id) => "api/v1/jobs/" + id.ToString("D");
}
