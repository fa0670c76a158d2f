using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Identity;

/// <summary>What an administrator may set on a user.</summary>
/// <param name="PhoneAddress">The SIP address of the user's phone (operators), or null for none.</param>
public sealed record UserChanges(string Name, string Email, IReadOnlyList<Guid> RoleIds, bool IsActive, string? PhoneAddress = null);

/// <summary>The result of creating a user or resetting a password: the one-time password is shown once.</summary>
public sealed record IssuedPassword(User User, string? OneTimePassword);

public enum SignInOutcome
{
    SignedIn,
    Failed,
}

public sealed record SignInResult(SignInOutcome Outcome, User? User)
{
    /// <summary>
    /// The same text for a wrong e-mail, a wrong password, a deactivated account and a lockout,
    /// so that the sign-in form does not reveal which accounts exist.
    /// </summary>
    public const string FailureMessage =
        "Sign-in failed: the e-mail or password is wrong, or the account is locked for a while after repeated failures. " +
        "Check both and try again, or ask an administrator to reset your password.";
}

/// <summary>Users: sign-in, creation, roles, passwords, deactivation.</summary>
public sealed class UserAccounts(
    IDbContextFactory<OutdialDbContext> databases,
    IPasswordHasher<User> hasher,
    TimeProvider clock,
    ILogger<UserAccounts> logger)
{
    private readonly SignInLockout _lockout = SignInLockout.Default;

    public async Task<SignInResult> SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var normalized = EmailAddress.NormalizeForLookup(email);
        var user = await db.Users.Include(u => u.Roles).SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        var now = clock.GetUtcNow();
        if (user is null)
        {
            // Hash anyway so that an unknown e-mail takes as long as a wrong password.
            hasher.HashPassword(null!, password);
            IdentityLog.SignInFailed(logger, "unknown e-mail");
            return new SignInResult(SignInOutcome.Failed, null);
        }

        if (!user.IsActive || user.IsLockedOut(now))
        {
            IdentityLog.SignInFailed(logger, user.IsActive ? "locked out" : "deactivated");
            return new SignInResult(SignInOutcome.Failed, null);
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(db, user, now, cancellationToken);
            IdentityLog.SignInFailed(logger, user.IsLockedOut(now) ? "wrong password, now locked out" : "wrong password");
            return new SignInResult(SignInOutcome.Failed, null);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.SetPassword(hasher.HashPassword(user, password), user.MustChangePassword);
        }

        user.RecordSignIn(now);
        await db.SaveChangesAsync(cancellationToken);
        IdentityLog.SignedIn(logger, user.Id);
        return new SignInResult(SignInOutcome.SignedIn, user);
    }

    /// <summary>Counts a wrong password; when parallel attempts race, each is counted against the latest count.</summary>
    private async Task RecordFailureAsync(OutdialDbContext db, User user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            user.RecordFailedSignIn(now, _lockout);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException conflict) when (attempt < 10)
            {
                await conflict.Entries.Single().ReloadAsync(cancellationToken);
            }
        }
    }

    /// <summary>The user who signs in with <paramref name="email"/> (any case), or null.</summary>
    public async Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var normalized = EmailAddress.NormalizeForLookup(email);
        return await db.Users.AsNoTracking().Include(u => u.Roles).SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
    }

    public async Task<User?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    public async Task<User> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await FindAsync(id, cancellationToken) ?? throw UserNotFound(id);

    public async Task<Page<User>> ListAsync(string? search, bool? active, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(u => u.NormalizedEmail.Contains(term) || u.Name.ToLower().Contains(term));
        }

        if (active is { } isActive)
        {
            query = query.Where(u => u.IsActive == isActive);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.Include(u => u.Roles)
            .OrderBy(u => u.Name).ThenBy(u => u.NormalizedEmail)
            .Skip(page.Offset).Take(page.Limit)
            .ToListAsync(cancellationToken);
        return new Page<User>(items, total, page.Offset, page.Limit);
    }

    public async Task<IReadOnlyList<Role>> ListRolesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Roles.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Creates a user. Without a password, a one-time password is generated and returned once;
    /// either way the user must choose a new password at the first sign-in.
    /// </summary>
    public async Task<IssuedPassword> CreateAsync(string name, string email, IReadOnlyList<Guid> roleIds, string? password, string? phoneAddress = null, CancellationToken cancellationToken = default)
    {
        var address = ParseEmail(email);
        var displayName = CheckName(name);
        var phone = ParsePhone(phoneAddress);
        string? oneTimePassword = null;
        if (string.IsNullOrEmpty(password))
        {
            password = oneTimePassword = GeneratePassword();
        }
        else if (PasswordRules.Check(password, address.Value) is { } problem)
        {
            throw new InvalidInputProblem("password", problem);
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await EnsureEmailFreeAsync(db, address, exceptUserId: null, cancellationToken);
        var user = new User(Guid.NewGuid(), displayName, address, clock.GetUtcNow());
        user.SetPassword(hasher.HashPassword(user, password), mustChange: true);
        user.AssignRoles(await LoadRolesAsync(db, roleIds, cancellationToken));
        user.ChangePhone(phone);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        IdentityLog.UserCreated(logger, user.Id);
        return new IssuedPassword(user, oneTimePassword);
    }

    public async Task<User> UpdateAsync(Guid id, UserChanges changes, Guid actingUserId, CancellationToken cancellationToken = default)
    {
        var address = ParseEmail(changes.Email);
        var displayName = CheckName(changes.Name);
        var phone = ParsePhone(changes.PhoneAddress);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw UserNotFound(id);
        var roles = await LoadRolesAsync(db, changes.RoleIds, cancellationToken);

        if (id == actingUserId && (!changes.IsActive || !roles.Any(r => r.Permissions.Contains(Permission.Administer))))
        {
            throw new ConflictProblem("You cannot deactivate yourself or remove your own Administer permission. Ask another administrator to do it.");
        }

        await EnsureEmailFreeAsync(db, address, exceptUserId: id, cancellationToken);
        user.Name = displayName;
        user.ChangeEmail(address);
        user.ChangePhone(phone);
        if (!roles.Select(r => r.Id).ToHashSet().SetEquals(user.Roles.Select(r => r.Id)))
        {
            user.AssignRoles(roles);
        }

        if (changes.IsActive && !user.IsActive)
        {
            user.Activate();
        }
        else if (!changes.IsActive && user.IsActive)
        {
            user.Deactivate();
        }

        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Replaces the password with a one-time password that the user must change at the next sign-in.</summary>
    public async Task<IssuedPassword> ResetPasswordAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw UserNotFound(id);
        var password = GeneratePassword();
        user.SetPassword(hasher.HashPassword(user, password), mustChange: true);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedPassword(user, password);
    }

    public async Task<User> ChangePasswordAsync(Guid id, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw UserNotFound(id);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword ?? "") == PasswordVerificationResult.Failed)
        {
            throw new InvalidInputProblem("currentPassword", "The current password is wrong. Type the password you signed in with.");
        }

        if (PasswordRules.Check(newPassword, user.Email) is { } problem)
        {
            throw new InvalidInputProblem("newPassword", problem);
        }

        if (newPassword == currentPassword)
        {
            throw new InvalidInputProblem("newPassword", "Choose a password different from the current one.");
        }

        user.SetPassword(hasher.HashPassword(user, newPassword), mustChange: false);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Creates the first administrator when there are no users at all; returns null otherwise.</summary>
    public async Task<IssuedPassword?> CreateFirstAdministratorAsync(string email, string? password, CancellationToken cancellationToken = default)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Users.AnyAsync(cancellationToken))
            {
                return null;
            }
        }

        var issued = await CreateAsync("Administrator", email, [Role.AdministratorId], password, cancellationToken: cancellationToken);
        return issued with { OneTimePassword = password ?? issued.OneTimePassword };
    }

    /// <summary>
    /// 16 characters from an alphabet without look-alikes (0/O, 1/l/I): about 90 bits, easy to type
    /// from a console.
    /// </summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    private static EmailAddress ParseEmail(string? email) =>
        EmailAddress.TryParse(email, out var address)
            ? address.Value
            : throw new InvalidInputProblem("email", "Enter a valid e-mail address, such as jana.novakova@example.com.");

    private static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is >= 1 and <= 200
            ? trimmed
            : throw new InvalidInputProblem("name", "Enter a name of 1 to 200 characters.");
    }

    /// <summary>An empty address means "no phone"; anything else must be a SIP address.</summary>
    private static Telephony.SipAddress? ParsePhone(string? address) =>
        string.IsNullOrWhiteSpace(address) ? null
        : Telephony.SipAddress.TryParse(address, out var phone, out var error) ? phone
        : throw new InvalidInputProblem("phoneAddress", error);

    private static async Task EnsureEmailFreeAsync(OutdialDbContext db, EmailAddress address, Guid? exceptUserId, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == address.Normalized && u.Id != exceptUserId, cancellationToken))
        {
            throw new ConflictProblem($"Another user already signs in with {address.Value}. Use a different e-mail address.");
        }
    }

    private static async Task<List<Role>> LoadRolesAsync(OutdialDbContext db, IReadOnlyList<Guid> roleIds, CancellationToken cancellationToken)
    {
        var wanted = roleIds.Distinct().ToList();
        var roles = await db.Roles.Where(r => wanted.Contains(r.Id)).ToListAsync(cancellationToken);
        var missing = wanted.Except(roles.Select(r => r.Id)).ToList();
        return missing.Count == 0
            ? roles
            : throw new InvalidInputProblem("roleIds", $"No role has the id {missing[0]}. List the roles with GET /api/v1/roles.");
    }

    private static NotFoundProblem UserNotFound(Guid id) => new($"No user has the id {id}. It may have been removed; reload the list.");
}
