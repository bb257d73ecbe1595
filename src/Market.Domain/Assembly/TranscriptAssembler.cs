using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Assembly;

public sealed record FileTranscript(FileId File, StitchedTranscript Transcript);

/// <summary>Stitches the accepted segment texts of a transcription job, one transcript per recording.</summary>
public static class TranscriptAssembler
{
    public static IReadOnlyList<FileTranscript> Assemble(
        IEnumerable<WorkUnit> units, IReadOnlyDictionary<WorkUnitId, string> acceptedTexts, SeamOptions? options = null)
    {
        var parts = AssemblyInputs.AcceptedInOrder(units, JobType.Transcription, acceptedTexts);
        return parts
            .GroupBy(p => p.Unit.Segment!.File)
            .Select(file => new FileTranscript(
                file.Key,
                TranscriptStitcher.Stitch(file.OrderBy(p => p.Unit.Segment!.StartMs).Select(p => p.Output).ToList(), options)))
            .ToList();
    }
}
