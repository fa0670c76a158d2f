using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Outdial.Csv;
using Outdial.Hosting;

namespace Outdial.Contacts;

/// <summary>Configuration section <c>Imports</c>.</summary>
public sealed class ImportOptionsConfig
{
    public const string Section = "Imports";

    /// <summary>The largest CSV file that can be uploaded (default 1 GB).</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;
}

public enum ImportJobState
{
    Analysed,
    Running,
    Completed,
    Failed,
    Cancelled,
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
    public double Rate => _watch.Elapsed.TotalSeconds > 0 ? Progress.Rows / _watch.Elapsed.TotalSeconds : 0;

    /// <summary>An estimate from the rate and the estimated row count; null until there is a rate.</summary>
    public TimeSpan? TimeLeft => Rate > 0 && State == ImportJobState.Running
        ? TimeSpan.FromSeconds(Math.Max(0, Analysis.EstimatedRows - Progress.Rows) / Rate)
        : null;
}

/// <summary>
/// Uploads are streamed to a file under the data folder, analysed, and imported in the
/// background with progress; they can be cancelled. Jobs live in memory: after a restart an
/// unfinished import stops where its last committed batch ended (each batch is a transaction).
/// </summary>
public sealed class ImportJobs(ContactImport import, ContactFields fields, IConfiguration configuration, IOptions<ImportOptionsConfig> options, ILogger<ImportJobs> logger)
{
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<ImportJob> UploadAsync(Stream upload, string fileName, Guid? ownerId, CancellationToken cancellationToken = default)
    {
        var folder = System.IO.Path.Combine(OutdialConfiguration.DataFolder(configuration), "imports");
        Directory.CreateDirectory(folder);
        var id = Guid.NewGuid();
        var path = System.IO.Path.Combine(folder, id + ".csv");
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
            _jobs[id] = job;
            return job;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public ImportJob Get(Guid id) =>
        _jobs.TryGetValue(id, out var job) ? job : throw new NotFoundProblem($"No import has the id {id}. Imports are kept until the server restarts; upload the file again.");

    /// <summary>Starts the import in the background with the chosen mapping.</summary>
    public ImportJob Start(Guid id, IReadOnlyList<ImportTarget> columns, DuplicateMatch match, OnDuplicate onDuplicate, Actor actor)
    {
        var job = Get(id);
        if (job.State != ImportJobState.Analysed)
        {
            throw new ConflictProblem($"This import is already {job.State.ToString().ToLowerInvariant()}. Upload the file again to import it once more.");
        }

        if (columns.Count != job.Analysis.Columns.Count)
        {
            throw new InvalidInputProblem("mapping", $"""Map each of the file's {job.Analysis.Columns.Count} columns (use "ignore" for those you do not want).""");
        }

        job.State = ImportJobState.Running;
        job.Started();
        _ = Task.Run(() => RunAsync(job, new ImportOptions(columns, match, onDuplicate), actor));
        return job;
    }

    public ImportJob Cancel(Guid id)
    {
        var job = Get(id);
        if (job.State is ImportJobState.Running or ImportJobState.Analysed)
        {
            job.Cancellation.Cancel();
            if (job.State == ImportJobState.Analysed)
            {
                job.State = ImportJobState.Cancelled;
                File.Delete(job.Path);
            }
        }

        return job;
    }

    /// <summary>The error report as CSV: row, column, value, reason.</summary>
    public static async Task WriteErrorsAsync(ImportJob job, TextWriter output)
    {
        var writer = new CsvWriter(output);
        await writer.WriteRowAsync(["row", "column", "value", "reason"]);
        foreach (var error in job.Result?.Errors ?? [])
        {
            await writer.WriteRowAsync([error.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Column, error.Value, error.Message]);
        }

        await output.FlushAsync();
    }

    private async Task RunAsync(ImportJob job, ImportOptions importOptions, Actor actor)
    {
        try
        {
            await using var stream = File.OpenRead(job.Path);
            using var reader = new StreamReader(stream, Encoding.GetEncoding(job.Analysis.Encoding), detectEncodingFromByteOrderMarks: true);
            using var table = CsvTable.Open(reader, separator: job.Analysis.Delimiter);
            var progress = new Progress<ImportProgress>(p => job.Progress = p);
            job.Result = await import.RunAsync(table, importOptions, actor, progress, job.Cancellation.Token);
            job.Progress = new ImportProgress(job.Result.Rows, job.Result.Created, job.Result.Updated, job.Result.Skipped, job.Result.Failed);
            job.State = ImportJobState.Completed;
        }
        catch (OperationCanceledException)
        {
            job.State = ImportJobState.Cancelled;
        }
        catch (Exception exception)
        {
            job.FailureReason = exception is OutdialProblem ? exception.Message : "The import stopped because of an unexpected error; the batches written so far are complete. See the server log.";
            job.State = ImportJobState.Failed;
            ContactsLog.ImportFailed(logger, exception, job.Id);
        }
        finally
        {
            job.Stopped();
            File.Delete(job.Path);
        }
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
        var customKeys = (await fields.ListAsync(cancellationToken)).Select(f => f.Key).ToList();
        return new ImportAnalysis(
            encoding.WebName,
            DetectDelimiter(text),
            table.Header,
            [.. table.Header.Select(h => ImportTarget.Suggest(h, customKeys))],
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
}
