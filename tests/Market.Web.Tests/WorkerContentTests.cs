using Market.Web.Hosting;
using Market.Web.Tests.Support;
using Market.Web.Worker;
using Microsoft.AspNetCore.Http;

namespace Market.Web.Tests;

/// <summary>What the worker's form turns into for the API, and the one page that needs an inline style nonce.</summary>
public sealed class WorkerContentTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public void KeyedRows_WhenCellsOfThreeRecordsAreTyped_GroupsThemIntoOneRowPerRecordInOrder()
    {
        var json = WorkContent.KeyedRows([4, 4, 9, 9, 2, 2], ["山田", "0880", "佐藤", null, "鈴木", "0120"]);

        Assert.Equal("""{"rows":[["山田","0880"],["佐藤",""],["鈴木","0120"]]}""", json);
    }

    [Fact]
    public void CellsOf_WhenADraftWasSaved_GivesTheCellsBackInOrderAndBlanksForMissingOnes()
    {
        var cells = WorkContent.CellsOf("""{"rows":[["山田","0880"],["佐藤"]]}""", [(0, true), (0, true), (1, true), (1, true)]);

        Assert.Equal(["山田", "0880", "佐藤", string.Empty], cells);
    }

    [Fact]
    public void CellsOf_WhenWorkHandedInLostItsKnownAnswerRow_FillsTheRealRowsAndLeavesThatRowBlank()
    {
        // Row 1 is a known-answer (gold) row: the API stored only rows 0 and 2.
        var cells = WorkContent.CellsOf("""{"rows":[["山田","0880"],["鈴木","0120"]]}""", [(0, true), (0, true), (1, false), (1, false), (2, true), (2, true)]);

        Assert.Equal(["山田", "0880", string.Empty, string.Empty, "鈴木", "0120"], cells);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"other":1}""")]
    public void CellsOf_WhenNothingUsableWasSaved_GivesBlankCells(string? saved) =>
        Assert.Equal([string.Empty, string.Empty], WorkContent.CellsOf(saved, [(0, true), (0, true)]));

    [Fact]
    public void Percent_OfBasisPoints_HasOneDecimal()
    {
        Assert.Equal("87.5%", WorkerText.Percent(8_750));
        Assert.Equal("100.0%", WorkerText.Percent(10_000));
        Assert.Equal("0.1%", WorkerText.Percent(10));
    }

    [Fact]
    public async Task ContentSecurityPolicy_WhenAPageAsksForAStyleNonce_AllowsThatNonceOnlyAndKeepsEverythingElse()
    {
        var context = new DefaultHttpContext();
        var nonce = StyleNonce.For(context);
        Assert.Same(nonce, StyleNonce.For(context));
        Assert.NotEqual(nonce, StyleNonce.For(new DefaultHttpContext()));

        var middleware = new SecurityHeadersMiddleware(_ => Task.CompletedTask);
        var feature = new CapturingResponseFeature();
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(feature);
        await middleware.InvokeAsync(context);
        await feature.StartAsync();

        Assert.Equal(
            SecurityHeadersMiddleware.ContentSecurityPolicy.Replace("style-src 'self'", $"style-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal),
            context.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.Contains("script-src 'self';", context.Response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public async Task ContentSecurityPolicy_OfPagesWithoutTheEditor_HasNoNonce()
    {
        using var client = web.Factory.CreateClient();

        using var response = await client.GetAsync("/account/signin");

        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    private sealed class CapturingResponseFeature : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => starting.Add((callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in starting)
            {
                await callback(state);
            }
        }
    }
}
