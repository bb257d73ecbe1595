using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Market.Api.Features.Assignments;
using Market.Api.Features.Quality;
using Market.Api.Features.TeamRoom;
using Market.Api.Features.Units;
using Market.Domain.Assignments;
using Market.Domain.Jobs;
using Market.Domain.Quality;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Seeding;

/// <summary>How a unit's work ends in the story (seed-data/jobs, a work step's <c>outcomes</c>).</summary>
public static class WorkOutcomes
{
    /// <summary>Submitted; accepted at once if not sampled, else accepted by the reviewer with good grades.</summary>
    public const string Accept = "accept";

    /// <summary>A flaw slips through QC (the client later pins it in a revision request).</summary>
    public const string AcceptFlawed = "accept-flawed";

    /// <summary>Returned for rework once, fixed, then accepted.</summary>
    public const string Rework = "rework";

    public const string ReworkTwice = "rework-twice";

    /// <summary>Returned for rework; the worker has not handed the fix in yet.</summary>
    public const string ReworkPending = "rework-pending";

    /// <summary>In the worker's hands with an autosaved draft.</summary>
    public const string Hold = "hold";

    /// <summary>Submitted and waiting in the review queue.</summary>
    public const string AwaitReview = "await-review";

    /// <summary>Rejected; the next worker of the list does it again.</summary>
    public const string Reject = "reject";

    /// <summary>Rejected; the worker appealed and the owner has not decided yet.</summary>
    public const string RejectAppeal = "reject-appeal";

    public const string RejectAppealOverturned = "reject-appeal-overturned";

    public const string RejectAppealUpheld = "reject-appeal-upheld";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Accept, AcceptFlawed, Rework, ReworkTwice, ReworkPending, Hold, AwaitReview, Reject, RejectAppeal, RejectAppealOverturned, RejectAppealUpheld,
    };

    public static bool NeedsReview(string outcome) => outcome is not (Accept or Hold);
}

