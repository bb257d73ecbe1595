using Market.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

if (Environment.GetEnvironmentVariable("MARKET_API_URL") is { Length: > 0 } apiUrl)
{
    builder.Configuration.AddInMemoryCollection([new("MarketApi:BaseUrl", apiUrl)]);
}

builder.Services.AddMarketWeb(builder.Configuration, builder.Environment);

var app = builder.Build();
app.UseMarketWeb();
app.Run();
