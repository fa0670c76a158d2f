using Outdial.Dialing.Rules;

namespace Outdial.Dialing;

// Outcomes: where an attempt leaves its record — the first matching rule, else the defaults (docs/rules.md).
public sealed partial class CampaignDialer
{
    /// <summary>Decides the record's next step after an attempt ended with <paramref name="dialResult"/> (and the operator's result, when connected).</summary>
    private void Conclude(RecordEntry record, DialResult dialResult, OperatorResult? result, CallId? call, SessionId? session)
    {
        record.LastDialResult = dialResult;
        // Most campaigns have no rules: then there is nothing to match and nothing to tell the host.
        var match = _settings.Rules.Count == 0 ? null
            : CampaignRule.FirstMatch(_settings.Rules, new CallOutcome(result is not null, dialResult, result, record.Attempts, record.ContactFacts));
        var disposition = match?.Rule.Disposition;
        if (disposition is null && result?.Kind == OperatorResultKind.DoNotCall)
        {
            disposition = AddToBlacklist.Instance;
        }

        if (match is not null || disposition is AddToBlacklist)
        {
            var forHost = match?.Rule.Then.Where(a => a is SetParameter or DeleteContact or AddToBlacklist).ToList() ?? [];
            if (disposition is AddToBlacklist && !forHost.Contains(disposition))
            {
                forHost.Add(disposition);
            }

            Emit(new OutcomeDecided(record.Id, call, session, match?.Rule.Name, forHost));
        }

        switch (disposition)
        {
            case CallAgain again:
                if (again.Phone is { } label && record.Phones?.GetValueOrDefault(label.ToLowerInvariant()) is { } other)
                {
                    record.Phone = other;
                }

                ScheduleNextAttempt(record, WaitingStateAfter(dialResult), WhenToCallAgain(again, record), ExhaustedStateAfter(dialResult));
                break;
            case RemoveFromCampaign or DeleteContact:
                Finish(record, RecordState.Removed);
                break;
            case AddToBlacklist:
                Finish(record, RecordState.Blacklisted);
                break;
            case FinishRecord finish:
                Finish(record, finish.Outcome == RecordOutcome.Success ? RecordState.Success : RecordState.Failed);
                break;
            default:
                ApplyDefaults(record, dialResult, result);
                break;
        }
    }

    private void ApplyDefaults(RecordEntry record, DialResult dialResult, OperatorResult? result)
    {
        var retryAt = _now + _settings.RetryDelay;
        switch (result?.Kind)
        {
            case OperatorResultKind.Success:
                Finish(record, RecordState.Success);
                return;
            case OperatorResultKind.Failed:
                Finish(record, RecordState.Failed);
                return;
            case OperatorResultKind.Callback:
                record.CallbackAt = result.CallbackAt ?? retryAt;
                record.ReservedFor = result.SameOperator ? record.Operator : null;
                ScheduleNextAttempt(record, RecordState.RetryScheduled, record.CallbackAt.Value, RecordState.Failed);
                return;
            case OperatorResultKind.Retry:
                ScheduleNextAttempt(record, RecordState.RetryScheduled, retryAt, RecordState.Failed);
                return;
        }

        if (dialResult == DialResult.InvalidNumber)
        {
            Finish(record, RecordState.InvalidRecord);
        }
        else
        {
            ScheduleNextAttempt(record, WaitingStateAfter(dialResult), retryAt, ExhaustedStateAfter(dialResult));
        }
    }

    private static RecordState WaitingStateAfter(DialResult result) => result switch
    {
        DialResult.Abandoned => RecordState.Abandoned,
        DialResult.CancelledByClient => RecordState.CancelledByClient,
        _ => RecordState.RetryScheduled,
    };

    private static RecordState ExhaustedStateAfter(DialResult result) =>
        result == DialResult.NetworkError ? RecordState.DialFailed : RecordState.Failed;

    private DateTimeOffset WhenToCallAgain(CallAgain again, RecordEntry record)
    {
        if (again.After is { } after)
        {
            return _now + after;
        }

        if (again.At is { } at)
        {
            var local = TimeZoneInfo.ConvertTime(_now, record.Zone);
            var day = DateOnly.FromDateTime(local.DateTime);
            var candidate = day.ToDateTime(at);
            if (candidate <= local.DateTime)
            {
                candidate = candidate.AddDays(1);
            }

            return new DateTimeOffset(candidate, record.Zone.GetUtcOffset(candidate));
        }

        if (_settings.CallingWindow is not { } window)
        {
            return _now + _settings.RetryDelay;
        }

        // The next opening after the current one: when the window is open now, step past its end first.
        var from = _now;
        for (var steps = 0; window.IsOpenAt(from, record.Zone) && steps < 8 * 24 * 4; steps++)
        {
            from += TimeSpan.FromMinutes(15);
        }

        return window.NextOpening(from, record.Zone);
    }
}

// Trying rules out: the editor's "test a rule" runs the same decision as a live campaign.
public sealed partial class CampaignDialer
{
    /// <summary>Decides one attempt of <paramref name="record"/> exactly as a live call would, without placing it.</summary>
    internal IReadOnlyList<DialerCommand> DecideAlone(NewRecord record, DialResult dialResult, OperatorResult? result)
    {
        var commands = new List<DialerCommand>();
        _out = new DialerCommandList(commands);
        _now = _time.GetUtcNow();
        OnRecordsAdded([record]);
        if (_records.TryGetValue(record.Id, out var entry))
        {
            _queue.Remove(entry);
            entry.Attempts++;
            Conclude(entry, dialResult, result, null, null);
        }

        _out = _noEvent;
        return commands;
    }
}
