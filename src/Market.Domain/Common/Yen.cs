using System.Globalization;

namespace Market.Domain.Common;

/// <summary>
/// An amount of Japanese yen. JPY has no minor unit, so the amount is a whole number; arithmetic is
/// checked and throws on overflow rather than wrapping.
/// </summary>
public readonly record struct Yen(long Amount) : IComparable<Yen>
{
    public static readonly Yen Zero = new(0);

    public bool IsNegative => Amount < 0;

    public bool IsPositive => Amount > 0;

    public static Yen operator +(Yen left, Yen right) => new(checked(left.Amount + right.Amount));

    public static Yen operator -(Yen left, Yen right) => new(checked(left.Amount - right.Amount));

    public static Yen operator -(Yen value) => new(checked(-value.Amount));

    public static Yen operator *(Yen value, long factor) => new(checked(value.Amount * factor));

    public static Yen operator *(long factor, Yen value) => value * factor;

    public static bool operator <(Yen left, Yen right) => left.Amount < right.Amount;

    public static bool operator >(Yen left, Yen right) => left.Amount > right.Amount;

    public static bool operator <=(Yen left, Yen right) => left.Amount <= right.Amount;

    public static bool operator >=(Yen left, Yen right) => left.Amount >= right.Amount;

    public int CompareTo(Yen other) => Amount.CompareTo(other.Amount);

    /// <summary>
    /// The one rounding rule for money: <c>this × numerator ÷ denominator</c>, with the fraction of a yen
    /// cut off (切り捨て, truncation toward zero). Every fractional money computation goes through here.
    /// Truncating toward zero (rather than flooring) keeps a reversing entry the exact negative of the
    /// original; for the non-negative amounts of pricing the two are the same.
    /// </summary>
    public Yen MultiplyByFraction(long numerator, long denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        var exact = (Int128)Amount * numerator;
        return new Yen(checked((long)(exact / denominator)));
    }

    /// <summary>A share in basis points (1 bp = 0.01 %), rounded by <see cref="MultiplyByFraction"/>.</summary>
    public Yen MultiplyByBasisPoints(int basisPoints) => MultiplyByFraction(basisPoints, 10_000);

    public static Yen Sum(IEnumerable<Yen> amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var total = Zero;
        foreach (var amount in amounts)
        {
            total += amount;
        }

        return total;
    }

    /// <summary>"¥1,234" / "-¥1,234", whatever the current culture.</summary>
    public override string ToString() => Amount.ToString("¥#,0;-¥#,0", CultureInfo.InvariantCulture);
}
