using Market.Web.Api;
using Market.Web.Auth;
using Market.Web.Formatting;
using Market.Web.Localization;
using Market.Web.Resources;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace Market.Web.Uploads;

/// <summary>
/// Where upload.js sends a file: the bytes stream through to the API's /api/v1/files with the user's token, so the
/// browser never talks to the API and a large recording is never held in the Web's memory or on its disk.
/// </summary>
public static class FileUploadEndpoint
{
    public const string Path = "/client/files";

    public sealed record UploadAnswer(string Id, string FileName, long Length, string Summary);

    public sealed record UploadRefusal(string Code, string Message);

    public static IEndpointConventionBuilder MapFileUploads(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, UploadAsync)
            .RequireAuthorization(Portal.Client.Policy);

    private static async Task<IResult> UploadAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        FilesApiClient files,
        ProblemLocalizer problems,
        IStringLocalizer<SharedResource> localizer,
        CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = UploadLimits.MaxRequestBytes;
        }

        if (context.Request.ContentLength > UploadLimits.MaxRequestBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "payload_too_large", problems);
        }

        // The token travels in a header so that checking it does not make ASP.NET Core read (and buffer) the form.
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Refuse(StatusCodes.Status400BadRequest, "antiforgery_failed", problems);
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "file_type_not_allowed", problems);
        }

        var reader = new MultipartReader(boundary, context.Request.Body);
        MultipartSection? section;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition()
                    && disposition.Name.Value == "file")
                {
                    var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    ApiResult<UploadedFile> result;
                    try
                    {
                        result = await files.UploadAsync(section.Body, fileName ?? "upload", section.ContentType, replayable: false, cancellationToken);
                    }
                    catch (ApiSessionExpiredException)
                    {
                        return Refuse(StatusCodes.Status401Unauthorized, "session_expired", problems);
                    }

                    if (!result.Succeeded)
                    {
                        return Refuse(result.Problem.Status, result.Problem, problems);
                    }

                    var file = result.Value;
                    return TypedResults.Json(
                        new UploadAnswer(file.Id, file.FileName, file.Length, localizer["Upload_FileSummary", file.FileName, FileSize.Format(file.Length)]),
                        statusCode: StatusCodes.Status201Created);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "payload_too_large", problems);
        }

        return Refuse(StatusCodes.Status422UnprocessableEntity, "file_empty", problems);
    }

    private static IResult Refuse(int status, string code, ProblemLocalizer problems) =>
        Refuse(status, new ApiProblem(status, code, null, null, new Dictionary<string, string[]>(), null), problems);

    private static IResult Refuse(int status, ApiProblem problem, ProblemLocalizer problems) =>
        TypedResults.Json(new UploadRefusal(problem.Code, problems.Explain(problem)), statusCode: status);
}
