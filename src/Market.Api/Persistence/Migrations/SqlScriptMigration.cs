using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

/// <summary>
/// A forward-only migration whose body is the embedded SQL file named after its migration id
/// (<c>Sql/{id}.sql</c>). EF Core's migrator applies them in id order, records them in
/// <c>__EFMigrationsHistory</c> and holds its migration lock; see ADR 0002.
/// </summary>
public abstract class SqlScriptMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var id = GetType().GetCustomAttribute<MigrationAttribute>()?.Id
            ?? throw new InvalidOperationException($"{GetType().Name} has no [Migration] attribute.");
        migrationBuilder.Sql(ReadScript(id));
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Migrations are forward-only: write a new migration that undoes the change.");

    internal static string ReadScript(string migrationId)
    {
        var assembly = typeof(SqlScriptMigration).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith($".{migrationId}.sql", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No embedded SQL script for migration {migrationId}.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
