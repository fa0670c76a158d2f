using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Outdial.Persistence;
using Outdial.Settings;
using Outdial.Testing;

namespace Outdial.UiTests;

/// <summary>The Outdial server on a real port of 127.0.0.1, with a browser context and screenshots.</summary>
public sealed class UiServer : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private string? _scenario;

    private UiServer(OutdialApp app, string baseUrl, Chromium chromium, string journey)
    {
        App = app;
        BaseUrl = baseUrl;
        Chromium = chromium;
        Journey = journey;
    }

    public OutdialApp App { get; }

    public string BaseUrl { get; }

    private Chromium Chromium { get; }

    private string Journey { get; }

    public static async Task<UiServer> StartAsync(PostgresServer postgres, Chromium chromium, string journey, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new OutdialApp(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, postgres), ownsDatabase: true, settings);
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new UiServer(app, address.TrimEnd('/'), chromium, journey);
    }

    /// <summary>
    /// A server whose simulated carrier reaches everyone within a second, who then talks for
    /// <paramref name="talkSeconds"/>; the tenant may call at any hour (the tests run at any time of day).
    /// </summary>
    public static async Task<UiServer> StartWithCallersAsync(PostgresServer postgres, Chromium chromium, string journey, double talkSeconds)
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"outdial-ui-scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, $$"""
            { "name": "always answers", "operators": 1, "pickupRate": 1, "busyRate": 0, "invalidRate": 0,
              "ringSeconds": { "dist": "uniform", "min": 0.5, "max": 1 }, "talkSeconds": { "dist": "fixed", "value": {{talkSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },
              "wrapUpSeconds": { "dist": "fixed", "value": 1 }, "patienceSeconds": 5 }
            """);
        var server = await StartAsync(postgres, chromium, journey, new Dictionary<string, string?> { ["Telephony:Scenario"] = scenario });
        server._scenario = scenario;
        var settings = server.App.Get<TenantSettingsStore>();
        var tenant = await settings.GetAsync();
        await settings.ChangeAsync(tenant.DefaultRegion, tenant.DefaultTimeZone, CallingHours.Always, tenant.AbandonRateCap, true);
        return server;
    }

    // Expectations wait as long as actions: on a loaded 2-core CI machine a save that reaches the
    // database can take longer than Playwright's default 5 s (a script designer journey failed so).
    static UiServer() => Assertions.SetDefaultExpectTimeout(15_000);

    /// <summary>A fresh browser session (its own cookies), as one person at one computer.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot under artifacts/screenshots/JOURNEY/ in the repository.</summary>
    public async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots", Journey);
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await App.DisposeAsync();
        if (_scenario is not null)
        {
            File.Delete(_scenario);
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Outdial.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? AppContext.BaseDirectory;
    }
}
