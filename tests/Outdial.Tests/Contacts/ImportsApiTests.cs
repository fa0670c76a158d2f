using System.Net;
using System.Net.Http.Json;
using System.Text;
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
        var csv = CsvEncodingOf("Jméno;Příjmení;Mobil;Poznámka\nJana;Dvořáková;777 123 456;VIP\nPetr;Černý;00420 602 111 222;\nChybný;Řádek;777 000 111;x;y\n");

        using var uploaded = await client.PostAsync("/api/v1/contacts/imports", Upload(csv), Cancel);
        var analysis = await OutdialApp.ReadAsync<ImportsApi.ImportResponse>(uploaded);

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal("windows-1250", analysis.Encoding);
        Assert.Equal(";", analysis.Delimiter);
        Assert.Equal(["firstName", "lastName", "phone:mobile", "ignore"], analysis.Columns.Select(c => c.Suggestion));
        Assert.Equal("Dvořáková", analysis.Preview[0][1]);
        Assert.Equal(3, analysis.EstimatedRows);

        using var started = await client.PutAsJsonAsync($"/api/v1/contacts/imports/{analysis.Id}",
            new { mapping = new[] { "firstName", "lastName", "phone:mobile", "custom:note" }, dedupe = "phone", onDuplicate = "update" }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var done = await WaitAsync(client, analysis.Id);

        Assert.Equal(ImportJobState.Completed, done.State);
        Assert.Equal((3, 2, 1), (done.Progress.Rows, done.Progress.Created, done.Progress.Failed));
        var report = await client.GetStringAsync($"/api/v1/contacts/imports/{analysis.Id}/errors.csv", Cancel);
        Assert.StartsWith("row,column,value,reason", report.TrimStart('\uFEFF'));
        Assert.Contains("4,", report);

        using var again = await client.PutAsJsonAsync($"/api/v1/contacts/imports/{analysis.Id}", new { mapping = new[] { "firstName", "lastName", "phone", "ignore" } }, Cancel);
        Assert.Equal(409, (await Problem.ReadAsync(again)).Status);
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

    private static byte[] CsvEncodingOf(string text) => Outdial.Csv.CsvEncoding.Windows1250.GetBytes(text);
}
