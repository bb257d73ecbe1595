using Market.Domain.Jobs;

namespace Market.Domain.Units;

/// <summary>
/// Minutes of work a unit is expected to take; the assignment lease is sized from it. The figures are
/// planning assumptions (not sourced): an hour of audio takes 4–6 hours to transcribe depending on the
/// style, a short field takes about 6 seconds to key, and a page change about 30 minutes.
/// </summary>
public static class WorkEstimates
{
    public const int SecondsPerKeyedField = 6;
    public const int MinutesPerWebPage = 30;

    public static int WorkMinutesPerAudioMinute(TranscriptionStyle style) => style switch
    {
        TranscriptionStyle.Verbatim => 4,
        TranscriptionStyle.CleanVerbatim => 5,
        TranscriptionStyle.Edited => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, null),
    };

    public static int ForTranscription(long audioMs, TranscriptionStyle style) =>
        CeilingDivide(audioMs * WorkMinutesPerAudioMinute(style), 60_000);

    public static int ForDataEntry(int keyedFields) => CeilingDivide((long)keyedFields * SecondsPerKeyedField, 60);

    public static int ForWebEditPage() => MinutesPerWebPage;

    private static int CeilingDivide(long numerator, long denominator) =>
        (int)Math.Max(1, (numerator + denominator - 1) / denominator);
}
