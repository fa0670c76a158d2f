using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Outdial.Csv;
using Outdial.Hosting;
using Outdial.Persistence;

namespace Outdial.Contacts;

/// <summary>Configuration section <c>Imports</c>.</summary>
public sealed class ImportOptionsConfig
{
    public const string Section = "Imports";

    /// <summary>The largest CSV file that can be uploaded (default 1 GB).</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;
}

/// <summary>What a person sees of an uploaded file before choosing the mapping.</summary>
public sealed record ImportAnalysis(
    string Encoding,
    char Delimiter,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ImportTarget> Suggestions,
    IReadOnlyList<IReadOnlyList<string>> Preview,
    long EstimatedRows);

/// <summary>One uploaded file and its import: analysis, then progress, then the result.</summary>
public sealed class ImportJob(Guid id, string fileName, string path, long size, ImportAnalysis analysis, Guid? ownerId)
{
    private readonly Stopwatch _watch = new();

    /// <summary>Time spent importing before this object existed (a job read back from the database).</summary>
    private TimeSpan _elapsedEarlier;

    public Guid Id { get; } = id;

    public string FileName { get; } = fileName;

    public string Path { get; } = path;

    public long Size { get; } = size;

    public ImportAnalysis Analysis { get; } = analysis;

    public Guid? OwnerId { get; } = ownerId;

    public ImportJobState State { get; internal set; } = ImportJobState.Analysed;

    public ImportProgress Progress { get; internal set; } = new(0, 0, 0, 0, 0);

    public ImportResult? Result { get; internal set; }

    public string? FailureReason { get; internal set; }

    internal CancellationTokenSource Cancellation { get; } = new();

    internal void Started() => _watch.Start();

    internal void Stopped() => _watch.Stop();

    /// <summary>Rows per second so far.</summary>
    public double Rate => Elapsed.TotalSeconds > 0 ? Progress.Rows / Elapsed.TotalSeconds : 0;

    /// <summary>An estimate from the rate and the estimated row count; null until there is a rate.</summary>
    public TimeSpan? TimeLeft => Rate > 0 && State == ImportJobState.Running
        ? TimeSpan.FromSeconds(Math.Max(0, Analysis.EstimatedRows - Progress.Rows) / Rate)
        : null;

    private TimeSpan Elapsed => _elapsedEarlier + _watch.Elapsed;

    /// <summary>The job as the database kept it, e.g. after a restart.</summary>
    internal static ImportJob From(ContactImportJob record, string path, ImportAnalysis analysis, IReadOnlyList<ImportError> errors, IReadOnlyList<ImportError> warnings)
    {
        var progress = new ImportProgress(record.Rows, record.Created, record.Updated, record.Skipped, record.Failed, record.InvalidPhones);
        return new ImportJob(record.Id, record.FileName, path, record.Size, analysis, record.OwnerId)
        {
            State = record.State,
            Progress = progress,
            Result = record.State == ImportJobState.Completed
                ? new ImportResult(progress.Rows, progress.Created, progress.Updated, progress.Skipped, progress.Failed, errors, progress.InvalidPhones, warnings)
                : null,
            FailureReason = record.FailureReason,
            _elapsedEarlier = record.StartedAt is { } started ? (record.FinishedAt ?? started) - started : TimeSpan.Zero,
        };
    }
}

