using Outdial.Campaigns;
using Outdial.Engine;
using Outdial.Operators;

namespace Outdial.Demo;

/// <summary>How simulated operators behave (configuration section <c>Demo</c>).</summary>
public sealed class SimulatedOperatorOptions
{
    /// <summary>Seconds before a bot accepts an offered preview session.</summary>
    public double AcceptSeconds { get; set; } = 1;

    /// <summary>Wrap-up seconds: each bot picks a result after a time drawn between these.</summary>
    public double WrapUpMinSeconds { get; set; } = 2;

    public double WrapUpMaxSeconds { get; set; } = 6;

    /// <summary>A bot hangs up a call that lasts longer than this (the simulated person usually ends it first).</summary>
    public double MaxTalkSeconds { get; set; } = 300;
}

/// <summary>
/// Operators played by the server itself (demo mode, the engine benchmark, tests): they go Online,
/// accept what is offered, and after each call pick one of the campaign's final results. They use
/// the same <see cref="DeskActions"/> as people do, so a demo exercises the real paths.
/// </summary>
public sealed class SimulatedOperators : IAsyncDisposable
{
    private readonly OperatorDesks _desks;
    private readonly DeskActions _actions;
    private readonly OperatorStates _states;
    private readonly TimeProvider _clock;
    private readonly SimulatedOperatorOptions _options;
    private readonly HashSet<Guid> _bots;
    private readonly Random _random;
    private readonly CancellationTokenSource _stop = new();

    private readonly Action<Guid>? _onCompleting;
    private readonly Action<Guid>? _onCompleted;

    /// <param name="onCompleting">Told just before a bot gives a session's result (benchmarks time the engine from here).</param>
    /// <param name="onCompleted">Told when the engine has handled the result.</param>
    public SimulatedOperators(
        IEnumerable<Guid> bots, OperatorDesks desks, DeskActions actions, OperatorStates states, TimeProvider clock, SimulatedOperatorOptions options,
        int seed = 7, Action<Guid>? onCompleting = null, Action<Guid>? onCompleted = null)
    {
        _onCompleting = onCompleting;
        _onCompleted = onCompleted;
        _bots = [.. bots];
        _desks = desks;
        _actions = actions;
        _states = states;
        _clock = clock;
        _options = options;
        _random = new Random(seed);
        _desks.Changed += OnDeskChanged;
    }

    /// <summary>Sessions the bots completed (for benchmarks and tests).</summary>
    public int Completed => _completed;

    private int _completed;

    public async Task GoOnlineAsync()
    {
        foreach (var bot in _bots)
        {
            var state = (await _states.GetAsync(bot)).State;
            if (state != OperatorState.Online)
            {
                await _states.ChangeAsync(bot, OperatorState.Online, StateChangeSource.Operator);
            }
        }
    }

    private void OnDeskChanged(Guid userId)
    {
        if (!_bots.Contains(userId))
        {
            return;
        }

        var desk = _desks.Of(userId);
        if (desk.SessionId is not { } session)
        {
            return;
        }

        switch (desk.Stage)
        {
            case DeskStage.Offered:
                Later(_options.AcceptSeconds, () => _actions.AcceptAsync(userId, session));
                break;
            case DeskStage.Connected:
                Later(_options.MaxTalkSeconds, () => _actions.HangUpAsync(userId, session));
                break;
            case DeskStage.WrapUp:
                // A bot never says a person asked not to be called: that would fill the blacklist with demo numbers.
                var allowed = (desk.ResultCodes ?? []).Where(r => r.Category != ResultCategory.DoNotCall).ToList();
                var results = allowed.Where(r => r.IsFinal).ToList();
                if (results.Count == 0)
                {
                    results = allowed.Count > 0 ? allowed : [.. desk.ResultCodes ?? []];
                }

                double wrapUp;
                string result;
                lock (_random)
                {
                    wrapUp = _options.WrapUpMinSeconds + _random.NextDouble() * Math.Max(0, _options.WrapUpMaxSeconds - _options.WrapUpMinSeconds);
                    result = results[_random.Next(results.Count)].Name;
                }

                Later(wrapUp, async () =>
                {
                    _onCompleting?.Invoke(session);
                    await _actions.CompleteAsync(userId, session, new SessionConclusion(result));
                    _onCompleted?.Invoke(session);
                    Interlocked.Increment(ref _completed);
                });
                break;
        }
    }

    private void Later(double seconds, Func<Task> action) => _ = Task.Run(async () =>
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), _clock, _stop.Token);
            await action();
        }
        catch (OutdialProblem)
        {
            // The session moved on meanwhile (withdrawn, hung up by the other side): nothing to do.
        }
        catch (OperationCanceledException)
        {
        }
    });

    public ValueTask DisposeAsync()
    {
        _desks.Changed -= OnDeskChanged;
        _stop.Cancel();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
