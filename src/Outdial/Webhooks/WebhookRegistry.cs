using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Webhooks;

/// <summary>A webhook with the outcome of its newest delivery, as lists show it.</summary>
public sealed record WebhookView(Webhook Webhook, WebhookDeliveryStatus? LastDeliveryStatus, DateTimeOffset? LastDeliveryAt);

/// <summary>The registered webhooks and their deliveries: what the API and the settings page change and show.</summary>
public sealed class WebhookRegistry(IDbContextFactory<OutdialDbContext> databases, WebhookSender sender, TimeProvider clock)
{
    private long _version;

    /// <summary>Changes with every change to a webhook, so the dispatcher knows when its copy of the list is stale.</summary>
    internal long Version => Interlocked.Read(ref _version);

    public async Task<Page<WebhookView>> ListAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var total = await db.Webhooks.CountAsync(cancellationToken);
        var webhooks = await db.Webhooks.AsNoTracking().OrderBy(w => w.CreatedAt).Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
        var views = new List<WebhookView>(webhooks.Count);
        foreach (var webhook in webhooks)
        {
            views.Add(await ViewAsync(db, webhook, cancellationToken));
        }

        return new Page<WebhookView>(views, total, page.Offset, page.Limit);
    }

    public async Task<WebhookView> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await ViewAsync(db, await FindAsync(db, id, cancellationToken), cancellationToken);
    }

    /// <summary>Creates a webhook; its <see cref="Webhook.Secret"/> is shown to the caller once, now.</summary>
    public async Task<Webhook> CreateAsync(string url, string? description, IEnumerable<string> eventTypes, bool enabled, CancellationToken cancellationToken = default)
    {
        var webhook = Webhook.Create(url, description, eventTypes, enabled, clock.GetUtcNow());
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        Interlocked.Increment(ref _version);
        return webhook;
    }

    public async Task<WebhookView> UpdateAsync(Guid id, string url, string? description, IEnumerable<string> eventTypes, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var webhook = await FindAsync(db, id, cancellationToken);
        webhook.Change(url, description, eventTypes, enabled, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        Interlocked.Increment(ref _version);
        return await ViewAsync(db, webhook, cancellationToken);
    }

    /// <summary>Deletes the webhook and its deliveries, also those still pending.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.Webhooks.Remove(await FindAsync(db, id, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        Interlocked.Increment(ref _version);
    }

    /// <summary>Replaces the secret at once: deliveries sent from now on, retries included, are signed with the new one.</summary>
    public async Task<Webhook> RotateSecretAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var webhook = await FindAsync(db, id, cancellationToken);
        webhook.RotateSecret(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return webhook;
    }

    /// <summary>Queues a <c>ping</c> delivery to the webhook, enabled or not, to test the endpoint and its signature check.</summary>
    public async Task<WebhookDelivery> PingAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var webhook = await FindAsync(db, id, cancellationToken);
        var now = clock.GetUtcNow();
        var ping = new WebhookEvent(Guid.CreateVersion7(now), WebhookEventTypes.Ping, now, new PingData(webhook.Id, "A test delivery from Outdial. Answer 2xx to acknowledge it."));
        var delivery = new WebhookDelivery(webhook.Id, ping.Id, ping.Type, ping.ToBody(), now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        sender.Wake();
        return delivery;
    }

    /// <summary>The webhook's deliveries, newest first, optionally of one status.</summary>
    public async Task<Page<WebhookDelivery>> DeliveriesAsync(Guid id, WebhookDeliveryStatus? status, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await FindAsync(db, id, cancellationToken);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id);
        if (status is { } wanted)
        {
            query = query.Where(d => d.Status == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
        return new Page<WebhookDelivery>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Sends the delivery again as soon as possible, whatever its status.</summary>
    public async Task<WebhookDelivery> RetryAsync(Guid id, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == id, cancellationToken)
            ?? throw new NotFoundProblem($"Webhook {id} has no delivery {deliveryId}. List them with GET /api/v1/webhooks/{id}/deliveries.");
        delivery.RetryNow(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        sender.Wake();
        return delivery;
    }

    private static async Task<Webhook> FindAsync(OutdialDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id, cancellationToken)
            ?? throw new NotFoundProblem($"No webhook has the id {id}. List them with GET /api/v1/webhooks.");

    private static async Task<WebhookView> ViewAsync(OutdialDbContext db, Webhook webhook, CancellationToken cancellationToken)
    {
        var last = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhook.Id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new { d.Status, At = d.DeliveredAt ?? d.LastAttemptAt ?? d.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return new WebhookView(webhook, last?.Status, last?.At);
    }
}
