using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Market.Web.Hosting;

/// <summary>
/// Keeps the Web's Data Protection key ring in PostgreSQL (<c>web_data_protection_keys</c>, created by the API's
/// migrations), so every Web instance behind the load balancer accepts the session cookies, antiforgery tokens and
/// pending sign-ins the others issued, without a shared disk (ADR 0028). This is the only place the Web talks to the
/// database: everything else goes through the API (BoundaryTests).
/// </summary>
public sealed class DatabaseKeyRing(string connectionString) : IXmlRepository, IDisposable
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM web_data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand("INSERT INTO web_data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }

    public void Dispose() => dataSource.Dispose();
}
