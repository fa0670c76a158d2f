using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Webhooks;

/// <summary>
/// Drains <see cref="WebhookEvents"/>: each event becomes one pending delivery per enabled
/// webhook that subscribes to its type, written in batches (one transaction per batch), and the
/// sender is woken. From here on a delivery survives a restart.
/// </summary>
internal sealed class WebhookDispatcher(
    WebhookEvents events, WebhookRegistry registry, IDbContextFactory<OutdialDbContext> databases, WebhookSender sender, TimeProvider clock, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private (long Version, List<Webhook> Webhooks)? _enabled;

    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<WebhookEvent>(BatchSize);
        while (await events.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < BatchSize && events.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                if (await StoreAsync(batch, stoppingToken) > 0)
                {
                    sender.Wake();
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                WebhookLog.EventsNotStored(logger, batch.Count, exception);
            }

            batch.Clear();
        }
    }

    private async Task<int> StoreAsync(List<WebhookEvent> batch, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);

        // The enabled webhooks are read again only after one changed: session events come many a
        // second, and most servers have no webhook at all.
        var version = registry.Version;
        if (_enabled is not { } enabled || enabled.Version != version)
        {
            _enabled = enabled = (version, await db.Webhooks.AsNoTracking().Where(w => w.Enabled).ToListAsync(cancellationToken));
        }

        var webhooks = enabled.Webhooks;
        if (webhooks.Count == 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var count = 0;
        foreach (var item in batch)
        {
            var subscribers = webhooks.Where(w => w.Subscribes(item.Type)).ToList();
            if (subscribers.Count == 0)
            {
                continue;
            }

            // One body for every subscriber: the same bytes are signed and sent to each.
            string body;
            try
            {
                body = item.ToBody();
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException)
            {
                WebhookLog.EventNotSerialisable(logger, item.Type, item.Data.GetType().Name, exception);
                continue;
            }

            foreach (var webhook in subscribers)
            {
                db.WebhookDeliveries.Add(new WebhookDelivery(webhook.Id, item.Id, item.Type, body, now));
                count++;
            }
        }

        if (count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return count;
    }
}
