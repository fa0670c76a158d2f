using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Outdial.Tests.Webhooks;

/// <summary>
/// An integrator's webhook endpoint: a real HTTP server on 127.0.0.1 (a free port) that records
/// every request and answers as the test tells it.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly CancellationTokenSource _stopping = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Given the number of the request (1 for the first), answers its HTTP status; may wait on the token (the request aborted or the receiver stopping) to hang.</summary>
    public Func<int, CancellationToken, Task<int>> Answer { get; set; } = (_, _) => Task.FromResult(200);

    public string Url => _app.Urls.First() + "/hook";

    /// <summary>Requests that reached the endpoint, including those still waiting for an answer.</summary>
    public int Count => Volatile.Read(ref _count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next request that reached the endpoint (waits up to 15 s).</summary>
    public async Task<ReceivedRequest> NextAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync(); // ends the requests left hanging
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var number = Interlocked.Increment(ref _count);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        await _received.Writer.WriteAsync(new ReceivedRequest(number, headers, body.ToArray()));
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            context.Response.StatusCode = await Answer(number, ended.Token);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }
}

internal sealed record ReceivedRequest(int Number, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
