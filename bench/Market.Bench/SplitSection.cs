using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Market.Api.Persistence;
using Market.Api.Storage;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Pricing;
using Market.Domain.Splitting;
using Market.Domain.Splitting.Audio;
using Market.Domain.Splitting.Csv;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Market.Bench;

/// <summary>
/// Section 2. Audio: the domain's silence-aware splitter over a one-hour 16 kHz speech WAV against a plain
/// sequential read of the same file. CSV: a job of a million records posted through the real endpoint (read, parse,
/// split, quote, persist in one transaction) against PostgreSQL COPY of the same unit rows.
/// </summary>
public static class SplitSection
{
    public const string Name = "split";
    private const int RecordsPerFile = 200_000; // the CSV reader's per-file limit (csv_too_large)

    public static async Task RunAsync(World world, Report report)
    {
        await AudioAsync(world.Options, report);
        await CsvAsync(world, report);
    }

    // ---- audio -------------------------------------------------------------------------------------------------

    private static async Task AudioAsync(BenchOptions options, Report report)
    {
        var wav = await SpeechWavAsync(options);
        var bytes = new FileInfo(wav).Length;
        var mb = bytes / 1_000_000.0;
        var settings = TranscriptionSettings.Default(TranscriptionStyle.Verbatim);
        ReadPlain(wav); // into the page cache, so both measure CPU work rather than the disk
        var reads = new List<double>();
        var splits = new List<double>();
        IReadOnlyList<PlannedSegment> segments = [];
        long allocated = 0;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            ReadPlain(wav);
            reads.Add(clock.Elapsed.TotalSeconds);

            var before = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            await using (var stream = new FileStream(wav, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                var envelope = AudioEnvelopeReader.ReadWav(stream);
                segments = TranscriptionSplitter.PlanSegments(envelope, settings);
            }

            splits.Add(clock.Elapsed.TotalSeconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var readMbps = mb / reads.Min();
        var splitMbps = mb / splits.Min();
        report.Add(new Comparison(Name, "WAV split with silence-aware cuts", splitMbps, "MB/s", "plain sequential read", readMbps, Target.AtLeast(0.50),
            string.Create(CultureInfo.InvariantCulture,
                $"{options.WavMinutes} min of 16 kHz mono speech ({mb:0.0} MB) → {segments.Count} segments; best of 3 each (split {string.Join(" / ", splits.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))} s, read {string.Join(" / ", reads.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))} s); the splitter allocated {allocated / 1_048_576.0:0.0} MB for the whole hour. Both read the file through a 64 KB buffer from the page cache.")));
    }

    private static long ReadPlain(string path)
    {
        var buffer = new byte[64 * 1024];
        long sum = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            sum += buffer[read - 1];
        }

        return sum;
    }

    /// <summary>One hour of synthetic Japanese speech at 16 kHz: espeak-ng sentences with natural pauses, looped with sox; cached.</summary>
    private static async Task<string> SpeechWavAsync(BenchOptions options)
    {
        var path = Path.Combine(options.StateDirectory, $"speech-{options.WavMinutes}min-16k.wav");
        if (File.Exists(path))
        {
            return path;
        }

        Console.WriteLine($"  generating {options.WavMinutes} min of speech with espeak-ng and sox (cached in {path})");
        var work = Path.Combine(options.StateDirectory, "wav-work");
        Directory.CreateDirectory(work);
        string[] sentences =
        [
            "本日の地域テレワーク協議会を開会いたします。",
            "まず、前回の議事録について確認をお願いします。",
            "在宅ワーカーの登録者数は、先月より十二名増えて、合計で百三十名となりました。",
            "次に、データ入力案件の納期と品質管理の体制について、事務局から説明があります。",
            "音声の文字起こしは、五分ごとに区切って、重なりを五秒持たせています。",
            "質問のある方は、挙手をお願いします。",
        ];
        var parts = new List<string>();
        for (var i = 0; i < sentences.Length; i++)
        {
            var raw = Path.Combine(work, $"s{i}.wav");
            await Processes.RunCheckedAsync("espeak-ng", ["-v", "ja", "-s", (140 + (i * 7)).ToString(CultureInfo.InvariantCulture), "-w", raw, sentences[i]]);
            var resampled = Path.Combine(work, $"r{i}.wav");
            // A pause of 0.3–1.2 s after each sentence, as between speakers' phrases.
            await Processes.RunCheckedAsync("sox", [raw, "-r", "16000", "-c", "1", "-b", "16", resampled, "pad", "0", (0.3 + (0.15 * i)).ToString("0.00", CultureInfo.InvariantCulture)]);
            parts.Add(resampled);
        }

        var block = Path.Combine(work, "block.wav");
        await Processes.RunCheckedAsync("sox", [.. parts, block]);
        var partial = path + ".part.wav";
        await Processes.RunCheckedAsync("sox", [block, partial, "repeat", "2000", "trim", "0", (options.WavMinutes * 60).ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromMinutes(5));
        File.Move(partial, path, overwrite: true);
        Directory.Delete(work, recursive: true);
        return path;
    }

    // ---- CSV ---------------------------------------------------------------------------------------------------

    private static async Task CsvAsync(World world, Report report)
    {
        var options = world.Options;
        var records = options.CsvRecords;
        var files = new List<byte[]>();
        for (var first = 1; first <= records; first += RecordsPerFile)
        {
            files.Add(Csv(first, Math.Min(records, first + RecordsPerFile - 1)));
        }

        var totalMb = files.Sum(f => f.Length) / 1_000_000.0;
        var client = await world.Host.ClientForAsync(world.ClientUserId);
        var ids = new List<string>();
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            using var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(part, "file", $"survey-{index + 1}.csv");
            ids.Add((await ApiHost.JsonAsync(await client.PostAsync("/api/v1/files", form))).GetProperty("id").GetString()!);
        }

        // The parts of the handler on their own, for the breakdown: the blob reads, the parse, the split, the quote and
        // the COPY of the units (in a transaction that is rolled back).
        var blobs = world.Host.Services.GetRequiredService<IBlobStore>();
        var readClock = Stopwatch.StartNew();
        var read = new List<byte[]>();
        foreach (var id in ids)
        {
            await using var blob = blobs.OpenRead(new FileId(id));
            var bytes = new byte[blob.Length];
            await blob.ReadExactlyAsync(bytes);
            read.Add(bytes);
        }

        var blobRead = readClock.Elapsed;
        var parseClock = Stopwatch.StartNew();
        var tables = read.Select(f => CsvReader.Read(f)).ToList();
        var parse = parseClock.Elapsed;
        read.Clear();
        var draft = Job.Draft(JobId.New(), world.Firm.Id, "breakdown", "spec", DateTimeOffset.UtcNow.AddDays(30), ConfidentialityLevel.Standard,
            new DataEntrySettings(DataEntrySettings.DefaultBatchSize), [], ids.Select(i => new FileId(i)), DateTimeOffset.UtcNow);
        var splitClock = Stopwatch.StartNew();
        var planned = DataEntrySplitter.Split(draft, tables.Select((t, i) => new DataEntryInput(new FileId(ids[i]), t)).ToList());
        var split = splitClock.Elapsed;
        tables.Clear();
        var quoteClock = Stopwatch.StartNew();
        _ = RateCard.Default.Quote(draft, planned);
        var quote = quoteClock.Elapsed;
        var bulk = await CopyAloneAsync(world, draft, planned);

        // The real thing: POST /api/v1/jobs, in this process (TestServer), timed end to end. The client flows this
        // execution context into the request, so the SQL capture (an AsyncLocal) sees the handler's statements.
        var server = world.Host.Server;
        var preserved = server.PreserveExecutionContext;
        server.PreserveExecutionContext = true;
        var poster = await world.Host.ClientForAsync(world.ClientUserId);
        server.PreserveExecutionContext = preserved;
        var commands = new List<CapturedCommand>();
        var clock = Stopwatch.StartNew();
        System.Text.Json.JsonElement job;
        var cpu = new Cpu(options.Database);
        using (SqlCapture.Begin(commands))
        {
            job = await ApiHost.JsonAsync(await ApiHost.PostJsonAsync(poster, "/api/v1/jobs", new
            {
                type = "DataEntry",
                title = "ベンチ 百万件 入力",
                specMarkdown = "原文どおり入力してください。",
                deadline = DateTimeOffset.UtcNow.AddDays(30),
                confidentiality = "Standard",
                regionPreference = Array.Empty<string>(),
                inputFiles = ids,
                dataEntry = new { batchSize = DataEntrySettings.DefaultBatchSize },
            }));
        }

        var post = clock.Elapsed;
        var postCpu = await cpu.StopAsync();
        var jobId = Guid.Parse(job.GetProperty("id").GetString()!);
        var units = await world.CountAsync($"SELECT count(*) FROM work_units WHERE job_id = '{jobId}'");
        if (units != planned.Count)
        {
            report.Fail($"the posted job has {units} units, the splitter planned {planned.Count}");
        }

        // The reference: COPY of exactly these unit rows into a table with the same columns and indexes.
        var (copySeconds, copyWithoutForeignKey, copyCpu) = await CopyUnitsAsync(options, jobId);
        var csvCopySeconds = await CopyCsvAsync(options, files);
        var unitsPerSecond = units / post.TotalSeconds;
        var copyPerSecond = units / copySeconds;
        var database = commands.Sum(c => c.Duration.TotalSeconds);
        var inserts = commands.Count(c => c.Text.Contains("INSERT INTO work_units", StringComparison.Ordinal));
        report.Add(new Comparison(Name, $"CSV job of {records:#,0} records posted (units persisted)", unitsPerSecond, "units/s", "COPY of the same unit rows", copyPerSecond, Target.AtLeast(0.50),
            string.Create(CultureInfo.InvariantCulture,
                $"{files.Count} file(s) of up to {RecordsPerFile:#,0} records ({totalMb:0.0} MB; the reader refuses larger files), batch size {DataEntrySettings.DefaultBatchSize}, every batch keyed twice → {units:#,0} units. POST /api/v1/jobs took {post.TotalSeconds:0.00} s ({records / post.TotalSeconds:#,0} records/s); COPY of the {units:#,0} unit rows into a copy of `work_units` with all its indexes and its foreign key to `jobs` took {copySeconds:0.00} s ({copyWithoutForeignKey:0.00} s without the foreign key, which `LIKE … INCLUDING ALL` leaves out).")));

        var sb = new StringBuilder();
        sb.AppendLine("Where the time of the CSV job goes (stopwatch; each part of the handler was also timed alone in this process, the COPY in a transaction rolled back):");
        sb.AppendLine();
        sb.AppendLine("| step | seconds | share of the post |");
        sb.AppendLine("|---|---:|---:|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| read {files.Count} blob(s), {totalMb:0.0} MB (`IBlobStore.OpenRead`, alone) | {blobRead.TotalSeconds:0.00} | {blobRead / post:P0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| parse them (`CsvReader.Read`, alone) | {parse.TotalSeconds:0.00} | {parse / post:P0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| plan {planned.Count:#,0} units (`DataEntrySplitter.Split`, alone) | {split.TotalSeconds:0.00} | {split / post:P0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| price them (`RateCard.Quote`, alone) | {quote.TotalSeconds:0.00} | {quote / post:P0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| binary COPY of the {planned.Count:#,0} units (`BulkInsert.CopyAsync`, alone) | {bulk.TotalSeconds:0.00} | {bulk / post:P0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| the other SQL statements of the post as EF measured them ({commands.Count} statements, {inserts} of them inserting units) | {database:0.00} | {database / post.TotalSeconds:P0} |");
        var rest = post.TotalSeconds - blobRead.TotalSeconds - parse.TotalSeconds - split.TotalSeconds - quote.TotalSeconds - bulk.TotalSeconds - database;
        sb.AppendLine(CultureInfo.InvariantCulture, $"| the rest: HTTP and JSON, validation, authorisation, transaction and commit, and the difference between parts run alone and inside the request | {Math.Max(0, rest):0.00} | {Math.Max(0, rest) / post.TotalSeconds:P0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **POST /api/v1/jobs end to end** | **{post.TotalSeconds:0.00}** | 100 % |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"CPU during the post: {postCpu.Self:0.0} s in the API process, {postCpu.Database:0.0} s in PostgreSQL. The COPY reference used {copyCpu.Database:0.0} s of PostgreSQL CPU. For scale: COPY of the {records:#,0} CSV records themselves into a 4-column text table took {csvCopySeconds:0.00} s ({records / csvCopySeconds:#,0} records/s).");
        report.Section(Name, sb.ToString());
    }

    /// <summary>The units' COPY on its own: the job row first (the units reference it), then the COPY, then rolled back.</summary>
    private static async Task<TimeSpan> CopyAloneAsync(World world, Job draft, IReadOnlyList<Market.Domain.Units.WorkUnit> units)
    {
        using var scope = world.Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Jobs.Add(draft);
        await db.SaveChangesAsync();
        var clock = Stopwatch.StartNew();
        await BulkInsert.CopyAsync(db, units, CancellationToken.None);
        var elapsed = clock.Elapsed;
        await transaction.RollbackAsync();
        return elapsed;
    }

    private static byte[] Csv(int first, int last)
    {
        string[] family = ["山田", "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "中村", "小林", "加藤"];
        string[] given = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "由美", "大輔", "恵"];
        string[] towns = ["高知県四万十町", "高知県土佐町", "徳島県神山町", "山梨県甲府市", "長野県塩尻市", "北海道ニセコ町"];
        var sb = new StringBuilder(64 * (last - first + 2));
        sb.Append("受付番号,氏名,電話番号,住所\r\n");
        for (var n = first; n <= last; n++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{n:D7},{family[n % 10]} {given[n / 10 % 10]},0{n % 9 + 1}0-{n % 10000:D4}-{n / 7 % 10000:D4},\"{towns[n % towns.Length]}{n % 50 + 1}丁目{n % 30 + 1}番\"\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// COPY of exactly these unit rows into a copy of <c>work_units</c> with its indexes and its foreign key to the
    /// job (<c>LIKE … INCLUDING ALL</c> copies no foreign keys, and the check of every row's job is part of storing a
    /// unit); also timed without the foreign key, for the report.
    /// </summary>
    private static async Task<(double Seconds, double WithoutForeignKey, CpuUse Cpu)> CopyUnitsAsync(BenchOptions options, Guid jobId)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        string rows;
        using (var export = await connection.BeginTextExportAsync($"COPY (SELECT * FROM work_units WHERE job_id = '{jobId}') TO STDOUT"))
        {
            rows = await export.ReadToEndAsync();
        }

        await World.ExecAsync(connection, "DROP TABLE IF EXISTS bench_copy_units; CREATE TABLE bench_copy_units (LIKE work_units INCLUDING ALL)");
        var clock = Stopwatch.StartNew();
        await using (var import = await connection.BeginTextImportAsync("COPY bench_copy_units FROM STDIN"))
        {
            await import.WriteAsync(rows);
        }

        var withoutForeignKey = clock.Elapsed.TotalSeconds;
        await World.ExecAsync(connection, "DROP TABLE bench_copy_units; CREATE TABLE bench_copy_units (LIKE work_units INCLUDING ALL, FOREIGN KEY (job_id) REFERENCES jobs (id))");
        var cpu = new Cpu(options.Database);
        clock.Restart();
        await using (var import = await connection.BeginTextImportAsync("COPY bench_copy_units FROM STDIN"))
        {
            await import.WriteAsync(rows);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var use = await cpu.StopAsync();
        await World.ExecAsync(connection, "DROP TABLE bench_copy_units");
        return (seconds, withoutForeignKey, use);
    }

    private static async Task<double> CopyCsvAsync(BenchOptions options, List<byte[]> files)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await World.ExecAsync(connection, "DROP TABLE IF EXISTS bench_copy_csv; CREATE TABLE bench_copy_csv (number text, name text, phone text, address text)");
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            await using var import = await connection.BeginTextImportAsync("COPY bench_copy_csv FROM STDIN (FORMAT csv, HEADER true)");
            await import.WriteAsync(Encoding.UTF8.GetString(file));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await World.ExecAsync(connection, "DROP TABLE bench_copy_csv");
        return seconds;
    }
}
