using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Localization;

namespace Market.Web.Localization;

public static class CultureCookie
{
    public static bool IsSet(HttpRequest request) =>
        request.Cookies.ContainsKey(CookieRequestCultureProvider.DefaultCookieName);

    public static void Remember(HttpContext context, string culture) =>
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                IsEssential = true,
                Path = "/",
            });

    /// <summary>The current page to come back to after switching, minus any ?culture= that would override the new choice.</summary>
    public static string ReturnUrlWithoutCultureQuery(HttpRequest request)
    {
        var query = new QueryBuilder(request.Query
            .Where(pair => !pair.Key.Equals("culture", StringComparison.OrdinalIgnoreCase) && !pair.Key.Equals("ui-culture", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty))));
        return request.PathBase + request.Path + query.ToQueryString();
    }
}
