namespace Market.Web.Hosting;

public sealed class MarketWebOptions
{
    public const string SectionName = "Market";

    /// <summary>
    /// Where Data Protection keys live. Every Web instance behind the load balancer must point at the same
    /// directory, or cookies and antiforgery tokens issued by one instance are refused by another.
    /// </summary>
    public string? DataProtectionKeysPath { get; set; }

    public static string DefaultKeysPath(IHostEnvironment environment) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "..", ".market", "keys-web"));
}
