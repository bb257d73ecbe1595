using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Market.Api.Tests.Architecture;

/// <summary>
/// The SQL migrations and the EF Core model are written separately (ADR 0002); this proves they agree:
/// every mapped column exists with the same nullability, and every table the migrations create is mapped
/// (except Quartz's own, EF's history, the Web's key ring (read by Market.Web over plain Npgsql, ADR 0028) and the
/// rate-limit counters (one raw upsert, ADR 0042) and the job-progress triggers' per-transaction marker
/// job_unit_count_flushes (written and read only by those triggers, ADR 0045).
/// </summary>
public sealed class SchemaDriftTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly string[] NotInTheModel = ["__EFMigrationsHistory", "web_data_protection_keys", "rate_limit_counters", "job_unit_count_flushes"];

    [Fact]
    public async Task EfModel_MatchesTheMigratedSchema()
    {
        var columns = new Dictionary<(string Table, string Column), bool>();
        await using (var connection = new NpgsqlConnection(Factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT table_name, column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = 'public'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns[(reader.GetString(0), reader.GetString(1))] = reader.GetBoolean(2);
            }
        }

        using var scope = NewScope();
        var model = scope.ServiceProvider.GetRequiredService<MarketDbContext>().Model;
        var problems = new List<string>();
        var mappedTables = new HashSet<string>();
        foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = entity.GetTableName()!;
            mappedTables.Add(table);
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store)!;
                if (column == "xmin")
                {
                    continue;
                }

                if (!columns.TryGetValue((table, column), out var nullable))
                {
                    problems.Add($"{entity.ClrType.Name}.{property.Name} → {table}.{column} does not exist");
                }
                else if (nullable != property.IsColumnNullable(store))
                {
                    problems.Add($"{table}.{column}: database nullable={nullable}, model nullable={property.IsColumnNullable(store)}");
                }
            }
        }

        var unmapped = columns.Keys.Select(k => k.Table).Distinct()
            .Where(t => !t.StartsWith("qrtz_", StringComparison.Ordinal) && !NotInTheModel.Contains(t) && !mappedTables.Contains(t));
        problems.AddRange(unmapped.Select(t => $"table {t} is not mapped by the model"));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
