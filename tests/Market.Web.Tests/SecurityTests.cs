using System.Net;
using System.Reflection;
using System.Xml.Linq;
using Market.Web.Hosting;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed class SecurityTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/signin")]
    [InlineData("/no-such-page")]
    [InlineData("/css/site.css")]
    public async Task Response_WhenServed_CarriesTheSecurityHeaders(string path)
    {
        using var client = web.Factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task HealthLive_WhenCalled_AnswersHealthyWithoutSigningIn()
    {
        using var client = web.Factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/signin")]
    [InlineData("/worker")]
    [InlineData("/account/profile")]
    public async Task Page_WhenRendered_HasNoInlineScriptOrStyleAndEveryFormHasAnAntiforgeryToken(string path)
    {
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Worker);

        var page = await session.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Empty(page.Document.QuerySelectorAll("script:not([src])"));
        Assert.Empty(page.Document.QuerySelectorAll("style, [style]"));
        Assert.DoesNotContain(page.Document.All, element => element.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.All(page.Document.QuerySelectorAll("form[method=post]"), form =>
            Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
        Assert.All(page.Document.QuerySelectorAll("input:not([type=hidden])"), input =>
            Assert.NotNull(page.Document.QuerySelector($"label[for='{input.Id}']")));
    }

    [Theory]
    [InlineData("/client")]
    [InlineData("/client/jobs/new")]
    [InlineData("/client/jobs/{delivered}")]
    [InlineData("/client/jobs/{open}")]
    public async Task ClientPage_WhenRendered_HasNoInlineScriptOrStyleAndEveryFormHasAnAntiforgeryTokenAndLabels(string path)
    {
        var delivered = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "納品済み", Status = "Delivered", Deliverable = [1] });
        var open = web.Api.Jobs.Add(new FakeJob { Owner = FakeUsers.Client.Email, Title = "募集中" });
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        var page = await session.GetAsync(path.Replace("{delivered}", delivered.Id.ToString()).Replace("{open}", open.Id.ToString()));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Empty(page.Document.QuerySelectorAll("script:not([src])"));
        Assert.Empty(page.Document.QuerySelectorAll("style, [style]"));
        Assert.DoesNotContain(page.Document.All, element => element.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.All(page.Document.QuerySelectorAll("form[method=post]"), form =>
            Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
        Assert.All(page.Document.QuerySelectorAll("input:not([type=hidden]), select, textarea"), control =>
            Assert.NotNull(page.Document.QuerySelector($"label[for='{control.Id}']")));
        var ids = page.Document.All.Select(element => element.Id).Where(id => !string.IsNullOrEmpty(id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(page.Document.QuerySelectorAll("[aria-describedby]"), element =>
            Assert.All(element.GetAttribute("aria-describedby")!.Split(' ', StringSplitOptions.RemoveEmptyEntries), id =>
                Assert.NotNull(page.Document.GetElementById(id))));
    }

    [Fact]
    public async Task PageNotFound_WhenRequested_ShowsTheLocalizedNotFoundPage()
    {
        using var session = web.NewSession();

        var page = await session.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("ページが見つかりません", page.Heading);
    }

    [Fact]
    public void MarketWeb_WhenBuilt_ReachesDataOnlyThroughTheApiOverHttp()
    {
        var references = typeof(WebEntryPoint).Assembly.GetReferencedAssemblies().Select(name => name.Name).ToList();
        Assert.DoesNotContain("Market.Api", references);
        Assert.DoesNotContain("Market.Domain", references);
        Assert.DoesNotContain(references, name => name!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        // Npgsql only for the Data Protection key ring (ADR 0028); the API's BoundaryTests scan the sources for any other use.
        var holdingNpgsql = typeof(WebEntryPoint).Assembly.GetTypes()
            .Where(type => type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Any(field => field.FieldType.Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true))
            .ToList();
        Assert.Equal([typeof(DatabaseKeyRing)], holdingNpgsql);

        var project = XDocument.Load(Path.Combine(RepositoryPaths.WebProject, "Market.Web.csproj"));
        Assert.Empty(project.Descendants("ProjectReference"));
    }
}
