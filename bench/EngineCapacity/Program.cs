using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Outdial.Bench;
using Outdial.Campaigns;
using Outdial.Contacts;
using Outdial.Demo;
using Outdial.Engine;
using Outdial.Hosting;
using Outdial.Identity;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Settings;

// The campaign engine in real time (benchmarks.md §3): N simulated operators in groups of 20, each
// group working its own running predictive campaign on the simulated carrier (fixed-ratio pacing:
// it dials ⌈free ÷ pickup rate⌉ from the first second, where adaptive pacing starts progressive
// until it has evidence, so the engine carries the full call volume from the start),
// inside the real server (SQLite, the engine's store, desks, routing). After a warm-up it measures
// for a while and prints one JSON line per operator count:
//   freeP50Ms/freeP99Ms  operator became free (result given) → the engine has acted on it: the
//                        desk shows the next state, a waiting call is connected, new dials are stored
//   messageP50Ms/P99Ms   any campaign message (call answered → connected, ringing, failed, tick…)
//                        from reaching the mailbox to its commands carried out
//   cpuPercent           process CPU over the measurement, as a share of all cores
//
//   dotnet run -c Release --project bench/EngineCapacity -- [--operators 100,500,2000] [--seconds 60] [--warmup 20]
var counts = (BenchArguments.Text(args, "--operators", "100,500,2000") ?? "").Split(',').Select(int.Parse).ToArray();
var seconds = BenchArguments.Number(args, "--seconds", 60);
var warmup = BenchArguments.Number(args, "--warmup", 20);
const int PerCampaign = 20;
const int ContactsPerOperator = 15;

foreach (var operators in counts)
{
    var data = Directory.CreateTempSubdirectory("outdial-engine-bench-").FullName;
    var scenario = Path.Combine(data, "scenario.json");
    await File.WriteAllTextAsync(scenario, """
        { "name": "engine bench", "operators": 1, "pickupRate": 0.35, "busyRate": 0.1, "invalidRate": 0.02,
          "ringSeconds": { "dist": "uniform", "min": 3, "max": 10 }, "talkSeconds": { "dist": "lognormal", "mean": 20, "sd": 10 },
          "wrapUpSeconds": { "dist": "fixed", "value": 2 }, "patienceSeconds": 3, "noAnswerTimeoutSeconds": 20 }
        """);
    await using var app = OutdialServer.Build(["--applicationName=outdial", $"--Data:Folder={data}", "--urls=http://127.0.0.1:0", $"--Telephony:Scenario={scenario}", "--Logging:LogLevel:Default=Warning"]);
    await app.StartAsync();
    var services = app.Services;
    var databases = services.GetRequiredService<IDbContextFactory<OutdialDbContext>>();

    var setup = Stopwatch.StartNew();
    var campaignCount = (operators + PerCampaign - 1) / PerCampaign;
    await DirectoryFill.FillAsync(databases, operators * ContactsPerOperator);
    var users = await CreateOperatorsAsync(databases, operators);
    var tenant = await services.GetRequiredService<TenantSettingsStore>().GetAsync();
    await services.GetRequiredService<TenantSettingsStore>().ChangeAsync(tenant.DefaultRegion, tenant.DefaultTimeZone, CallingHours.Always, tenant.AbandonRateCap, true);
    var nobody = await services.GetRequiredService<SavedFilters>().CreateAsync("Nobody", JsonDocument.Parse("""{ "field": "company", "op": "eq", "value": "(nobody)" }""").RootElement);
    var contacts = await LoadContactsAsync(databases);
    var directory = services.GetRequiredService<CampaignDirectory>();
    for (var c = 0; c < campaignCount; c++)
    {
        var members = users.Skip(c * PerCampaign).Take(PerCampaign).ToList();
        var group = await services.GetRequiredService<OperatorGroups>().CreateAsync($"Bench group {c}", 2, CallDistribution.LongestIdle, members);
        var campaign = await directory.CreateAsync(new CampaignSettings($"Bench campaign {c}", "", CampaignMode.Predictive, 0, 35, group.Id, CampaignGoal.None,
            CampaignSettings.DefaultResultCodes, [], CallerIdRotation.RoundRobin, CallingHours.Always, 3, 20, 60, CampaignSettings.FirstValidPhone, nobody.Id,
            PredictivePacing.FixedRatio));
        await AddRecordsAsync(databases, campaign, contacts.Skip(c * PerCampaign * ContactsPerOperator).Take(PerCampaign * ContactsPerOperator).ToList());
        await directory.ApplyAsync(campaign.Id, CampaignAction.Start);
    }

    var free = new List<double>();
    var messages = new List<double>();
    var commits = new List<double>();
    var mailboxWaits = new List<double>();
    var flushWaits = new List<double>();
    var batches = new List<int>();
    var measuring = false;
    using var listener = new MeterListener();
    listener.InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == EngineMetrics.MeterName)
        {
            l.EnableMeasurementEvents(instrument);
        }
    };
    listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
    {
        if (Volatile.Read(ref measuring))
        {
            var into = instrument.Name switch
            {
                "outdial.engine.store.commit" => commits,
                "outdial.engine.mailbox.wait" => mailboxWaits,
                "outdial.engine.flush.wait" => flushWaits,
                _ => messages,
            };
            lock (into)
            {
                into.Add(value);
            }
        }
    });
    listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
    {
        if (Volatile.Read(ref measuring))
        {
            lock (batches)
            {
                batches.Add(value);
            }
        }
    });
    listener.Start();

    var desks = services.GetRequiredService<OperatorDesks>();
    var actions = new TimedDeskActions(services.GetRequiredService<DeskActions>(), free, () => Volatile.Read(ref measuring));
    await using var bots = new SimulatedOperators(users, desks, actions.Actions, services.GetRequiredService<OperatorStates>(), TimeProvider.System,
        new SimulatedOperatorOptions { WrapUpMinSeconds = 1, WrapUpMaxSeconds = 3 }, onCompleting: actions.Completing, onCompleted: actions.Completed);
    await bots.GoOnlineAsync();
    setup.Stop();

    await Task.Delay(TimeSpan.FromSeconds(warmup));
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var completedBefore = bots.Completed;
    var pausesBefore = GC.GetTotalPauseDuration();
    var gen2Before = GC.CollectionCount(2);
    Volatile.Write(ref measuring, true);

    // The thread pool's backlog, sampled: work waiting for a thread is latency nobody else shows.
    var backlog = 0L;
    using var sampling = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            backlog = Math.Max(backlog, ThreadPool.PendingWorkItemCount);
            await Task.Delay(50, CancellationToken.None);
        }
    });
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    await sampler;
    Volatile.Write(ref measuring, false);
    wall.Stop();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds / Environment.ProcessorCount;
    var sessions = bots.Completed - completedBefore;

    double[] freeSorted, messageSorted, commitSorted, mailboxSorted, flushSorted;
    lock (commits)
    {
        commitSorted = [.. commits.Order()];
    }

    lock (mailboxWaits)
    {
        mailboxSorted = [.. mailboxWaits.Order()];
    }

    lock (flushWaits)
    {
        flushSorted = [.. flushWaits.Order()];
    }

    lock (free)
    {
        freeSorted = [.. free.Order()];
    }

    lock (messages)
    {
        messageSorted = [.. messages.Order()];
    }

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        operators,
        campaigns = campaignCount,
        seconds,
        setupSeconds = Math.Round(setup.Elapsed.TotalSeconds, 1),
        sessionsCompleted = sessions,
        sessionsPerSecond = Math.Round(sessions / wall.Elapsed.TotalSeconds, 1),
        freeEvents = freeSorted.Length,
        freeP50Ms = Percentile(freeSorted, 0.50),
        freeP99Ms = Percentile(freeSorted, 0.99),
        freeMaxMs = freeSorted.Length == 0 ? 0 : Math.Round(freeSorted[^1], 2),
        messages = messageSorted.Length,
        messageP50Ms = Percentile(messageSorted, 0.50),
        messageP99Ms = Percentile(messageSorted, 0.99),
        mailboxWaitP99Ms = Percentile(mailboxSorted, 0.99),
        flushWaitP50Ms = Percentile(flushSorted, 0.50),
        flushWaitP99Ms = Percentile(flushSorted, 0.99),
        commits = commitSorted.Length,
        commitP50Ms = Percentile(commitSorted, 0.50),
        commitP99Ms = Percentile(commitSorted, 0.99),
        meanBatch = batches.Count == 0 ? 0 : Math.Round(batches.Average(), 1),
        cpuPercent = Math.Round(100 * cpu, 1),
        gcPauseMs = Math.Round((GC.GetTotalPauseDuration() - pausesBefore).TotalMilliseconds),
        gen2Collections = GC.CollectionCount(2) - gen2Before,
        maxThreadPoolBacklog = backlog,
        serverGc = System.Runtime.GCSettings.IsServerGC,
    }));
    await app.StopAsync();

    // The data folder (database, scenario) was only for this run.
    Directory.Delete(data, recursive: true);
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);

