using Npgsql;

namespace Market.Api.Tests.Security;

/// <summary>
/// A fingerprint of every table's content (md5 of its rows in a stable order), read from the catalog so a new table is
/// covered without a list to maintain. Refused requests must leave it unchanged.
/// </summary>
public static class DatabaseDigest
{
    /// <summary>Tables a refused request may legitimately write to: the audit trail of the attempt and the scheduler's own state.</summary>
    private static readonly string[] Ignored = ["audit_log", "data_protection_keys"];

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'qrtz\_%'
            ORDER BY c.relname
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        tables.RemoveAll(Ignored.Contains);
        var sql = string.Join(" UNION ALL ", tables.Select(t =>
            $"SELECT '{t}', md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM \"{t}\" x"));
        var digest = new Dictionary<string, string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            digest[rows.GetString(0)] = rows.GetString(1);
        }

        return digest;
    }

    /// <summary>The tables whose content differs between two digests.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys)
            .Where(t => !before.TryGetValue(t, out var b) || !after.TryGetValue(t, out var a) || a != b)
            .Order()
            .ToList();
}
