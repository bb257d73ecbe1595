namespace Market.Web.Hosting;

public sealed class MarketWebOptions
{
    public const string SectionName = "Market";

    /// <summary>
    /// Where Data Protection keys live when no <c>ConnectionStrings:KeyRing</c> is set (then they live in PostgreSQL,
    /// ADR 0028). Every Web instance behind the load balancer must point at the same directory, or cookies and
    /// antiforgery tokens issued by one instance are refused by another.
    /// </summary>
    public string? DataProtectionKeysPath { get; set; }

    public static string DefaultKeysPath(IHostEnvironment environment) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "..", ".market", "keys-web"));
}
