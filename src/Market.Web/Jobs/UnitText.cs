using System.Globalization;

namespace Market.Web.Jobs;

public static class UnitText
{
    /// <summary>A position in a recording as m:ss, or h:mm:ss past the hour.</summary>
    public static string Clock(long milliseconds)
    {
        var time = TimeSpan.FromMilliseconds(milliseconds);
        return time.TotalHours >= 1
            ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}
