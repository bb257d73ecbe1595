using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Market.Api.Persistence;

/// <summary>
/// Inserts many new rows of one entity with a single binary COPY on the context's own connection and transaction,
/// instead of tracking each entity and sending batched INSERTs: a job of a million CSV records plans 40,000 units,
/// and tracking them cost several times what PostgreSQL needs to store them (docs/benchmarks.md, section 2).
/// <para>
/// The columns, their order and every value come from the EF model — column names, value converters (ids, enums,
/// the jsonb payloads, UTC instants) and store types — so the rows are exactly what SaveChanges would have written
/// and follow the mapping when it changes. The rows are not tracked afterwards and raise no domain events: use it
/// only for freshly created aggregates that have none pending.
/// </para>
/// </summary>
public static class BulkInsert
{
    private static readonly ConcurrentDictionary<IEntityType, Plan> Plans = new();

    public static async Task CopyAsync<TEntity>(MarketDbContext db, IReadOnlyCollection<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        // COPY is not undone by anything but the transaction, so "all or nothing" needs the command's transaction.
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"Bulk inserts of {typeof(TEntity).Name} run only inside the command's transaction.");
        }

        var entityType = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");
        var plan = Plans.GetOrAdd(entityType, PlanFor);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(plan.CopyCommand, cancellationToken);
        foreach (var row in rows)
        {
            if (row is Market.Domain.Common.AggregateRoot { DomainEvents.Count: > 0 })
            {
                throw new InvalidOperationException($"A {typeof(TEntity).Name} with pending domain events cannot be bulk-inserted: nothing would dispatch them.");
            }

            await importer.StartRowAsync(cancellationToken);
            foreach (var column in plan.Columns)
            {
                var value = column.Getter.GetClrValue(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                    continue;
                }

                await importer.WriteAsync(column.Converter is null ? value : column.Converter.ConvertToProvider(value)!, column.StoreType, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Plan PlanFor(IEntityType entityType)
    {
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = new List<Column>();
        foreach (var property in entityType.GetProperties())
        {
            // xmin (the concurrency token) is a system column PostgreSQL fills in itself.
            if (property.ValueGenerated == ValueGenerated.OnAddOrUpdate)
            {
                continue;
            }

            if (property.IsShadowProperty())
            {
                throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} is a shadow property; a bulk insert cannot read it from the entity.");
            }

            var mapping = property.GetRelationalTypeMapping();
            columns.Add(new Column(
                property.GetColumnName(table) ?? throw new InvalidOperationException($"{property.Name} has no column in {table.Name}."),
                mapping.StoreType,
                mapping.Converter,
                property.GetGetter()));
        }

        var tableName = entityType.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
        var command = $"COPY {tableName} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        return new Plan(command, columns);
    }

    private sealed record Plan(string CopyCommand, IReadOnlyList<Column> Columns);

    private sealed record Column(string Name, string StoreType, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, IClrPropertyGetter Getter);
}
