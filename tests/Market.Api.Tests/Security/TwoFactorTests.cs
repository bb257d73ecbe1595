using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Market.Api.Identity;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;

namespace Market.Api.Tests.Security;

/// <summary>
/// TOTP two-factor sign-in (RFC 6238): open to everyone, required for agent owners and operators, each code accepted
/// once, wrong codes counting towards the lockout.
/// </summary>
public sealed class TwoFactorTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void Totp_MatchesTheRfc6238TestVectors(long unixSeconds, string expected)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");

        Assert.Equal(expected, Totp.Code(Totp.ToBase32(key), DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
        Assert.Equal(key, Totp.FromBase32(Totp.ToBase32(key)));
    }

    [Fact]
    public async Task Login_AsAnOwnerWithout2fa_Answers403SetupRequired_AndTheTicketSetsItUpAndSignsIn()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "TOTP-1");
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, agent.Id, enrolTwoFactor: false);

        var refused = await Login("owner@hub.jp");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "two_factor_setup_required");
        Assert.False(problem.TryGetProperty("accessToken", out _));
        var ticket = problem.GetProperty("setupTicket").GetString();

        var setup = await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/two-factor/setup", new { setupTicket = ticket })).JsonAsync();
        var key = setup.GetProperty("sharedKey").GetString()!;
        Assert.StartsWith("otpauth://totp/Furusato%20Market:owner%40hub.jp?secret=" + key, setup.GetProperty("authenticatorUri").GetString());
        await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/two-factor/activate", new { setupTicket = ticket, code = "000000" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid_two_factor_code");
        var tokens = await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/two-factor/activate", new { setupTicket = ticket, code = Code(key) }))
            .Content.ReadFromJsonAsync<TokenResponse>();
        Assert.Equal(HttpStatusCode.OK, (await Bearer(tokens!.AccessToken).GetAsync($"/api/v1/agents/{agent.Id}/workers")).StatusCode);

        await (await Login("owner@hub.jp")).AssertProblemAsync(HttpStatusCode.Unauthorized, "two_factor_required");
        await (await Login("owner@hub.jp", Code(key))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        Factory.Clock.Advance(Totp.StepLength);
        Assert.Equal(HttpStatusCode.OK, (await Login("owner@hub.jp", Code(key))).StatusCode);
    }

    [Fact]
    public async Task SetupTicket_AfterTenMinutes_IsRefused()
    {
        await TestData.UserAsync(Factory, "op@example.jp", Roles.PlatformAdmin, null, enrolTwoFactor: false);
        var ticket = (await (await Login("op@example.jp")).AssertProblemAsync(HttpStatusCode.Forbidden, "two_factor_setup_required"))
            .GetProperty("setupTicket").GetString();

        Factory.Clock.Advance(TimeSpan.FromMinutes(11));

        await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/two-factor/setup", new { setupTicket = ticket }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_setup_ticket");
        await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/two-factor/setup", new { setupTicket = "forged" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_setup_ticket");
    }

    [Fact]
    public async Task ACode_IsAcceptedOnce_EvenWhenTwoSignInsRaceWithIt()
    {
        await TestData.UserAsync(Factory, "op@example.jp", Roles.PlatformAdmin, null);
        var code = Code(TestData.TotpKeyFor("op@example.jp"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Login("op@example.jp", code)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
    }

    [Fact]
    public async Task ACodeFromTheStepBefore_IsAccepted_ButNotOneFromTwoStepsAgo()
    {
        await TestData.UserAsync(Factory, "op@example.jp", Roles.PlatformAdmin, null);
        var key = TestData.TotpKeyFor("op@example.jp");
        var now = Factory.Clock.GetUtcNow();

        await (await Login("op@example.jp", Totp.Code(key, now - (2 * Totp.StepLength)))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        Assert.Equal(HttpStatusCode.OK, (await Login("op@example.jp", Totp.Code(key, now - Totp.StepLength))).StatusCode);
    }

    [Fact]
    public async Task WrongCodes_WithTheRightPassword_LockTheAccountAfterFive()
    {
        await TestData.UserAsync(Factory, "op@example.jp", Roles.PlatformAdmin, null);
        var right = Code(TestData.TotpKeyFor("op@example.jp"));
        var wrong = right == "123456" ? "654321" : "123456";

        for (var i = 0; i < 4; i++)
        {
            await (await Login("op@example.jp", wrong)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        }

        await (await Login("op@example.jp", wrong)).AssertProblemAsync(HttpStatusCode.Unauthorized, "locked_out");
        await (await Login("op@example.jp", right)).AssertProblemAsync(HttpStatusCode.Unauthorized, "locked_out");
    }

    [Fact]
    public async Task AWorker_MayTurn2faOnAndOff_AndTurningItOnEndsTheirOtherSessions()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "TOTP-2");
        await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);
        var worker = await Factory.ClientForAsync("w@hub.jp", TestData.Password);
        Assert.Equal("{\"enabled\":false,\"required\":false}", await worker.GetStringAsync("/api/v1/me/two-factor"));

        var key = (await (await worker.PostAsync("/api/v1/me/two-factor/setup", null)).JsonAsync()).GetProperty("sharedKey").GetString()!;
        var tokens = await (await worker.PostAsJsonAsync("/api/v1/me/two-factor/enable", new { code = Code(key) })).Content.ReadFromJsonAsync<TokenResponse>();

        Assert.Equal(HttpStatusCode.Unauthorized, (await worker.GetAsync("/api/v1/me")).StatusCode);
        var fresh = Bearer(tokens!.AccessToken);
        Assert.Equal("{\"enabled\":true,\"required\":false}", await fresh.GetStringAsync("/api/v1/me/two-factor"));
        await (await Login("w@hub.jp")).AssertProblemAsync(HttpStatusCode.Unauthorized, "two_factor_required");

        Factory.Clock.Advance(Totp.StepLength);
        var off = await (await fresh.PostAsJsonAsync("/api/v1/me/two-factor/disable", new { code = Code(key) })).JsonAsync();
        Assert.False(off.GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await Login("w@hub.jp")).StatusCode);
    }

    [Fact]
    public async Task AnOwner_CannotTurn2faOff()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "TOTP-3");
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, agent.Id);
        var owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
        Factory.Clock.Advance(Totp.StepLength);

        await (await owner.PostAsJsonAsync("/api/v1/me/two-factor/disable", new { code = Code(TestData.TotpKeyFor("owner@hub.jp")) }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "two_factor_required_for_role");
        await (await owner.PostAsync("/api/v1/me/two-factor/setup", null)).AssertProblemAsync(HttpStatusCode.Conflict, "two_factor_already_enabled");
    }

    private string Code(string key) => Totp.Code(key, Factory.Clock.GetUtcNow());

    private Task<HttpResponseMessage> Login(string email, string? twoFactorCode = null) =>
        Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = TestData.Password, twoFactorCode });

    private HttpClient Bearer(string accessToken)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