static async Task<List<Guid>> CreateOperatorsAsync(IDbContextFactory<OutdialDbContext> databases, int count)
{
    // Straight into the database: hashing 2,000 passwords would take minutes and measures nothing here.
    await using var db = await databases.CreateDbContextAsync();
    var role = await db.Roles.SingleAsync(r => r.Id == Role.OperatorId);
    var users = new List<User>();
    for (var i = 0; i < count; i++)
    {
        EmailAddress.TryParse($"bench-{i}@bench.outdial.local", out var email);
        var user = new User(Guid.NewGuid(), $"Bench operator {i}", email!.Value, DateTimeOffset.UtcNow);
        user.SetPassword("not-a-real-hash", mustChange: false);
        user.AssignRoles([role]);
        users.Add(user);
    }

    db.Users.AddRange(users);
    await db.SaveChangesAsync();
    return [.. users.Select(u => u.Id)];
}

static async Task<List<(Guid Id, string E164)>> LoadContactsAsync(IDbContextFactory<OutdialDbContext> databases)
{
    await using var db = await databases.CreateDbContextAsync();
    var phones = await db.ContactPhones.AsNoTracking().Select(p => new { p.ContactId, p.E164 }).ToListAsync();
    return [.. phones.Select(p => (p.ContactId, p.E164!))];
}

static async Task AddRecordsAsync(IDbContextFactory<OutdialDbContext> databases, Campaign campaign, List<(Guid Id, string E164)> contacts)
{
    await using var db = await databases.CreateDbContextAsync();
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    var order = 0L;
    db.CampaignRecords.AddRange(contacts.Select(c => CampaignRecord.For(campaign.Id, c.Id, ++order, [("mobile", c.E164)], CampaignSettings.FirstValidPhone, _ => false, DateTimeOffset.UtcNow)));
    await db.SaveChangesAsync();
}

/// <summary>Times each bot's "I am free" (its result) from the call until the engine has handled it.</summary>
internal sealed class TimedDeskActions(DeskActions actions, List<double> samples, Func<bool> measuring)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, long> _started = new();

    public DeskActions Actions => actions;

    public void Completing(Guid session) => _started[session] = Stopwatch.GetTimestamp();

    public void Completed(Guid session)
    {
        if (_started.TryRemove(session, out var started) && measuring())
        {
            lock (samples)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }
}
