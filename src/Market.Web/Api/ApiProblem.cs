using System.Net;
using System.Text.Json;

namespace Market.Web.Api;

/// <summary>An RFC 9457 problem answered by the API, reduced to what the UI needs.</summary>
public sealed record ApiProblem(
    int Status,
    string Code,
    string? Title,
    string? Detail,
    IReadOnlyDictionary<string, string[]> Errors,
    string? TraceId)
{
    public const string ServiceUnavailableCode = "api_unavailable";

    /// <summary>Given with <c>two_factor_setup_required</c>: proves the password was right, lets the user set up 2FA.</summary>
    public string? SetupTicket { get; init; }

    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public static ApiProblem Unavailable() =>
        new((int)HttpStatusCode.ServiceUnavailable, ServiceUnavailableCode, null, null, NoErrors, null);

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ProblemBody? body = null;
        if (response.Content.Headers.ContentType?.MediaType is { } mediaType && mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                body = await response.Content.ReadFromJsonAsync<ProblemBody>(ApiJson.Options, cancellationToken);
            }
            catch (JsonException)
            {
                body = null;
            }
        }

        var code = string.IsNullOrWhiteSpace(body?.Code) ? CodeForStatus(status) : body.Code;
        return new ApiProblem(body?.Status ?? status, code, body?.Title, body?.Detail, body?.Errors ?? NoErrors, body?.TraceId)
        {
            SetupTicket = body?.SetupTicket,
        };
    }

    private static string CodeForStatus(int status) => status switch
    {
        400 or 422 => "validation_failed",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        429 => "rate_limited",
        >= 500 => ServiceUnavailableCode,
        _ => "unknown",
    };

    private sealed record ProblemBody(
        string? Type,
        string? Title,
        int? Status,
        string? Detail,
        string? Code,
        Dictionary<string, string[]>? Errors,
        string? TraceId,
        string? SetupTicket);
}
