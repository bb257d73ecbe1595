using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting.WebEdit;
using Market.Domain.Units;

namespace Market.Domain.Splitting;

/// <summary>One list of page change requests of a web-edit job, already read and validated.</summary>
public sealed record WebEditInput(FileId File, IReadOnlyList<WebEditRequest> Requests);

/// <summary>One unit per page change request, in the order of the job's files and of each list.</summary>
public static class WebEditSplitter
{
    public static IReadOnlyList<WorkUnit> Split(Job job, IReadOnlyList<WebEditInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(inputs);
        job.EnsureCanBeSplit(JobType.WebEdit);
        var ordered = SplitInputs.MatchJobInputs(job, inputs, i => i.File);

        var units = new List<WorkUnit>();
        foreach (var input in ordered)
        {
            for (var page = 0; page < input.Requests.Count; page++)
            {
                units.Add(WorkUnit.ForWebEdit(job.Id, units.Count + 1, new WebEditPage(input.File, page, input.Requests[page].Url)));
            }
        }

        return units;
    }
}
