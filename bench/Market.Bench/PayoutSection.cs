namespace Market.Bench;

/// <summary>Section 3: the payout run at scale. Waits for the ledger and payout job to land on main.</summary>
public static class PayoutSection
{
    public const string Name = "payout";

    public static Task RunAsync(World world, Report report)
    {
        report.Section(Name, """
            **Not yet measured.** The ledger and the payout job (building batches, posting the ledger, writing the Zengin
            files) had not landed on main when this benchmark was written, so there is nothing real to time. The section
            will time the payout run for 100,000 workers and 2,000,000 accepted-unit earnings across 20 agents against one
            SQL `GROUP BY` over the same earnings (target ≤ 3×), with peak memory, once that code is on main.
            """);
        return Task.CompletedTask;
    }
}