/// <summary>
/// One attempt at one unit, as the people involved would make it: the coordinator assigns it to the first worker of
/// the list the rules allow, the worker opens it and hands their work in before the lease runs out, a reviewer decides
/// if it was sampled, and rework, rejection and appeal follow as the outcome says. Each move is an event on the
/// timeline; moves that would fall after the demo's present have not happened yet and are dropped.
/// </summary>
public sealed class WorkChain(JobStory story, int sequence, IReadOnlyList<string> workers, int rotation, string outcome, StepSpec step)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly string?[] StartNotes =
    [
        "子どもを送ってきたので始めます。", "今日は午前中だけ作業します。", "よろしくお願いします。", "今日も1件ずつ丁寧に進めます。", "回線が安定しているうちに進めます。", null,
    ];

    private static readonly string?[] EndNotes =
    [
        "提出しました。お先に失礼します。", "今日はここまでです。", "検品よろしくお願いします。", "お疲れさまでした。", null,
    ];

    private readonly StoryContext _context = story.Context;
    private AgentSpecHolder _agent = new(null);
    private string _worker = string.Empty;
    private Guid _workerId;
    private AssignmentId _assignment;
    private UnitContent? _content;
    private int _reviews;
    private ReviewTaskId? _task;

    private WorkUnit Unit => story.Unit(sequence);

    private string Label => $"{story.Spec.Key} unit {sequence}";

    public async Task AssignAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!WorkOutcomes.All.Contains(outcome))
        {
            throw new InvalidOperationException($"{Label}: unknown outcome '{outcome}'.");
        }

        var (agentId, workerId) = await ChooseWorkerAsync(at, cancellationToken);
        _agent = new AgentSpecHolder(_context.AgentById(agentId));
        var view = await _context.Session.SendAsync(
            step.By ?? _context.CoordinatorOf(_agent.Spec),
            at,
            new AssignUnit(Unit.Id, step.Auto ? null : workerId, step.Auto),
            cancellationToken);
        _assignment = new AssignmentId(view.AssignmentId);
        _workerId = view.WorkerId;
        _worker = await _context.Session.WithDbAsync(at, (_, db) => db.Users.Where(u => u.Id == view.WorkerId).Select(u => u.Email!).SingleAsync(cancellationToken));
        Then(at.AddMinutes(4), "opens", OpenAsync);
    }

    private async Task OpenAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        // 始業: the worker checks in before opening the unit, unless already at work.
        var checkIns = await _context.Session.SendAsync(_worker, at, new GetMyCheckIns(), cancellationToken);
        if (checkIns.Open is null)
        {
            await _context.Session.SendAsync(_worker, at, new Features.TeamRoom.StartWork(Pick(StartNotes)), cancellationToken);
        }

        _content = await _context.Session.SendAsync(_worker, at, new GetUnitContent(Unit.Id), cancellationToken);
        if (outcome == WorkOutcomes.Hold)
        {
            Then(at.AddMinutes(3), "autosaves a draft", async (now, ct) =>
            {
                var content = Content(flawed: false);
                await _context.Session.SendAsync(_worker, now, new SaveDraft(Unit.Id, _assignment, content[..(content.Length / 2)]), ct);
            });
            return;
        }

        Then(at + WorkTime(), "submits", (now, ct) => SubmitAsync(now, flawed: outcome is WorkOutcomes.AcceptFlawed or WorkOutcomes.Rework or WorkOutcomes.ReworkTwice
            or WorkOutcomes.ReworkPending or WorkOutcomes.Reject or WorkOutcomes.RejectAppeal or WorkOutcomes.RejectAppealOverturned or WorkOutcomes.RejectAppealUpheld, ct));
    }

    private async Task SubmitAsync(DateTimeOffset at, bool flawed, CancellationToken cancellationToken)
    {
        var submitted = await _context.Session.SendAsync(_worker, at, new SubmitUnit(Unit.Id, _assignment, Content(flawed)), cancellationToken);
        await EndWorkIfIdleAsync(at.AddMinutes(2), cancellationToken);
        if (submitted.UnitStatus == nameof(WorkUnitStatus.Accepted))
        {
            if (WorkOutcomes.NeedsReview(outcome) && outcome != WorkOutcomes.AcceptFlawed)
            {
                _context.Logger.LogDebug("{Unit}: not sampled for review, so '{Outcome}' did not happen.", Label, outcome);
            }

            return;
        }

        if (outcome == WorkOutcomes.AwaitReview)
        {
            return;
        }

        Then(at + SeedTimes.Duration(step.ReviewAfter ?? "2h"), "is reviewed", ReviewAsync);
    }

    private async Task ReviewAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var task = await _context.Session.WithDbAsync(at, (_, db) => db.ReviewTasks.AsNoTracking()
            .SingleOrDefaultAsync(t => t.AssignmentId == _assignment && t.Status == ReviewStatus.AwaitingReview, cancellationToken));
        if (task is null)
        {
            return; // accepted by the 72-hour rule meanwhile
        }

        _task = task.Id;
        var reviewer = _context.ReviewerOf(_agent.Spec);
        var round = _reviews++;
        var rework = (outcome == WorkOutcomes.Rework && round == 0)
            || (outcome == WorkOutcomes.ReworkTwice && round < 2)
            || (outcome == WorkOutcomes.ReworkPending && round == 0);
        if (rework)
        {
            var (code, comment) = ReworkReason();
            await _context.Session.SendAsync(reviewer, at, new ReviewSubmission(task.Id, ReviewSubmission.Rework, null, null, [code], null, comment, at.AddDays(2)), cancellationToken);
            if (outcome != WorkOutcomes.ReworkPending)
            {
                var lease = Assignment.LeaseLengthFor(Unit.EstimatedMinutes);
                Then(at + (lease / 2), "hands in the fix", (now, ct) => SubmitAsync(now, flawed: outcome == WorkOutcomes.ReworkTwice && round == 0, ct));
            }

            return;
        }

        if (outcome.StartsWith("reject", StringComparison.Ordinal))
        {
            var (code, comment) = RejectionReason();
            await _context.Session.SendAsync(reviewer, at, new ReviewSubmission(task.Id, ReviewSubmission.Reject, null, null, null, code, comment, null), cancellationToken);
            switch (outcome)
            {
                case WorkOutcomes.Reject:
                    Redo(at.AddHours(20));
                    break;
                case WorkOutcomes.RejectAppeal or WorkOutcomes.RejectAppealOverturned or WorkOutcomes.RejectAppealUpheld:
                    Then(at.AddHours(18), "appeals", AppealAsync);
                    break;
            }

            return;
        }

        var grades = Grades(outcome == WorkOutcomes.AcceptFlawed);
        await _context.Session.SendAsync(reviewer, at, new ReviewSubmission(task.Id, ReviewSubmission.Accept, grades.Accuracy, grades.Format, null, null, null, null), cancellationToken);
    }

    private async Task AppealAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _context.Session.SendAsync(_worker, at, new FileAppeal(_task!.Value, AppealStatement()), cancellationToken);
        if (outcome == WorkOutcomes.RejectAppeal)
        {
            return;
        }

        Then(at.AddHours(26), "has the appeal decided", async (now, ct) =>
        {
            var overturned = outcome == WorkOutcomes.RejectAppealOverturned;
            await _context.Session.SendAsync(
                _context.OwnerOf(_agent.Spec),
                now,
                new DecideAppeal(
                    _task!.Value,
                    overturned ? nameof(AppealOutcome.Overturned) : nameof(AppealOutcome.Upheld),
                    overturned ? "仕様どおりの記載でした。検品の判断を取り消し、作業を受け入れます。" : "仕様で求める水準に達していないため、差し戻しの判断を維持します。次の案件で一緒に確認しましょう。"),
                ct);
            if (!overturned)
            {
                Redo(now.AddHours(2));
            }
        });
    }

    /// <summary>終業: with nothing else in hand, the worker checks out a little after handing in.</summary>
    private async Task EndWorkIfIdleAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (at >= _context.Times.Anchor)
        {
            return;
        }

        var busy = await _context.Session.WithDbAsync(at, (_, db) => db.Assignments.AnyAsync(a => a.WorkerId == _workerId && a.Status == AssignmentStatus.Active, cancellationToken));
        var checkIns = await _context.Session.SendAsync(_worker, at, new GetMyCheckIns(), cancellationToken);
        if (!busy && checkIns.Open is not null && checkIns.Open.StartedAt <= at)
        {
            await _context.Session.SendAsync(_worker, at, new EndWork(Pick(EndNotes)), cancellationToken);
        }
    }

    private string? Pick(string?[] notes) => notes[SHA256.HashData(Encoding.UTF8.GetBytes($"{Unit.Id}|{_worker}"))[2] % notes.Length];

    /// <summary>The unit is back in the pool: the next worker of the list does it, and this time it is fine.</summary>
    private void Redo(DateTimeOffset at)
    {
        var next = new WorkChain(story, sequence, workers, rotation + 1, WorkOutcomes.Accept, step with { Auto = false });
        Then(at, "is done again", next.AssignAsync);
    }

    private void Then(DateTimeOffset at, string what, Func<DateTimeOffset, CancellationToken, Task> run)
    {
        if (at < _context.Times.Anchor)
        {
            _context.Timeline.Add(at, $"{Label}: {what}", run);
        }
    }

    /// <summary>The first worker of the list, from this unit's turn on, whom every assignment rule allows.</summary>
    private async Task<(Guid AgentId, Guid WorkerId)> ChooseWorkerAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        await _context.Session.WithDbAsync(at, async (services, db) =>
        {
            var unit = await db.WorkUnits.AsNoTracking().SingleAsync(u => u.Id == Unit.Id, cancellationToken);
            var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == unit.JobId, cancellationToken);
            var subcontracts = await db.Subcontracts.AsNoTracking().Where(s => s.JobId == job.Id).ToListAsync(cancellationToken);
            var twin = unit.TwinUnitId is { } twinId ? await db.WorkUnits.AsNoTracking().SingleAsync(u => u.Id == twinId, cancellationToken) : null;
            var agentId = UnitVisibility.AssigningAgentId(job, subcontracts, unit)
                ?? throw new InvalidOperationException($"{Label}: no agent may hand it out now (subcontract not answered, or job not contracted).");
            var emails = workers.Select(w => SeedSession.Email(w).ToUpperInvariant()).ToList();
            var ids = await db.Users.Where(u => emails.Contains(u.NormalizedEmail!)).ToDictionaryAsync(u => u.NormalizedEmail!, u => u.Id, cancellationToken);
            var candidates = await services.GetRequiredService<AssignmentCandidates>().ForAgentAsync(agentId, ids.Values.ToList(), at, cancellationToken);
            var refusals = new List<string>();
            for (var i = 0; i < emails.Count; i++)
            {
                var email = emails[(rotation + i) % emails.Count];
                var candidate = ids.TryGetValue(email, out var id) ? candidates.SingleOrDefault(c => c.WorkerId == id) : null;
                if (candidate is null)
                {
                    refusals.Add($"{email}: not a worker of this agent");
                    continue;
                }

                var reasons = WorkerEligibility.Evaluate(candidate, unit, job, twin);
                if (reasons.Count == 0)
                {
                    return (agentId, candidate.WorkerId);
                }

                refusals.Add($"{email}: {string.Join(", ", reasons.Select(r => r.Code))}");
            }

            throw new InvalidOperationException($"{Label}: nobody in the list may take it ({string.Join("; ", refusals)}).");
        });

    /// <summary>Work takes about the estimate, and is handed in well inside the lease.</summary>
    private TimeSpan WorkTime()
    {
        var estimate = TimeSpan.FromMinutes(Unit.EstimatedMinutes * 0.8);
        var lease = Assignment.LeaseLengthFor(Unit.EstimatedMinutes);
        var floor = TimeSpan.FromMinutes(6);
        return estimate < floor ? floor : estimate > lease * 0.75 ? lease * 0.75 : estimate;
    }

    private string Content(bool flawed)
    {
        var unit = Unit;
        switch (unit.Kind)
        {
            case JobType.Transcription:
                var text = story.Recording.TranscriptOf(unit.Segment!.StartMs, unit.Segment.EndMs, story.Job.TranscriptionSettings!.Style);
                if (!flawed)
                {
                    return text;
                }

                // The last utterance is missing and one phrase was not caught: what a reviewer sends back.
                var lines = text.Split('\n').ToList();
                if (lines.Count > 2)
                {
                    lines.RemoveAt(lines.Count - 1);
                }

                lines[0] = lines[0].Length > 12 ? lines[0][..^6] + "（聞き取れず）" : lines[0];
                return string.Join("\n", lines);
            case JobType.DataEntry:
                var typist = step.Typos is { } typos && SeedSession.Email(typos.Worker).Equals(_worker, StringComparison.OrdinalIgnoreCase) ? typos.Every : 0;
                var every = flawed ? 7 : typist;
                var cell = 0;
                var rows = (_content?.Cells ?? throw new InvalidOperationException($"{Label}: submitted before it was opened."))
                    .GroupBy(c => c.Row)
                    .OrderBy(g => g.Key)
                    .Select(g => g.OrderBy(c => unit.Slice!.FieldNames.ToList().IndexOf(c.Field))
                        .Select(c => every > 0 && ++cell % every == 0 ? Mistype(c.Source) : c.Source)
                        .ToList())
                    .ToList();
                return JsonSerializer.Serialize(new { rows }, Web);
            default:
                return flawed
                    ? _content?.CurrentContent ?? string.Empty
                    : story.WebResult(unit.Page!.PageIndex);
        }
    }

    /// <summary>A slip of the finger that width normalisation does not forgive: a digit one off, or a dropped character.</summary>
    private static string Mistype(string value)
    {
        var digit = value.LastIndexOfAny("0123456789".ToCharArray());
        if (digit >= 0)
        {
            return value[..digit] + (char)('0' + ((value[digit] - '0' + 1) % 10)) + value[(digit + 1)..];
        }

        return value.Length > 1 ? value[..^1] : value + "ー";
    }

    private (int Accuracy, int Format) Grades(bool flawed)
    {
        if (flawed)
        {
            return (3, 4);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Unit.Id}|{_assignment}"));
        return (hash[0] % 4 == 0 ? 4 : 5, hash[1] % 3 == 0 ? 4 : 5);
    }

    private (string Code, string Comment) ReworkReason() => Unit.Kind switch
    {
        JobType.Transcription => (ReviewReasonCodes.MissingText, "最後の発言が抜けていて、冒頭にも聞き取れずの箇所があります。音声を聞き直して補ってください。"),
        JobType.DataEntry => (ReviewReasonCodes.Typo, "数字や文字の入力ミスが数か所あります。元の票と照合して直してください。"),
        _ => (ReviewReasonCodes.NotAsSpecified, "依頼された変更が反映されていません。変更内容を確認して直してください。"),
    };

    private (string Code, string Comment) RejectionReason() => Unit.Kind switch
    {
        JobType.Transcription => (ReviewReasonCodes.MissingText, "起こし漏れが多く、このままでは納品できません。別の方にお願いします。"),
        JobType.DataEntry => (ReviewReasonCodes.WrongValue, "入力値の誤りが多く、このままでは納品できません。"),
        _ => (ReviewReasonCodes.NotAsSpecified, "依頼と違うページを編集しています。"),
    };

    private string AppealStatement() => Unit.Kind switch
    {
        JobType.Transcription => "音声が不鮮明な箇所は（聞き取れず）と書くよう仕様にありました。その通りに起こしています。再確認をお願いします。",
        JobType.DataEntry => "元の票の文字がかすれていて、票のとおりに入力しました。原本の確認をお願いします。",
        _ => "依頼文の指示どおりに編集しました。依頼内容との照合をお願いします。",
    };

    private sealed record AgentSpecHolder(AgentSpec? Value)
    {
        public AgentSpec Spec => Value ?? throw new InvalidOperationException("The unit has not been assigned yet.");
    }
}
