using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Market.Bench;

/// <summary>
/// Section 5. Time to first byte of the worker's units page and the agent's unit board of a 10,000-unit job, from the
/// real Web (Release, its own process) calling the real API, signed in with cookies like a browser. The reference is
/// the Web's own health endpoint in the same process: what a request costs before any page or API call.
/// </summary>
public static partial class WebSection
{
    public const string Name = "web";
    private const int Samples = 25;

    public static async Task RunAsync(World world, Report report, Func<Task<ChildServer>> startApi)
    {
        var options = world.Options;
        var boardJob = await world.BoardJobAsync();
        await world.LargePoolAsync();
        await using var api = await startApi();
        await world.WebWorkerHoldsUnitsAsync(api, await world.Host.TokenForAsync(world.WebWorkerId));
        await using var web = await ChildServer.StartAsync("Web", Path.Combine(options.RepositoryRoot, "src", "Market.Web", "bin", options.Configuration, "net10.0", "Market.Web.dll"),
            "http://127.0.0.1:" + HttpSection.FreePort(), "/health/live",
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["MARKET_API_URL"] = api.Url,
                ["MarketApi__BaseUrl"] = api.Url + "/",
                ["Market__DataProtectionKeysPath"] = Path.Combine(options.StateDirectory, "keys-web"),
                ["Logging__LogLevel__Default"] = "Warning",
            },
            Path.Combine(options.RepositoryRoot, "src", "Market.Web"));

        var pages = new List<(string Name, string Email, string[] Paths)>
        {
            ("worker: units in hand", world.WebWorkerEmail, ["/Worker", "/worker"]),
            ($"agent: unit board of a {options.BoardUnits:#,0}-unit job", world.CoordinatorEmail, [$"/agent/jobs/{boardJob}", $"/Agent/Jobs/Details?id={boardJob}", $"/Agent/Jobs/{boardJob}"]),
        };

        var rows = new StringBuilder();
        rows.AppendLine(CultureInfo.InvariantCulture, $"The Web ({options.Configuration}) runs as its own process against the API process; each page is requested {Samples} times after 3 warm-up requests, signed in through the sign-in form with the cookie a browser would keep. Time to first byte is the time until the response headers arrive (the Web renders the page before it sends them).");
        rows.AppendLine();
        rows.AppendLine("| page | path | status | TTFB p50 | TTFB p90 | page size | reference: Web `/health/live` p50 | p50 ÷ reference |");
        rows.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var (name, email, paths) in pages)
        {
            using var browser = await SignInAsync(web.Url, email);
            var reference = await TtfbAsync(browser, "/health/live");
            string? measured = null;
            foreach (var path in paths)
            {
                var probe = await browser.GetAsync(path);
                if (probe.StatusCode == HttpStatusCode.NotFound)
                {
                    continue;
                }

                var (p50, p90, status, size) = await TtfbAsync(browser, path);
                rows.AppendLine(CultureInfo.InvariantCulture, $"| {name} | `{path}` | {status} | {p50:0.0} ms | {p90:0.0} ms | {size / 1024.0:0} KB | {reference.P50:0.00} ms | {p50 / reference.P50:0}× |");
                if (status == 200)
                {
                    report.Add(new Comparison(Name, $"TTFB {name}", p50, "ms", "Web /health/live", reference.P50, Target.None,
                        $"Median of {Samples}; the ratio is how many times a bare request to the same Web process the page takes."));
                }
                else
                {
                    report.Fail($"web page {path} answered {status}");
                }

                measured = path;
                break;
            }

            if (measured is null)
            {
                rows.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" or ", paths.Select(p => $"`{p}`"))} | not on this branch yet | — | — | — | {reference.P50:0.00} ms | **not yet measured** |");
            }
        }

        report.Section(Name, rows.ToString());
    }

    private static async Task<(double P50, double P90, int Status, long Size)> TtfbAsync(HttpClient browser, string path)
    {
        for (var i = 0; i < 3; i++)
        {
            using var warm = await browser.GetAsync(path);
        }

        var samples = new List<double>();
        var status = 0;
        long size = 0;
        for (var i = 0; i < Samples; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await browser.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            samples.Add(clock.Elapsed.TotalMilliseconds);
            status = (int)response.StatusCode;
            size = (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        var sorted = samples.Order().ToArray();
        return (HttpSection.At(sorted, 0.5), HttpSection.At(sorted, 0.9), status, size);
    }

    /// <summary>Signs in through the Web's form (antiforgery token and all) and returns a client holding the cookie.</summary>
    private static async Task<HttpClient> SignInAsync(string webUrl, string email)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var browser = new HttpClient(handler) { BaseAddress = new Uri(webUrl), Timeout = TimeSpan.FromMinutes(2) };
        var form = await browser.GetStringAsync("/Account/SignIn");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var response = await browser.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = World.Password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException($"Signing in {email} to the Web answered {(int)response.StatusCode}.");
        }

        return browser;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
