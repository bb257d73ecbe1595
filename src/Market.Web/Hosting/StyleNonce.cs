using System.Security.Cryptography;

namespace Market.Web.Hosting;

/// <summary>
/// A per-response nonce for the one inline <c>&lt;style&gt;</c> a page cannot avoid: wavesurfer.js styles its
/// waveform inside a shadow root and stamps the nonce it is given on that element. Only a page that asks for a nonce
/// gets one; every other response keeps <c>style-src 'self'</c> unchanged.
/// </summary>
public static class StyleNonce
{
    private const string ItemKey = "Market.StyleNonce";

    public static string For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[ItemKey] is not string nonce)
        {
            nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[ItemKey] = nonce;
        }

        return nonce;
    }

    internal static Task AddToPolicyIfUsed(object state)
    {
        var context = (HttpContext)state;
        if (context.Items[ItemKey] is string nonce)
        {
            context.Response.Headers.ContentSecurityPolicy =
                SecurityHeadersMiddleware.ContentSecurityPolicy.Replace("style-src 'self'", $"style-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal);
        }

        return Task.CompletedTask;
    }
}
