using System.Net;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed class RedirectTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Theory]
    [InlineData("/operator")]
    [InlineData("/client")]
    [InlineData("/agent")]
    [InlineData("/worker")]
    [InlineData("/account/profile")]
    public async Task ProtectedPage_WhenAnonymous_RedirectsToSignInWithReturnUrl(string path)
    {
        using var client = web.Factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin", response.Headers.Location!.AbsolutePath);
        Assert.Equal($"?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location.Query);
    }

    [Fact]
    public async Task SignIn_WhenReturnUrlIsLocal_GoesThereAfterSignIn()
    {
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.OwnerAndWorker, path: "/account/signin?returnUrl=%2Fworker");

        Assert.Equal("/worker", page.Path);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("http:/evil.example")]
    public async Task SignIn_WhenReturnUrlLeavesTheSite_IsRefusedAndLandsOnThePortal(string returnUrl)
    {
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.Worker, path: "/account/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal("localhost", page.Response.RequestMessage!.RequestUri!.Host);
        Assert.Equal("/worker", page.Path);
    }

    [Fact]
    public async Task CultureSwitch_WhenReturnUrlLeavesTheSite_RedirectsHome()
    {
        using var session = web.NewSession();
        var home = await session.GetAsync("/");

        var page = await session.SubmitAsync(home, "form.language-switch", new Dictionary<string, string>
        {
            ["returnUrl"] = "https://evil.example/",
        }, ("culture", "en"));

        Assert.Equal("localhost", page.Response.RequestMessage!.RequestUri!.Host);
        Assert.Equal("/", page.Path);
    }

    [Fact]
    public async Task RolePage_WhenSignedInWithAnotherRole_ShowsAccessDenied()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var page = await session.GetAsync("/operator");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("このページは表示できません", page.Heading);
    }

    [Fact]
    public async Task Root_WhenSignedIn_RedirectsToTheRolesPortal()
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        var page = await session.GetAsync("/");

        Assert.Equal("/client", page.Path);
    }

    [Fact]
    public async Task Root_WhenAnonymous_ShowsTheIntroductionWithASignInButton()
    {
        using var session = web.NewSession();

        var page = await session.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("地方のテレワーカーに、確かな仕事を。", page.Heading);
        Assert.Equal("/account/signin", page.Single("main a.button").GetAttribute("href"));
    }
}
