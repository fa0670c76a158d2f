using System.Threading.Channels;
using Outdial.Contacts;
using Outdial.Dialing.Rules;
using Outdial.Numbers;

namespace Outdial.Engine;

/// <summary>What a rule (or a do-not-call result) asks the server to do after an attempt.</summary>
/// <param name="Phone">The number that was dialled, in E.164.</param>
public sealed record RuleEffect(Guid CampaignId, string CampaignName, Guid AttemptId, Guid ContactId, string? Phone, string? RuleName, IReadOnlyList<RuleAction> Actions);

/// <summary>
/// Carries out the host's part of rule actions (docs/rules.md) — blacklist the number, delete the
/// contact, set a contact field — in the background, in order, so that the directory's work never
/// holds up a campaign's actor. A failure is logged; the record's own change is already decided.
/// </summary>
public sealed partial class RuleEffects(
    ContactDirectory contacts, ContactFields fields, Blacklist blacklist, EngineStore store, Sessions.SessionParameters parameters, ILogger<RuleEffects> logger) : BackgroundService
{
    private readonly Channel<RuleEffect> _queue = Channel.CreateUnbounded<RuleEffect>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(RuleEffect effect) => _queue.Writer.TryWrite(effect);

    /// <summary>On shutdown what is queued is still carried out (a do-not-call number must reach the blacklist), within the host's shutdown time.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Ends when the queue is completed on stop, after its last effect.
            await foreach (var effect in _queue.Reader.ReadAllAsync(CancellationToken.None))
            {
                foreach (var action in effect.Actions)
                {
                    try
                    {
                        await ApplyAsync(effect, action, stoppingToken);
                    }
                    catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException))
                    {
                        Failed(logger, effect.CampaignId, effect.RuleName ?? "(default)", action.GetType().Name, exception);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ApplyAsync(RuleEffect effect, RuleAction action, CancellationToken cancellationToken)
    {
        var by = $"Campaign {effect.CampaignName}";
        switch (action)
        {
            case AddToBlacklist when effect.Phone is { } phone:
                if (!(await blacklist.CheckAsync(phone, cancellationToken)).Blocked)
                {
                    var reason = effect.RuleName is { } rule ? $"Rule '{rule}' of campaign {effect.CampaignName}" : $"The person asked not to be called (campaign {effect.CampaignName})";
                    await blacklist.AddAsync(phone, isPrefix: false, reason, by, expiresAt: null, cancellationToken);
                }

                break;
            case DeleteContact:
                try
                {
                    await contacts.DeleteAsync(effect.ContactId, cancellationToken);
                }
                catch (NotFoundProblem)
                {
                    // Already gone: what the rule wanted.
                }

                break;
            case SetParameter { On: ParameterTarget.Contact } set:
                await SetContactFieldAsync(effect.ContactId, set.Name, set.Value, by, cancellationToken);
                break;
            case SetParameter set:
                // The attempt is the engine's to write: it is stored before its parameters are.
                await store.BarrierAsync();
                await parameters.SetAsync(effect.AttemptId, new Dictionary<string, string?> { [set.Name] = set.Value }, cancellationToken);
                break;
        }
    }

    private async Task SetContactFieldAsync(Guid contactId, string key, string value, string by, CancellationToken cancellationToken)
    {
        var existing = await fields.ListAsync(cancellationToken);
        var field = existing.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));
        if (field is null)
        {
            try
            {
                field = await fields.CreateAsync(key, key, ContactFieldType.Text, null, cancellationToken);
            }
            catch (ConflictProblem)
            {
                field = (await fields.ListAsync(cancellationToken)).First(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));
            }
        }

        try
        {
            await contacts.SetCustomValueAsync(contactId, field.Key, value, new Actor(null, by), cancellationToken);
        }
        catch (NotFoundProblem)
        {
            // The contact was deleted meanwhile: nothing to set.
        }
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Campaign {CampaignId}: rule {Rule} could not {Action}")]
    private static partial void Failed(ILogger logger, Guid campaignId, string rule, string action, Exception exception);
}
