using System.Globalization;

namespace Market.Web.Formatting;

/// <summary>Byte counts as people read them: 812 B, 12.4 KB, 3.1 MB (1 KB = 1,024 bytes).</summary>
public static class FileSize
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB"];

    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var number = unit == 0 || value >= 100
            ? Math.Round(value).ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString("0.#", CultureInfo.InvariantCulture);
        return $"{number} {Units[unit]}";
    }
}
