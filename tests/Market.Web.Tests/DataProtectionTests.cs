using System.Net;
using AngleSharp.Html.Parser;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed class DataProtectionTests
{
    [Fact]
    public async Task SessionCookie_WhenInstancesShareTheKeysDirectory_IsAcceptedByAnotherInstance()
    {
        var keys = MarketWebFactory.NewKeysDirectory();
        var clock = new ManualClock(MarketWebFactory.DefaultNow);
        try
        {
            await using var api = await FakeMarketApi.StartAsync();
            await using var first = new MarketWebFactory(api, clock, keys);
            await using var second = new MarketWebFactory(api, clock, keys);
            var sessionCookie = await SignInAndTakeSessionCookieAsync(first, FakeUsers.Worker);

            using var client = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/worker");
            request.Headers.Add("Cookie", sessionCookie);
            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("在宅 さくら", await response.Content.ReadAsStringAsync());
            Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public async Task SessionCookie_WhenAnotherInstanceHasItsOwnKeys_IsRefused()
    {
        var clock = new ManualClock(MarketWebFactory.DefaultNow);
        await using var api = await FakeMarketApi.StartAsync();
        await using var first = new MarketWebFactory(api, clock);
        await using var stranger = new MarketWebFactory(api, clock);
        var sessionCookie = await SignInAndTakeSessionCookieAsync(first, FakeUsers.Worker);

        using var client = stranger.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/worker");
        request.Headers.Add("Cookie", sessionCookie);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin", response.Headers.Location!.AbsolutePath);
    }

    private static async Task<string> SignInAndTakeSessionCookieAsync(MarketWebFactory factory, FakeApiUser user)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var html = await client.GetStringAsync("/account/signin");
        var token = new HtmlParser().ParseDocument(html)
            .QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email,
            ["Input.Password"] = FakeApiUser.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie")
            .Where(cookie => cookie.StartsWith(".FurusatoMarket.Session", StringComparison.Ordinal))
            .Select(cookie => cookie.Split(';')[0]));
    }
}
