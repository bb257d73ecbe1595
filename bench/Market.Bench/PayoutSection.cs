namespace Market.Bench;

public static class PayoutSection
{
    public const string Name = "payout";

    public static Task RunAsync(World world, Report report) => Task.CompletedTask;
}
