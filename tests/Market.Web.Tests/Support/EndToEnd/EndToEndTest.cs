using Market.Api.Seeding;
using Microsoft.Playwright;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>A test in real Chromium against the real Web and API; each page opened here has its own cookies.</summary>
[Collection(EndToEndCollection.Name)]
public abstract class EndToEndTest(EndToEndFixture fixture) : IAsyncLifetime
{
    public const string DemoPassword = DemoAccounts.Password;

    private readonly List<IBrowserContext> contexts = [];
    private readonly List<string> consoleErrors = [];

    protected EndToEndFixture Fixture => fixture;

    /// <summary>What the browser reported as errors (a CSP violation, a failed script); asserted empty at the end of each test.</summary>
    protected IReadOnlyList<string> ConsoleErrors => consoleErrors;

    /// <summary>
    /// Whether the test needs the database emptied first. Seeding the demo accounts again hashes ten passwords, so
    /// tests that only read (or only add data of their own) leave it as it is.
    /// </summary>
    protected virtual bool StartsFromEmptyData => false;

    public Task InitializeAsync() => StartsFromEmptyData ? fixture.ResetDataAsync() : Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }

    protected async Task<IPage> NewPageAsync(int width = 1280, int height = 800, bool javaScriptEnabled = true)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScriptEnabled,
            BaseURL = fixture.WebUrl.AbsoluteUri,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
        });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        PageNetwork.Watch(page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        return page;
    }

    /// <summary>
    /// Signs in through the sign-in form as a person would (typing the authenticator code for the demo owner and
    /// operator, who must use 2FA) and waits for the portal the Web lands them on.
    /// </summary>
    protected static async Task SignInAsync(IPage page, string email, string landingPath)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        if (DemoAccounts.TotpKeys.TryGetValue(email, out var key))
        {
            var code = page.GetByLabel("認証コード");
            await code.WaitForAsync(new() { Timeout = 90_000 });
            await ForgetUsedTotpStepsAsync(email);
            await code.FillAsync(Market.Api.Identity.Totp.Code(key, TimeProvider.System.GetUtcNow()));
            await page.GetByRole(AriaRole.Button, new() { Name = "確認してサインイン" }).ClickAsync();
        }

        // Signing in hashes the password (PBKDF2, 220,000 iterations) and renders the portal: slow on a busy 2-core CI box.
        await WaitForPageAsync(page, "**" + landingPath, 90_000);
    }

    /// <summary>A code is accepted once per 30-second step; tests sign the same demo person in several times within one.</summary>
    protected static async Task ForgetUsedTotpStepsAsync(string email)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Market.Api.Tests.Infrastructure.TestDatabase.ConnectionString(EndToEndDatabase.Name));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "DELETE FROM totp_used_steps WHERE user_id IN (SELECT id FROM users WHERE normalized_email = upper(@email))", connection);
        command.Parameters.AddWithValue("email", email);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Waits for the browser to reach <paramref name="urlGlob"/> (see <see cref="PageArrival"/>); if it does not, says
    /// where it is, what it shows, which requests the page and the two servers were still busy with, and where the
    /// page went.
    /// </summary>
    protected static Task WaitForPageAsync(IPage page, string urlGlob, float timeoutMs = 30_000) =>
        PageArrival.WaitAsync(page, urlGlob, timeoutMs, () =>
            $"The page's requests and navigations:\n{PageNetwork.Describe(page)}\nThe servers:\n{ServerRequestLog.Shared.Describe()}");

    protected void AssertNoConsoleErrors() =>
        Assert.True(consoleErrors.Count == 0, "The browser reported errors:\n" + string.Join("\n", consoleErrors));
}
