using Outdial.Telephony;
using Microsoft.AspNetCore.DataProtection;
using Outdial.Api;
using Outdial.Components;
using Outdial.Identity;
using Outdial.Settings;
using Outdial.Webhooks;
using Prometheus;

namespace Outdial.Hosting;

/// <summary>The web server: UI, REST API, metrics. Reads like a table of contents.</summary>
public static class OutdialServer
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddOutdialSources(builder.Environment.ContentRootPath);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(OutdialConfiguration.DefaultUrls);
        }

        builder.Services.AddOutdialPersistence(builder.Configuration);
        builder.Services.AddDataProtection()
            .SetApplicationName("Outdial")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(OutdialConfiguration.DataFolder(builder.Configuration), "keys")));
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddOutdialDirectory();
        builder.Services.AddOutdialEngine(builder.Configuration);
        builder.Services.AddOutdialWebhooks();
        builder.AddOutdialIdentity();
        builder.AddOutdialApi();
        builder.AddOutdialUi();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseApiStatusCodeProblems();
        app.UseHttpMetrics();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCampaignsFeatureGate();
        app.UseOneTimePasswordGate();
        app.UseAntiforgery();

        var api = app.MapApiV1();
        api.MapHealthApi();
        api.MapUsersApi();
        api.MapAccountApi();
        api.MapDirectoryApis();
        api.MapWebhooksApi();
        api.MapTelephonyApi();

        app.MapOpenApiReference();
        app.MapMetrics("/metrics").AllowAnonymous();
        app.MapOutdialUi();
        return app;
    }
}
