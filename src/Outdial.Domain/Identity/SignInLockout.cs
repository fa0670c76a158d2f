namespace Outdial.Identity;

/// <summary>
/// How many wrong passwords in a row lock an account, and for how long. Locking slows password
/// guessing without letting an attacker lock a user out for good.
/// </summary>
public sealed record SignInLockout(int MaxFailedAttempts, TimeSpan Duration)
{
    public static SignInLockout Default { get; } = new(5, TimeSpan.FromMinutes(15));
}
