using System.Text;
using Market.Domain.Common;
using Market.Domain.Money;

namespace Market.Api.Features.Money.Data;

/// <summary>A bank in the published code list, with its branches; names in Zengin half-width kana and as written.</summary>
public sealed record ZenginBank(string Code, string Kana, string Name, IReadOnlyDictionary<string, ZenginBranch> Branches);

public sealed record ZenginBranch(string Code, string Kana, string Name);

/// <summary>
/// The banks and branches of the npm package <c>zengin-code</c>, generated into <c>Data/zengin-codes.tsv</c> by
/// <c>tools/money-data</c> and embedded in the assembly: no network at run time. A worker's account is accepted
/// only at a bank and branch that exist in it.
/// </summary>
public sealed class ZenginCodeList
{
    public const string ResourceName = "zengin-codes.tsv";

    private readonly Dictionary<string, ZenginBank> _banks;

    private ZenginCodeList(string version, Dictionary<string, ZenginBank> banks)
    {
        Version = version;
        _banks = banks;
    }

    /// <summary>The package version the list was generated from, e.g. <c>1.0.0-p20260824</c>.</summary>
    public string Version { get; }

    public int BankCount => _banks.Count;

    public static ZenginCodeList Load() => Parse(EmbeddedData.ReadLines(ResourceName));

    public static ZenginCodeList Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        string? version = null;
        var banks = new Dictionary<string, ZenginBank>(StringComparer.Ordinal);
        Dictionary<string, ZenginBranch>? branches = null;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                version ??= EmbeddedData.VersionFromHeader(line, "zengin-code");
                continue;
            }

            var fields = line.Split('\t');
            if (fields[0].Length == 0)
            {
                var branch = new ZenginBranch(fields[1], KanaName.ToZenginHalfWidth(fields[2]), fields[3]);
                (branches ?? throw new FormatException("A branch line comes before any bank."))[branch.Code] = branch;
            }
            else
            {
                branches = new Dictionary<string, ZenginBranch>(StringComparer.Ordinal);
                banks[fields[0]] = new ZenginBank(fields[0], KanaName.ToZenginHalfWidth(fields[1]), fields[2], branches);
            }
        }

        return new ZenginCodeList(version ?? throw new FormatException("The code list names no zengin-code version."), banks);
    }

    public ZenginBank? FindBank(string code) => _banks.GetValueOrDefault(code);

    /// <summary>The bank and branch of an account; refused (422) when either is not in the published list.</summary>
    public (ZenginBank Bank, ZenginBranch Branch) Resolve(string bankCode, string branchCode)
    {
        var bank = FindBank(bankCode)
            ?? throw new UnprocessableInputException("bank_code_unknown", $"No bank has the code {bankCode} in the Zengin code list ({Version}).");
        var branch = bank.Branches.GetValueOrDefault(branchCode)
            ?? throw new UnprocessableInputException("branch_code_unknown", $"{bank.Name} has no branch with the code {branchCode}.");
        return (bank, branch);
    }
}

/// <summary>The generated data files embedded in the assembly.</summary>
internal static class EmbeddedData
{
    public static IEnumerable<string> ReadLines(string fileName)
    {
        var assembly = typeof(EmbeddedData).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{fileName} is not embedded; run tools/money-data.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    /// <summary>"# name 1.2.3 — …" → "1.2.3".</summary>
    public static string? VersionFromHeader(string line, string package)
    {
        var prefix = $"# {package} ";
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = line[prefix.Length..];
        var end = rest.IndexOf(' ', StringComparison.Ordinal);
        return end < 0 ? rest : rest[..end];
    }
}
