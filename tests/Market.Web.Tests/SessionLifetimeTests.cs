using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed class SessionLifetimeTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task Session_WhenIdleForMoreThanThirtyMinutes_AsksToSignInAgain()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        web.Clock.Advance(TimeSpan.FromMinutes(31));
        var page = await session.GetAsync("/client");

        Assert.Equal("/account/signin", page.Response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Session_WhenUsedWithinThirtyMinutes_SlidesForward()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        web.Clock.Advance(TimeSpan.FromMinutes(20));
        await session.GetAsync("/client");
        web.Clock.Advance(TimeSpan.FromMinutes(20));
        var page = await session.GetAsync("/client");

        Assert.Equal("/client", page.Path);
    }
}