/// <summary>
/// Uploads are streamed to a file under the data folder, analysed, and imported in the
/// background with progress; they can be cancelled. Every job is kept in the database (analysis,
/// progress at most a second old, outcome and error report), so it can be followed after a
/// restart; an import that was running when the server stopped is then reported as failed, and
/// stops where its last committed batch ended (each batch is a transaction).
/// </summary>
public sealed class ImportJobs(
    ContactImport import,
    ContactFields fields,
    IDbContextFactory<OutdialDbContext> databases,
    TimeProvider clock,
    IConfiguration configuration,
    IOptions<ImportOptionsConfig> options,
    ILogger<ImportJobs> logger)
{
    /// <summary>How often a running import's counts are saved.</summary>
    public static readonly TimeSpan ProgressSaveInterval = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Jobs of this process that can still change (analysed or running); the rest are read from the database.</summary>
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    private string Folder => System.IO.Path.Combine(OutdialConfiguration.DataFolder(configuration), "imports");

    public async Task<ImportJob> UploadAsync(Stream upload, string fileName, Guid? ownerId, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var id = Guid.NewGuid();
        var path = PathOf(id);
        long size;
        await using (var file = File.Create(path))
        {
            var buffer = new byte[81920];
            size = 0;
            int read;
            while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > MaxUploadBytes)
                {
                    file.Close();
                    File.Delete(path);
                    throw new InvalidInputProblem("file", $"The file is larger than {MaxUploadBytes / 1024.0 / 1024.0:N1} MB. Split it, or ask an administrator to raise Imports:MaxUploadBytes.");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        try
        {
            var analysis = await AnalyseAsync(path, size, cancellationToken);
            var job = new ImportJob(id, System.IO.Path.GetFileName(fileName), path, size, analysis, ownerId);
            await using (var db = await databases.CreateDbContextAsync(cancellationToken))
            {
                db.ContactImports.Add(new ContactImportJob(id, job.FileName, size, ownerId, JsonSerializer.Serialize(analysis, Json), clock.GetUtcNow()));
                await db.SaveChangesAsync(cancellationToken);
            }

            _jobs[id] = job;
            return job;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public async Task<ImportJob> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (_jobs.TryGetValue(id, out var live))
        {
            return live;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var record = await db.ContactImports.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken)
            ?? throw new NotFoundProblem($"No import has the id {id}. Upload the file again.");
        var job = ImportJob.From(record, PathOf(id), JsonSerializer.Deserialize<ImportAnalysis>(record.Analysis, Json)!, Lines(record.Errors), Lines(record.Warnings));

        // An upload analysed before a restart can still be started; one object per job, so that
        // two requests cannot both start it.
        return job.State == ImportJobState.Analysed ? _jobs.GetOrAdd(id, job) : job;
    }

    /// <summary>Starts the import in the background with the chosen mapping.</summary>
    public async Task<ImportJob> StartAsync(Guid id, IReadOnlyList<ImportTarget> columns, DuplicateMatch match, OnDuplicate onDuplicate, Actor actor, CancellationToken cancellationToken = default)
    {
        var job = await GetAsync(id, cancellationToken);
        lock (job)
        {
            if (job.State != ImportJobState.Analysed)
            {
                throw new ConflictProblem($"This import is already {job.State.ToString().ToLowerInvariant()}. Upload the file again to import it once more.");
            }

            if (columns.Count != job.Analysis.Columns.Count)
            {
                throw new InvalidInputProblem("mapping", $"""Map each of the file's {job.Analysis.Columns.Count} columns (use "ignore" for those you do not want).""");
            }

            if (!File.Exists(job.Path))
            {
                throw new ConflictProblem("The uploaded file is no longer on the server. Upload it again.");
            }

            job.State = ImportJobState.Running;
        }

        try
        {
            await SaveAsync(id, record => record.Start(clock.GetUtcNow()), cancellationToken);
        }
        catch
        {
            job.State = ImportJobState.Analysed;
            throw;
        }

        job.Started();
        _ = Task.Run(() => RunAsync(job, new ImportOptions(columns, match, onDuplicate), actor), CancellationToken.None);
        return job;
    }

    public async Task<ImportJob> CancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var job = await GetAsync(id, cancellationToken);
        bool discard;
        lock (job)
        {
            // A running import stops, rolls back the batch it was writing and records itself as cancelled.
            if (job.State == ImportJobState.Running)
            {
                job.Cancellation.Cancel();
            }

            discard = job.State == ImportJobState.Analysed;
            if (discard)
            {
                job.State = ImportJobState.Cancelled;
            }
        }

        if (discard)
        {
            File.Delete(job.Path);
            await SaveAsync(id, record => record.Finish(ImportJobState.Cancelled, null, null, null, clock.GetUtcNow()), cancellationToken);
            _jobs.TryRemove(id, out _);
        }

        return job;
    }

    /// <summary>
    /// Marks imports that were running when the server last stopped as failed, with the reason, and
    /// removes their uploaded files. Runs at start-up, before any import of this process begins.
    /// </summary>
    public async Task MarkInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var interrupted = await db.ContactImports.Where(j => j.State == ImportJobState.Running).ToListAsync(cancellationToken);
        foreach (var record in interrupted)
        {
            record.Interrupt(clock.GetUtcNow());
            File.Delete(PathOf(record.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static List<ImportError> Lines(string? json) => json is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(json, Json)!;

    /// <summary>
    /// The report as CSV, in row order: row, column, value, reason, and whether the row was
    /// imported — "no" for a rejected row, "yes" for an imported row with a phone kept as invalid.
    /// </summary>
    public static async Task WriteErrorsAsync(ImportJob job, TextWriter output)
    {
        var writer = new CsvWriter(output);
        await writer.WriteRowAsync(["row", "column", "value", "reason", "imported"]);
        var lines = (job.Result?.Errors ?? []).Select(e => (Line: e, Imported: "no"))
            .Concat((job.Result?.Warnings ?? []).Select(w => (Line: w, Imported: "yes")))
            .OrderBy(l => l.Line.Row);
        foreach (var (line, imported) in lines)
        {
            await writer.WriteRowAsync([line.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Column, line.Value, line.Message, imported]);
        }

        await output.FlushAsync();
    }

    private static void Report(ContactImportJob record, ImportProgress progress) =>
        record.Report(progress.Rows, progress.Created, progress.Updated, progress.Skipped, progress.Failed, progress.InvalidPhones);

    private string PathOf(Guid id) => System.IO.Path.Combine(Folder, id + ".csv");

    private async Task SaveAsync(Guid id, Action<ContactImportJob> change, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var record = await db.ContactImports.SingleAsync(j => j.Id == id, cancellationToken);
        change(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RunAsync(ImportJob job, ImportOptions importOptions, Actor actor)
    {
        ImportResult? result = null;
        ImportJobState outcome;
        string? failureReason = null;
        using var saving = new CancellationTokenSource();
        var progressSaved = SaveProgressAsync(job, saving.Token);
        try
        {
            await using var stream = File.OpenRead(job.Path);
            using var reader = new StreamReader(stream, Encoding.GetEncoding(job.Analysis.Encoding), detectEncodingFromByteOrderMarks: true);
            using var table = CsvTable.Open(reader, separator: job.Analysis.Delimiter);
            result = await import.RunAsync(table, importOptions, actor, new JobProgress(job), job.Cancellation.Token);
            outcome = ImportJobState.Completed;
        }
        catch (OperationCanceledException)
        {
            outcome = ImportJobState.Cancelled;
        }
        catch (Exception exception)
        {
            failureReason = exception is OutdialProblem ? exception.Message : "The import stopped because of an unexpected error; the batches written so far are complete. See the server log.";
            outcome = ImportJobState.Failed;
            ContactsLog.ImportFailed(logger, exception, job.Id);
        }
        finally
        {
            job.Stopped();
            File.Delete(job.Path);
            await saving.CancelAsync();
            await progressSaved;
        }

        var progress = result?.Progress ?? job.Progress;
        var saved = false;
        try
        {
            await SaveAsync(job.Id, record =>
            {
                Report(record, progress);
                record.Finish(
                    outcome, failureReason, result is null ? null : JsonSerializer.Serialize(result.Errors, Json),
                    result?.Warnings is null ? null : JsonSerializer.Serialize(result.Warnings, Json), clock.GetUtcNow());
            }, CancellationToken.None);
            saved = true;
        }
        catch (Exception exception)
        {
            // The job stays in memory, so this process still reports it as it ended.
            ContactsLog.ImportNotSaved(logger, exception, job.Id);
        }

        // The outcome shows only once it is saved: whoever sees it can rely on a restart keeping it.
        (job.Result, job.Progress, job.FailureReason, job.State) = (result, progress, failureReason, outcome);
        if (saved)
        {
            _jobs.TryRemove(job.Id, out _);
        }
    }

    /// <summary>Saves the counts of a running import once a second while they change.</summary>
    private async Task SaveProgressAsync(ImportJob job, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ProgressSaveInterval, clock);
        var saved = job.Progress;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var progress = job.Progress;
                if (progress != saved)
                {
                    await SaveAsync(job.Id, record => Report(record, progress), stop);
                    saved = progress;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The import ended; its final state is saved next.
        }
        catch (Exception exception)
        {
            // Progress is a convenience; the final state is saved once more when the import ends.
            ContactsLog.ImportNotSaved(logger, exception, job.Id);
        }
    }

    /// <summary>Reports synchronously, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class JobProgress(ImportJob job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => job.Progress = value;
    }

    private async Task<ImportAnalysis> AnalyseAsync(string path, long size, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var encoding = CsvEncoding.Detect(stream);
        var sample = new byte[Math.Min(size, 1 << 20)];
        stream.ReadExactly(sample);
        stream.Position = 0;
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        using var table = CsvTable.Open(reader);
        if (table.Header.Any(h => h.Contains('\0')))
        {
            throw new InvalidInputProblem("file", "This is not a text file. Export the contacts as CSV from your spreadsheet or CRM.");
        }

        var preview = table.Rows().Take(20).Select(r => (IReadOnlyList<string>)[.. r.Cells]).ToList();
        var text = encoding.GetString(sample);
        var lines = Math.Max(1, text.Count(c => c == '\n'));
        var estimatedRows = sample.Length >= size ? preview.Count + Math.Max(0, lines - 21) : (long)(size / ((double)sample.Length / lines)) - 1;
        var customFields = (await fields.ListAsync(cancellationToken)).ToDictionary(f => f.Key, f => f.Type);
        return new ImportAnalysis(
            encoding.WebName,
            DetectDelimiter(text),
            table.Header,
            [.. table.Header.Select(h => ImportTarget.Suggest(h, customFields))],
            preview,
            Math.Max(estimatedRows, preview.Count));
    }

    /// <summary>The delimiter that the header row uses most (the same rule the reader applies).</summary>
    private static char DetectDelimiter(string text)
    {
        var header = text.Split('\n', 2)[0];
        return new[] { ',', ';', '\t', '|' }.MaxBy(c => header.Count(h => h == c));
    }
}

internal static partial class ContactsLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Import {ImportId} failed")]
    public static partial void ImportFailed(ILogger logger, Exception exception, Guid importId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The state of import {ImportId} could not be saved")]
    public static partial void ImportNotSaved(ILogger logger, Exception exception, Guid importId);
}
