using System.Globalization;

namespace Market.Web.Api;

/// <summary>Quality control (検品) for agent staff: the review queue, decisions, the segment audio, and the owner's appeals.</summary>
public sealed class AgentReviewApiClient(HttpClient http)
{
    public Task<ApiResult<ReviewQueuePage>> GetQueueAsync(Guid agentId, string? jobType, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"page={page}&pageSize={pageSize}");
        if (!string.IsNullOrEmpty(jobType))
        {
            query += "&jobType=" + Uri.EscapeDataString(jobType);
        }

        return ApiCall.SendAsync<ReviewQueuePage>(http, new HttpRequestMessage(HttpMethod.Get, $"api/v1/agents/{agentId:D}/review-queue?{query}"), cancellationToken);
    }

    public Task<ApiResult<ReviewOutcome>> ReviewAsync(Guid taskId, ReviewRequest review, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<ReviewOutcome>(http, ApiCall.Post($"api/v1/submissions/{taskId:D}/review", review), cancellationToken);

    /// <summary>A transcription unit's segment, as agent staff may hear it (the API streams a small MP3).</summary>
    public Task<ApiResult<ApiDownload>> OpenUnitAudioAsync(Guid jobId, Guid unitId, CancellationToken cancellationToken) =>
        ApiCall.OpenAsync(http, new HttpRequestMessage(HttpMethod.Get, $"api/v1/jobs/{jobId:D}/units/{unitId:D}/audio"), cancellationToken);

    public Task<ApiResult<List<AppealItem>>> ListAppealsAsync(Guid agentId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<List<AppealItem>>(http, new HttpRequestMessage(HttpMethod.Get, $"api/v1/agents/{agentId:D}/appeals"), cancellationToken);

    public Task<ApiResult<ReviewOutcome>> DecideAppealAsync(Guid taskId, AppealDecisionRequest decision, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<ReviewOutcome>(http, ApiCall.Post($"api/v1/submissions/{taskId:D}/appeal/decision", decision), cancellationToken);
}
