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

        return new Command("contacts", "Work with the contact directory.") { export };
    }
}
