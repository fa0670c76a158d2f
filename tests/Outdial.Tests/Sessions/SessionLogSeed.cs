using Outdial.Campaigns;
using Outdial.Contacts;
using Outdial.Identity;
using Outdial.Sessions;
using Outdial.Testing;

namespace Outdial.Tests.Sessions;

/// <summary>
/// Five sessions of two campaigns, two operators and three contacts, written straight into the
/// database, so that every filter has sessions it must find and sessions it must leave out.
/// </summary>
public sealed class SessionLogSeed
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public required Guid Winter { get; init; }

    public required Guid Spring { get; init; }

    public required User Olga { get; init; }

    public required User Petr { get; init; }

    public required Guid Jana { get; init; }

    public required Guid Karel { get; init; }

    public required Guid Rehor { get; init; }

    /// <summary>The sessions in the order they started: A1 (oldest) … A5 (newest).</summary>
    public required IReadOnlyList<Guid> Sessions { get; init; }

    public Guid A1 => Sessions[0];

    public Guid A2 => Sessions[1];

    public Guid A3 => Sessions[2];

    public Guid A4 => Sessions[3];

    public Guid A5 => Sessions[4];

    public static async Task<SessionLogSeed> WriteAsync(OutdialApp app)
    {
        var olga = await app.CreateUserWithPermissionsAsync("Olga Operator", [Permission.Operator]);
        var petr = await app.CreateUserWithPermissionsAsync("Petr Operator", [Permission.Operator]);
        var winter = new Campaign(Settings("Winter offer"), Start.AddDays(-1));
        var spring = new Campaign(Settings("Spring survey"), Start.AddDays(-1));
        var jana = Contact.Create(new ContactInput("Jana", "Nováková"), DirectoryRules.Default, Start, out _);
        var karel = Contact.Create(new ContactInput("Karel", "Svoboda"), DirectoryRules.Default, Start, out _);
        var rehor = Contact.Create(new ContactInput("Řehoř", "Dvořák"), DirectoryRules.Default, Start, out _);

        var attempts = new[]
        {
            Attempt(winter, jana, olga, minutes: 0, "Answered", "Success", talk: 80, "Wants the yearly plan"),
            Attempt(winter, karel, petr, minutes: 10, "NoAnswer", null, talk: null, null),
            Attempt(spring, rehor, olga, minutes: 20, "Answered", "Callback", talk: 30, "Call after ŘÍJEN"),
            Attempt(spring, jana, petr, minutes: 30, "Busy", null, talk: null, ""),
            Attempt(winter, jana, olga, minutes: 40, "Answered", "Success", talk: 200, null),
        };
        var parameters = new[]
        {
            new SessionParameter(attempts[0].Id, "interested", "Yes", Start),
            new SessionParameter(attempts[0].Id, "budget", "1200", Start),
            new SessionParameter(attempts[2].Id, "interested", "no", Start),
            new SessionParameter(attempts[2].Id, "budget", "300", Start),
            new SessionParameter(attempts[3].Id, "interested", "maybe later", Start),
            new SessionParameter(attempts[3].Id, "budget", "not sure", Start),
            new SessionParameter(attempts[4].Id, "interested", "YES", Start),
            new SessionParameter(attempts[4].Id, "budget", "5000", Start),
            new SessionParameter(attempts[4].Id, "offer.tier", "Premium", Start),
        };

        await using (var db = app.Database.CreateContext())
        {
            db.Campaigns.AddRange(winter, spring);
            db.Contacts.AddRange(jana, karel, rehor);
            db.CampaignAttempts.AddRange(attempts);
            db.SessionParameters.AddRange(parameters);
            await db.SaveChangesAsync();
        }

        return new SessionLogSeed
        {
            Winter = winter.Id, Spring = spring.Id, Olga = olga, Petr = petr, Jana = jana.Id, Karel = karel.Id, Rehor = rehor.Id,
            Sessions = [.. attempts.Select(a => a.Id)],
        };
    }

    private static CampaignSettings Settings(string name) => new(
        name, "", CampaignMode.Preview, BcwSeconds: 10, PickupRatePercent: 50, RoutingGroupId: Guid.NewGuid(), CampaignGoal.AllContactsProcessed,
        CampaignSettings.DefaultResultCodes, [], CallerIdRotation.RoundRobin, null, MaxAttempts: 3, RingTimeoutSeconds: 25, RetryDelayMinutes: 60,
        CampaignSettings.FirstValidPhone, FilterId: null);

    private static CampaignAttempt Attempt(Campaign campaign, Contact contact, User user, int minutes, string dialResult, string? result, int? talk, string? note)
    {
        var started = Start.AddMinutes(minutes);
        var attempt = new CampaignAttempt(Guid.NewGuid(), campaign.Id, Guid.NewGuid(), contact.Id, $"+42077710{minutes:D4}", started)
        {
            OperatorId = user.Id,
            OfferedAt = started,
            AcceptedAt = started.AddSeconds(2),
            DialResult = dialResult,
            Result = result,
            Note = note,
        };
        attempt.Dialled(started.AddSeconds(12));
        if (dialResult == "Answered")
        {
            attempt.AnsweredAt = started.AddSeconds(20);
            attempt.ConnectedAt = started.AddSeconds(21);
        }

        attempt.Ended(started.AddSeconds(21 + (talk ?? 0)));
        return attempt;
    }
}
