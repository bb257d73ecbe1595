using System.Net.Http.Json;

namespace Market.Web.Api;

internal static class ApiCall
{
    public static async Task<ApiResult<T>> SendAsync<T>(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return ApiResult<T>.Failure(ApiProblem.Unavailable());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiResult<T>.Failure(ApiProblem.Unavailable());
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult<T>.Failure(await ApiProblem.ReadAsync(response, cancellationToken));
            }

            var value = await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken);
            return value is null
                ? ApiResult<T>.Failure(ApiProblem.Unavailable())
                : ApiResult<T>.Success(value);
        }
    }

    public static HttpRequestMessage Post<TBody>(string path, TBody body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiJson.Options) };
}
