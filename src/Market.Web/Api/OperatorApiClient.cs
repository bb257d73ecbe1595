using System.Globalization;

namespace Market.Web.Api;

/// <summary>The platform operator's vetting of agents (<c>/api/v1/agents</c>, operators only).</summary>
public sealed class OperatorApiClient(HttpClient http)
{
    public const int MaxPageSize = 200;

    public Task<ApiResult<VettedAgentPage>> ListAgentsAsync(string? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"page={page}&pageSize={pageSize}");
        if (!string.IsNullOrEmpty(status))
        {
            query += "&status=" + Uri.EscapeDataString(status);
        }

        return ApiCall.SendAsync<VettedAgentPage>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/agents?" + query), cancellationToken);
    }

    /// <summary>Every agent, read page by page (the vetting list has at most a few hundred).</summary>
    public async Task<ApiResult<List<VettedAgent>>> ListAllAgentsAsync(CancellationToken cancellationToken)
    {
        var all = new List<VettedAgent>();
        for (var page = 1; ; page++)
        {
            var result = await ListAgentsAsync(null, page, MaxPageSize, cancellationToken);
            if (!result.Succeeded)
            {
                return ApiResult<List<VettedAgent>>.Failure(result.Problem);
            }

            all.AddRange(result.Value.Items);
            if (result.Value.Items.Count == 0 || all.Count >= result.Value.Total)
            {
                return ApiResult<List<VettedAgent>>.Success(all);
            }
        }
    }

    public Task<ApiResult<AgentProfile>> GetAgentAsync(Guid agentId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentProfile>(http, new HttpRequestMessage(HttpMethod.Get, AgentPath(agentId)), cancellationToken);

    public Task<ApiResult<AgentProfile>> ApproveAsync(Guid agentId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentProfile>(http, new HttpRequestMessage(HttpMethod.Post, $"{AgentPath(agentId)}/approve"), cancellationToken);

    public Task<ApiResult<AgentProfile>> SuspendAsync(Guid agentId, string? reason, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentProfile>(http, ApiCall.Post($"{AgentPath(agentId)}/suspend", new VettingReasonRequest(reason)), cancellationToken);

    public Task<ApiResult<AgentProfile>> ReinstateAsync(Guid agentId, string? reason, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentProfile>(http, ApiCall.Post($"{AgentPath(agentId)}/reinstate", new VettingReasonRequest(reason)), cancellationToken);

    public Task<ApiResult<AgentProfile>> SetCertificationAsync(Guid agentId, string certification, bool granted, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentProfile>(http, ApiCall.Post($"{AgentPath(agentId)}/certifications", new CertificationRequest(certification, granted)), cancellationToken);

    public Task<ApiResult<AgentProfile>> SetCapacityAsync(Guid agentId, int maxConcurrentJobs, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentProfile>(
            http,
            new HttpRequestMessage(HttpMethod.Put, $"{AgentPath(agentId)}/capacity")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new CapacityRequest(maxConcurrentJobs), options: ApiJson.Options),
            },
            cancellationToken);

    private static string AgentPath(Guid agentId) => "api/v1/agents/" + agentId.ToString("D");
}
