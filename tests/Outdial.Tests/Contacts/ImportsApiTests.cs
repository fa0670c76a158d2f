using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

public sealed class ImportsApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Upload(byte[] file, string name = "people.csv") =>
        new() { { new ByteArrayContent(file), "file", name } };

    private static async Task<ImportsApi.ImportResponse> WaitAsync(HttpClient client, Guid id)
    {
        for (var i = 0; i < 300; i++)
        {
            var job = await client.GetFromJsonAsync<ImportsApi.ImportResponse>($"/api/v1/contacts/imports/{id}", JsonDefaults.Options, Cancel);
            if (job!.State is not (ImportJobState.Running or ImportJobState.Analysed))
            {
                return job;
            }

            await Task.Delay(50, Cancel);
        }

        throw new TimeoutException("The import did not finish.");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Upload_analyse_map_import_and_download_the_error_report(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        var csv = CsvEncodingOf("Jméno;Příjmení;Mobil;Poznámka\nJana;Dvořáková;777 123 456;VIP\nPetr;Černý;00420 602 111 222;\nChybný;Řádek;777 000 111;x;y\nŠpatné;Číslo;12;\n");

        using var uploaded = await client.PostAsync("/api/v1/contacts/imports", Upload(csv), Cancel);
        var analysis = await OutdialApp.ReadAsync<ImportsApi.ImportResponse>(uploaded);

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal("windows-1250", analysis.Encoding);
        Assert.Equal(";", analysis.Delimiter);
        Assert.Equal(["firstName", "lastName", "phone:mobile", "ignore"], analysis.Columns.Select(c => c.Suggestion));
        Assert.Equal("Dvořáková", analysis.Preview[0][1]);
        Assert.Equal(4, analysis.EstimatedRows);

        using var started = await client.PutAsJsonAsync($"/api/v1/contacts/imports/{analysis.Id}",
            new { mapping = new[] { "firstName", "lastName", "phone:mobile", "custom:note" }, dedupe = "phone", onDuplicate = "update" }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var done = await WaitAsync(client, analysis.Id);

        Assert.Equal(ImportJobState.Completed, done.State);
        // Row 4 has a cell too many; row 5 is imported, its phone kept as written but marked invalid.
        Assert.Equal((4, 3, 1, 1), (done.Progress.Rows, done.Progress.Created, done.Progress.Failed, done.Progress.InvalidPhones));
        var report = (await client.GetStringAsync($"/api/v1/contacts/imports/{analysis.Id}/errors.csv", Cancel)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,value,reason,imported", report[0].TrimEnd('\r'));
        Assert.StartsWith("4,Poznámka,", report[1]);
        Assert.EndsWith(",no", report[1].TrimEnd('\r'));
        Assert.StartsWith("5,Mobil,12,\"'12' is not a valid phone number", report[2]);
        Assert.EndsWith(",yes", report[2].TrimEnd('\r'));
        Assert.Equal(3, report.Length);

        using var again = await client.PutAsJsonAsync($"/api/v1/contacts/imports/{analysis.Id}", new { mapping = new[] { "firstName", "lastName", "phone", "ignore" } }, Cancel);
        Assert.Equal(409, (await Problem.ReadAsync(again)).Status);
    }

    [Fact]
    public async Task An_existing_custom_field_is_suggested_with_its_own_type()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        using var field = await client.PostAsJsonAsync("/api/v1/contact-fields", new { key = "score", label = "Score", type = "number" }, Cancel);
        field.EnsureSuccessStatusCode();

        using var uploaded = await client.PostAsync("/api/v1/contacts/imports", Upload(Encoding.UTF8.GetBytes("Name,Score,Unknown\nJana,7,x\n")), Cancel);
        var analysis = await OutdialApp.ReadAsync<ImportsApi.ImportResponse>(uploaded);

        Assert.Equal(["displayName", "custom:score:number", "ignore"], analysis.Columns.Select(c => c.Suggestion));
    }

    [Fact]
    public async Task A_mapping_that_does_not_fit_the_file_is_a_400_naming_it()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        using var uploaded = await client.PostAsync("/api/v1/contacts/imports", Upload(Encoding.UTF8.GetBytes("a,b\n1,2\n")), Cancel);
        var analysis = await OutdialApp.ReadAsync<ImportsApi.ImportResponse>(uploaded);

        using var wrongCount = await client.PutAsJsonAsync($"/api/v1/contacts/imports/{analysis.Id}", new { mapping = new[] { "firstName" } }, Cancel);
        using var unknownField = await client.PutAsJsonAsync($"/api/v1/contacts/imports/{analysis.Id}", new { mapping = new[] { "firstName", "shoeSize" } }, Cancel);

        Assert.Contains("mapping", (await Problem.ReadAsync(wrongCount)).Errors!.Keys);
        Assert.Contains("mapping[1]", (await Problem.ReadAsync(unknownField)).Errors!.Keys);
    }

    [Fact]
    public async Task Empty_binary_and_oversized_uploads_are_refused_with_a_reason()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres, new Dictionary<string, string?> { ["Imports:MaxUploadBytes"] = "1000" });
        var client = await app.AdministratorClientAsync();

        using var empty = await client.PostAsync("/api/v1/contacts/imports", Upload([]), Cancel);
        using var binary = await client.PostAsync("/api/v1/contacts/imports", Upload([0, 1, 2, 0, 255, 0, 10, 0]), Cancel);
        using var large = await client.PostAsync("/api/v1/contacts/imports", Upload(Encoding.UTF8.GetBytes("name\n" + new string('x', 5000))), Cancel);

        Assert.Contains("file", (await Problem.ReadAsync(empty)).Errors!.Keys);
        Assert.Contains("not a text file", (await Problem.ReadAsync(binary)).Detail);
        Assert.Contains("larger than", (await Problem.ReadAsync(large)).Detail);
    }

    [Fact]
    public async Task An_unknown_import_is_a_404_and_cancelling_an_analysed_one_discards_it()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        Assert.Equal(404, (await Problem.ReadAsync(await client.GetAsync($"/api/v1/contacts/imports/{Guid.NewGuid()}", Cancel))).Status);

        using var uploaded = await client.PostAsync("/api/v1/contacts/imports", Upload(Encoding.UTF8.GetBytes("a\n1\n")), Cancel);
        var analysis = await OutdialApp.ReadAsync<ImportsApi.ImportResponse>(uploaded);
        using var cancelled = await client.DeleteAsync($"/api/v1/contacts/imports/{analysis.Id}", Cancel);

        Assert.Equal(ImportJobState.Cancelled, (await OutdialApp.ReadAsync<ImportsApi.ImportResponse>(cancelled)).State);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_finished_import_is_found_after_a_restart_with_its_counts_and_error_report(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        Guid id;
        ImportsApi.ImportResponse finished;
        await using (var app = new OutdialApp(database))
        {
            var client = await app.AdministratorClientAsync();
            id = await UploadAsync(client, "First name,Phone,E-mail\nJana,777123456,jana@example.com\nBad,777123457,not-an-email\n");
            using var started = await client.PutAsJsonAsync($"/api/v1/contacts/imports/{id}", new { mapping = new[] { "firstName", "phone", "email" } }, Cancel);
            finished = await WaitAsync(client, id);
        }

        await using var restarted = new OutdialApp(database, ownsDatabase: true);
        var again = await restarted.AdministratorClientAsync();
        var found = await again.GetFromJsonAsync<ImportsApi.ImportResponse>($"/api/v1/contacts/imports/{id}", JsonDefaults.Options, Cancel);

        Assert.Equal(ImportJobState.Completed, finished.State);
        Assert.Equal((ImportJobState.Completed, 2, 1, 1), (found!.State, found.Progress.Rows, found.Progress.Created, found.Progress.Failed));
        Assert.Equal((finished.FileName, finished.Encoding, finished.Delimiter, finished.EstimatedRows), (found.FileName, found.Encoding, found.Delimiter, found.EstimatedRows));
        Assert.Equal(finished.Columns, found.Columns);
        Assert.Equal(finished.Preview.Select(row => string.Join('|', row)), found.Preview.Select(row => string.Join('|', row)));
        var report = await again.GetStringAsync($"/api/v1/contacts/imports/{id}/errors.csv", Cancel);
        Assert.Contains("3,E-mail,not-an-email", report);
    }

    [Fact]
    public async Task An_import_that_was_running_when_the_server_stopped_is_reported_as_failed_after_a_restart()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, postgres);
        Guid id;
        await using (var app = new OutdialApp(database))
        {
            id = await UploadAsync(await app.AdministratorClientAsync(), "First name,Phone\nJana,777123456\n");
        }

        // What a server that died part-way leaves behind: the job saved as running, with the counts
        // of its committed batches, and the uploaded file.
        await using (var db = database.CreateContext())
        {
            var record = await db.ContactImports.SingleAsync(j => j.Id == id, Cancel);
            record.Start(DateTimeOffset.UtcNow.AddMinutes(-1));
            record.Report(5000, 4990, 0, 0, 10, 3);
            await db.SaveChangesAsync(Cancel);
        }

        var upload = Path.Combine(database.DataFolder, "imports", $"{id}.csv");
        Assert.True(File.Exists(upload));

        await using var restarted = new OutdialApp(database, ownsDatabase: true);
        var found = await (await restarted.AdministratorClientAsync()).GetFromJsonAsync<ImportsApi.ImportResponse>($"/api/v1/contacts/imports/{id}", JsonDefaults.Options, Cancel);

        Assert.Equal((ImportJobState.Failed, ContactImportJob.InterruptedReason), (found!.State, found.FailureReason));
        Assert.Equal((5000, 4990, 10, 3), (found.Progress.Rows, found.Progress.Created, found.Progress.Failed, found.Progress.InvalidPhones));
        Assert.False(File.Exists(upload));
    }

    [Fact]
    public async Task An_upload_analysed_before_a_restart_can_be_imported_after_it()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, postgres);
        Guid id;
        await using (var app = new OutdialApp(database))
        {
            id = await UploadAsync(await app.AdministratorClientAsync(), "First name,Phone\nJana,777123456\nPetr,602111222\n");
        }

        await using var restarted = new OutdialApp(database, ownsDatabase: true);
        var client = await restarted.AdministratorClientAsync();
        using var started = await client.PutAsJsonAsync($"/api/v1/contacts/imports/{id}", new { mapping = new[] { "firstName", "phone" } }, Cancel);
        var done = await WaitAsync(client, id);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal((ImportJobState.Completed, 2), (done.State, done.Progress.Created));
    }

    private static async Task<Guid> UploadAsync(HttpClient client, string csv)
    {
        using var uploaded = await client.PostAsync("/api/v1/contacts/imports", Upload(Encoding.UTF8.GetBytes(csv)), Cancel);
        return (await OutdialApp.ReadAsync<ImportsApi.ImportResponse>(uploaded)).Id;
    }

    private static byte[] CsvEncodingOf(string text) => Outdial.Csv.CsvEncoding.Windows1250.GetBytes(text);
}
