using Market.Web.Tests.Support;

namespace Market.Web.Tests;

/// <summary>
/// A cookie session is re-checked with the API at least every 30 s, so a user the API no longer accepts (suspended,
/// password reset, role removed) is signed out of the Web within 60 s, even on pages that call nothing of the API;
/// QC reviewers, who see personal data, are signed out after 10 idle minutes instead of 30.
/// </summary>
public sealed class SessionRevocationTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task Session_WhenTheApiNoLongerAcceptsTheUser_EndsWithin60s_EvenOnAPageThatCallsNoApi()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Operator);

        web.Api.ExpireAccessTokensOf(FakeUsers.Operator);
        web.Api.RevokeRefreshTokensOf(FakeUsers.Operator);
        // The access-denied page calls nothing of the API: only the session check can notice the revocation there.
        var before = await session.GetAsync("/account/accessdenied");
        Assert.Equal(FakeUsers.Operator.DisplayName, before.Single(".session__name").TextContent.Trim());

        web.Clock.Advance(TimeSpan.FromSeconds(60));
        var after = await session.GetAsync("/account/accessdenied");

        Assert.Null(after.Document.QuerySelector(".session__name"));
        Assert.Equal("/account/signin", (await session.GetAsync("/operator")).Response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Session_WhenTheAccessTokenMerelyExpired_IsRefreshedByTheCheck_AndGoesOn()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Coordinator);
        var refreshesBefore = web.Api.RefreshCountFor(FakeUsers.Coordinator);

        web.Api.ExpireAccessTokensOf(FakeUsers.Coordinator);
        web.Clock.Advance(TimeSpan.FromSeconds(60));
        var page = await session.GetAsync("/agent");

        Assert.Equal("/agent", page.Path);
        Assert.Equal(refreshesBefore + 1, web.Api.RefreshCountFor(FakeUsers.Coordinator));
    }

    [Fact]
    public async Task ReviewerSession_IdleForMoreThanTenMinutes_Ends_WhileAClientsGoesOn()
    {
        using var reviewer = web.NewSession();
        using var client = web.NewSession();
        await reviewer.SignInAsync(FakeUsers.Reviewer);
        await client.SignInAsync(FakeUsers.OtherClient);

        web.Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal("/account/signin", (await reviewer.GetAsync("/agent")).Response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/client", (await client.GetAsync("/client")).Path);
    }

    [Fact]
    public async Task ReviewerSession_UsedEveryFewMinutes_Slides()
    {
        using var reviewer = web.NewSession();
        await reviewer.SignInAsync(FakeUsers.Reviewer);

        for (var i = 0; i < 4; i++)
        {
            web.Clock.Advance(TimeSpan.FromMinutes(8));
            Assert.Equal("/agent", (await reviewer.GetAsync("/agent")).Path);
        }
    }
}
