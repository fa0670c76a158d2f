namespace Outdial.Identity;

/// <summary>A person who signs in: an administrator, supervisor or operator.</summary>
public sealed class User
{
    private User()
    {
    }

    public User(Guid id, string name, EmailAddress email, DateTimeOffset createdAt)
    {
        Id = id;
        Name = name;
        Email = email.Value;
        NormalizedEmail = email.Normalized;
        CreatedAt = createdAt;
        IsActive = true;
        RenewSecurityStamp();
    }

    public Guid Id { get; private set; }

    public string Name { get; set; } = "";

    /// <summary>The sign-in name, as the user typed it.</summary>
    public string Email { get; private set; } = "";

    /// <summary>Lower-case form used for the unique index and for look-ups.</summary>
    public string NormalizedEmail { get; private set; } = "";

    public string PasswordHash { get; private set; } = "";

    /// <summary>Set for a one-time password: the next sign-in must choose a new one.</summary>
    public bool MustChangePassword { get; private set; }

    /// <summary>A deactivated user can neither sign in nor use API tokens.</summary>
    public bool IsActive { get; private set; }

    public int FailedSignInCount { get; private set; }

    public DateTimeOffset? LockedOutUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastSignInAt { get; private set; }

    /// <summary>Changes whenever credentials or access change, which ends existing browser sessions.</summary>
    public string SecurityStamp { get; private set; } = "";

    public List<Role> Roles { get; private set; } = [];

    /// <summary>The SIP address of the operator's phone, where the built-in SIP telephony connects their calls; null when none.</summary>
    public string? PhoneAddress { get; private set; }

    public void ChangePhone(Telephony.SipAddress? phone) => PhoneAddress = phone?.Address;

    public IReadOnlySet<Permission> Permissions =>
        IsActive ? Roles.SelectMany(r => r.Permissions).ToHashSet() : new HashSet<Permission>();

    public void ChangeEmail(EmailAddress email)
    {
        Email = email.Value;
        NormalizedEmail = email.Normalized;
    }

    public void SetPassword(string passwordHash, bool mustChange)
    {
        PasswordHash = passwordHash;
        MustChangePassword = mustChange;
        FailedSignInCount = 0;
        LockedOutUntil = null;
        RenewSecurityStamp();
    }

    public void AssignRoles(IEnumerable<Role> roles)
    {
        Roles.Clear();
        Roles.AddRange(roles.DistinctBy(r => r.Id));
        RenewSecurityStamp();
    }

    public void Deactivate()
    {
        IsActive = false;
        RenewSecurityStamp();
    }

    public void Activate() => IsActive = true;

    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil is { } until && until > now;

    public void RecordFailedSignIn(DateTimeOffset now, SignInLockout lockout)
    {
        FailedSignInCount++;
        if (FailedSignInCount >= lockout.MaxFailedAttempts)
        {
            LockedOutUntil = now + lockout.Duration;
            FailedSignInCount = 0;
        }
    }

    public void RecordSignIn(DateTimeOffset now)
    {
        FailedSignInCount = 0;
        LockedOutUntil = null;
        LastSignInAt = now;
    }

    private void RenewSecurityStamp() => SecurityStamp = Guid.NewGuid().ToString("N");
}
