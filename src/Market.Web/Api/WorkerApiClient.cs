namespace Market.Web.Api;

/// <summary>The home worker's side of the API (<c>/me/units</c>, <c>/units/{id}/…</c>, <c>/me/reviews</c>, <c>/me/quality</c>).</summary>
public sealed class WorkerApiClient(HttpClient http)
{
    public Task<ApiResult<List<MyUnit>>> ListMyUnitsAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<List<MyUnit>>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/units"), cancellationToken);

    public Task<ApiResult<ClaimedUnit>> ClaimNextAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<ClaimedUnit>(http, new HttpRequestMessage(HttpMethod.Post, "api/v1/me/units/claim"), cancellationToken);

    public Task<ApiResult<UnitWork>> GetWorkAsync(Guid unitId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<UnitWork>(http, new HttpRequestMessage(HttpMethod.Get, UnitPath(unitId, "content")), cancellationToken);

    /// <summary>The unit's own audio segment; only while the worker holds the unit.</summary>
    public Task<ApiResult<ApiDownload>> OpenAudioAsync(Guid unitId, CancellationToken cancellationToken) =>
        ApiCall.OpenAsync(http, new HttpRequestMessage(HttpMethod.Get, UnitPath(unitId, "audio")), cancellationToken);

    public Task<ApiResult<WorkDraft>> GetDraftAsync(Guid unitId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<WorkDraft>(http, new HttpRequestMessage(HttpMethod.Get, UnitPath(unitId, "draft")), cancellationToken);

    public Task<ApiResult<WorkDraft>> SaveDraftAsync(Guid unitId, WorkBody body, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<WorkDraft>(
            http,
            new HttpRequestMessage(HttpMethod.Put, UnitPath(unitId, "draft")) { Content = System.Net.Http.Json.JsonContent.Create(body, options: ApiJson.Options) },
            cancellationToken);

    public Task<ApiResult<WorkSubmission>> SubmitAsync(Guid unitId, WorkBody body, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<WorkSubmission>(http, ApiCall.Post(UnitPath(unitId, "submit"), body), cancellationToken);

    /// <summary>Gives the unit back to the pool; the API answers 204 with no body.</summary>
    public async Task<ApiProblem?> ReleaseAsync(Guid unitId, ReleaseBody body, CancellationToken cancellationToken)
    {
        var answer = await ApiCall.OpenAsync(http, ApiCall.Post(UnitPath(unitId, "release"), body), cancellationToken);
        answer.Value?.Dispose();
        return answer.Problem;
    }

    public Task<ApiResult<List<MyReview>>> ListMyReviewsAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<List<MyReview>>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/reviews"), cancellationToken);

    public Task<ApiResult<MyReview>> AppealAsync(Guid taskId, string statement, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<MyReview>(http, ApiCall.Post($"api/v1/submissions/{taskId:D}/appeal", new AppealBody(statement)), cancellationToken);

    public Task<ApiResult<MyQuality>> GetMyQualityAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<MyQuality>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/quality"), cancellationToken);

    public Task<ApiResult<MyTier>> GetMyTierAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<MyTier>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/tier"), cancellationToken);

    public Task<ApiResult<PayoutScheduleView>> GetPayoutScheduleAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<PayoutScheduleView>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/payout-schedule"), cancellationToken);

    public Task<ApiResult<PayoutScheduleView>> SetPayoutScheduleAsync(string schedule, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<PayoutScheduleView>(
            http,
            new HttpRequestMessage(HttpMethod.Put, "api/v1/me/payout-schedule")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new PayoutScheduleBody(schedule), options: ApiJson.Options),
            },
            cancellationToken);

    /// <summary>The worker's 支払明細 for <paramref name="month"/> (yyyy-MM, Japan time; this month when null).</summary>
    public Task<ApiResult<WorkerStatement>> GetStatementAsync(string? month, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<WorkerStatement>(
            http,
            new HttpRequestMessage(HttpMethod.Get, month is null ? "api/v1/me/payouts" : "api/v1/me/payouts?month=" + Uri.EscapeDataString(month)),
            cancellationToken);

    private static string UnitPath(Guid unitId, string action) => $"api/v1/units/{unitId:D}/{action}";
}
