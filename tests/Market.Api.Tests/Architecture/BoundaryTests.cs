using System.Reflection;
using System.Text.RegularExpressions;

namespace Market.Api.Tests.Architecture;

public sealed class BoundaryTests
{
    private static readonly string[] ForbiddenInDomain = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Quartz", "Npgsql", "MediatR", "FluentValidation"];

    [Fact]
    public void Domain_ReferencesNoPersistenceWebOrSchedulerAssembly()
    {
        var references = typeof(Market.Domain.Common.AggregateRoot).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var offending = references.Where(r => ForbiddenInDomain.Any(f => r.StartsWith(f, StringComparison.Ordinal))).ToList();
        Assert.True(offending.Count == 0, $"Market.Domain references {string.Join(", ", offending)}");
    }

    [Fact]
    public void Web_DoesNotReferenceTheApiOrItsPersistence()
    {
        var references = typeof(Market.Web.Hosting.WebEntryPoint).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var offending = references
            .Where(r => r is "Market.Api" or "Market.Domain" || r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
            .ToList();
        Assert.True(offending.Count == 0, $"Market.Web references {string.Join(", ", offending)}; it must reach data only through the API over HTTP.");
    }

    [Fact]
    public void Web_UsesNpgsqlOnlyForItsDataProtectionKeyRing()
    {
        // The Web keeps its key ring in its own table (ADR 0028); no other Web code may open the database.
        var web = Path.Combine(RepositoryRoot(), "src", "Market.Web");
        var allowed = Path.Combine(web, "Hosting", "DatabaseKeyRing.cs");
        var hits = Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && f != allowed
                && File.ReadAllText(f).Contains("Npgsql", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(web, f))
            .ToList();
        Assert.True(hits.Count == 0, $"Only Hosting/DatabaseKeyRing.cs may use Npgsql in Market.Web: {string.Join(", ", hits)}");
        Assert.Contains("web_data_protection_keys", File.ReadAllText(allowed), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_NeverReadsTheStaticClock()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var staticClock = new Regex(@"DateTime(Offset)?\.(Utc)?Now\b");
        var hits = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => staticClock.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(src, x.f)}:{x.i + 1}")
            .ToList();
        Assert.True(hits.Count == 0, $"Inject TimeProvider instead of the static clock: {string.Join(", ", hits)}");
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Marketplace.sln not found above the test binaries.");
    }
}
