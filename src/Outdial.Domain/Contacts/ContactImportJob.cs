namespace Outdial.Contacts;

public enum ImportJobState
{
    Analysed,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// One CSV import as the database keeps it: the uploaded file and what its analysis found, then
/// the progress and the outcome. It outlives the server process, so an import can still be
/// followed, and its error report downloaded, after a restart.
/// </summary>
public sealed class ContactImportJob
{
    public const int MaxFileNameLength = 255;
    public const int MaxFailureReasonLength = 2000;

    public const string InterruptedReason =
        "The server stopped while this import was running. The batches written before that are complete; the rest of the file was not imported. " +
        "Upload the file again to import the rest: with duplicates matched, the rows already imported update their contacts instead of adding new ones.";

    private ContactImportJob()
    {
    }

    /// <param name="analysis">What the upload's analysis found (encoding, delimiter, columns, suggestions, preview), as the import service writes it (JSON).</param>
    public ContactImportJob(Guid id, string fileName, long size, Guid? ownerId, string analysis, DateTimeOffset now)
    {
        Id = id;
        FileName = fileName.Length > MaxFileNameLength ? fileName[..MaxFileNameLength] : fileName;
        Size = size;
        OwnerId = ownerId;
        Analysis = analysis;
        State = ImportJobState.Analysed;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public string FileName { get; private set; } = "";

    /// <summary>Bytes.</summary>
    public long Size { get; private set; }

    public Guid? OwnerId { get; private set; }

    public string Analysis { get; private set; } = "";

    public ImportJobState State { get; private set; }

    public int Rows { get; private set; }

    public int Created { get; private set; }

    public int Updated { get; private set; }

    public int Skipped { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Phones of imported rows that are not valid numbers (kept, marked invalid).</summary>
    public int InvalidPhones { get; private set; }

    public string? FailureReason { get; private set; }

    /// <summary>The rejected rows (the first 1,000) as the import service writes them (JSON); set when the import ends.</summary>
    public string? Errors { get; private set; }

    /// <summary>The invalid phones of imported rows (the first 1,000), as the import service writes them (JSON); set when the import ends.</summary>
    public string? Warnings { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public void Start(DateTimeOffset now)
    {
        State = ImportJobState.Running;
        StartedAt = now;
    }

    /// <summary>The counts so far; they only grow while the import runs.</summary>
    public void Report(int rows, int created, int updated, int skipped, int failed, int invalidPhones)
    {
        (Rows, Created, Updated, Skipped, Failed, InvalidPhones) = (rows, created, updated, skipped, failed, invalidPhones);
    }

    /// <summary>Ends the import as completed, failed or cancelled.</summary>
    public void Finish(ImportJobState state, string? failureReason, string? errors, string? warnings, DateTimeOffset now)
    {
        if (state is ImportJobState.Analysed or ImportJobState.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "An import finishes as completed, failed or cancelled.");
        }

        State = state;
        FailureReason = failureReason is { Length: > MaxFailureReasonLength } ? failureReason[..MaxFailureReasonLength] : failureReason;
        Errors = errors;
        Warnings = warnings;
        FinishedAt = now;
    }

    /// <summary>An import that was running when the server stopped: it failed, and says why.</summary>
    public void Interrupt(DateTimeOffset now) => Finish(ImportJobState.Failed, InterruptedReason, Errors, Warnings, now);
}
