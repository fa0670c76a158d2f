using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Identity;

/// <summary>Sign-in rules, with a fake clock so that lockouts can expire without waiting.</summary>
public sealed class SignInTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;
    private UserAccounts _accounts = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, postgres);
        await (await database.CreateMigratedContextAsync()).DisposeAsync();

        _services = AccountServices(database);
        _accounts = _services.GetRequiredService<UserAccounts>();
        await _accounts.CreateAsync("Operator", "op@example.com", [Role.OperatorId], "correct-Horse-7");
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private ServiceProvider AccountServices(TestDatabase database) => new ServiceCollection()
        .AddLogging()
        .AddSingleton<TimeProvider>(_clock)
        .AddOutdialDatabase(new DatabaseOptions { ConnectionString = database.ConnectionString }, database.DataFolder)
        .AddOutdialAccounts()
        .BuildServiceProvider();

    [Fact]
    public async Task The_right_password_signs_in_and_records_the_time()
    {
        var result = await _accounts.SignInAsync(" OP@example.com ", "correct-Horse-7");

        Assert.Equal(SignInOutcome.SignedIn, result.Outcome);
        Assert.Equal(_clock.GetUtcNow(), result.User!.LastSignInAt);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_fail_alike()
    {
        var wrongPassword = await _accounts.SignInAsync("op@example.com", "wrong-Horse-7");
        var unknownEmail = await _accounts.SignInAsync("nobody@example.com", "correct-Horse-7");

        Assert.Equal(SignInOutcome.Failed, wrongPassword.Outcome);
        Assert.Equal(SignInOutcome.Failed, unknownEmail.Outcome);
        Assert.Null(wrongPassword.User);
        Assert.Null(unknownEmail.User);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_until_the_lockout_ends()
    {
        for (var i = 0; i < SignInLockout.Default.MaxFailedAttempts; i++)
        {
            await _accounts.SignInAsync("op@example.com", "guess-" + i);
        }

        Assert.Equal(SignInOutcome.Failed, (await _accounts.SignInAsync("op@example.com", "correct-Horse-7")).Outcome);

        _clock.Advance(SignInLockout.Default.Duration - TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.Failed, (await _accounts.SignInAsync("op@example.com", "correct-Horse-7")).Outcome);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(SignInOutcome.SignedIn, (await _accounts.SignInAsync("op@example.com", "correct-Horse-7")).Outcome);
    }

    [Fact]
    public async Task Parallel_wrong_passwords_each_count_towards_the_lockout()
    {
        await Task.WhenAll(Enumerable.Range(0, SignInLockout.Default.MaxFailedAttempts).Select(i => Task.Run(() => _accounts.SignInAsync("op@example.com", "guess-" + i))));

        Assert.Equal(SignInOutcome.Failed, (await _accounts.SignInAsync("op@example.com", "correct-Horse-7")).Outcome);
    }

    [Fact]
    public async Task Fewer_failures_than_the_limit_do_not_lock()
    {
        for (var i = 0; i < SignInLockout.Default.MaxFailedAttempts - 1; i++)
        {
            await _accounts.SignInAsync("op@example.com", "guess-" + i);
        }

        Assert.Equal(SignInOutcome.SignedIn, (await _accounts.SignInAsync("op@example.com", "correct-Horse-7")).Outcome);
    }

    [Theory]
    [InlineData("short", "at least")]
    [InlineData("aaaaaaaaaaaa", "too easy")]
    [InlineData("op@example.com", "e-mail")]
    public async Task A_weak_new_password_is_refused_with_the_reason(string password, string reason)
    {
        var user = (await _accounts.SignInAsync("op@example.com", "correct-Horse-7")).User!;

        var problem = await Assert.ThrowsAsync<InvalidInputProblem>(() => _accounts.ChangePasswordAsync(user.Id, "correct-Horse-7", password));

        Assert.Contains("newPassword", problem.Errors.Keys);
        Assert.Contains(reason, problem.Message);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one()
    {
        var user = (await _accounts.SignInAsync("op@example.com", "correct-Horse-7")).User!;

        var problem = await Assert.ThrowsAsync<InvalidInputProblem>(() => _accounts.ChangePasswordAsync(user.Id, "not-it-at-all", "brand-new-Pass-1"));

        Assert.Contains("currentPassword", problem.Errors.Keys);
    }

    [Fact]
    public async Task The_first_administrator_gets_a_generated_one_time_password_only_on_an_empty_database()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, postgres);
        await (await database.CreateMigratedContextAsync()).DisposeAsync();
        await using var services = AccountServices(database);
        var accounts = services.GetRequiredService<UserAccounts>();

        var issued = await accounts.CreateFirstAdministratorAsync("admin@example.com", null);

        Assert.Equal(16, issued!.OneTimePassword!.Length);
        Assert.True(issued.User.MustChangePassword);
        Assert.Contains(Permission.Administer, issued.User.Permissions);
        Assert.Equal(SignInOutcome.SignedIn, (await accounts.SignInAsync("admin@example.com", issued.OneTimePassword)).Outcome);
        Assert.Null(await accounts.CreateFirstAdministratorAsync("second@example.com", null));
    }

    [Fact]
    public async Task The_first_administrator_is_created_only_once()
    {
        // The database already has a user, so nothing is created.
        Assert.Null(await _accounts.CreateFirstAdministratorAsync("admin@example.com", null));
    }
}
