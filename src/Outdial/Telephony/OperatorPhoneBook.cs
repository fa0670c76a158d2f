using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Telephony;

/// <summary>Where each operator's phone takes calls: the SIP address in their profile (Settings → Users).</summary>
public sealed class OperatorPhoneBook(IDbContextFactory<OutdialDbContext> databases)
{
    /// <summary>The operator's phone address, or null when their profile has none.</summary>
    public async Task<string?> AddressOfAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PhoneAddress).SingleOrDefaultAsync(cancellationToken);
    }
}
