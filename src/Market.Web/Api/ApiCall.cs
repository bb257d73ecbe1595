using System.Net.Http.Json;

namespace Market.Web.Api;

internal static class ApiCall
{
    /// <summary>
    /// Marks a request whose body is streamed from the browser and so cannot be sent twice: the bearer handler
    /// refreshes a token that is about to expire beforehand instead of retrying after a 401.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NoReplay = new("Market.NoReplay");

    public static async Task<ApiResult<T>> SendAsync<T>(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        var sent = await TrySendAsync(http, request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!sent.Succeeded)
        {
            return ApiResult<T>.Failure(sent.Problem);
        }

        using var response = sent.Value;
        if (!response.IsSuccessStatusCode)
        {
            return ApiResult<T>.Failure(await ApiProblem.ReadAsync(response, cancellationToken));
        }

        var value = await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken);
        return value is null
            ? ApiResult<T>.Failure(ApiProblem.Unavailable())
            : ApiResult<T>.Success(value);
    }

    /// <summary>Starts reading a file the API answers with; the body is streamed, never buffered.</summary>
    public static async Task<ApiResult<ApiDownload>> OpenAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = await TrySendAsync(http, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!sent.Succeeded)
        {
            return ApiResult<ApiDownload>.Failure(sent.Problem);
        }

        var response = sent.Value;
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                return ApiResult<ApiDownload>.Failure(await ApiProblem.ReadAsync(response, cancellationToken));
            }
        }

        return ApiResult<ApiDownload>.Success(new ApiDownload(response, await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    public static HttpRequestMessage Post<TBody>(string path, TBody body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiJson.Options) };

    private static async Task<ApiResult<HttpResponseMessage>> TrySendAsync(
        HttpClient http, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return ApiResult<HttpResponseMessage>.Success(await http.SendAsync(request, completion, cancellationToken));
        }
        catch (HttpRequestException)
        {
            return ApiResult<HttpResponseMessage>.Failure(ApiProblem.Unavailable());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiResult<HttpResponseMessage>.Failure(ApiProblem.Unavailable());
        }
    }
}
