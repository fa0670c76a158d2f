using Microsoft.EntityFrameworkCore;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Persistence;

public sealed class DatabaseTests(PostgresServer postgres)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Migrations_create_the_schema_and_the_built_in_roles(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        await using var db = await database.CreateMigratedContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        var roles = await db.Roles.OrderBy(r => r.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["Administrator", "Operator", "Supervisor"], roles.Select(r => r.Name));
        Assert.Equal(Enum.GetValues<Permission>().Order(), roles.Single(r => r.Name == "Administrator").Permissions);
        Assert.Equal([Permission.Operator], roles.Single(r => r.Name == "Operator").Permissions);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Migrating_twice_changes_nothing(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        await using (var first = await database.CreateMigratedContextAsync())
        {
            first.Users.Add(NewUser("kept@outdial.test"));
            await first.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var second = await database.CreateMigratedContextAsync();
        Assert.Equal(1, await second.Users.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_user_round_trips_with_roles_times_and_verbatim_text(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        var tricky = "O'Brien \"Bob\" <script>alert(1)</script>; DROP TABLE users; --";
        var lockedUntil = new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero);
        Guid id;
        await using (var db = await database.CreateMigratedContextAsync())
        {
            var user = NewUser("Bob@Outdial.test");
            user.Name = tricky;
            user.AssignRoles(await db.Roles.Where(r => r.Id == Role.SupervisorId || r.Id == Role.OperatorId).ToListAsync(TestContext.Current.CancellationToken));
            for (var i = 0; i < SignInLockout.Default.MaxFailedAttempts; i++)
            {
                user.RecordFailedSignIn(lockedUntil - SignInLockout.Default.Duration, SignInLockout.Default);
            }

            db.Users.Add(user);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            id = user.Id;
        }

        await using var read = database.CreateContext();
        var loaded = await read.Users.Include(u => u.Roles).SingleAsync(u => u.Id == id, TestContext.Current.CancellationToken);
        Assert.Equal(tricky, loaded.Name);
        Assert.Equal("Bob@Outdial.test", loaded.Email);
        Assert.Equal("bob@outdial.test", loaded.NormalizedEmail);
        Assert.Equal(lockedUntil, loaded.LockedOutUntil);
        Assert.Equal(
            new[] { Permission.ManageContacts, Permission.ManageCampaigns, Permission.ViewStatistics, Permission.Operator }.Order(),
            loaded.Permissions.Order());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_users_cannot_share_an_email_whatever_its_case(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        await using var db = await database.CreateMigratedContextAsync();
        db.Users.Add(NewUser("same@outdial.test"));
        db.Users.Add(NewUser("SAME@outdial.test"));

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.True(DatabaseErrors.IsUniqueViolation(refused));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_operator_state_change_based_on_an_outdated_read_is_refused(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        var user = NewUser("operator@outdial.test");
        await using (var setup = await database.CreateMigratedContextAsync())
        {
            setup.Users.Add(user);
            setup.OperatorStatuses.Add(new Outdial.Operators.OperatorStatus(user.Id, DateTimeOffset.UnixEpoch));
            await setup.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var seenByFirst = await first.OperatorStatuses.SingleAsync(TestContext.Current.CancellationToken);
        var seenBySecond = await second.OperatorStatuses.SingleAsync(TestContext.Current.CancellationToken);
        seenByFirst.Change(Outdial.Operators.OperatorState.Online, Outdial.Operators.StateChangeSource.Operator, null, DateTimeOffset.UnixEpoch.AddMinutes(1));
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);

        seenBySecond.Change(Outdial.Operators.OperatorState.Break, Outdial.Operators.StateChangeSource.Operator, Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddMinutes(1));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Times_compare_and_sort_in_the_database(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var db = await database.CreateMigratedContextAsync())
        {
            foreach (var hours in new[] { 5, 1, 3 })
            {
                db.Users.Add(new User(Guid.NewGuid(), $"User {hours}", Email($"u{hours}@outdial.test"), start.AddHours(hours)));
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var read = database.CreateContext();
        var later = await read.Users.Where(u => u.CreatedAt > start.AddHours(2)).OrderBy(u => u.CreatedAt).Select(u => u.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["User 3", "User 5"], later);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_token_is_found_by_the_hash_of_its_secret_only(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        await using var db = await database.CreateMigratedContextAsync();
        var user = NewUser("owner@outdial.test");
        db.Users.Add(user);
        var (token, secret) = ApiToken.Issue(user.Id, "integration", DateTimeOffset.UtcNow);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        var hash = ApiToken.Hash(secret);
        Assert.Equal(token.Id, (await db.ApiTokens.SingleAsync(t => t.SecretHash == hash, TestContext.Current.CancellationToken)).Id);
        Assert.False(await db.ApiTokens.AnyAsync(t => t.SecretHash == secret, TestContext.Current.CancellationToken));
    }

    private static User NewUser(string email) => new(Guid.NewGuid(), "Test", Email(email), DateTimeOffset.UtcNow);

    private static EmailAddress Email(string text) => EmailAddress.TryParse(text, out var email) ? email.Value : throw new ArgumentException(text);
}
