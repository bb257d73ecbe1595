using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;

namespace Market.Domain.Splitting;

internal static class SplitInputs
{
    /// <summary>
    /// Puts the inputs in the job's input order and checks that they are exactly the job's attached files,
    /// so a plan never silently leaves a file out or includes one the client did not attach.
    /// </summary>
    public static IReadOnlyList<T> MatchJobInputs<T>(Job job, IReadOnlyList<T> inputs, Func<T, FileId> fileOf)
    {
        var byFile = new Dictionary<FileId, T>();
        foreach (var input in inputs)
        {
            var file = fileOf(input);
            if (!job.InputFiles.Contains(file))
            {
                throw new UnprocessableInputException("split_input_not_attached", $"File {file} is not an input of this job.");
            }

            if (!byFile.TryAdd(file, input))
            {
                throw new UnprocessableInputException("split_input_duplicate", $"File {file} was given twice.");
            }
        }

        var missing = job.InputFiles.Where(f => !byFile.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            throw new UnprocessableInputException("split_input_missing", $"File {missing[0]} of this job was not given to the splitter.");
        }

        return job.InputFiles.Select(f => byFile[f]).ToList();
    }
}
