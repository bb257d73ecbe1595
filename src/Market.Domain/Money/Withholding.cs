using Market.Domain.Common;
using Market.Domain.Jobs;

namespace Market.Domain.Money;

/// <summary>
/// 源泉徴収 of income tax (with the 復興特別所得税 surtax) on fees paid to individuals, as the National Tax
/// Agency computes it for 原稿料・デザイン料 and the like: 10.21 % of a payment up to ¥1,000,000, and
/// 20.42 % of the part above it. The NTA formula for a payment over ¥1,000,000 is
/// <c>(payment − 1,000,000) × 20.42 % + 102,100</c>, with the yen fraction cut off once, on that total.
/// Because ¥1,000,000 × 10.21 % is exactly ¥102,100, cutting the fraction of the 20.42 % part alone gives the
/// same yen; it is computed that way so the one rounding rule (<see cref="Yen.MultiplyByBasisPoints"/>) is
/// applied exactly once.
/// </summary>
public static class WithholdingTax
{
    public static readonly Yen BracketThreshold = new(1_000_000);
    public const int LowerRateBasisPoints = 1_021;
    public const int UpperRateBasisPoints = 2_042;

    /// <summary>The tax withheld from one payment of <paramref name="payment"/>.</summary>
    public static Yen On(Yen payment)
    {
        if (payment.IsNegative)
        {
            throw new UnprocessableInputException("withholding_payment_negative", "A payment cannot be negative.");
        }

        if (payment <= BracketThreshold)
        {
            return payment.MultiplyByBasisPoints(LowerRateBasisPoints);
        }

        return (payment - BracketThreshold).MultiplyByBasisPoints(UpperRateBasisPoints) + BracketThreshold.MultiplyByBasisPoints(LowerRateBasisPoints);
    }
}

/// <summary>
/// Which job types' pay is subject to withholding, per agent. By default none of the current types is:
/// transcription and data entry are not among the fees the Income Tax Act lists (所得税法 204 条), and
/// web edits here are clerical page updates from a change list, not design or writing (原稿・デザイン).
/// An agent whose web work is design work, or a future writing or design job type, turns it on.
/// </summary>
public sealed record WithholdingConfig
{
    private readonly HashSet<JobType> _withheld;

    public WithholdingConfig(IEnumerable<JobType> withheldJobTypes)
    {
        ArgumentNullException.ThrowIfNull(withheldJobTypes);
        _withheld = withheldJobTypes.ToHashSet();
        if (_withheld.Any(t => !Enum.IsDefined(t)))
        {
            throw new UnprocessableInputException("withholding_job_type_unknown", "Unknown job type in the withholding configuration.");
        }
    }

    public static WithholdingConfig Default { get; } = new([]);

    public IReadOnlyCollection<JobType> WithheldJobTypes => _withheld.Order().ToList();

    public bool Applies(JobType type) => _withheld.Contains(type);

    /// <summary>The tax to withhold from <paramref name="payment"/> for work of <paramref name="type"/>.</summary>
    public Yen WithholdingOn(JobType type, Yen payment) => Applies(type) ? WithholdingTax.On(payment) : Yen.Zero;

    public bool Equals(WithholdingConfig? other) => other is not null && _withheld.SetEquals(other._withheld);

    public override int GetHashCode() => _withheld.Aggregate(0, (hash, type) => hash ^ (1 << (int)type));
}
