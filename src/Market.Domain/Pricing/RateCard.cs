using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Pricing;

/// <summary>What a job costs, before consumption tax.</summary>
/// <param name="WorkerPay">The sum of the units' pay: what home workers earn.</param>
/// <param name="AgentMargin">The agent's mark-up on the worker pay.</param>
public sealed record PriceQuote(JobId JobId, int UnitCount, Yen WorkerPay, Yen AgentMargin)
{
    public Yen ClientPriceBeforeTax => WorkerPay + AgentMargin;
}

/// <summary>
/// Unit pay rates and the agent margin. Every amount is integer yen and every fraction goes through
/// <see cref="Yen.MultiplyByFraction"/> (切り捨て).
/// <para>
/// Pay is computed per unit, because a unit's earning is posted on its own when it is accepted: a job's
/// worker pay is exactly the sum of what its workers will be paid. Transcription is paid on the unit's
/// whole audio, overlap included, since the worker transcribes it. Every keyed field is paid in both
/// keying rounds. The margin is a mark-up on the job's worker pay, rounded once per quote.
/// </para>
/// </summary>
public sealed record RateCard
{
    public const int MaxMarginBasisPoints = 10_000;

    public RateCard(
        Yen verbatimPerAudioMinute,
        Yen cleanVerbatimPerAudioMinute,
        Yen editedPerAudioMinute,
        Yen perKeyedField,
        Yen perWebPage,
        int agentMarginBasisPoints)
    {
        Yen[] rates = [verbatimPerAudioMinute, cleanVerbatimPerAudioMinute, editedPerAudioMinute, perKeyedField, perWebPage];
        if (rates.Any(r => r.IsNegative))
        {
            throw new UnprocessableInputException("pricing_rate_negative", "Pay rates cannot be negative.");
        }

        if (agentMarginBasisPoints is < 0 or > MaxMarginBasisPoints)
        {
            throw new UnprocessableInputException("pricing_margin_out_of_range", "The agent margin must be between 0 and 10,000 basis points (0–100 %).");
        }

        VerbatimPerAudioMinute = verbatimPerAudioMinute;
        CleanVerbatimPerAudioMinute = cleanVerbatimPerAudioMinute;
        EditedPerAudioMinute = editedPerAudioMinute;
        PerKeyedField = perKeyedField;
        PerWebPage = perWebPage;
        AgentMarginBasisPoints = agentMarginBasisPoints;
    }

    /// <summary>
    /// Placeholder defaults (the field sources give no piece rates; these are plausible for Japanese
    /// crowd work and must be labelled as such in demo data): transcription ¥60 / ¥70 / ¥90 per audio
    /// minute for 素起こし / ケバ取り / 整文, ¥2 per keyed field, ¥800 per web page, agent margin 25 %.
    /// </summary>
    public static RateCard Default { get; } = new(new Yen(60), new Yen(70), new Yen(90), new Yen(2), new Yen(800), 2_500);

    public Yen VerbatimPerAudioMinute { get; }

    public Yen CleanVerbatimPerAudioMinute { get; }

    public Yen EditedPerAudioMinute { get; }

    public Yen PerKeyedField { get; }

    public Yen PerWebPage { get; }

    public int AgentMarginBasisPoints { get; }

    public Yen PerAudioMinute(TranscriptionStyle style) => style switch
    {
        TranscriptionStyle.Verbatim => VerbatimPerAudioMinute,
        TranscriptionStyle.CleanVerbatim => CleanVerbatimPerAudioMinute,
        TranscriptionStyle.Edited => EditedPerAudioMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, null),
    };

    /// <summary>What the worker earns when the unit is accepted.</summary>
    public Yen PayFor(Job job, WorkUnit unit)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(unit);
        if (unit.JobId != job.Id || unit.Kind != job.Type)
        {
            throw new ArgumentException("The unit does not belong to this job.", nameof(unit));
        }

        return unit.Kind switch
        {
            JobType.Transcription => PerAudioMinute(job.TranscriptionSettings!.Style).MultiplyByFraction(unit.Segment!.DurationMs, 60_000),
            JobType.DataEntry => PerKeyedField * unit.Slice!.KeyedFieldCount,
            JobType.WebEdit => PerWebPage,
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit.Kind, null),
        };
    }

    public PriceQuote Quote(Job job, IReadOnlyCollection<WorkUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var planned = units.Where(u => u.Status != WorkUnitStatus.Withdrawn).ToList();
        var workerPay = Yen.Sum(planned.Select(u => PayFor(job, u)));
        return new PriceQuote(job.Id, planned.Count, workerPay, workerPay.MultiplyByBasisPoints(AgentMarginBasisPoints));
    }
}
