using Market.Api.Media;
using Market.Api.Storage;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting;
using Market.Domain.Splitting.Audio;
using Market.Domain.Splitting.Csv;
using Market.Domain.Splitting.WebEdit;
using Market.Domain.Units;

namespace Market.Api.Features.Jobs.PostJob;

/// <summary>
/// Reads a job's input files from the blob store and hands them to the domain splitter for the job's type.
/// Nothing is saved here: the caller saves the job and all its units in one transaction, or nothing.
/// </summary>
public sealed class JobInputSplitter(IBlobStore blobs, Ffmpeg ffmpeg)
{
    public const long MaxTextInputBytes = 64L * 1024 * 1024;

    public async Task<IReadOnlyList<WorkUnit>> SplitAsync(Job job, IReadOnlyDictionary<FileId, StoredFileKind> inputs, CancellationToken cancellationToken)
    {
        switch (job.Type)
        {
            case JobType.Transcription:
                var audio = new List<AudioInput>();
                foreach (var file in job.InputFiles)
                {
                    audio.Add(new AudioInput(file, await EnvelopeAsync(file, inputs[file], cancellationToken)));
                }

                return TranscriptionSplitter.Split(job, audio);
            case JobType.DataEntry:
                var tables = new List<DataEntryInput>();
                foreach (var file in job.InputFiles)
                {
                    tables.Add(new DataEntryInput(file, CsvReader.Read(await ReadTextAsync(file, cancellationToken))));
                }

                return DataEntrySplitter.Split(job, tables);
            case JobType.WebEdit:
                var requests = new List<WebEditInput>();
                foreach (var file in job.InputFiles)
                {
                    requests.Add(new WebEditInput(file, WebEditRequestReader.Read(await ReadTextAsync(file, cancellationToken))));
                }

                return WebEditSplitter.Split(job, requests);
            default:
                throw new ArgumentOutOfRangeException(nameof(job), job.Type, "Unknown job type.");
        }
    }

    private async Task<EnergyEnvelope> EnvelopeAsync(FileId file, StoredFileKind kind, CancellationToken cancellationToken)
    {
        if (kind == StoredFileKind.Wav)
        {
            // WAV PCM is read natively (and its header checked honestly); ffmpeg is only needed for compressed audio.
            await using var stream = blobs.OpenRead(file);
            return await Task.Run(() => AudioEnvelopeReader.ReadWav(stream), cancellationToken);
        }

        return await ffmpeg.EnvelopeOfAsync(blobs.PathOf(file), cancellationToken);
    }

    private async Task<byte[]> ReadTextAsync(FileId file, CancellationToken cancellationToken)
    {
        await using var stream = blobs.OpenRead(file);
        if (stream.Length > MaxTextInputBytes)
        {
            throw new UnprocessableInputException("input_file_too_large", $"Text inputs are limited to {MaxTextInputBytes / (1024 * 1024)} MB.");
        }

        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }
}

public enum StoredFileKind
{
    Wav,
    CompressedAudio,
    Csv,
    Json,
    Other,
}
