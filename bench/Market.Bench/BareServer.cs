namespace Market.Bench;

/// <summary>
/// The reference for API latency: the smallest ASP.NET Core minimal API on the same machine, with the same Kestrel,
/// answering a constant JSON body. Whatever the real endpoints cost above this is ours.
/// </summary>
public static class BareServer
{
    public static void Run(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapGet("/constant", () => Results.Text("""{"id":"00000000-0000-0000-0000-000000000000","status":"Available","sequence":1}""", "application/json"));
        app.Run();
    }
}
