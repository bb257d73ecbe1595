using System.Globalization;

namespace Market.Web.Api;

/// <summary>
/// Qualified invoices, read by the agent that issued them (<c>/agents/{id}/invoices</c>) or the client that received
/// them (<c>/clients/{id}/invoices</c>) — the same reads, each scoped to the caller's own tenant — and issued by the agent's owner.
/// </summary>
public sealed class InvoicesApiClient(HttpClient http)
{
    public static InvoiceScope Agent(Guid agentId) => new($"api/v1/agents/{agentId:D}/invoices");

    public static InvoiceScope Client(Guid clientId) => new($"api/v1/clients/{clientId:D}/invoices");

    public Task<ApiResult<InvoicePage>> ListAsync(InvoiceScope scope, int page, int pageSize, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<InvoicePage>(
            http, new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{scope.Path}?page={page}&pageSize={pageSize}")), cancellationToken);

    public Task<ApiResult<InvoiceDetail>> GetAsync(InvoiceScope scope, Guid invoiceId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<InvoiceDetail>(http, new HttpRequestMessage(HttpMethod.Get, $"{scope.Path}/{invoiceId:D}"), cancellationToken);

    /// <summary>The invoice as CSV (UTF-8 with BOM), streamed from the API.</summary>
    public Task<ApiResult<ApiDownload>> OpenCsvAsync(InvoiceScope scope, Guid invoiceId, CancellationToken cancellationToken) =>
        ApiCall.OpenAsync(http, new HttpRequestMessage(HttpMethod.Get, $"{scope.Path}/{invoiceId:D}.csv"), cancellationToken);

    /// <summary>The owner issues an invoice; the key makes a repeated post (a double click, a retry) issue it once.</summary>
    public Task<ApiResult<InvoiceDetail>> IssueAsync(Guid agentId, IssueInvoiceRequest body, string idempotencyKey, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<InvoiceDetail>(http, AgentApiCall.Post(Agent(agentId).Path, body, idempotencyKey), cancellationToken);
}

/// <summary>Whose invoices: the issuing agent's or the receiving client's path.</summary>
public sealed record InvoiceScope(string Path);
