namespace Market.Domain.Offers;

public readonly record struct OfferId(Guid Value)
{
    public static OfferId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}
