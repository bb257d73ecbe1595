using System.Text.RegularExpressions;
using Market.Domain.Money;

namespace Market.Domain.Tests.Money;

public partial class MoneyBoundaryTests
{
    [Fact]
    public void MoneySource_UsesNoFloatingPointOrDecimal()
    {
        var files = MoneySourceFiles();

        var offenders = files.Where(f => FractionalType().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToList();

        Assert.True(files.Count >= 10, $"Expected the money sources, found {files.Count} files.");
        Assert.True(offenders.Count == 0, $"Money is integer yen; these use decimal/double/float: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void MoneyTypes_ExposeNoFloatingPointMembers()
    {
        Type[] fractional = [typeof(decimal), typeof(double), typeof(float)];
        var offenders = typeof(Ledger).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Ledger).Namespace)
            .SelectMany(t => t.GetProperties().Select(p => (t, p.Name, p.PropertyType)).Concat(t.GetMethods().SelectMany(m => m.GetParameters().Select(p => (t, $"{m.Name}({p.Name})", p.ParameterType)))))
            .Where(m => fractional.Contains(Nullable.GetUnderlyingType(m.Item3) ?? m.Item3))
            .Select(m => $"{m.t.Name}.{m.Item2}")
            .ToList();

        Assert.True(offenders.Count == 0, $"Money members with fractional types: {string.Join(", ", offenders)}");
    }

    private static List<string> MoneySourceFiles()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Marketplace.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("Marketplace.sln not found above the test output.");
        return Directory.EnumerateFiles(Path.Combine(root, "src", "Market.Domain", "Money"), "*.cs", SearchOption.AllDirectories).ToList();
    }

    [GeneratedRegex(@"\b(decimal|double|float|Decimal|Double|Single)\b")]
    private static partial Regex FractionalType();
}
