namespace Market.Web.Api;

public sealed record RegionalImpactRow(
    string Prefecture,
    string Municipality,
    string Month,
    int RegisteredWorkers,
    int ActiveWorkers,
    int UnitsDone,
    int TranscriptionUnits,
    int DataEntryUnits,
    int WebEditUnits,
    long YenToLocalWorkers,
    int UnitsFromOutsideRegion,
    int? OutsideShareBasisPoints,
    long YenPaidOut = 0);

public sealed record RegionalImpactMonth(string Month, int RegisteredWorkers, int ActiveWorkers, int UnitsDone, long YenToLocalWorkers, int UnitsFromOutsideRegion, int? OutsideShareBasisPoints, long YenPaidOut = 0);

public sealed record RegionalImpact(string From, string To, string? Prefecture, string YenBasis, IReadOnlyList<RegionalImpactRow> Rows, IReadOnlyList<RegionalImpactMonth> Months);

public sealed record AgentFigures(
    int JobsDelivered,
    int JobsOnTime,
    int? OnTimeBasisPoints,
    int ReviewsClosed,
    int ReviewsPassed,
    int? QcPassBasisPoints,
    int ReviewsReworked,
    int? ReworkBasisPoints);

public sealed record AgentImpactMonth(string Month, AgentFigures Figures, int ActiveWorkers, int UnitsDone, long YenToWorkers, long YenPaidOut = 0);

public sealed record AgentImpact(
    Guid AgentId,
    string AgentName,
    string From,
    string To,
    string YenBasis,
    AgentFigures Total,
    IReadOnlyList<AgentImpactMonth> Months,
    IReadOnlyList<RegionalImpactRow> Regions);
