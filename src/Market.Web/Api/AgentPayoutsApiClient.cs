using System.Globalization;

namespace Market.Web.Api;

/// <summary>The agent's payout batches to its workers: the list, one batch, its Zengin (全銀) file and the confirmation of the transfers.</summary>
public sealed class AgentPayoutsApiClient(HttpClient http)
{
    public Task<ApiResult<PayoutBatchPage>> ListAsync(Guid agentId, int page, int pageSize, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<PayoutBatchPage>(
            http,
            new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{BatchesPath(agentId)}?page={page}&pageSize={pageSize}")),
            cancellationToken);

    public Task<ApiResult<PayoutBatchDetail>> GetAsync(Guid agentId, Guid batchId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<PayoutBatchDetail>(http, new HttpRequestMessage(HttpMethod.Get, $"{BatchesPath(agentId)}/{batchId:D}"), cancellationToken);

    /// <summary>The transfer file for the agent's bank; downloading it issues the file (the batch becomes FileIssued).</summary>
    public Task<ApiResult<ApiDownload>> OpenZenginFileAsync(Guid agentId, Guid batchId, CancellationToken cancellationToken) =>
        ApiCall.OpenAsync(http, new HttpRequestMessage(HttpMethod.Get, $"{BatchesPath(agentId)}/{batchId:D}/zengin"), cancellationToken);

    public Task<ApiResult<PayoutBatchDetail>> ConfirmAsync(
        Guid agentId, Guid batchId, IReadOnlyList<PayoutFailure> failures, string idempotencyKey, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<PayoutBatchDetail>(
            http, AgentApiCall.Post($"{BatchesPath(agentId)}/{batchId:D}/confirm", new ConfirmPayoutsRequest(failures), idempotencyKey), cancellationToken);

    private static string BatchesPath(Guid agentId) => $"api/v1/agents/{agentId:D}/payout-batches";
}
