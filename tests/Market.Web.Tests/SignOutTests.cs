using System.Net;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed class SignOutTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task SignOut_WhenPostedFromTheHeader_EndsTheSession()
    {
        using var session = web.NewSession();
        var landing = await session.SignInAsync(FakeUsers.Worker);

        var afterSignOut = await session.SubmitAsync(landing, "form.session__signout");

        Assert.Equal("/", afterSignOut.Path);
        Assert.Null(afterSignOut.Document.QuerySelector(".session__name"));
        var portal = await session.GetAsync("/worker");
        Assert.Equal("/account/signin", portal.Response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task SignOut_WhenPostedWithoutAntiforgeryToken_IsRefused()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        using var response = await session.Http.PostAsync("/account/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var portal = await session.GetAsync("/worker");
        Assert.Equal("/worker", portal.Path);
    }
}
