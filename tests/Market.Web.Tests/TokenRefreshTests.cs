using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed class TokenRefreshTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task ApiCall_WhenAccessTokenIsValid_UsesItWithoutRefreshing()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        var profile = await session.GetAsync("/account/profile");

        Assert.Equal("/account/profile", profile.Path);
        Assert.Contains(FakeUsers.Client.Email, profile.Single("dl.details").TextContent);
        Assert.Equal(0, web.Api.RefreshCountFor(FakeUsers.Client));
    }

    [Fact]
    public async Task ApiCall_WhenAccessTokenHasExpired_RefreshesOnceRetriesAndKeepsTheNewTokens()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.AgentOwner);
        web.Api.ExpireAccessTokensOf(FakeUsers.AgentOwner);

        var profile = await session.GetAsync("/account/profile");

        Assert.Equal("/account/profile", profile.Path);
        Assert.Contains(FakeUsers.AgentOwner.Email, profile.Single("dl.details").TextContent);
        Assert.Equal(1, web.Api.RefreshCountFor(FakeUsers.AgentOwner));

        var again = await session.GetAsync("/account/profile");

        Assert.Contains(FakeUsers.AgentOwner.Email, again.Single("dl.details").TextContent);
        Assert.Equal(1, web.Api.RefreshCountFor(FakeUsers.AgentOwner));
    }

    [Fact]
    public async Task ApiCall_WhenRefreshIsRefused_SignsOutAndAsksToSignInAgain()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Coordinator);
        web.Api.ExpireAccessTokensOf(FakeUsers.Coordinator);
        web.Api.RevokeRefreshTokensOf(FakeUsers.Coordinator);

        var page = await session.GetAsync("/account/profile");

        Assert.Equal("/account/signin", page.Response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("returnUrl=%2Faccount%2Fprofile", page.Path);
        Assert.Contains("セッションの有効期限が切れました", page.Single("main [role=status]").TextContent);
        Assert.Null(page.Document.QuerySelector(".session__name"));
        var portal = await session.GetAsync("/agent");
        Assert.Equal("/account/signin", portal.Response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task ApiCall_WhenRefreshHitsAnOutage_KeepsTheSessionAndRefreshesLater()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Operator);
        web.Api.ExpireAccessTokensOf(FakeUsers.Operator);
        web.Api.RefreshUnavailable = true;
        HtmlPage duringOutage;
        try
        {
            duringOutage = await session.GetAsync("/account/profile");
        }
        finally
        {
            web.Api.RefreshUnavailable = false;
        }

        Assert.Equal("/account/profile", duringOutage.Path);
        Assert.Contains("サービスに接続できませんでした", duringOutage.Single("main [role=alert]").TextContent);
        var afterOutage = await session.GetAsync("/account/profile");
        Assert.Contains(FakeUsers.Operator.Email, afterOutage.Single("dl.details").TextContent);
        Assert.Equal(1, web.Api.RefreshCountFor(FakeUsers.Operator));
    }

    [Fact]
    public async Task ApiCall_WhenSent_AsksTheApiForTheUsersLanguage()
    {
        using var session = web.NewSession();
        await session.SwitchLanguageAsync(await session.GetAsync("/"), "en");

        await session.SignInAsync(FakeUsers.Worker);

        Assert.Contains("en", web.Api.AcceptLanguagesSeen);
    }
}
