using Market.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Market.Web.Auth;

/// <summary>Sends the user back to sign-in, keeping where they were, when the API session can no longer be refreshed.</summary>
internal sealed class SessionExpiredPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is ApiSessionExpiredException && !executed.ExceptionHandled)
        {
            var request = context.HttpContext.Request;
            var returnUrl = HttpMethods.IsGet(request.Method) ? request.PathBase + request.Path + request.QueryString : "/";
            executed.ExceptionHandled = true;
            executed.Result = new RedirectToPageResult("/Account/SignIn", new { returnUrl = returnUrl.ToString(), reason = "expired" });
        }
    }
}
