using Microsoft.EntityFrameworkCore;
using Outdial.Campaigns;
using Outdial.Persistence;

namespace Outdial.Engine;

/// <summary>
/// Start-up after a stop or a crash (docs/engine.md): calls left in flight are closed as
/// interrupted and their records go back to the queue after the retry delay (the person may have
/// been reached, so the call is never repeated at once); sessions without a call are closed and
/// their records are due again. Runs before any campaign actor starts.
/// </summary>
public sealed class EngineRecovery(IDbContextFactory<OutdialDbContext> databases, TimeProvider clock)
{
    private static readonly CampaignRecordState[] Holding =
    [
        CampaignRecordState.OperatorAssigned, CampaignRecordState.Bcw, CampaignRecordState.Calling,
        CampaignRecordState.WaitingForOperator, CampaignRecordState.CallInProgress, CampaignRecordState.Acw,
    ];

    public async Task<(int Attempts, int Records)> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var open = await db.CampaignAttempts.Where(a => a.InFlight || a.EndedAt == null).ToListAsync(cancellationToken);
        foreach (var attempt in open)
        {
            if (attempt.InFlight)
            {
                attempt.DialResult = CampaignAttempt.Interrupted;
                attempt.InFlight = false;
            }
            else if (attempt.DialledAt is null)
            {
                attempt.SessionEnd = "Withdrawn: the server restarted";
            }

            attempt.EndedAt = now;
        }

        var records = await db.CampaignRecords.Where(r => Holding.Contains(r.State)).ToListAsync(cancellationToken);
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => records.Select(r => r.CampaignId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var record in records)
        {
            var settings = campaigns[record.CampaignId].Settings;

            // Offered or in BCW: no call was placed, so the record is simply due again.
            var called = record.State is not (CampaignRecordState.OperatorAssigned or CampaignRecordState.Bcw);
            record.Interrupt(called, called ? now.AddMinutes(settings.RetryDelayMinutes) : now, settings.MaxAttempts, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (open.Count(a => a.DialResult == CampaignAttempt.Interrupted), records.Count);
    }
}
