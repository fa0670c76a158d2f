using System.CommandLine;
using Outdial.Contacts;
using Outdial.Csv;


namespace Outdial.Cli;

internal static class ContactsCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--output") { Description = "File to write; standard output when omitted." };
        var search = new Option<string?>("--search") { Description = "Only contacts whose name, company, e-mail or phone matches." };
        var filterId = new Option<Guid?>("--filter-id") { Description = "Only contacts matching this saved filter." };
        var export = new Command("export", "Write contacts as CSV (UTF-8; formula-like cells neutralised).") { output, search, filterId };
        export.SetAction(async (parsed, cancellationToken) =>
        {
            await using var tools = await OfflineServices.StartAsync(parsed, cancellationToken);
            try
            {
                var filter = parsed.GetValue(filterId) is { } id ? await tools.Get<SavedFilters>().ResolveAsync(id, cancellationToken) : null;
                var file = parsed.GetValue(output);
                await using var stream = file is null ? Console.OpenStandardOutput() : file.Create();
                await using var writer = new StreamWriter(stream, CsvWriter.Encoding);
                await tools.Get<ContactExport>().WriteAsync(writer, parsed.GetValue(search), filter, cancellationToken);
                return 0;
            }
            catch (OutdialProblem problem)
            {
                await Console.Error.WriteLineAsync(problem.Message);
                return 2;
            }
        });

        return new Command("contacts", "Work with the contact directory.") { export, ImportCommand() };
    }

    private static Command ImportCommand()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The CSV file to import." };
        var map = new Option<string[]>("--map") { Description = "\"CSV header=field\" (repeatable). Fields: firstName, lastName, displayName, company, email, phone, phone:LABEL, externalId, timeZone, custom:KEY, custom:KEY:TYPE, ignore.", AllowMultipleArgumentsPerToken = false };
        var autoMap = new Option<bool>("--auto-map") { Description = "Map the remaining columns from their headers (Phone, Telefon, E-mail, Jméno, …)." };
        var dedupe = new Option<DuplicateMatch>("--dedupe") { Description = "How duplicates are recognised.", DefaultValueFactory = _ => DuplicateMatch.Phone };
        var onDuplicate = new Option<OnDuplicate>("--on-duplicate") { Description = "What happens to a duplicate.", DefaultValueFactory = _ => OnDuplicate.Update };
        var delimiter = new Option<string>("--delimiter") { Description = "auto, ',', ';', tab or '|'.", DefaultValueFactory = _ => "auto" };
        var encoding = new Option<string>("--encoding") { Description = "auto, utf-8, utf-16, windows-1250, windows-1252, …", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the counts and the first 1,000 errors." };
        var import = new Command("import", "Import contacts from a CSV file; rows that cannot be imported are listed with the reason.") { file, map, autoMap, dedupe, onDuplicate, delimiter, encoding, json };
        import.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(file);
            try
            {
                await using var tools = await OfflineServices.StartAsync(parsed, cancellationToken);
                await using var stream = path.OpenRead();
                var textEncoding = parsed.GetValue(encoding) is { } name && name != "auto" ? CsvEncoding.Named(name) : CsvEncoding.Detect(stream);
                using var reader = new StreamReader(stream, textEncoding, detectEncodingFromByteOrderMarks: true);
                using var table = CsvTable.Open(reader, separator: Separator(parsed.GetValue(delimiter)));
                if (table.Header.Any(h => h.Contains('\0')))
                {
                    throw new InvalidInputProblem("file", "This is not a text file. Export the contacts as CSV from your spreadsheet or CRM.");
                }

                var customFields = (await tools.Get<ContactFields>().ListAsync(cancellationToken)).ToDictionary(f => f.Key, f => f.Type);
                var columns = Columns(table.Header, parsed.GetValue(map) ?? [], parsed.GetValue(autoMap), customFields);
                var options = new ImportOptions(columns, parsed.GetValue(dedupe), parsed.GetValue(onDuplicate));
                var progress = new Progress<ImportProgress>(p =>
                {
                    if (!parsed.GetValue(json) && !Console.IsErrorRedirected)
                    {
                        Console.Error.Write($"\r{p.Rows:N0} rows: {p.Created:N0} created, {p.Updated:N0} updated, {p.Skipped:N0} skipped, {p.Failed:N0} failed");
                    }
                });
                var result = await tools.Get<ContactImport>().RunAsync(table, options, new Actor(null, "outdial contacts import"), progress, cancellationToken);
                if (parsed.GetValue(json))
                {
                    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
                    {
                        rows = result.Rows, created = result.Created, updated = result.Updated, skipped = result.Skipped, failed = result.Failed,
                        invalidPhones = result.InvalidPhones,
                        errors = result.Errors.Select(e => new { row = e.Row, column = e.Column, message = e.Message }),
                        warnings = (result.Warnings ?? []).Select(w => new { row = w.Row, column = w.Column, message = w.Message }),
                    }));
                }
                else
                {
                    Console.Error.WriteLine();
                    Console.WriteLine($"{result.Rows:N0} rows: {result.Created:N0} created, {result.Updated:N0} updated, {result.Skipped:N0} skipped, {result.Failed:N0} failed.");
                    foreach (var error in result.Errors)
                    {
                        Console.WriteLine($"  row {error.Row}, {error.Column}: {error.Message}");
                    }

                    if (result.InvalidPhones > 0)
                    {
                        Console.WriteLine($"{result.InvalidPhones:N0} phones of imported rows are not valid numbers; they are kept but will not be dialled:");
                        foreach (var warning in result.Warnings ?? [])
                        {
                            Console.WriteLine($"  row {warning.Row}, {warning.Column}: {warning.Message}");
                        }
                    }
                }

                return 0;
            }
            catch (Exception exception) when (exception is OutdialProblem or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Cannot import {path.Name}: {exception.Message}");
                return 1;
            }
        });
        return import;
    }

    private static char? Separator(string? text) => text switch
    {
        null or "" or "auto" => null,
        "tab" or "\\t" => '\t',
        { Length: 1 } single when ",;|\t".Contains(single[0]) => single[0],
        _ => throw new InvalidInputProblem("delimiter", $"'{text}' is not a delimiter; use auto, ',', ';', tab or '|'."),
    };

    private static List<ImportTarget> Columns(IReadOnlyList<string> header, string[] maps, bool autoMap, IReadOnlyDictionary<string, ContactFieldType> customFields)
    {
        var explicitMaps = new Dictionary<string, ImportTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var map in maps)
        {
            var split = map.LastIndexOf('=');
            if (split <= 0)
            {
                throw new InvalidInputProblem("map", $"'{map}' is not a mapping; write \"CSV header=field\", e.g. \"Telefon=phone:mobile\".");
            }

            var column = map[..split].Trim();
            if (!header.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidInputProblem("map", $"The file has no column '{column}'. Its columns are: {string.Join(", ", header)}.");
            }

            explicitMaps[column] = ImportTarget.Parse(map[(split + 1)..]);
        }

        return [.. header.Select(h => explicitMaps.TryGetValue(h, out var target) ? target : autoMap ? ImportTarget.Suggest(h, customFields) : ImportTarget.Ignore)];
    }
}
