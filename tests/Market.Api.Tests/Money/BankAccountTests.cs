using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Features.Money.BankAccounts;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Money;

/// <summary>Workers' and agents' bank details: checked against the Zengin code list, encrypted at rest, masked in every view, audited without the number.</summary>
public sealed class BankAccountTests(ApiFixture fixture) : ApiTest(fixture)
{
    private WorkWorld _world = null!;
    private HttpClient _worker = null!;
    private HttpClient _owner = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await WorkWorld.CreateAsync(Factory, workers: 1);
        _worker = await _world.WorkerClientAsync(1);
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, _world.Agent.Id);
        _owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
    }

    private static object Account(string bank = "0001", string branch = "001", string number = "1234567", string holder = "ヤマダ タロウ", string type = "Ordinary") =>
        new { bankCode = bank, branchCode = branch, accountType = type, accountNumber = number, holderName = holder };

    [Fact]
    public async Task Put_AValidAccount_StoresItEncrypted_AndEveryViewShowsOnlyTheLastThreeDigits()
    {
        var response = await _worker.PutAsJsonAsync("/api/v1/me/bank-account", Account(number: "0123457", holder: "やまだ たろう"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("0123457", body, StringComparison.Ordinal);
        var view = JsonDocument.Parse(body).RootElement;
        Assert.Equal("****457", view.GetProperty("accountNumber").GetString());
        Assert.Equal("ﾔﾏﾀﾞ ﾀﾛｳ", view.GetProperty("holderName").GetString());
        Assert.Equal("ﾐｽﾞﾎ", view.GetProperty("bankName").GetString());
        Assert.Equal("ﾄｳｷﾖｳ", view.GetProperty("branchName").GetString());
        var again = await (await _worker.GetAsync("/api/v1/me/bank-account")).Content.ReadAsStringAsync();
        Assert.Contains("****457", again, StringComparison.Ordinal);
        Assert.DoesNotContain("0123457", again, StringComparison.Ordinal);

        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var row = await db.BankAccounts.IgnoreQueryFilters().SingleAsync();
        Assert.DoesNotContain("0123457", row.NumberCipher, StringComparison.Ordinal);
        Assert.StartsWith(BankDetailsProtector.DevelopmentKeyId + ":", row.NumberCipher, StringComparison.Ordinal);
        Assert.Equal("0123457", scope.ServiceProvider.GetRequiredService<BankAccountStore>().Reveal(row).Number);
        var audit = await db.AuditLog.IgnoreQueryFilters().SingleAsync(a => a.Action == "bank_account.added");
        Assert.DoesNotContain("0123457", audit.Detail!, StringComparison.Ordinal);
        Assert.DoesNotContain("ﾔﾏﾀﾞ", audit.Detail!, StringComparison.Ordinal);
        Assert.Equal("0001", JsonDocument.Parse(audit.Detail!).RootElement.GetProperty("bankCode").GetString());
    }

    [Fact]
    public async Task Put_Again_ReplacesTheAccount_AndAuditsTheChange()
    {
        Assert.Equal(HttpStatusCode.OK, (await _worker.PutAsJsonAsync("/api/v1/me/bank-account", Account())).StatusCode);

        var changed = await (await _worker.PutAsJsonAsync("/api/v1/me/bank-account", Account(bank: "0009", branch: "005", number: "7654321", type: "Current"))).JsonAsync();

        Assert.Equal("****321", changed.GetProperty("accountNumber").GetString());
        Assert.Equal("Current", changed.GetProperty("accountType").GetString());
        using var scope = NewScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        Assert.Equal(1, await db.BankAccounts.IgnoreQueryFilters().CountAsync());
        Assert.Equal(["bank_account.added", "bank_account.changed"],
            await db.AuditLog.IgnoreQueryFilters().Where(a => a.Action.StartsWith("bank_account.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Theory]
    [InlineData("9998", "001", "1234567", "ヤマダ タロウ", "bank_code_unknown")]
    [InlineData("0001", "002", "1234567", "ヤマダ タロウ", "branch_code_unknown")]
    [InlineData("0001", "001", "1234567", "山田 太郎", "zengin_name_not_kana")]
    [InlineData("0001", "001", "12345678", "ヤマダ タロウ", "account_number_invalid")]
    [InlineData("01", "001", "1234567", "ヤマダ タロウ", "bank_code_invalid")]
    public async Task Put_AnAccountBanksWouldRefuse_Returns422_AndStoresNothing(string bank, string branch, string number, string holder, string code)
    {
        await (await _worker.PutAsJsonAsync("/api/v1/me/bank-account", Account(bank, branch, number, holder))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, code);

        await (await _worker.GetAsync("/api/v1/me/bank-account")).AssertProblemAsync(HttpStatusCode.NotFound, "bank_account_not_set");
        using var scope = NewScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AuditLog.IgnoreQueryFilters().AnyAsync(a => a.Action.StartsWith("bank_account.")));
    }

    [Fact]
    public async Task MoneySettings_WithAValidRegistrationNumber_AreStored_AndTheAgentsAccountIsMasked()
    {
        var response = await _owner.PutAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/money-settings", new
        {
            registrationNumber = "T7000012050002",
            invoicePrefix = "YMB",
            withheldJobTypes = new[] { "WebEdit" },
            zenginRequesterCode = "0000012345",
            zenginRequesterName = "トクヒ・ヤマビコ",
            bankAccount = Account(number: "7777123", holder: "トクヒ) ヤマビコ"),
        });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode); // ・ is not in the Zengin set
        Assert.Contains("zengin_name_not_kana", body, StringComparison.Ordinal);

        var settings = await (await _owner.PutAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/money-settings", new
        {
            registrationNumber = "T7000012050002",
            invoicePrefix = "YMB",
            withheldJobTypes = new[] { "WebEdit" },
            zenginRequesterCode = "0000012345",
            zenginRequesterName = "トクヒ) ヤマビコ",
            bankAccount = Account(number: "7777123", holder: "トクヒ) ヤマビコ"),
        })).JsonAsync();

        Assert.Equal("T7000012050002", settings.GetProperty("registrationNumber").GetString());
        Assert.Equal("ﾄｸﾋ) ﾔﾏﾋﾞｺ", settings.GetProperty("zenginRequesterName").GetString());
        Assert.Equal(["WebEdit"], settings.GetProperty("withheldJobTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("****123", settings.GetProperty("bankAccount").GetProperty("accountNumber").GetString());
        Assert.DoesNotContain("7777123", settings.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("T7000012050003", "registration_number_invalid")] // wrong check digit
    [InlineData("7000012050002", "registration_number_invalid")]  // no T
    [InlineData("T700001205000", "registration_number_invalid")]  // 12 digits
    public async Task MoneySettings_WithAnInvalidRegistrationNumber_Returns422_AndChangeNothing(string number, string code)
    {
        await (await _owner.PutAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/money-settings", new { registrationNumber = number, invoicePrefix = "YMB" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, code);

        var settings = await (await _owner.GetAsync($"/api/v1/agents/{_world.Agent.Id}/money-settings")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("registrationNumber").ValueKind);
    }

    [Fact]
    public async Task MoneySettings_OfAnotherAgent_Return404_AndWorkersMayNotSetThem()
    {
        var other = await TestData.AgentAsync(Factory, "他のエージェント", "OTHER-1");

        await (await _owner.GetAsync($"/api/v1/agents/{other.Id}/money-settings")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _worker.PutAsJsonAsync($"/api/v1/agents/{_world.Agent.Id}/money-settings", new { invoicePrefix = "YMB" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
