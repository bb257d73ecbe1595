using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Market.Web.Hosting;
using Market.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Web.Tests;

/// <summary>
/// Every POST handler of every page (found by reflection, so new pages are covered) and every POST endpoint refuses a
/// request without the antiforgery token; no form opts out; cookies are HttpOnly and Secure outside development; a
/// return URL never leaves the site.
/// </summary>
public sealed class WebHardeningTests(WebFixture web) : IClassFixture<WebFixture>
{
    private static readonly Assembly Web = typeof(WebEntryPoint).Assembly;

    [Fact]
    public async Task EveryPagePostHandler_WithoutTheAntiforgeryToken_Answers400_EvenForASignedInUser()
    {
        var checkedHandlers = 0;
        var failures = new List<string>();
        foreach (var (model, url) in PagesWithTheirUrls())
        {
            if (model.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null)
            {
                continue; // asserted separately: only the error page, which changes nothing
            }

            foreach (var handler in model.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                         .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            {
                var name = handler.Name["OnPost".Length..].Replace("Async", string.Empty, StringComparison.Ordinal);
                var target = name.Length == 0 ? url : $"{url}?handler={name}";
                using var session = web.NewSession();
                await session.SignInAsync(UserFor(model, url));
                using var response = await session.Http.PostAsync(target, new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }));
                checkedHandlers++;
                if (response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"POST {target} without a token → {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(checkedHandlers >= 9, $"only {checkedHandlers} POST handlers were found; is the page discovery broken?");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task EveryOtherPostEndpoint_WithoutTheAntiforgeryToken_Answers400()
    {
        var endpoints = web.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .ToList();
        Assert.NotEmpty(endpoints);
        using var session = web.NewSession();
        await session.SignInAsync(FakeUsers.Client);

        foreach (var endpoint in endpoints)
        {
            var url = "/" + Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), "\\{[^}]+\\}", Guid.NewGuid().ToString());
            using var form = new MultipartFormDataContent { { new StringContent("x"), "x" } };
            using var response = await session.Http.PostAsync(url, form);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {url} without a token → {(int)response.StatusCode}");
        }
    }

    [Fact]
    public void NoFormOrPage_OptsOutOfAntiforgery_ButTheErrorPage()
    {
        var optedOut = Web.GetTypes().Where(t => t.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null).Select(t => t.Name).ToList();
        Assert.Equal(["ErrorModel"], optedOut);

        var pages = Path.Combine(RepositoryPaths.Root, "src", "Market.Web", "Pages");
        var offending = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => Regex.IsMatch(File.ReadAllText(f), "asp-antiforgery\\s*=\\s*\"false\"|@removeTagHelper", RegexOptions.IgnoreCase))
            .ToList();
        Assert.True(offending.Count == 0, "Forms without antiforgery: " + string.Join(", ", offending));
    }

    [Fact]
    public async Task Cookies_OutsideDevelopment_AreSecureAndHttpOnly()
    {
        await using var production = web.Factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var client = production.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var page = await client.GetAsync("/account/signin");
        var html = await page.Content.ReadAsStringAsync();
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = FakeUsers.Worker.Email,
                ["Input.Password"] = FakeApiUser.Password,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var signedIn = await client.SendAsync(request);

        var cookies = page.Headers.GetValues("Set-Cookie").Concat(signedIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith(WebServiceCollectionExtensions.AuthCookieName, StringComparison.Ordinal));
        Assert.All(cookies, c =>
        {
            Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/%2F%2Fevil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https:evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("%2F%2Fevil.example")]
    public async Task SignInAndLanguageSwitch_WithAReturnUrlThatLeavesTheSite_StayOnTheSite(string returnUrl)
    {
        using var session = web.NewSession();
        var signedIn = await session.SignInAsync(FakeUsers.Worker, path: "/account/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal("localhost", signedIn.Response.RequestMessage!.RequestUri!.Host);

        var culturePage = await session.GetAsync("/");
        var token = culturePage.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? string.Empty;
        using var switched = await session.Http.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "en",
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal("localhost", switched.RequestMessage!.RequestUri!.Host);
    }

    /// <summary>Each page model with the URL it is served at: its <c>@page</c> route if it names one, else its folder path.</summary>
    private static IEnumerable<(Type Model, string Url)> PagesWithTheirUrls()
    {
        var pages = Path.Combine(RepositoryPaths.Root, "src", "Market.Web", "Pages");
        foreach (var model in Web.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract))
        {
            var relative = model.Namespace!["Market.Web.Pages".Length..].TrimStart('.').Replace('.', Path.DirectorySeparatorChar);
            var file = Path.Combine(pages, relative, model.Name[..^"Model".Length] + ".cshtml");
            if (!File.Exists(file))
            {
                continue;
            }

            var directive = Regex.Match(File.ReadLines(file).First(), "@page\\s+\"([^\"]*)\"");
            var template = directive.Success ? directive.Groups[1].Value : string.Empty;
            var folderPath = "/" + Path.Combine(relative, model.Name[..^"Model".Length]).Replace(Path.DirectorySeparatorChar, '/').ToLowerInvariant();
            var url = template.StartsWith('/') ? template : template.Length > 0 ? $"{folderPath}/{template}" : folderPath;
            url = Regex.Replace(url, "\\{[^}]+\\}", Guid.NewGuid().ToString());
            yield return (model, Regex.Replace(url, "/index$", string.Empty) is { Length: > 0 } u ? u : "/");
        }
    }

    /// <summary>A user the page lets in: one of the roles its [Authorize] names, else the owner of its portal.</summary>
    private static FakeApiUser UserFor(Type model, string url)
    {
        var roles = model.GetCustomAttribute<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>()?.Roles?.Split(',', StringSplitOptions.TrimEntries);
        if (roles is { Length: > 0 })
        {
            return FakeUsers.All.First(u => u.LoginProblem is null && u.TwoFactorCode is null && u.Roles.Any(roles.Contains));
        }

        return url switch
        {
            _ when url.StartsWith("/client", StringComparison.Ordinal) => FakeUsers.Client,
            _ when url.StartsWith("/agent", StringComparison.Ordinal) => FakeUsers.AgentOwner,
            _ when url.StartsWith("/operator", StringComparison.Ordinal) => FakeUsers.Operator,
            _ => FakeUsers.Worker,
        };
    }
}
