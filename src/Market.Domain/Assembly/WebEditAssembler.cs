using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting.WebEdit;
using Market.Domain.Units;

namespace Market.Domain.Assembly;

public sealed record WebEditPageResult(int Sequence, string Url, string RequestedChange, string Original, string Edited, string UnifiedDiff);

public sealed record WebEditBundle(IReadOnlyList<WebEditPageResult> Pages)
{
    /// <summary>All page diffs as one patch, in unit order.</summary>
    public string ToPatch() => string.Concat(Pages.Select(p => p.UnifiedDiff));
}

/// <summary>Bundles the accepted page edits with a unified diff of each page against its original.</summary>
public static class WebEditAssembler
{
    public static WebEditBundle Assemble(
        IEnumerable<WorkUnit> units,
        IReadOnlyDictionary<WorkUnitId, string> editedContent,
        IReadOnlyDictionary<FileId, IReadOnlyList<WebEditRequest>> requestsByFile)
    {
        ArgumentNullException.ThrowIfNull(requestsByFile);
        var parts = AssemblyInputs.AcceptedInOrder(units, JobType.WebEdit, editedContent);
        var pages = new List<WebEditPageResult>(parts.Count);
        foreach (var (unit, edited) in parts)
        {
            var page = unit.Page!;
            if (!requestsByFile.TryGetValue(page.File, out var requests) || page.PageIndex >= requests.Count)
            {
                throw new ArgumentException($"The requests of unit #{unit.Sequence} were not given.", nameof(requestsByFile));
            }

            var request = requests[page.PageIndex];
            var diff = LineDiff.Unified(request.CurrentContent, edited, $"a/{page.Url}", $"b/{page.Url}");
            pages.Add(new WebEditPageResult(unit.Sequence, page.Url, request.RequestedChange, request.CurrentContent, edited, diff));
        }

        return new WebEditBundle(pages);
    }
}
