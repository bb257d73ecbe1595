using System.Net;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed class SignInTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string, string, string> LandingByRole => new()
    {
        { FakeUsers.Operator.Email, "/operator", "運営者ダッシュボード" },
        { FakeUsers.Client.Email, "/client", "発注者ポータル" },
        { FakeUsers.AgentOwner.Email, "/agent", "エージェントコンソール" },
        { FakeUsers.Coordinator.Email, "/agent", "エージェントコンソール" },
        { FakeUsers.Reviewer.Email, "/agent", "エージェントコンソール" },
        { FakeUsers.Worker.Email, "/worker", "ワーカーポータル" },
        { FakeUsers.OwnerAndWorker.Email, "/agent", "エージェントコンソール" },
    };

    [Theory]
    [MemberData(nameof(LandingByRole))]
    public async Task SignIn_WhenCredentialsAreRight_LandsOnTheRolesPortal(string email, string expectedPath, string expectedPortalName)
    {
        using var session = web.NewSession();
        var user = FakeUsers.All.Single(u => u.Email == email);
        var tenantName = user.Tenant.Name ?? "ふるさとマーケット運営";

        var landing = await session.SignInAsync(user);

        Assert.Equal(HttpStatusCode.OK, landing.Status);
        Assert.Equal(expectedPath, landing.Path);
        Assert.Equal($"ようこそ、{user.DisplayName}さん", landing.Heading);
        Assert.Contains(expectedPortalName, landing.Single(".welcome__portal").TextContent);
        Assert.Contains(tenantName, landing.Single(".welcome__facts").TextContent);
        Assert.Contains(user.DisplayName, landing.Single(".session__name").TextContent);
        Assert.Contains(tenantName, landing.Single(".session__tenant").TextContent);
    }

    [Fact]
    public async Task SignIn_WhenOperatorHasNoTenantName_ShowsThePlatformAsTenant()
    {
        using var session = web.NewSession();

        var landing = await session.SignInAsync(FakeUsers.Operator);

        Assert.Equal("ふるさとマーケット運営", landing.Single(".session__tenant").TextContent.Trim());
    }

    [Fact]
    public async Task SignIn_WhenReviewerLandsOnAgentConsole_SeesOnlyTheReviewersSections()
    {
        using var session = web.NewSession();

        var console = await session.SignInAsync(FakeUsers.Reviewer);

        var sections = console.Document.QuerySelectorAll(".card h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("検品", sections);
        Assert.DoesNotContain("支払", sections);
        Assert.DoesNotContain("作業の割り当て", sections);
    }

    [Fact]
    public async Task SignIn_WhenPasswordIsWrong_ShowsLocalizedErrorOnTheForm()
    {
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.Worker, password: "wrong-password");

        Assert.Equal("/account/signin", page.Response.RequestMessage!.RequestUri!.AbsolutePath);
        var alert = page.Single("main [role=alert]");
        Assert.Contains("メールアドレスまたはパスワードが正しくありません。", alert.TextContent);
        Assert.NotNull(page.Document.QuerySelector("main form input[name='Input.Password']"));
        Assert.Equal(FakeUsers.Worker.Email, page.Single("input[name='Input.Email']").GetAttribute("value"));
        Assert.Null(page.Document.QuerySelector(".session__name"));
    }

    [Fact]
    public async Task SignIn_WhenPasswordIsWrongInEnglish_ShowsTheEnglishMessage()
    {
        using var session = web.NewSession();
        await session.SwitchLanguageAsync(await session.GetAsync("/account/signin"), "en");

        var page = await session.SignInAsync(FakeUsers.Worker, password: "wrong-password");

        Assert.Contains("The email address or password is incorrect.", page.Single("main [role=alert]").TextContent);
    }

    [Fact]
    public async Task SignIn_WhenAccountIsLockedOut_ShowsLockedOutMessage()
    {
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.Locked);

        Assert.Contains("アカウントが一時的にロックされています", page.Single("main [role=alert]").TextContent);
    }

    [Fact]
    public async Task SignIn_WhenAccountIsSuspended_ShowsSuspendedMessage()
    {
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.Suspended);

        Assert.Contains("このアカウントは現在利用できません", page.Single("main [role=alert]").TextContent);
    }

    [Fact]
    public async Task SignIn_WhenRateLimited_ShowsRateLimitedMessage()
    {
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.RateLimited);

        Assert.Contains("短時間に多くのリクエストがありました", page.Single("main [role=alert]").TextContent);
    }

    [Fact]
    public async Task SignIn_WhenApiReportsFieldErrors_ShowsThemBesideTheirFields()
    {
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.RejectedByValidation);

        Assert.Contains("入力内容に誤りがあります", page.Single("main [role=alert]").TextContent);
        var emailError = page.Single("#Input_Email-error");
        Assert.Equal("This address is not allowed to sign in here.", emailError.TextContent.Trim());
        var emailInput = page.Single("input[name='Input.Email']");
        Assert.Equal("true", emailInput.GetAttribute("aria-invalid"));
        Assert.Equal("Input_Email-error", emailInput.GetAttribute("aria-describedby"));
        Assert.Same(emailInput.ParentElement, emailError.ParentElement);
    }

    [Fact]
    public async Task SignIn_WhenFieldsAreEmpty_ShowsRequiredErrorsBesideFieldsWithoutCallingApi()
    {
        using var session = web.NewSession();
        var signIn = await session.GetAsync("/account/signin");

        var page = await session.SubmitAsync(signIn, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = "",
            ["Input.Password"] = "",
        });

        Assert.Equal("メールアドレスを入力してください。", page.Single("#Input_Email-error").TextContent.Trim());
        Assert.Equal("パスワードを入力してください。", page.Single("#Input_Password-error").TextContent.Trim());
    }

    [Fact]
    public async Task SignIn_WhenTwoFactorIsRequired_AsksForTheCodeThenSignsIn()
    {
        using var session = web.NewSession();

        var codeStep = await session.SignInAsync(FakeUsers.WithTwoFactor);

        Assert.Null(codeStep.Document.QuerySelector("input[name='Input.Password']"));
        Assert.NotNull(codeStep.Document.QuerySelector("input[name='TwoFactor.Code']"));
        Assert.DoesNotContain(FakeApiUser.Password, codeStep.Document.DocumentElement.OuterHtml);

        var wrongCode = await session.SubmitAsync(codeStep, "main form", new Dictionary<string, string> { ["TwoFactor.Code"] = "000000" });
        Assert.Equal("認証コードが正しくありません。もう一度入力してください。", wrongCode.Single("#TwoFactor_Code-error").TextContent.Trim());

        var landing = await session.SubmitAsync(wrongCode, "main form", new Dictionary<string, string> { ["TwoFactor.Code"] = "123456" });
        Assert.Equal("/worker", landing.Path);
    }

    [Fact]
    public async Task SignIn_WhenTwoFactorStepIsOlderThanFiveMinutes_StartsOver()
    {
        using var session = web.NewSession();
        var codeStep = await session.SignInAsync(FakeUsers.WithTwoFactor);

        web.Clock.Advance(TimeSpan.FromMinutes(6));
        var page = await session.SubmitAsync(codeStep, "main form", new Dictionary<string, string> { ["TwoFactor.Code"] = "123456" });

        Assert.Contains("確認の有効期限が切れました", page.Single("main [role=alert]").TextContent);
        Assert.NotNull(page.Document.QuerySelector("input[name='Input.Password']"));
    }

    [Fact]
    public async Task SignIn_WhenUserHasNoKnownRole_StaysOnTheIntroductionWithANotice()
    {
        using var session = web.NewSession();

        var page = await session.SignInAsync(FakeUsers.NoRole);

        Assert.Equal("/", page.Path);
        Assert.Contains("利用できる画面はまだありません", page.Single("main [role=status]").TextContent);
    }

    [Fact]
    public async Task SignIn_WhenUserPrefersEnglishAndChoseNoLanguage_ShowsEnglish()
    {
        using var session = web.NewSession();

        var landing = await session.SignInAsync(FakeUsers.EnglishWorker);

        Assert.Equal("en", landing.Language);
        Assert.Equal("Welcome, Emma Clark", landing.Heading);
    }

    [Fact]
    public async Task SignIn_WhenSignedIn_KeepsTheSessionInAnHttpOnlyLaxSessionCookie()
    {
        using var client = web.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var signInHtml = await client.GetStringAsync("/account/signin");
        var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(signInHtml)
            .QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = FakeUsers.Worker.Email,
            ["Input.Password"] = FakeApiUser.Password,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var sessionCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".FurusatoMarket.Session", StringComparison.Ordinal));
        Assert.Contains("httponly", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", sessionCookie, StringComparison.OrdinalIgnoreCase);
    }
}
