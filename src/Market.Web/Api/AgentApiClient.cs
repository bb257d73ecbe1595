using System.Globalization;

namespace Market.Web.Api;

/// <summary>The agent's market and work: open jobs and offers, the unit board and assignment, subcontracts, delivery and the team.</summary>
public sealed class AgentApiClient(HttpClient http)
{
    public Task<ApiResult<AgentProfile>> GetAgentAsync(Guid agentId, CancellationToken cancellationToken) =>
        Get<AgentProfile>(AgentPath(agentId), cancellationToken);

    public Task<ApiResult<OpenJobPage>> ListOpenJobsAsync(Guid agentId, bool includeIneligible, int page, int pageSize, CancellationToken cancellationToken) =>
        Get<OpenJobPage>(
            string.Create(CultureInfo.InvariantCulture, $"{AgentPath(agentId)}/open-jobs?includeIneligible={(includeIneligible ? "true" : "false")}&page={page}&pageSize={pageSize}"),
            cancellationToken);

    public Task<AgentActionResult<Offer>> SubmitOfferAsync(Guid jobId, OfferRequest offer, string idempotencyKey, CancellationToken cancellationToken) =>
        AgentApiCall.SendAsync<Offer>(http, AgentApiCall.Post($"{JobPath(jobId)}/offers", offer, idempotencyKey), cancellationToken);

    public Task<ApiResult<Offer>> GetOfferAsync(Guid offerId, CancellationToken cancellationToken) =>
        Get<Offer>("api/v1/offers/" + offerId.ToString("D"), cancellationToken);

    public Task<ApiResult<Offer>> WithdrawOfferAsync(Guid offerId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<Offer>(http, AgentApiCall.PostEmpty($"api/v1/offers/{offerId:D}/withdraw"), cancellationToken);

    public Task<ApiResult<AgentUnitPage>> ListUnitsAsync(Guid agentId, Guid? jobId, string? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"page={page}&pageSize={pageSize}");
        if (jobId is { } id)
        {
            query += "&jobId=" + id.ToString("D");
        }

        if (!string.IsNullOrEmpty(status))
        {
            query += "&status=" + Uri.EscapeDataString(status);
        }

        return Get<AgentUnitPage>($"{AgentPath(agentId)}/units?{query}", cancellationToken);
    }

    public Task<AgentActionResult<Assignment>> AssignAsync(Guid unitId, AssignRequest assign, CancellationToken cancellationToken) =>
        AgentApiCall.SendAsync<Assignment>(http, ApiCall.Post($"api/v1/units/{unitId:D}/assign", assign), cancellationToken);

    public Task<ApiResult<WorkStarted>> StartWorkAsync(Guid jobId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<WorkStarted>(http, AgentApiCall.PostEmpty($"{JobPath(jobId)}/start-work"), cancellationToken);

    public Task<ApiResult<JobDetails>> DeliverAsync(Guid jobId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<JobDetails>(http, AgentApiCall.PostEmpty($"{JobPath(jobId)}/deliver"), cancellationToken);

    public Task<ApiResult<List<Subcontract>>> ListSubcontractsAsync(Guid jobId, CancellationToken cancellationToken) =>
        Get<List<Subcontract>>($"{JobPath(jobId)}/subcontracts", cancellationToken);

    public Task<AgentActionResult<Subcontract>> ProposeSubcontractAsync(
        Guid jobId, SubcontractRequest subcontract, string idempotencyKey, CancellationToken cancellationToken) =>
        AgentApiCall.SendAsync<Subcontract>(http, AgentApiCall.Post($"{JobPath(jobId)}/subcontracts", subcontract, idempotencyKey), cancellationToken);

    public Task<AgentActionResult<Subcontract>> AcceptSubcontractAsync(Guid subcontractId, CancellationToken cancellationToken) =>
        AgentApiCall.SendAsync<Subcontract>(http, AgentApiCall.PostEmpty($"{SubcontractPath(subcontractId)}/accept"), cancellationToken);

    public Task<ApiResult<Subcontract>> DeclineSubcontractAsync(Guid subcontractId, string reason, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<Subcontract>(http, ApiCall.Post($"{SubcontractPath(subcontractId)}/decline", new SubcontractReasonRequest(reason)), cancellationToken);

    public Task<ApiResult<Subcontract>> CancelSubcontractAsync(Guid subcontractId, string reason, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<Subcontract>(http, ApiCall.Post($"{SubcontractPath(subcontractId)}/cancel", new SubcontractReasonRequest(reason)), cancellationToken);

    public Task<ApiResult<List<AgentWorker>>> ListWorkersAsync(Guid agentId, CancellationToken cancellationToken) =>
        Get<List<AgentWorker>>($"{AgentPath(agentId)}/workers", cancellationToken);

    public Task<ApiResult<List<AgentTeam>>> ListTeamsAsync(Guid agentId, CancellationToken cancellationToken) =>
        Get<List<AgentTeam>>($"{AgentPath(agentId)}/teams", cancellationToken);

    /// <summary>The certifications of everyone in the agent, those lapsing within <paramref name="lapsingWithinDays"/> first.</summary>
    public Task<ApiResult<AgentCertificationList>> ListCertificationsAsync(Guid agentId, int lapsingWithinDays, bool lapsingOnly, CancellationToken cancellationToken) =>
        Get<AgentCertificationList>(
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{AgentPath(agentId)}/certifications?lapsingWithinDays={lapsingWithinDays}&lapsingOnly={(lapsingOnly ? "true" : "false")}"),
            cancellationToken);

    public Task<ApiResult<AgentTeam>> CreateTeamAsync(Guid agentId, string name, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentTeam>(http, ApiCall.Post($"{AgentPath(agentId)}/teams", new TeamNameRequest(name)), cancellationToken);

    public Task<ApiResult<AgentTeam>> AddTeamMemberAsync(Guid agentId, Guid teamId, Guid userId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentTeam>(http, ApiCall.Post($"{AgentPath(agentId)}/teams/{teamId:D}/members", new TeamMemberRequest(userId)), cancellationToken);

    private Task<ApiResult<T>> Get<T>(string path, CancellationToken cancellationToken)
        where T : class => ApiCall.SendAsync<T>(http, new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    private static string AgentPath(Guid agentId) => "api/v1/agents/" + agentId.ToString("D");

    private static string JobPath(Guid jobId) => "api/v1/jobs/" + jobId.ToString("D");

    private static string SubcontractPath(Guid subcontractId) => "api/v1/subcontracts/" + subcontractId.ToString("D");
}
