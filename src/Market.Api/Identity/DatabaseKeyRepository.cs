using System.Xml.Linq;
using Market.Api.Persistence;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Market.Api.Identity;

/// <summary>
/// Keeps the API's Data Protection key ring in PostgreSQL, so every instance behind the load balancer reads the tokens
/// the others issued without a shared disk (ADR 0025).
/// </summary>
public sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return db.Set<DataProtectionKeyRow>().AsEnumerable().OrderBy(k => k.Id).Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.Set<DataProtectionKeyRow>().Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
