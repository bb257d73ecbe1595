using Market.Web.TeamRoom;
using Market.Web.Uploads;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Market.Web.Hosting;

public static class WebApplicationExtensions
{
    public static WebApplication UseMarketWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseCookiePolicy();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapRazorPages();
        app.MapFileUploads();
        app.MapTeamRoomRelay();
        return app;
    }
}
