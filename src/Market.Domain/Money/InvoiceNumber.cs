using System.Globalization;
using System.Text.RegularExpressions;
using Market.Domain.Common;

namespace Market.Domain.Money;

/// <summary>
/// <c>INV-{prefix}-{yyyy}-{seq:000000}</c>, e.g. <c>INV-SMT-2026-000042</c>. The sequence is the agent's own,
/// gapless and never reset: the caller takes it from a per-agent counter row incremented in the same database
/// transaction that stores the invoice, so a rolled-back invoice leaves no hole (a database sequence would).
/// The year is the issue date's, for people reading the number.
/// </summary>
public readonly partial record struct InvoiceNumber
{
    public const int MaxSequence = 999_999;
    public const string InvalidCode = "invoice_number_invalid";

    private InvoiceNumber(string prefix, int year, int sequence)
    {
        Prefix = prefix;
        Year = year;
        Sequence = sequence;
    }

    /// <summary>The agent's invoice prefix: 2–8 upper-case letters or digits, starting with a letter.</summary>
    public string Prefix { get; }

    public int Year { get; }

    public int Sequence { get; }

    public static InvoiceNumber For(string prefix, DateOnly issueDate, int sequence)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new UnprocessableInputException("invoice_prefix_invalid", "An invoice prefix is 2–8 upper-case letters or digits, starting with a letter.");
        }

        if (sequence is < 1 or > MaxSequence)
        {
            throw new UnprocessableInputException(InvalidCode, $"An invoice sequence runs from 1 to {MaxSequence}.");
        }

        return new InvoiceNumber(prefix, issueDate.Year, sequence);
    }

    public static InvoiceNumber Parse(string? text)
    {
        var match = Pattern().Match(text?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            throw new UnprocessableInputException(InvalidCode, "An invoice number looks like INV-ABC-2026-000001.");
        }

        var sequence = int.Parse(match.Groups["seq"].Value, CultureInfo.InvariantCulture);
        if (sequence < 1)
        {
            throw new UnprocessableInputException(InvalidCode, $"An invoice sequence runs from 1 to {MaxSequence}.");
        }

        return new InvoiceNumber(match.Groups["prefix"].Value, int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture), sequence);
    }

    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"INV-{Prefix}-{Year:0000}-{Sequence:000000}");

    [GeneratedRegex("^INV-(?<prefix>[A-Z][A-Z0-9]{1,7})-(?<year>[0-9]{4})-(?<seq>[0-9]{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,7}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
