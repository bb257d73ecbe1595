using System.Globalization;
using Market.Web.Api;
using Market.Web.Localization;

namespace Market.Web.Worker;

/// <summary>The API gives names and questions in both languages; the page shows the user's.</summary>
public static class CertificationText
{
    /// <summary>Every state a certification can be in, for labels (<c>Worker_CertState_*</c>) and styles.</summary>
    public static readonly IReadOnlyList<string> States = ["Active", "RenewalDue", "InGrace", "Expired", "Revoked"];

    /// <summary>What a scored attempt did (<c>Worker_ExamOutcome_*</c>).</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["Issued", "Renewed", "AwaitingPractical", "None", "Scored"];

    public static bool Japanese => MarketCultures.IsJapanese(CultureInfo.CurrentUICulture);

    public static string Pick(string ja, string en) => Japanese || string.IsNullOrWhiteSpace(en) ? ja : en;

    public static string Name(MyCertification c) => Pick(c.NameJa, c.NameEn);

    public static string Name(MyExam e) => Pick(e.NameJa, e.NameEn);

    public static string? Description(MyExam e) => Japanese ? e.DescriptionJa : e.DescriptionEn ?? e.DescriptionJa;

    /// <summary>The tag's modifier: what needs the worker's attention stands out.</summary>
    public static string StateClass(string state) => state switch
    {
        "RenewalDue" or "InGrace" => "tag tag--attention",
        "Expired" or "Revoked" => "tag tag--rejected",
        _ => "tag",
    };

    /// <summary>"19:59" of time left; the server's deadline decides, this is only shown.</summary>
    public static string Clock(int seconds)
    {
        var left = Math.Max(0, seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{left / 60:00}:{left % 60:00}");
    }
}
