using System.Collections.Concurrent;
using Outdial.Campaigns;

namespace Outdial.Engine;

/// <summary>Where an operator's desk is in a session (what the operator desktop shows).</summary>
public enum DeskStage
{
    /// <summary>Not working any campaign: offline, on a break, or no running campaign has them in its group.</summary>
    Idle,

    /// <summary>Online in a campaign and free: the next session comes by itself.</summary>
    Waiting,

    /// <summary>Preview: a contact is offered; accept or reject.</summary>
    Offered,

    /// <summary>Preview: accepted; the number is dialled when the countdown ends or on Call now.</summary>
    Bcw,
    Dialling,
    Ringing,
    Connected,

    /// <summary>After the call: choose the result; the next session comes after the ACW countdown.</summary>
    WrapUp,
}

/// <summary>One operator's desk: the campaign they work, the session they hold and its call.</summary>
public sealed record DeskView(
    DeskStage Stage,
    Guid? CampaignId = null,
    string? CampaignName = null,
    CampaignMode? Mode = null,
    Guid? SessionId = null,
    Guid? ContactId = null,
    string? Phone = null,
    DateTimeOffset? DialAt = null,
    DateTimeOffset? ConnectedAt = null,
    DateTimeOffset? WrapUpSince = null,
    int AcwSeconds = 0,
    string? DialResult = null,
    IReadOnlyList<ResultCode>? ResultCodes = null,
    string? Notice = null,
    Guid? CallScriptId = null)
{
    public static DeskView Idle { get; } = new(DeskStage.Idle);
}

/// <summary>
/// The operators' desks as the engine last described them. Screens and the API read them and
/// subscribe to <see cref="Changed"/>; only campaign actors write them.
/// </summary>
public sealed class OperatorDesks
{
    private readonly ConcurrentDictionary<Guid, DeskView> _desks = new();

    /// <summary>Raised after an operator's desk changed, with their user id.</summary>
    public event Action<Guid>? Changed;

    public DeskView Of(Guid userId) => _desks.GetValueOrDefault(userId) ?? DeskView.Idle;

    public IReadOnlyDictionary<Guid, DeskView> All => _desks;

    /// <summary>
    /// Shows what campaign <paramref name="campaignId"/> says about the operator, unless their desk
    /// belongs to another campaign by now (an operator who moved on is not reset by the old one).
    /// </summary>
    internal void Show(Guid userId, DeskView view, Guid campaignId)
    {
        var changed = false;
        _desks.AddOrUpdate(
            userId,
            _ =>
            {
                changed = true;
                return view;
            },
            (_, previous) =>
            {
                if (previous == view || (previous.CampaignId is { } other && other != campaignId && view.Stage == DeskStage.Idle))
                {
                    changed = false;
                    return previous;
                }

                changed = true;
                return view;
            });
        if (changed)
        {
            Changed?.Invoke(userId);
        }
    }
}

/// <summary>How an operator ends a session: the result code, a callback time (and whether they keep it) and a note.</summary>
/// <param name="Answers">The call script's answers by element key; checked against <paramref name="ScriptVersion"/> (the current version when null).</param>
/// <param name="ScriptId">The script the answers belong to (the one the desk showed); the campaign's when null.</param>
public sealed record SessionConclusion(
    string Result,
    DateTimeOffset? CallbackAt = null,
    bool KeepCallback = false,
    string? Note = null,
    IReadOnlyDictionary<string, string?>? Answers = null,
    int? ScriptVersion = null,
    Guid? ScriptId = null);
