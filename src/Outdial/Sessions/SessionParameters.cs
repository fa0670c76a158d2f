using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Sessions;

/// <summary>Writes the parameters of campaign sessions (call script answers, values set by rules or by integrators).</summary>
public sealed class SessionParameters(IDbContextFactory<OutdialDbContext> databases, TimeProvider clock)
{
    /// <summary>
    /// Sets the given parameters of a session and leaves its others as they are: a new name is
    /// added, a known one changed, and a <c>null</c> or empty value removes the parameter.
    /// Throws <see cref="InvalidInputProblem"/> naming <c>parameters.NAME</c> for a bad name or an
    /// over-long value (nothing is written then), and <see cref="NotFoundProblem"/> for an unknown session.
    /// </summary>
    /// <returns>Every parameter of the session after the change.</returns>
    public async Task<IReadOnlyDictionary<string, string>> SetAsync(Guid sessionId, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        var errors = values
            .Select(v => (v.Key, Problem: SessionParameter.Check(v.Key, v.Value)))
            .Where(v => v.Problem is not null)
            .ToDictionary(v => $"parameters.{v.Key}", v => new[] { v.Problem! });
        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.CampaignAttempts.AnyAsync(a => a.Id == sessionId, cancellationToken))
        {
            throw SessionLog.NotFound(sessionId);
        }

        var names = values.Keys.ToList();
        var stored = await db.SessionParameters.Where(p => p.AttemptId == sessionId && names.Contains(p.Name)).ToDictionaryAsync(p => p.Name, StringComparer.Ordinal, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var (name, value) in values)
        {
            var existing = stored.GetValueOrDefault(name);
            if (string.IsNullOrEmpty(value))
            {
                if (existing is not null)
                {
                    db.SessionParameters.Remove(existing);
                }
            }
            else if (existing is null)
            {
                db.SessionParameters.Add(new SessionParameter(sessionId, name, value, now));
            }
            else if (existing.Value != value)
            {
                existing.Change(value, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var all = await db.SessionParameters.AsNoTracking().Where(p => p.AttemptId == sessionId).ToListAsync(cancellationToken);
        return all.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
    }
}
