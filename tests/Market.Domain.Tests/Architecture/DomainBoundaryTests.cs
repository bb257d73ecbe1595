using System.Text.RegularExpressions;
using System.Xml.Linq;
using Market.Domain.Jobs;

namespace Market.Domain.Tests.Architecture;

public partial class DomainBoundaryTests
{
    private static readonly string DomainSource = Path.Combine(RepositoryRoot(), "src", "Market.Domain");

    [Fact]
    public void DomainAssembly_ReferencesOnlyTheFramework()
    {
        var references = typeof(Job).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var foreign = references.Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib")).ToList();

        Assert.True(foreign.Count == 0, $"Market.Domain must stay plain C#, but references {string.Join(", ", foreign)}");
    }

    [Fact]
    public void DomainProject_HasNoPackageOrProjectReferences()
    {
        var project = XDocument.Load(Path.Combine(DomainSource, "Market.Domain.csproj"));

        var references = project.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference").ToList();

        Assert.Empty(references);
    }

    [Fact]
    public void DomainSource_NeverReadsTheClock()
    {
        var offenders = SourceFiles().Where(f => ClockRead().IsMatch(File.ReadAllText(f))).ToList();

        Assert.True(offenders.Count == 0, $"Time is passed in as 'now'; these read the clock: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void MoneyCode_UsesNoFloatingPointOrDecimal()
    {
        var moneyFiles = SourceFiles().Where(f => f.Contains($"{Path.DirectorySeparatorChar}Pricing{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || f.EndsWith("Yen.cs", StringComparison.Ordinal)).ToList();

        var offenders = moneyFiles.Where(f => FractionalType().IsMatch(File.ReadAllText(f))).ToList();

        Assert.NotEmpty(moneyFiles);
        Assert.True(offenders.Count == 0, $"Money is integer yen; these use decimal/double/float: {string.Join(", ", offenders)}");
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(DomainSource, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Marketplace.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Marketplace.sln not found above the test output.");
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\s*\.\s*(Now|UtcNow|Today)\b|\bTimeProvider\s*\.\s*System\b")]
    private static partial Regex ClockRead();

    [GeneratedRegex(@"\b(decimal|double|float|Decimal|Double|Single)\b")]
    private static partial Regex FractionalType();
}
