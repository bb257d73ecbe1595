using System.Net.Http.Headers;

namespace Market.Web.Api;

/// <summary>Uploads to <c>/api/v1/files</c> for the signed-in user, streaming the bytes through without holding them.</summary>
public sealed class FilesApiClient(HttpClient http)
{
    /// <param name="replayable">False when <paramref name="content"/> is the browser's request body, which can be read only once.</param>
    public Task<ApiResult<UploadedFile>> UploadAsync(
        Stream content, string fileName, string? mediaType, bool replayable, CancellationToken cancellationToken)
    {
        var part = new StreamContent(content);
        part.Headers.ContentType = MediaTypeHeaderValue.TryParse(mediaType, out var parsed)
            ? parsed
            : new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { part, "file", fileName } };
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/files") { Content = form };
        if (!replayable)
        {
            request.Options.Set(ApiCall.NoReplay, true);
        }

        return ApiCall.SendAsync<UploadedFile>(http, request, cancellationToken);
    }
}
