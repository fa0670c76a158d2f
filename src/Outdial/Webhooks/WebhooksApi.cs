using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Csv;
using Outdial.Identity;

namespace Outdial.Webhooks;

/// <summary><c>/api/v1/webhooks</c>: endpoints that receive signed events, and their deliveries (docs/webhooks.md).</summary>
public static class WebhooksApi
{
    public sealed record WebhookRequest(
        [property: Required, StringLength(Webhook.MaxUrlLength)] string Url,
        [property: StringLength(Webhook.MaxDescriptionLength)] string? Description,
        [property: Required] string[]? Events,
        bool? Enabled);

    /// <param name="SecretHint">The last 4 characters of the secret.</param>
    /// <param name="Secret">The whole secret: only in the answer to creating a webhook or rotating its secret.</param>
    public sealed record WebhookResponse(
        Guid Id, string Url, string Description, IReadOnlyList<string> Events, bool Enabled, string SecretHint,
        WebhookDeliveryStatus? LastDeliveryStatus, DateTimeOffset? LastDeliveryAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
    {
        public static WebhookResponse From(WebhookView view)
        {
            var w = view.Webhook;
            return new(w.Id, w.Url, w.Description, w.EventTypes, w.Enabled, w.SecretHint, view.LastDeliveryStatus, view.LastDeliveryAt, w.CreatedAt, w.UpdatedAt);
        }

        public static WebhookResponse WithSecret(WebhookView view) => From(view) with { Secret = view.Webhook.Secret };
    }

    /// <param name="Body">The JSON body exactly as sent and signed.</param>
    public sealed record DeliveryResponse(
        Guid Id, Guid WebhookId, Guid EventId, string EventType, WebhookDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastHttpStatus, string? LastError, DateTimeOffset? DeliveredAt, string Body)
    {
        public static DeliveryResponse From(WebhookDelivery d) => new(
            d.Id, d.WebhookId, d.EventId, d.EventType, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.LastAttemptAt, d.LastHttpStatus, d.LastError, d.DeliveredAt, d.Body);
    }

    public static void MapWebhooksApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequirePermission(Permission.Administer);
        webhooks.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("The webhooks, oldest first, with the status of each one's newest delivery. Secrets show only their last 4 characters.");
        webhooks.MapPost("/", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Registers an http(s) URL for event types (session.created, session.dialResult, session.connected, session.ended, session.concluded, campaign.stateChanged). The answer has the signing secret, once.");
        webhooks.MapGet("/{id:guid}", GetAsync).WithName("GetWebhook");
        webhooks.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateWebhook").WithSummary("Changes the URL, description, event types or whether it is enabled; the secret stays.");
        webhooks.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Deletes the webhook and its deliveries, also those not sent yet.");
        webhooks.MapPost("/{id:guid}/secret", RotateSecretAsync).WithName("RotateWebhookSecret")
            .WithSummary("Replaces the signing secret at once and answers the new one, once; every delivery from now on is signed with it.");
        webhooks.MapPost("/{id:guid}/ping", PingAsync).WithName("PingWebhook").WithSummary("Queues a 'ping' delivery to test the endpoint and its signature check.");
        webhooks.MapGet("/{id:guid}/deliveries", ListDeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("The webhook's deliveries, newest first, optionally of one status (pending, delivered, failed).");
        webhooks.MapGet("/{id:guid}/deliveries.csv", ExportDeliveriesAsync).WithName("ExportWebhookDeliveries")
            .WithSummary("The same deliveries as CSV (without bodies), for a spreadsheet.");
        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/retry", RetryAsync).WithName("RetryWebhookDelivery")
            .WithSummary("Sends a delivery again as soon as possible, also one that was given up (failed) or delivered.");
    }

    private static async Task<Ok<Page<WebhookResponse>>> ListAsync(WebhookRegistry registry, int? offset, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok((await registry.ListAsync(PageRequest.From(offset, limit), cancellationToken)).Map(WebhookResponse.From));

    private static async Task<Created<WebhookResponse>> CreateAsync(WebhookRequest request, WebhookRegistry registry, CancellationToken cancellationToken)
    {
        var webhook = await registry.CreateAsync(request.Url, request.Description, request.Events ?? [], request.Enabled ?? true, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/webhooks/{webhook.Id}", WebhookResponse.WithSecret(new WebhookView(webhook, null, null)));
    }

    private static async Task<Ok<WebhookResponse>> GetAsync(Guid id, WebhookRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookResponse.From(await registry.GetAsync(id, cancellationToken)));

    private static async Task<Ok<WebhookResponse>> UpdateAsync(Guid id, WebhookRequest request, WebhookRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookResponse.From(await registry.UpdateAsync(id, request.Url, request.Description, request.Events ?? [], request.Enabled ?? true, cancellationToken)));

    private static async Task<NoContent> DeleteAsync(Guid id, WebhookRegistry registry, CancellationToken cancellationToken)
    {
        await registry.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookResponse>> RotateSecretAsync(Guid id, WebhookRegistry registry, CancellationToken cancellationToken)
    {
        await registry.RotateSecretAsync(id, cancellationToken);
        return TypedResults.Ok(WebhookResponse.WithSecret(await registry.GetAsync(id, cancellationToken)));
    }

    private static async Task<Accepted<DeliveryResponse>> PingAsync(Guid id, WebhookRegistry registry, CancellationToken cancellationToken)
    {
        var delivery = await registry.PingAsync(id, cancellationToken);
        return TypedResults.Accepted($"{ApiConventions.Prefix}/webhooks/{id}/deliveries", DeliveryResponse.From(delivery));
    }

    private static async Task<Ok<Page<DeliveryResponse>>> ListDeliveriesAsync(
        Guid id, WebhookRegistry registry, string? status, int? offset, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok((await registry.DeliveriesAsync(id, ParseStatus(status), PageRequest.From(offset, limit), cancellationToken)).Map(DeliveryResponse.From));

    /// <summary>The <c>status</c> filter as JSON writes it (<c>pending</c>, <c>delivered</c>, <c>failed</c>); empty for all.</summary>
    private static WebhookDeliveryStatus? ParseStatus(string? status) => QueryEnums.Parse<WebhookDeliveryStatus>(status, "status");

    private static async Task<Accepted<DeliveryResponse>> RetryAsync(Guid id, Guid deliveryId, WebhookRegistry registry, CancellationToken cancellationToken)
    {
        var delivery = await registry.RetryAsync(id, deliveryId, cancellationToken);
        return TypedResults.Accepted($"{ApiConventions.Prefix}/webhooks/{id}/deliveries", DeliveryResponse.From(delivery));
    }

    /// <summary>Streams deliveries as CSV; shared by the API and the settings page's download link.</summary>
    public static async Task ExportDeliveriesAsync(
        HttpContext http, Guid id, WebhookRegistry registry, string? status, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var page = await registry.DeliveriesAsync(id, ParseStatus(status), PageRequest.From(offset, limit), cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"webhook-deliveries-{id:N}.csv\"";
        await using var text = new StreamWriter(http.Response.Body, CsvWriter.Encoding);
        var csv = new CsvWriter(text);
        await csv.WriteRowAsync(["id", "eventId", "eventType", "status", "attempts", "createdAt", "lastAttemptAt", "lastHttpStatus", "lastError", "nextAttemptAt", "deliveredAt"]);
        foreach (var d in page.Items)
        {
            await csv.WriteRowAsync([
                d.Id.ToString(), d.EventId.ToString(), d.EventType, d.Status.ToString().ToLowerInvariant(), d.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Time(d.CreatedAt), Time(d.LastAttemptAt), d.LastHttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture), d.LastError, Time(d.NextAttemptAt), Time(d.DeliveredAt),
            ]);
        }
    }

    private static string? Time(DateTimeOffset? at) => at?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
