using System.Net;
using System.Text;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Money;

/// <summary>
/// "A negative or non-integer amount anywhere" is refused with a clear code and stores nothing: here the other place
/// a caller writes yen, an agent's offer price (client payments are covered in <see cref="InvoiceTests"/>).
/// </summary>
public sealed class AmountInputTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient _owner = null!;
    private string _jobId = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var firm = await TestData.ClientAsync(Factory, "四万十町役場");
        var client = await AgentLayerData.SignedInAsync(Factory, "client@town.jp", Roles.ClientMember, firm.Id);
        var agent = await AgentLayerData.AgentAsync(Factory, "エージェントA");
        _owner = await AgentLayerData.SignedInAsync(Factory, "owner@a.jp", Roles.AgentOwner, agent.Id);
        _jobId = await client.PostJobAsync();
    }

    [Theory]
    [InlineData("-48000", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("0", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("48000.5", HttpStatusCode.BadRequest, "malformed_request")]
    [InlineData("\"48000.5\"", HttpStatusCode.BadRequest, "malformed_request")] // the Web JSON defaults read "48000" as 48000, never a fraction
    [InlineData("4.8e4", HttpStatusCode.BadRequest, "malformed_request")]
    public async Task OfferPrice_NotWholePositiveYen_IsRefusedWithACode_AndNothingIsStored(string price, HttpStatusCode status, string code)
    {
        var deliverBy = DateTimeOffset.UtcNow.AddDays(10).ToString("O");
        var body = $$"""{"price":{{price}},"deliverBy":"{{deliverBy}}"}""";

        var response = await _owner.PostAsync($"/api/v1/jobs/{_jobId}/offers", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(status, code);
        if (code == "validation_failed")
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty("price", out _), problem.ToString());
        }

        using var scope = NewScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MarketDbContext>().Offers.IgnoreQueryFilters().CountAsync());
    }
}
