namespace Market.Web.Api;

/// <summary>The impact reports (<c>/api/v1/reports/regional-impact</c>, <c>/api/v1/agents/{id}/impact</c>), as JSON or as the API's CSV file.</summary>
public sealed class ReportsApiClient(HttpClient http)
{
    public Task<ApiResult<RegionalImpact>> RegionalAsync(string? from, string? to, string? prefecture, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<RegionalImpact>(http, new HttpRequestMessage(HttpMethod.Get, RegionalPath(from, to, prefecture, csv: false)), cancellationToken);

    public Task<ApiResult<ApiDownload>> RegionalCsvAsync(string? from, string? to, string? prefecture, CancellationToken cancellationToken) =>
        ApiCall.OpenAsync(http, new HttpRequestMessage(HttpMethod.Get, RegionalPath(from, to, prefecture, csv: true)), cancellationToken);

    public Task<ApiResult<AgentImpact>> AgentAsync(Guid agentId, string? from, string? to, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<AgentImpact>(http, new HttpRequestMessage(HttpMethod.Get, AgentPath(agentId, from, to, csv: false)), cancellationToken);

    public Task<ApiResult<ApiDownload>> AgentCsvAsync(Guid agentId, string? from, string? to, CancellationToken cancellationToken) =>
        ApiCall.OpenAsync(http, new HttpRequestMessage(HttpMethod.Get, AgentPath(agentId, from, to, csv: true)), cancellationToken);

    private static string RegionalPath(string? from, string? to, string? prefecture, bool csv) =>
        "api/v1/reports/regional-impact" + Query(("from", from), ("to", to), ("prefecture", prefecture), ("format", csv ? "csv" : null));

    private static string AgentPath(Guid agentId, string? from, string? to, bool csv) =>
        $"api/v1/agents/{agentId:D}/impact" + Query(("from", from), ("to", to), ("format", csv ? "csv" : null));

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? string.Empty : "?" + string.Join('&', given);
    }
}
