using System.Net.Http.Json;
using System.Text.Json;

namespace Market.Web.Api;

/// <summary>
/// An agent action's answer with what a refusal carries beyond the problem itself: the eligibility rules that refused
/// (<c>refusals</c>) and, for auto-assignment, every worker's ranking (<c>ranking</c>), so the page can say why.
/// </summary>
public sealed record AgentActionResult<T>(ApiResult<T> Result, IReadOnlyList<ApiRefusal> Refusals, IReadOnlyList<CandidateRanking> Ranking)
    where T : class;

internal static class AgentApiCall
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static HttpRequestMessage Post<TBody>(string path, TBody body, string? idempotencyKey = null)
    {
        var request = ApiCall.Post(path, body);
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }

        return request;
    }

    public static HttpRequestMessage PostEmpty(string path, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }

        return request;
    }

    public static async Task<AgentActionResult<T>> SendAsync<T>(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return Failed<T>(ApiProblem.Unavailable());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed<T>(ApiProblem.Unavailable());
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken);
                return value is null ? Failed<T>(ApiProblem.Unavailable()) : new(ApiResult<T>.Success(value), [], []);
            }

            // Read once: the problem reader gets its own copy, the extensions are read from the same bytes.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var contentType = response.Content.Headers.ContentType;
            response.Content = new ByteArrayContent(body);
            response.Content.Headers.ContentType = contentType;
            var problem = await ApiProblem.ReadAsync(response, cancellationToken);
            var (refusals, ranking) = Extensions(contentType?.MediaType, body);
            return new(ApiResult<T>.Failure(problem), refusals, ranking);
        }
    }

    private static AgentActionResult<T> Failed<T>(ApiProblem problem)
        where T : class => new(ApiResult<T>.Failure(problem), [], []);

    private static (IReadOnlyList<ApiRefusal>, IReadOnlyList<CandidateRanking>) Extensions(string? mediaType, byte[] body)
    {
        if (mediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return ([], []);
        }

        try
        {
            var extensions = JsonSerializer.Deserialize<ProblemExtensions>(body, ApiJson.Options);
            return (extensions?.Refusals ?? [], extensions?.Ranking ?? []);
        }
        catch (JsonException)
        {
            return ([], []);
        }
    }

    private sealed record ProblemExtensions(List<ApiRefusal>? Refusals, List<CandidateRanking>? Ranking);
}
