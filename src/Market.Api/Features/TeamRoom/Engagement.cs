using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Reports;
using Market.Domain.TeamRoom;
using Market.Domain.Units;
using Market.Domain.Workers;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.TeamRoom;

public sealed record MemberWeekView(Guid UserId, string DisplayName, int Messages, int CheckIns, int ActiveDays, int UnitsDone);

public sealed record EngagementWeekView(DateOnly WeekStart, int Members, int ActiveMembers, int Messages, int CheckIns, int ActiveDays, int UnitsDone, IReadOnlyList<MemberWeekView> ByMember);

public sealed record TeamEngagementView(Guid TeamId, string TeamName, IReadOnlyList<EngagementWeekView> Weeks);

/// <summary>The last <paramref name="Weeks"/> weeks up to and including the one holding <paramref name="Until"/> (Japan time).</summary>
public sealed record GetTeamEngagement(Guid AgentId, TeamId TeamId, int Weeks, DateOnly? Until) : IRequest<TeamEngagementView>;

public sealed class GetTeamEngagementValidator : AbstractValidator<GetTeamEngagement>
{
    public GetTeamEngagementValidator() => RuleFor(e => e.Weeks).InclusiveBetween(1, 26);
}

/// <summary>Engagement figures per team and week: messages, check-ins, active member-days, units done.</summary>
public sealed class EngagementHandler(MarketDbContext db, RoomAccess access, TimeProvider clock) : IRequestHandler<GetTeamEngagement, TeamEngagementView>
{
    public async Task<TeamEngagementView> Handle(GetTeamEngagement request, CancellationToken cancellationToken)
    {
        var (team, participant) = await access.EnterAsync(request.AgentId, request.TeamId, cancellationToken);
        if (!participant.IsStaff)
        {
            throw new ForbiddenException("team_engagement_staff_only", "Engagement figures are for the agent's staff.");
        }

        var lastWeek = JapanTime.WeekOf(request.Until ?? JapanTime.DayOf(clock.GetUtcNow()));
        var firstWeek = lastWeek.AddDays(-7 * (request.Weeks - 1));
        var from = JapanTime.StartOf(firstWeek);
        var to = JapanTime.StartOf(lastWeek.AddDays(7));
        var members = team.MemberUserIds.ToList();

        var activities = new List<MemberActivity>();
        activities.AddRange((await db.TeamMessages.AsNoTracking()
                .Where(m => m.TeamId == team.Id && members.Contains(m.AuthorUserId) && m.PostedAt >= from && m.PostedAt < to)
                .Select(m => new { m.AuthorUserId, m.PostedAt }).ToListAsync(cancellationToken))
            .Select(m => new MemberActivity(m.AuthorUserId, ActivityKind.Message, m.PostedAt)));
        activities.AddRange((await db.CheckIns.AsNoTracking()
                .Where(c => members.Contains(c.UserId) && c.StartedAt >= from && c.StartedAt < to)
                .Select(c => new { c.UserId, c.StartedAt }).ToListAsync(cancellationToken))
            .Select(c => new MemberActivity(c.UserId, ActivityKind.CheckIn, c.StartedAt)));
        activities.AddRange((await db.UnitSubmissions.AsNoTracking()
                .Where(s => members.Contains(s.WorkerId) && s.SubmittedAt >= from && s.SubmittedAt < to)
                .Select(s => new { s.WorkerId, s.SubmittedAt }).ToListAsync(cancellationToken))
            .Select(s => new MemberActivity(s.WorkerId, ActivityKind.UnitWork, s.SubmittedAt)));
        activities.AddRange((await db.WorkUnits.AsNoTracking()
                .Where(u => u.Status == WorkUnitStatus.Accepted && u.WorkerId != null && members.Contains(u.WorkerId.Value)
                            && u.AcceptedAt >= from && u.AcceptedAt < to)
                .Select(u => new { WorkerId = u.WorkerId!.Value, AcceptedAt = u.AcceptedAt!.Value }).ToListAsync(cancellationToken))
            .Select(u => new MemberActivity(u.WorkerId, ActivityKind.UnitDone, u.AcceptedAt)));

        var names = await db.Users.AsNoTracking().Where(u => members.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var weeks = EngagementCalculator.Weekly(members, activities, firstWeek, request.Weeks);
        return new TeamEngagementView(
            team.Id.Value,
            team.Name,
            weeks.Select(w => new EngagementWeekView(
                    w.WeekStart, w.Members, w.ActiveMembers, w.Messages, w.CheckIns, w.ActiveDays, w.UnitsDone,
                    w.ByMember.Select(m => new MemberWeekView(m.UserId, names.GetValueOrDefault(m.UserId) ?? string.Empty, m.Messages, m.CheckIns, m.ActiveDays, m.UnitsDone))
                        .OrderBy(m => m.DisplayName, StringComparer.Ordinal).ToList()))
                .ToList());
    }
}
