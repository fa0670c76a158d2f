using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outdial.Identity;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Operators;

/// <summary>A lost browser connection sets the operator Offline after the grace period, unless they come back.</summary>
public sealed class OperatorConnectionsTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private OutdialApp _app = null!;
    private OperatorStates _states = null!;
    private OperatorConnections _presence = null!;
    private Guid _operator;

    public async ValueTask InitializeAsync()
    {
        _app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        _operator = (await _app.CreateUserAsync("Remote", Role.OperatorId)).Id;
        _states = new OperatorStates(_app.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<OutdialDbContext>>(), _clock);
        _presence = new OperatorConnections(_states, _clock, Options.Create(new OperatorOptions { DisconnectGraceSeconds = 60 }), NullLogger<OperatorConnections>.Instance);
        await _states.ChangeAsync(_operator, OperatorState.Online, StateChangeSource.Operator);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<OperatorState> StateAfterTimersAsync()
    {
        // The timer callback runs the change asynchronously; wait until it is stored.
        for (var i = 0; i < 100; i++)
        {
            var state = (await _states.GetAsync(_operator)).State;
            if (state == OperatorState.Offline)
            {
                return state;
            }

            await Task.Delay(20);
        }

        return (await _states.GetAsync(_operator)).State;
    }

    [Fact]
    public async Task A_disconnected_operator_goes_offline_after_the_grace_period()
    {
        _presence.Connected(_operator);
        _presence.Disconnected(_operator);

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(OperatorState.Online, (await _states.GetAsync(_operator)).State);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(OperatorState.Offline, await StateAfterTimersAsync());
    }

    [Fact]
    public async Task Reconnecting_within_the_grace_period_keeps_the_operator_online()
    {
        _presence.Connected(_operator);
        _presence.Disconnected(_operator);
        _clock.Advance(TimeSpan.FromSeconds(30));
        _presence.Connected(_operator);
        _clock.Advance(TimeSpan.FromSeconds(120));
        await Task.Delay(200);

        Assert.Equal(OperatorState.Online, (await _states.GetAsync(_operator)).State);
    }

    [Fact]
    public async Task An_operator_disconnected_during_a_call_goes_offline_after_the_call()
    {
        await _states.ChangeAsync(_operator, OperatorState.OnCall, StateChangeSource.Dialer);
        _presence.Connected(_operator);
        _presence.Disconnected(_operator);
        _clock.Advance(TimeSpan.FromSeconds(61));
        await Task.Delay(200);
        Assert.Equal(OperatorState.OnCall, (await _states.GetAsync(_operator)).State);

        await _states.ChangeAsync(_operator, OperatorState.Acw, StateChangeSource.Dialer);
        _clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(OperatorState.Offline, await StateAfterTimersAsync());
    }

    [Fact]
    public async Task One_of_two_tabs_closing_changes_nothing()
    {
        _presence.Connected(_operator);
        _presence.Connected(_operator);
        _presence.Disconnected(_operator);
        _clock.Advance(TimeSpan.FromSeconds(120));
        await Task.Delay(200);

        Assert.Equal(OperatorState.Online, (await _states.GetAsync(_operator)).State);
    }
}
