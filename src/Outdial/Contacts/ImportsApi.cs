using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Identity;

namespace Outdial.Contacts;

/// <summary><c>/api/v1/contacts/imports</c>: upload a CSV file, choose the mapping, follow the import.</summary>
public static class ImportsApi
{
    public sealed record ColumnResponse(string Header, string Suggestion);

    /// <param name="InvalidPhones">Phones of imported rows that are not valid numbers: kept as written, never dialled (listed in the report).</param>
    public sealed record ProgressResponse(int Rows, int Created, int Updated, int Skipped, int Failed, int InvalidPhones);

    public sealed record ImportResponse(
        Guid Id,
        string FileName,
        long Size,
        ImportJobState State,
        string Encoding,
        string Delimiter,
        IReadOnlyList<ColumnResponse> Columns,
        IReadOnlyList<IReadOnlyList<string>> Preview,
        long EstimatedRows,
        ProgressResponse Progress,
        double RowsPerSecond,
        double? SecondsLeft,
        string? FailureReason)
    {
        public static ImportResponse From(ImportJob job) => new(
            job.Id, job.FileName, job.Size, job.State, job.Analysis.Encoding, job.Analysis.Delimiter == '\t' ? "tab" : job.Analysis.Delimiter.ToString(),
            [.. job.Analysis.Columns.Zip(job.Analysis.Suggestions, (h, s) => new ColumnResponse(h, Describe(s)))],
            job.Analysis.Preview, job.Analysis.EstimatedRows,
            new ProgressResponse(job.Progress.Rows, job.Progress.Created, job.Progress.Updated, job.Progress.Skipped, job.Progress.Failed, job.Progress.InvalidPhones),
            Math.Round(job.Rate, 1), job.TimeLeft is { } left ? Math.Round(left.TotalSeconds) : null, job.FailureReason);
    }

    /// <summary>One field per column, in the file's order (see docs/contact-import.md), and what to do with duplicates.</summary>
    public sealed record StartRequest([property: Required] string[] Mapping, DuplicateMatch? Dedupe, OnDuplicate? OnDuplicate);

    public static string Describe(ImportTarget target) => target.Field switch
    {
        ImportField.Phone => "phone:" + target.PhoneLabel,
        ImportField.Custom => $"custom:{target.CustomKey}:{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(target.CustomType.ToString())}",
        _ => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(target.Field.ToString()),
    };

    public static void MapImportsApi(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/contacts/imports").WithTags("Contacts").RequirePermission(Permission.ManageContacts);
        imports.MapPost("/", UploadAsync).WithName("UploadContactImport")
            .WithSummary("Uploads a CSV file (multipart field 'file'); answers with the detected encoding and delimiter, the columns with suggested fields, the first 20 rows and an estimated row count.")
            .Accepts<IFormFile>("multipart/form-data");
        imports.MapPut("/{id:guid}", StartAsync).WithName("StartContactImport")
            .WithSummary("Starts the import with one field per column (firstName, phone:mobile, custom:KEY:TYPE, ignore, …) and the duplicate handling.");
        imports.MapGet("/{id:guid}", GetAsync).WithName("GetContactImport").WithSummary("State, progress (rows, rate, time left) and counts; kept in the database, so also after a restart.");
        imports.MapGet("/{id:guid}/errors.csv", ErrorsAsync).WithName("GetContactImportErrors").WithSummary("The rejected rows and the invalid phones of imported rows (the first 1,000 of each), in row order: row, column, value, reason, imported (no or yes).");
        imports.MapDelete("/{id:guid}", CancelAsync).WithName("CancelContactImport").WithSummary("Cancels the import; batches already written stay, each complete.");
    }

    private static async Task<Created<ImportResponse>> UploadAsync(HttpContext http, ImportJobs jobs, CancellationToken cancellationToken)
    {
        // Allow large files on this endpoint only (Kestrel and form reading cap bodies lower by default).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = jobs.MaxUploadBytes + 1024 * 1024;
        }

        if (!http.Request.HasFormContentType)
        {
            throw new InvalidInputProblem("file", "Send the CSV file as multipart/form-data in the field 'file'.");
        }

        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = jobs.MaxUploadBytes }));
        IFormFile? file;
        try
        {
            file = (await http.Request.ReadFormAsync(cancellationToken)).Files["file"];
        }
        catch (InvalidDataException exception) when (exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputProblem("file", $"The file is larger than {jobs.MaxUploadBytes / 1024.0 / 1024.0:N1} MB. Split it, or ask an administrator to raise Imports:MaxUploadBytes.");
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidInputProblem("file", $"The upload could not be read ({exception.Message}). Send the file as multipart/form-data in the field 'file'.");
        }

        if (file is null || file.Length == 0)
        {
            throw new InvalidInputProblem("file", "Attach a non-empty CSV file in the multipart field 'file'.");
        }

        await using var stream = file.OpenReadStream();
        var job = await jobs.UploadAsync(stream, file.FileName, http.User.UserId(), cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/contacts/imports/{job.Id}", ImportResponse.From(job));
    }

    private static async Task<Accepted<ImportResponse>> StartAsync(Guid id, StartRequest request, ImportJobs jobs, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var columns = request.Mapping.Select((field, i) =>
        {
            try
            {
                return ImportTarget.Parse(field);
            }
            catch (InvalidInputProblem problem)
            {
                throw new InvalidInputProblem($"mapping[{i}]", problem.Message);
            }
        }).ToList();
        var job = await jobs.StartAsync(id, columns, request.Dedupe ?? DuplicateMatch.Phone, request.OnDuplicate ?? OnDuplicate.Update, ContactsApi.ActorOf(principal), cancellationToken);
        return TypedResults.Accepted($"{ApiConventions.Prefix}/contacts/imports/{id}", ImportResponse.From(job));
    }

    private static async Task<Ok<ImportResponse>> GetAsync(Guid id, ImportJobs jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(ImportResponse.From(await jobs.GetAsync(id, cancellationToken)));

    private static async Task<Ok<ImportResponse>> CancelAsync(Guid id, ImportJobs jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(ImportResponse.From(await jobs.CancelAsync(id, cancellationToken)));

    /// <summary>Streams the error report; shared by the API and the UI's download link.</summary>
    public static async Task ErrorsAsync(Guid id, HttpContext http, ImportJobs jobs)
    {
        var job = await jobs.GetAsync(id, http.RequestAborted);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"import-errors-{Path.GetFileNameWithoutExtension(job.FileName)}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, Csv.CsvWriter.Encoding);
        await ImportJobs.WriteErrorsAsync(job, writer);
    }
}
