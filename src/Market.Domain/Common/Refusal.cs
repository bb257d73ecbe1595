namespace Market.Domain.Common;

/// <summary>One rule that refused an action, with its stable snake_case <see cref="Code"/>.</summary>
public sealed record Refusal(string Code, string Message);

/// <summary>
/// Eligibility rules refused an action. <see cref="DomainRuleException.Code"/> is the first refusal's code
/// (so the API's 409 names a rule), and <see cref="Refusals"/> lists every rule that refused, in rule order.
/// </summary>
public sealed class EligibilityException : DomainRuleException
{
    public EligibilityException(IReadOnlyList<Refusal> refusals)
        : base(First(refusals).Code, string.Join(" ", refusals.Select(r => r.Message)))
    {
        Refusals = refusals;
    }

    public IReadOnlyList<Refusal> Refusals { get; }

    /// <summary>Throws when <paramref name="refusals"/> is not empty.</summary>
    public static void ThrowIfAny(IReadOnlyList<Refusal> refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        if (refusals.Count > 0)
        {
            throw new EligibilityException(refusals);
        }
    }

    private static Refusal First(IReadOnlyList<Refusal> refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        return refusals.Count > 0 ? refusals[0] : throw new ArgumentException("At least one refusal is needed.", nameof(refusals));
    }
}
