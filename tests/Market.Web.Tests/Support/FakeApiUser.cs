namespace Market.Web.Tests.Support;

public sealed record FakeTenant(string Kind, Guid? Id, string? Name);

/// <summary>A user the fake API knows. <see cref="LoginProblem"/> makes every login answer that problem code instead.</summary>
public sealed record FakeApiUser(
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    FakeTenant Tenant,
    string PreferredLanguage = "ja",
    string? TwoFactorCode = null,
    string? LoginProblem = null)
{
    public const string Password = "correct-horse-battery";

    public Guid UserId { get; } = Guid.NewGuid();
}

public static class FakeUsers
{
    private static readonly FakeTenant Platform = new("Platform", null, null);
    private static readonly FakeTenant MiraiTrading = new("Client", Guid.Parse("6f1b8a43-55a0-4a51-9a3e-0c7f7f3c1a01"), "株式会社みらい商事");
    private static readonly FakeTenant KochiCity = new("Client", Guid.Parse("7a2c9b54-66b1-4b62-8a4f-1d8e8e4d2b03"), "高知市役所 デジタル推進課");
    private static readonly FakeTenant TonoHub = new("Agent", Guid.Parse("0c5e2f9a-8d61-4c47-b1a4-2f3d5e6a7b02"), "NPO法人 遠野テレワークセンター");

    public static readonly FakeApiUser Operator = new("operator@furusato.example", "運営 花子", ["PlatformAdmin"], Platform);
    public static readonly FakeApiUser Client = new("client@mirai.example", "発注 一郎", ["ClientMember"], MiraiTrading);
    public static readonly FakeApiUser OtherClient = new("client@kochi-city.example", "市役所 二葉", ["ClientMember"], KochiCity);
    public static readonly FakeApiUser AgentOwner = new("owner@tono.example", "遠野 太郎", ["AgentOwner"], TonoHub);
    public static readonly FakeApiUser Coordinator = new("coordinator@tono.example", "調整 次郎", ["AgentCoordinator"], TonoHub);
    public static readonly FakeApiUser Reviewer = new("reviewer@tono.example", "検品 三郎", ["AgentReviewer"], TonoHub);
    public static readonly FakeApiUser Worker = new("worker@tono.example", "在宅 さくら", ["Worker"], TonoHub);
    public static readonly FakeApiUser EnglishWorker = new("emma@tono.example", "Emma Clark", ["Worker"], TonoHub, PreferredLanguage: "en");
    public static readonly FakeApiUser OwnerAndWorker = new("both@tono.example", "兼任 四郎", ["Worker", "AgentOwner"], TonoHub);
    public static readonly FakeApiUser WithTwoFactor = new("totp@tono.example", "二段 五郎", ["Worker"], TonoHub, TwoFactorCode: "123456");
    public static readonly FakeApiUser NoRole = new("norole@tono.example", "未設定 六子", [], TonoHub);
    public static readonly FakeApiUser Locked = new("locked@tono.example", "施錠 七海", ["Worker"], TonoHub, LoginProblem: "locked_out");
    public static readonly FakeApiUser Suspended = new("suspended@tono.example", "停止 十和", ["Worker"], TonoHub, LoginProblem: "account_suspended");
    public static readonly FakeApiUser RateLimited = new("busy@tono.example", "多忙 八重", ["Worker"], TonoHub, LoginProblem: "rate_limited");
    public static readonly FakeApiUser RejectedByValidation = new("rejected@tono.example", "検証 九", ["Worker"], TonoHub, LoginProblem: "validation_failed");

    public static readonly IReadOnlyList<FakeApiUser> All =
    [
        Operator, Client, OtherClient, AgentOwner, Coordinator, Reviewer, Worker, EnglishWorker, OwnerAndWorker,
        WithTwoFactor, NoRole, Locked, Suspended, RateLimited, RejectedByValidation,
    ];
}
