using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Splitting.Csv;
using MediatR;

namespace Market.Api.Features.Reports;

public static class ReportEndpoints
{
    public const string CsvMediaType = "text/csv";

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.RegionalImpact)
            .MapGet("/regional-impact", async (string? from, string? to, string? prefecture, string? format, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new GetRegionalImpact(from, to, prefecture), ct);
                return WantsCsv(http, format)
                    ? Csv(RegionalImpactView.CsvHeader, report.CsvRecords(), $"regional-impact_{report.From}_{report.To}.csv")
                    : TypedResults.Ok(report);
            })
            .Produces<RegionalImpactView>()
            .Produces(StatusCodes.Status200OK, contentType: CsvMediaType)
            .WithName("GetRegionalImpact")
            .WithSummary("Per prefecture, municipality and month: registered and active workers, units done by type, yen to local workers (earned and transferred), share of work from outside the region. The operator sees every prefecture; a public body's members see their own prefecture. ?format=csv or Accept: text/csv for CSV.");

        v1.MapGroup("/agents/{agentId:guid}").WithTags("Reports")
            .AddEndpointFilter(new TenantRouteFilter("agentId"))
            .RequireAuthorization(Policies.AgentOversight)
            .MapGet("/impact", async (Guid agentId, string? from, string? to, string? format, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new GetAgentImpact(agentId, from, to), ct);
                return WantsCsv(http, format)
                    ? Csv(AgentImpactView.CsvHeader, report.CsvRecords(), $"agent-impact_{report.From}_{report.To}.csv")
                    : TypedResults.Ok(report);
            })
            .Produces<AgentImpactView>()
            .Produces(StatusCodes.Status200OK, contentType: CsvMediaType)
            .WithName("GetAgentImpact")
            .WithSummary("On-time delivery, QC pass and rework rates per month, and the agent's workers' output. ?format=csv or Accept: text/csv for CSV.");
    }

    private static bool WantsCsv(HttpContext http, string? format) =>
        string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
        || (format is null && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase)));

    /// <summary>UTF-8 with a BOM so Japanese Excel opens it as UTF-8 (see <see cref="CsvWriter"/>).</summary>
    private static IResult Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> records, string fileName) =>
        TypedResults.File(CsvWriter.ToUtf8Bytes(header, records), CsvMediaType + "; charset=utf-8", fileName);
}
