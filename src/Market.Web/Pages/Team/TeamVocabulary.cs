using System.Globalization;
using System.Security.Claims;
using Market.Web.Auth;

namespace Market.Web.Pages.Team;

/// <summary>Resource keys for the team room's values, and the caller's agent.</summary>
public static class TeamVocabulary
{
    public static readonly IReadOnlyList<string> States = ["Working", "Online", "Away", "Offline", "Hidden"];

    public static string StateKey(string state) => state switch
    {
        "Working" => "Team_State_Working",
        "Online" => "Team_State_Online",
        "Away" => "Team_State_Away",
        "Hidden" => "Team_State_Hidden",
        _ => "Team_State_Offline",
    };

    public static string KindKey(string? kind) => kind switch
    {
        "Transcription" => "Team_Working_Transcription",
        "DataEntry" => "Team_Working_DataEntry",
        "WebEdit" => "Team_Working_WebEdit",
        _ => "Team_Working_Unit",
    };

    public static string StateClass(string state) => "presence__state presence__state--" + state.ToLowerInvariant();

    public static Guid? AgentId(ClaimsPrincipal user) =>
        user.FindFirstValue(MarketClaimTypes.TenantKind) == "Agent" && Guid.TryParse(user.FindFirstValue(MarketClaimTypes.TenantId), out var id) ? id : null;

    public static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(MarketClaimTypes.UserId), out var id) ? id : null;

    public static bool IsStaff(ClaimsPrincipal user) =>
        user.IsInRole(MarketRoles.AgentOwner) || user.IsInRole(MarketRoles.AgentCoordinator) || user.IsInRole(MarketRoles.AgentReviewer);

    public static bool MayAnnounce(ClaimsPrincipal user) => user.IsInRole(MarketRoles.AgentOwner) || user.IsInRole(MarketRoles.AgentCoordinator);

    /// <summary>"09:05" in Japan time: check-ins are about today.</summary>
    public static string ClockTime(DateTimeOffset instant) => instant.ToOffset(TimeSpan.FromHours(9)).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
