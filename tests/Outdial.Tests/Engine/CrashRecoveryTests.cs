using Microsoft.Data.Sqlite;
using Outdial.Testing;

namespace Outdial.Tests.Engine;

/// <summary>The server process killed hard (<c>kill -9</c>) in the middle of a predictive campaign, then started again.</summary>
public sealed class CrashRecoveryTests
{
    private const string QuickCalls = """
        { "name": "quick calls", "operators": 1, "pickupRate": 0.6, "busyRate": 0.15, "invalidRate": 0.05,
          "ringSeconds": { "dist": "uniform", "min": 0.5, "max": 2 }, "talkSeconds": { "dist": "uniform", "min": 1, "max": 3 },
          "wrapUpSeconds": { "dist": "fixed", "value": 1 }, "patienceSeconds": 5, "noAnswerTimeoutSeconds": 15 }
        """;

    [Fact]
    public async Task After_a_hard_kill_no_record_is_lost_none_is_dialled_twice_and_the_campaign_finishes()
    {
        var data = Directory.CreateTempSubdirectory("outdial-crash-").FullName;
        var scenario = Path.Combine(data, "scenario.json");
        await File.WriteAllTextAsync(scenario, QuickCalls, TestContext.Current.CancellationToken);
        string[] arguments =
        [
            "--demo", "--data", data, "--urls", $"http://127.0.0.1:{FreePorts.UdpAndTcp()}", "--Telephony:Scenario=" + scenario,
            "--Demo:Contacts=30", "--Demo:Operators=4", "--Demo:MaxAttempts=1", "--Demo:Bots:WrapUpMinSeconds=0.2", "--Demo:Bots:WrapUpMaxSeconds=0.5",
        ];
        var database = $"Data Source={Path.Combine(data, "outdial.db")};Mode=ReadOnly;Pooling=False";

        long inFlightAtKill;
        await using (var first = OutdialProcess.Start(arguments))
        {
            await first.WaitForOutputAsync("runs with 4 simulated operators", TimeSpan.FromSeconds(90));
            await WaitForAsync(database, "SELECT count(*) FROM campaign_attempts WHERE call_number IS NOT NULL", n => n >= 8, first);
            await WaitForAsync(database, "SELECT count(*) FROM campaign_attempts WHERE in_flight", n => n > 0, first);
            await first.KillAsync();
            inFlightAtKill = await ScalarAsync(database, "SELECT count(*) FROM campaign_attempts WHERE in_flight");
        }

        await using (var second = OutdialProcess.Start(arguments))
        {
            await WaitForAsync(database, "SELECT count(*) FROM campaigns WHERE state = 'Finished'", n => n == 1, second, TimeSpan.FromSeconds(150));
        }

        Assert.True(inFlightAtKill > 0, "The kill should have caught calls in flight.");
        Assert.Equal(inFlightAtKill, await ScalarAsync(database, "SELECT count(*) FROM campaign_attempts WHERE dial_result = 'Interrupted'"));
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM campaign_attempts WHERE in_flight OR ended_at IS NULL"));

        // Demo mode reused its data on the second start.
        Assert.Equal((1, 30), (await ScalarAsync(database, "SELECT count(*) FROM campaigns"), await ScalarAsync(database, "SELECT count(*) FROM contacts")));

        // No record lost: all 30 are final. None dialled twice: one call at most (one attempt allowed), as counted.
        Assert.Equal(30, await ScalarAsync(database, "SELECT count(*) FROM campaign_records WHERE state IN ('Success','Failed','DialFailed','RejectedByOperator','CancelledByAdmin','Blacklisted','InvalidRecord','Removed')"));
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM (SELECT record_id FROM campaign_attempts WHERE call_number IS NOT NULL GROUP BY record_id HAVING count(*) > 1)"));
        Assert.Equal(0, await ScalarAsync(database, """
            SELECT count(*) FROM campaign_records r
            WHERE r.attempts <> (SELECT count(*) FROM campaign_attempts a WHERE a.record_id = r.id AND a.call_number IS NOT NULL)
            """));

        // A record whose call was interrupted used its only attempt: it ends as dial failed.
        Assert.Equal(inFlightAtKill, await ScalarAsync(database, """
            SELECT count(*) FROM campaign_records r WHERE r.state = 'DialFailed'
            AND EXISTS (SELECT 1 FROM campaign_attempts a WHERE a.record_id = r.id AND a.dial_result = 'Interrupted')
            """));
        Directory.Delete(data, recursive: true);
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForAsync(string database, string sql, Func<long, bool> condition, OutdialProcess server, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        long last = -1;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ScalarAsync(database, sql);
                if (condition(last))
                {
                    return;
                }
            }
            catch (SqliteException)
            {
                // The server is still creating the database.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"'{sql}' stayed at {last}. Server output:\n{server.Output}\n{server.Error}");
    }
}
