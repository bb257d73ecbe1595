using System.Text.Json;
using System.Text.Json.Serialization;
using Market.Domain.Jobs;
using Market.Domain.Splitting.Csv;
using Market.Domain.Tenancy;
using Market.Domain.Workers;

namespace Market.Api.Seeding;

public sealed record WorldFile(IReadOnlyList<ClientSpec> Clients, IReadOnlyList<AgentSpec> Agents);

public sealed record PersonSpec(string Email, string Name);

public sealed record ClientSpec(string Key, Guid Id, string Name, ClientKind Kind, string Prefecture, string? About, IReadOnlyList<PersonSpec> Members);

public sealed record StaffSpec(string Email, string Name, string Role, bool Reviewer = false);

public sealed record TeamSpec(string Key, Guid Id, string Name, string Coordinator);

public sealed record AgentSpec(
    string Key,
    Guid Id,
    string Name,
    AgentOrganisationType Type,
    string Prefecture,
    string Municipality,
    string InviteCode,
    int Capacity,
    AgentVettingStatus Vetting,
    IReadOnlyList<StaffSpec> Staff,
    IReadOnlyList<TeamSpec> Teams,
    bool PrivacyMark = false,
    int? RegisteredDaysAgo = null,
    string? About = null,
    string? Gold = null,
    MoneySpec? Money = null);

/// <summary>The agent's money settings: invoice registration, withholding, and the bank details its Zengin files need.</summary>
/// <param name="Bank">Bank and branch code, <c>0578-034</c>.</param>
public sealed record MoneySpec(
    string InvoicePrefix,
    IReadOnlyList<JobType> WithheldJobTypes,
    string RequesterCode,
    string RequesterName,
    string Bank,
    string AccountNumber,
    string HolderName,
    string? RegistrationNumber = null);

/// <summary>A certification in workers.csv: <c>code</c>, or <c>code:+N</c> / <c>code:-N</c> for one valid until N days after / before today.</summary>
public sealed record CertificationSpec(string Code, int? ValidUntilDays);

public sealed record WorkerSpec(
    string Email,
    string Name,
    string Agent,
    string? Team,
    string Municipality,
    int HoursPerWeek,
    int MaxUnits,
    IReadOnlyList<JobType> Skills,
    WorkerTier Tier,
    int RegisteredDaysAgo,
    IReadOnlyList<CertificationSpec> Certifications,
    string Kana,
    string Bank,
    Market.Domain.Money.PayoutSchedule Payout);

public sealed record SpeechLine(
    [property: JsonPropertyName("s")] string Speaker,
    [property: JsonPropertyName("t")] string Text,
    [property: JsonPropertyName("k")] string Kana);

/// <summary>A recording made at seed time with espeak-ng from its lines (or from other recordings' lines, <see cref="RemixOf"/>).</summary>
public sealed record SpeechSpec(
    string Key,
    string FileName,
    string? Description,
    IReadOnlyDictionary<string, int>? Speakers,
    IReadOnlyList<SpeechLine>? Lines,
    IReadOnlyList<string>? RemixOf);

public sealed record JobInputSpec(string? Speech, string? File);

public sealed record TranscriptionSpec(int SegmentMinutes, int OverlapSeconds, TranscriptionStyle Style);

public sealed record DataEntrySpec(int BatchSize, IReadOnlyList<string>? Fields);

/// <param name="Results">The page contents the workers hand in, in the order of the requests.</param>
public sealed record WebEditSpec(WebContentFormat ContentFormat, string Results);

/// <summary>One job and everything that happens to it, in the order of <see cref="Steps"/> (each at its own time).</summary>
public sealed record JobSpec(
    string Key,
    string Client,
    JobType Type,
    string Title,
    string Spec,
    ConfidentialityLevel Confidentiality,
    string Deadline,
    JobInputSpec Input,
    IReadOnlyList<StepSpec> Steps,
    IReadOnlyList<string>? Regions = null,
    TranscriptionSpec? Transcription = null,
    DataEntrySpec? DataEntry = null,
    WebEditSpec? WebEdit = null);

/// <summary>
/// One thing done to a job at <see cref="At"/>. <see cref="Do"/> names it: post, offer, withdraw-offer, accept-offer,
/// cancel, start, subcontract, accept-subcontract, work, adjudicate, deliver, client-accept, revision, close.
/// </summary>
public sealed record StepSpec(
    string At,
    string Do,
    bool Draft = false,
    string? Agent = null,
    string? To = null,
    JsonElement? Price = null,
    string? DeliverBy = null,
    string? Note = null,
    string? Reason = null,
    JsonElement? Units = null,
    IReadOnlyList<string>? Workers = null,
    string? By = null,
    string? Spacing = null,
    string? ReviewAfter = null,
    string? Outcome = null,
    IReadOnlyDictionary<string, string>? Outcomes = null,
    TypoSpec? Typos = null,
    bool Auto = false,
    IReadOnlyList<PinnedCommentSpec>? Comments = null);

