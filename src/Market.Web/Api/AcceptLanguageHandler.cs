using System.Globalization;
using System.Net.Http.Headers;

namespace Market.Web.Api;

/// <summary>Asks the API for messages in the user's language, in case it localises field errors itself.</summary>
internal sealed class AcceptLanguageHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(CultureInfo.CurrentUICulture.Name));
        return base.SendAsync(request, cancellationToken);
    }
}
