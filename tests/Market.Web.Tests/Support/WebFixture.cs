namespace Market.Web.Tests.Support;

/// <summary>One fake API and one Web host per test class; each test opens its own <see cref="WebSession"/> (own cookies).</summary>
public sealed class WebFixture : IAsyncLifetime
{
    public FakeMarketApi Api { get; private set; } = null!;

    public ManualClock Clock { get; } = new(MarketWebFactory.DefaultNow);

    public MarketWebFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await FakeMarketApi.StartAsync();
        Factory = new MarketWebFactory(Api, Clock);
    }

    public WebSession NewSession() => new(Factory);

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Api.DisposeAsync();
    }
}
