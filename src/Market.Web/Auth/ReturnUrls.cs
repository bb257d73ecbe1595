using Microsoft.AspNetCore.Mvc;

namespace Market.Web.Auth;

public static class ReturnUrls
{
    /// <summary>Only a local path is followed; anything that could leave the site (absolute, //host, /\host) falls back.</summary>
    public static string Safe(IUrlHelper url, string? returnUrl, string fallback = "/") =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
}
