using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Outdial.Campaigns;
using Outdial.Persistence;

namespace Outdial.Engine;

/// <summary>
/// Makes the engine's changes durable: record progress and attempts from every campaign actor go
/// through one queue and are written in batches, one transaction each (group commit). An actor
/// that is about to originate a call waits for <see cref="FlushAsync"/>, so the attempt is stored
/// before the call exists; other changes are written within milliseconds without waiting.
/// </summary>
public sealed class EngineStore : IAsyncDisposable
{
    private const int MaxBatch = 2000;

    private readonly IDbContextFactory<OutdialDbContext> _databases;
    private readonly TimeProvider _clock;
    private readonly ILogger<EngineStore> _logger;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private readonly EngineMetrics _metrics;

    private readonly Operators.OperatorStates _states;

    public EngineStore(IDbContextFactory<OutdialDbContext> databases, Operators.OperatorStates states, EngineMetrics metrics, TimeProvider clock, ILogger<EngineStore> logger)
    {
        _states = states;
        _metrics = metrics;
        _databases = databases;
        _clock = clock;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    private abstract record Write;

    private sealed record RecordWrite(Guid RecordId, RecordProgress Progress) : Write;

    private sealed record AttemptWrite(CampaignAttempt Attempt) : Write;

    /// <param name="Barrier">Only waits for the writes before it; a lost change is left for the engine's own flush to report.</param>
    private sealed record FlushMarker(TaskCompletionSource Done, bool Barrier = false) : Write;

    private sealed record TimelineWrite(CampaignAttempt Attempt, string CampaignName) : Write;

    private sealed record OperatorWrite(Guid UserId, Operators.OperatorState State) : Write;

    // Operators' names for timeline entries, loaded as they are first needed.
    private readonly Dictionary<Guid, string> _names = [];

    public void Track(Guid recordId, RecordProgress progress) => _queue.Writer.TryWrite(new RecordWrite(recordId, progress));

    /// <summary>Stores (inserts or updates) a copy of the attempt as it is now (the actor goes on changing its own).</summary>
    public void Save(CampaignAttempt attempt) => _queue.Writer.TryWrite(new AttemptWrite(attempt.Copy()));

    /// <summary>
    /// The operator's stored state follows their desk (before call, on call, after call, online),
    /// in the engine's batches: one writer, so these never wait on the engine's own commits.
    /// </summary>
    public void FollowOperator(Guid userId, Operators.OperatorState state) => _queue.Writer.TryWrite(new OperatorWrite(userId, state));

    /// <summary>Puts the finished session on the contact's timeline.</summary>
    public void Timeline(CampaignAttempt attempt, string campaignName) => _queue.Writer.TryWrite(new TimelineWrite(attempt.Copy(), campaignName));

    /// <summary>Completes when everything queued before it is committed; fails when that write failed.</summary>
    public Task FlushAsync() => Mark(barrier: false);

    /// <summary>
    /// Completes when everything queued before it has been written (or given up on), for readers
    /// outside the engine that need an attempt's row; never takes a lost change's error, which
    /// belongs to the actor whose call must not be placed.
    /// </summary>
    public Task BarrierAsync() => Mark(barrier: true);

    private Task Mark(bool barrier)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(new FlushMarker(done, barrier)) ? done.Task : Task.FromException(new ObjectDisposedException(nameof(EngineStore)));
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>(MaxBatch);
        Exception? lost = null;
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            lost = await CommitWithRetriesAsync(batch) ?? lost;

            // A flush succeeds only if nothing queued before it was lost since the last flush:
            // otherwise a call could be placed without its stored attempt. Which actor's change
            // was lost is not tracked, so every flush of the batch fails.
            var markers = batch.OfType<FlushMarker>().ToList();
            foreach (var marker in markers)
            {
                if (lost is null || marker.Barrier)
                {
                    marker.Done.SetResult();
                }
                else
                {
                    marker.Done.SetException(lost);
                }
            }

            if (markers.Any(m => !m.Barrier))
            {
                lost = null;
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Commits the batch, retrying a failure a few times; if it still fails, writes the changes one
    /// by one so that a single bad change loses only itself. Returns what was lost, if anything.
    /// </summary>
    private async Task<Exception?> CommitWithRetriesAsync(List<Write> batch)
    {
        Exception? failure = null;
        foreach (var pause in RetryPauses)
        {
            try
            {
                var started = _clock.GetTimestamp();
                await CommitAsync(batch);
                _metrics.StoreCommit.Record(_clock.GetElapsedTime(started).TotalMilliseconds);
                _metrics.StoreBatch.Record(batch.Count);
                return null;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                failure = exception;
                EngineLog.WriteFailed(_logger, batch.Count, exception);
                await Task.Delay(pause);
            }
        }

        Exception? lost = null;
        foreach (var write in batch.Where(w => w is not FlushMarker))
        {
            try
            {
                await CommitAsync([write]);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                EngineLog.WriteLost(_logger, write.ToString(), exception);
                lost = exception;
            }
        }

        return lost is null ? null : new InvalidOperationException("Changes of the campaign engine could not be stored; see the log.", failure);
    }

    private static readonly TimeSpan[] RetryPauses = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    private async Task CommitAsync(List<Write> batch)
    {
        // Several changes of one record or attempt in a batch: the last one is what counts.
        var records = new Dictionary<Guid, RecordProgress>();
        var attempts = new Dictionary<Guid, CampaignAttempt>();
        var timeline = new List<TimelineWrite>();
        var operators = new Dictionary<Guid, Operators.OperatorState>();
        foreach (var write in batch)
        {
            switch (write)
            {
                case RecordWrite r:
                    records[r.RecordId] = records.TryGetValue(r.RecordId, out var earlier)
                        ? r.Progress with { LastOperatorResult = r.Progress.LastOperatorResult ?? earlier.LastOperatorResult }
                        : r.Progress;
                    break;
                case AttemptWrite a:
                    attempts[a.Attempt.Id] = a.Attempt;
                    break;
                case TimelineWrite t:
                    timeline.Add(t);
                    break;
                case OperatorWrite o:
                    operators[o.UserId] = o.State;
                    break;
            }
        }

        if (records.Count == 0 && attempts.Count == 0 && timeline.Count == 0 && operators.Count == 0)
        {
            return;
        }

        await using var db = await _databases.CreateDbContextAsync();
        var unknown = timeline.Select(t => t.Attempt.OperatorId).OfType<Guid>().Where(id => !_names.ContainsKey(id)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => unknown.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToListAsync())
            {
                _names[user.Id] = user.Name;
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        // Insert or update by what the database has: a change whose insert was lost is still stored.
        var ids = attempts.Keys.ToList();
        var stored = attempts.Count == 0 ? [] : (await db.CampaignAttempts.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync()).ToHashSet();
        foreach (var attempt in attempts.Values)
        {
            if (stored.Contains(attempt.Id))
            {
                db.CampaignAttempts.Update(attempt);
            }
            else
            {
                db.CampaignAttempts.Add(attempt);
            }
        }

        // A contact deleted from the directory while in a campaign has no timeline any more.
        var contactIds = timeline.Select(t => t.Attempt.ContactId).Distinct().ToList();
        var existing = timeline.Count == 0 ? [] : (await db.Contacts.Where(c => contactIds.Contains(c.Id)).Select(c => c.Id).ToListAsync()).ToHashSet();
        foreach (var (attempt, campaign) in timeline.Where(t => existing.Contains(t.Attempt.ContactId)))
        {
            var name = attempt.OperatorId is { } op ? _names.GetValueOrDefault(op) : null;
            db.ContactEvents.Add(new Contacts.ContactEvent(attempt.ContactId, Contacts.ContactEventKind.CampaignSession, Truncate(SessionTimeline.Describe(attempt, campaign, name), 2000),
                attempt.EndedAt ?? attempt.StartedAt, attempt.OperatorId, name));
        }

        var now = _clock.GetUtcNow();
        var changedOperators = operators.Count == 0 ? [] : await Operators.OperatorStates.FollowDialerAsync(db, operators, now);
        await db.SaveChangesAsync();
        foreach (var (id, p) in records)
        {
            // A record the supervisor removed stays removed whatever its call still reports.
            await db.CampaignRecords.Where(r => r.Id == id && (r.State != CampaignRecordState.Removed || p.State == CampaignRecordState.Removed)).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.State, p.State)
                .SetProperty(r => r.Attempts, p.Attempts)
                .SetProperty(r => r.Rejections, p.Rejections)
                .SetProperty(r => r.NextAttemptAt, p.NextAttemptAt)
                .SetProperty(r => r.CallbackAt, p.CallbackAt)
                .SetProperty(r => r.LockedOutUntil, p.LockedOutUntil)
                .SetProperty(r => r.OperatorId, p.OperatorId)
                .SetProperty(r => r.ReservedOperatorId, p.ReservedOperatorId)
                .SetProperty(r => r.Phone, r => p.Phone ?? r.Phone)
                .SetProperty(r => r.LastDialResult, p.LastDialResult)
                .SetProperty(r => r.LastOperatorResult, r => p.LastOperatorResult ?? r.LastOperatorResult)
                .SetProperty(r => r.UpdatedAt, now));
        }

        await transaction.CommitAsync();
        _states.Notify(changedOperators);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