/// <summary>What was said in the team rooms (seed-data/team-room.json); check-ins come from the work itself.</summary>
public sealed record TeamRoomFile(IReadOnlyList<TeamMessageSpec> Messages);

/// <param name="Team">A team key of world.json.</param>
/// <param name="Mentions">People the message mentions (@), by e-mail or its part before the @.</param>
public sealed record TeamMessageSpec(
    string Team,
    string At,
    string By,
    string Body,
    Market.Domain.TeamRoom.TeamMessageKind Kind = Market.Domain.TeamRoom.TeamMessageKind.Message,
    IReadOnlyList<string>? Mentions = null);

/// <summary>A worker who mistypes every <see cref="Every"/>-th cell they key (so double keying finds something to adjudicate).</summary>
public sealed record TypoSpec(string Worker, int Every);

public sealed record PinnedCommentSpec(int Unit, string Comment);

/// <summary>Reads the files under <c>seed-data/</c>. Unknown members are refused, so a typo in a data file fails loudly.</summary>
public sealed class SeedFiles(string root)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public string Root { get; } = root;

    public static SeedFiles Locate(string? configured, string contentRoot)
    {
        var candidates = configured is { Length: > 0 }
            ? [configured]
            : new[] { Path.Combine(contentRoot, "seed-data"), Path.Combine(contentRoot, "..", "..", "seed-data") };
        var found = candidates.Select(Path.GetFullPath).FirstOrDefault(d => File.Exists(Path.Combine(d, "world.json")))
            ?? throw new InvalidOperationException(
                $"The demo data (seed-data/world.json) was not found in {string.Join(" or ", candidates)}; set Market:SeedDataPath.");
        return new SeedFiles(found);
    }

    public WorldFile World() => Read<WorldFile>("world.json");

    public IReadOnlyList<WorkerSpec> Workers()
    {
        var table = CsvReader.Read(Bytes("workers.csv"));
        string Cell(IReadOnlyList<string> row, string column) => row[table.IndexOf(column)].Trim();
        return table.Records.Select(row => new WorkerSpec(
                Cell(row, "email"),
                Cell(row, "name"),
                Cell(row, "agent"),
                Cell(row, "team") is { Length: > 0 } team ? team : null,
                Cell(row, "municipality"),
                int.Parse(Cell(row, "hours_per_week"), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(Cell(row, "max_units"), System.Globalization.CultureInfo.InvariantCulture),
                Cell(row, "skills").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<JobType>).ToList(),
                Enum.Parse<WorkerTier>(Cell(row, "tier")),
                int.Parse(Cell(row, "registered_days_ago"), System.Globalization.CultureInfo.InvariantCulture),
                Cell(row, "certifications").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseCertification).ToList(),
                Cell(row, "kana"),
                Cell(row, "bank"),
                Enum.Parse<Market.Domain.Money.PayoutSchedule>(Cell(row, "payout"))))
            .ToList();
    }

    public TeamRoomFile TeamRoom() =>
        File.Exists(Path.Combine(Root, "team-room.json")) ? Read<TeamRoomFile>("team-room.json") : new TeamRoomFile([]);

    public IReadOnlyList<SpeechSpec> Speech() =>
        Directory.GetFiles(Path.Combine(Root, "speech"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => Read<SpeechSpec>(Path.GetRelativePath(Root, f)))
            .ToList();

    /// <summary>The jobs in file-name order (the order only breaks ties between steps at the same instant).</summary>
    public IReadOnlyList<JobSpec> Jobs() =>
        Directory.GetFiles(Path.Combine(Root, "jobs"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => Read<JobSpec>(Path.GetRelativePath(Root, f)))
            .ToList();

    public byte[] Bytes(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{relativePath}' is outside seed-data.");
        }

        return File.ReadAllBytes(full);
    }

    public T Read<T>(string relativePath)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Bytes(relativePath), Json)
                ?? throw new InvalidOperationException($"seed-data/{relativePath} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"seed-data/{relativePath}: {e.Message}", e);
        }
    }

    private static CertificationSpec ParseCertification(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 1
            ? new CertificationSpec(parts[0], null)
            : new CertificationSpec(parts[0], int.Parse(parts[1], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture));
    }
}
