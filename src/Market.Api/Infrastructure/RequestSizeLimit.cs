using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Market.Api.Infrastructure;

/// <summary>
/// Refuses bodies over the endpoint's limit (default 1 MiB for JSON) with 413 before anything reads them.
/// Kestrel enforces the same limit for chunked bodies through <see cref="IHttpMaxRequestBodySizeFeature"/>.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next)
{
    public const long DefaultLimitBytes = 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultLimitBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
