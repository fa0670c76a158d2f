using Microsoft.EntityFrameworkCore;
using Outdial.Campaigns;
using Outdial.Engine;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Engine;

public sealed class EngineStoreTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_that_cannot_be_stored_fails_the_next_flush_so_no_call_goes_out_without_its_attempt()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var store = app.Get<EngineStore>();
        await store.FlushAsync(); // nothing queued: succeeds

        // The attempts' table is gone: the insert fails, is retried, and is lost.
        await using (var db = app.Database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE campaign_attempts", Cancel);
        }

        store.Save(new CampaignAttempt(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "+420777000001", DateTimeOffset.UtcNow));
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(store.FlushAsync);
        Assert.Contains("could not be stored", failed.Message);

        // The loss was reported once: a later flush with nothing lost succeeds.
        await store.FlushAsync();
    }
}
