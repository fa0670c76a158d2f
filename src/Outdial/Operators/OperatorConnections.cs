using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using Outdial.Identity;

namespace Outdial.Operators;

/// <summary>Configuration section <c>Operators</c>.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operators";

    /// <summary>How long an operator's browser may be disconnected before they are set Offline.</summary>
    public int DisconnectGraceSeconds { get; set; } = 60;
}

/// <summary>
/// Notices when an operator's last browser connection goes away and, unless one comes back within
/// the grace period, sets them Offline so that no session is offered to an empty desk. An operator
/// on a call stays on it (the call continues and ends normally).
/// </summary>
public sealed class OperatorConnections(OperatorStates states, TimeProvider clock, IOptions<OperatorOptions> options, ILogger<OperatorConnections> logger)
{
    private readonly ConcurrentDictionary<Guid, int> _connections = new();
    private readonly ConcurrentDictionary<Guid, ITimer> _pending = new();

    public void Connected(Guid userId)
    {
        _connections.AddOrUpdate(userId, 1, (_, count) => count + 1);
        if (_pending.TryRemove(userId, out var timer))
        {
            timer.Dispose();
        }
    }

    public void Disconnected(Guid userId)
    {
        if (_connections.AddOrUpdate(userId, 0, (_, count) => Math.Max(0, count - 1)) > 0)
        {
            return;
        }

        Arm(userId);
    }

    private void Arm(Guid userId)
    {
        var grace = TimeSpan.FromSeconds(options.Value.DisconnectGraceSeconds);
        var timer = clock.CreateTimer(_ => _ = GoOfflineAsync(userId), null, grace, Timeout.InfiniteTimeSpan);
        _pending.AddOrUpdate(userId, timer, (_, old) =>
        {
            old.Dispose();
            return timer;
        });
    }

    private async Task GoOfflineAsync(Guid userId)
    {
        if (!_pending.TryRemove(userId, out var timer))
        {
            return;
        }

        timer.Dispose();
        try
        {
            var status = await states.GetAsync(userId);
            if (OperatorStateMachine.CanChange(status.State, OperatorState.Offline, StateChangeSource.System))
            {
                await states.ChangeAsync(userId, OperatorState.Offline, StateChangeSource.System);
                OperatorLog.WentOffline(logger, userId);
            }
            else if (status.State == OperatorState.OnCall && _connections.GetValueOrDefault(userId) == 0)
            {
                // The call goes on without the browser; check again after it, so the empty desk
                // does not return to Online when the wrap-up ends.
                Arm(userId);
            }
        }
        catch (OutdialProblem problem)
        {
            OperatorLog.CouldNotGoOffline(logger, userId, problem.Message);
        }
    }
}

/// <summary>Tells <see cref="OperatorConnections"/> when an operator's browser tab connects and disconnects.</summary>
internal sealed class OperatorCircuitHandler(OperatorConnections presence, AuthenticationStateProvider authentication) : CircuitHandler
{
    private Guid? _userId;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _userId ??= (await authentication.GetAuthenticationStateAsync()).User.UserId();
        if (_userId is { } id)
        {
            presence.Connected(id);
        }
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_userId is { } id)
        {
            presence.Disconnected(id);
        }

        return Task.CompletedTask;
    }
}

internal static partial class OperatorLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Operator {UserId} set Offline after their browser stayed disconnected")]
    public static partial void WentOffline(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Operator {UserId} could not be set Offline: {Reason}")]
    public static partial void CouldNotGoOffline(ILogger logger, Guid userId, string reason);
}
