using Microsoft.Extensions.Time.Testing;
using Outdial.Dialing.Pacing;

namespace Outdial.Dialing.Tests;

/// <summary>A dialer on a fake clock, with the commands it returned so far.</summary>
internal sealed class DialerHarness
{
    public static readonly DateTimeOffset Monday9am = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public DialerHarness(CampaignSettings settings, IBlacklist? blacklist = null, IPacingPolicy? pacing = null, DateTimeOffset? start = null)
    {
        Clock = new FakeTimeProvider(start ?? Monday9am);
        Dialer = new CampaignDialer(settings, Clock, blacklist, pacing);
    }

    public FakeTimeProvider Clock { get; }

    public CampaignDialer Dialer { get; }

    public List<DialerCommand> All { get; } = [];

    public static CampaignSettings Settings(DialingMode mode) => new()
    {
        Mode = mode,
        CallingWindow = null,
        BeforeCallWork = TimeSpan.FromSeconds(10),
        ConfiguredPickupRate = new PickupRate(0.5),
    };

    public IReadOnlyList<DialerCommand> Send(DialerEvent dialerEvent)
    {
        var commands = Dialer.Handle(dialerEvent);
        All.AddRange(commands);
        return commands;
    }

    public IReadOnlyList<DialerCommand> Advance(TimeSpan by)
    {
        Clock.Advance(by);
        return Send(Tick.Instance);
    }

    public IReadOnlyList<DialerCommand> AdvanceSeconds(double seconds) => Advance(TimeSpan.FromSeconds(seconds));

    public IReadOnlyList<DialerCommand> AddRecords(int count, string? timeZone = null, long firstId = 1) =>
        Send(new RecordsAdded([.. Enumerable.Range(0, count).Select(i => Record(firstId + i, timeZone))]));

    public static NewRecord Record(long id, string? timeZone = null) =>
        new(new RecordId(id), E164Number.Parse($"+42077700{id:D4}"), timeZone);

    public IReadOnlyList<DialerCommand> Online(params int[] operators)
    {
        var commands = new List<DialerCommand>();
        foreach (var op in operators)
        {
            commands.AddRange(Send(new OperatorPresenceChanged(new OperatorId(op), OperatorPresence.Online)));
        }

        return commands;
    }

    /// <summary>The record as the dialer holds it, or as its last <see cref="RecordChanged"/> left it once final.</summary>
    public RecordSnapshot RecordOf(long id) =>
        Dialer.RecordOf(new RecordId(id))
        ?? All.OfType<RecordChanged>().Last(c => c.Record.Id == new RecordId(id)).Record;
}

internal static class CommandList
{
    public static List<T> Of<T>(this IEnumerable<DialerCommand> commands) => [.. commands.OfType<T>()];

    public static T Single<T>(this IEnumerable<DialerCommand> commands) => Assert.Single(commands.OfType<T>());
}
