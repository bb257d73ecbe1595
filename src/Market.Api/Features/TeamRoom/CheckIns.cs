using FluentValidation;
using Market.Api.Infrastructure;
using Market.Api.Persistence;
using Market.Domain.Common;
using Market.Domain.TeamRoom;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Features.TeamRoom;

public sealed record CheckInView(Guid Id, DateTimeOffset StartedAt, string? StartNote, DateTimeOffset? EndedAt, string? EndNote)
{
    public static CheckInView From(CheckIn c) => new(c.Id.Value, c.StartedAt, c.StartNote, c.EndedAt, c.EndNote);
}

/// <summary>The caller's open check-in (if any) and today's earlier ones, newest first.</summary>
public sealed record MyCheckInsView(CheckInView? Open, IReadOnlyList<CheckInView> Today);

public sealed record StartWork(string? Note) : ICommand<CheckInView>;

public sealed record EndWork(string? Note) : ICommand<CheckInView>;

public sealed record GetMyCheckIns : IRequest<MyCheckInsView>;

public sealed record NoteBody(string? Note);

public sealed class StartWorkValidator : AbstractValidator<StartWork>
{
    public StartWorkValidator() => RuleFor(c => c.Note).MaximumLength(CheckIn.MaxNoteLength);
}

public sealed class EndWorkValidator : AbstractValidator<EndWork>
{
    public EndWorkValidator() => RuleFor(c => c.Note).MaximumLength(CheckIn.MaxNoteLength);
}

/// <summary>Start and end of work (始業・終業), each with an optional note; the worker's teams see who started today.</summary>
public sealed class CheckInHandlers(MarketDbContext db, RoomAccess access, TimeProvider clock) :
    IRequestHandler<StartWork, CheckInView>,
    IRequestHandler<EndWork, CheckInView>,
    IRequestHandler<GetMyCheckIns, MyCheckInsView>
{
    public async Task<CheckInView> Handle(StartWork request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var userId = access.UserId;
        var open = await OpenAsync(userId, cancellationToken);
        var checkIn = CheckIn.Start(userId, access.AgentIdOfCaller, request.Note, open, now);
        db.CheckIns.Add(checkIn);
        await db.SaveChangesAsync(cancellationToken);
        await TeamRoomSignals.SendAsync(db, TeamRoomSignals.UserChanged(userId), cancellationToken);
        return CheckInView.From(checkIn);
    }

    public async Task<CheckInView> Handle(EndWork request, CancellationToken cancellationToken)
    {
        var userId = access.UserId;
        var open = await OpenAsync(userId, cancellationToken)
            ?? throw new DomainRuleException("check_in_not_open", "You have not started work.");
        open.End(request.Note, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await TeamRoomSignals.SendAsync(db, TeamRoomSignals.UserChanged(userId), cancellationToken);
        return CheckInView.From(open);
    }

    public async Task<MyCheckInsView> Handle(GetMyCheckIns request, CancellationToken cancellationToken)
    {
        var userId = access.UserId;
        var today = Domain.Reports.JapanTime.StartOf(Domain.Reports.JapanTime.DayOf(clock.GetUtcNow()));
        var mine = await db.CheckIns.AsNoTracking()
            .Where(c => c.UserId == userId && (c.StartedAt >= today || c.EndedAt == null))
            .OrderByDescending(c => c.StartedAt)
            .ToListAsync(cancellationToken);
        var open = mine.FirstOrDefault(c => c.IsOpen);
        return new MyCheckInsView(open is null ? null : CheckInView.From(open), mine.Select(CheckInView.From).ToList());
    }

    private Task<CheckIn?> OpenAsync(Guid userId, CancellationToken cancellationToken) =>
        db.CheckIns.SingleOrDefaultAsync(c => c.UserId == userId && c.EndedAt == null, cancellationToken);
}
