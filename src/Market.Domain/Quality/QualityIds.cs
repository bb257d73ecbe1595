namespace Market.Domain.Quality;

public readonly record struct ReviewTaskId(Guid Value)
{
    public static ReviewTaskId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct AdjudicationTaskId(Guid Value)
{
    public static AdjudicationTaskId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}

public readonly record struct GoldRecordId(Guid Value)
{
    public static GoldRecordId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString();
}
