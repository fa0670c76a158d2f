using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Outdial.Campaigns;
using Outdial.Contacts.Filters;
using Outdial.Persistence;

namespace Outdial.Sessions;

/// <summary>A session as a row of the Sessions section: the attempt with the names it refers to and its parameters.</summary>
public sealed record SessionSummary(
    Guid Id, Guid CampaignId, string CampaignName, Guid ContactId, string? ContactName, string? Phone, Guid? OperatorId, string? OperatorName,
    DateTimeOffset StartedAt, DateTimeOffset? OfferedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? DialledAt, DateTimeOffset? AnsweredAt,
    DateTimeOffset? ConnectedAt, DateTimeOffset? EndedAt, int? TalkSeconds, string? DialResult, string? Result, string? SessionEnd, string? Note,
    IReadOnlyDictionary<string, string> Parameters);

/// <summary>One moment of a session, e.g. "answered" at 10:02:13.</summary>
public sealed record SessionMoment(DateTimeOffset At, string Kind, string Text);

/// <summary>A session with everything the detail panel shows.</summary>
public sealed record SessionDetail(SessionSummary Session, string? CallerId, string? Error, Guid? ScriptId, int? ScriptVersion, IReadOnlyList<SessionMoment> Timeline, string Description);

/// <summary>
/// Reads campaign sessions for the Sessions section: a filtered, sorted page, one session with
/// its timeline, and every session matching a filter in batches (for export). Every filter runs
/// in the database; parameter conditions are <c>EXISTS</c> subqueries on the parameters' table,
/// which SQLite and PostgreSQL answer alike.
/// </summary>
public sealed class SessionLog(IDbContextFactory<OutdialDbContext> databases)
{
    /// <summary>A page of the sessions that match <paramref name="filter"/>, in the order of <paramref name="sort"/>, with the total.</summary>
    public async Task<Page<SessionSummary>> ListAsync(SessionFilter filter, SessionSort sort, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = Matching(db, filter);
        var total = await rows.CountAsync(cancellationToken);
        var items = await Sorted(rows, sort).Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
        return new Page<SessionSummary>(await WithParametersAsync(db, items, cancellationToken), total, page.Offset, page.Limit);
    }

    /// <summary>Every matching session, a batch at a time, so that an export's memory does not grow with the log.</summary>
    public async IAsyncEnumerable<IReadOnlyList<SessionSummary>> MatchingInBatchesAsync(
        SessionFilter filter, SessionSort sort, int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var offset = 0; ; offset += batchSize)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var items = await Sorted(Matching(db, filter), sort).Skip(offset).Take(batchSize).ToListAsync(cancellationToken);
            if (items.Count > 0)
            {
                yield return await WithParametersAsync(db, items, cancellationToken);
            }

            if (items.Count < batchSize)
            {
                yield break;
            }
        }
    }

    /// <summary>One session with its parameters and timeline; <see cref="NotFoundProblem"/> when there is none with that id.</summary>
    public async Task<SessionDetail> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await Rows(db).Where(r => r.Attempt.Id == id).SingleOrDefaultAsync(cancellationToken) ?? throw NotFound(id);
        var session = (await WithParametersAsync(db, [row], cancellationToken))[0];
        var attempt = row.Attempt;
        return new SessionDetail(session, attempt.CallerId, attempt.Error, attempt.ScriptId, attempt.ScriptVersion, Timeline(attempt),
            SessionTimeline.Describe(attempt, row.CampaignName, row.OperatorName));
    }

    /// <summary>The operator a session belongs to; <see cref="NotFoundProblem"/> when there is no such session.</summary>
    public async Task<Guid?> OperatorOfAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var found = await db.CampaignAttempts.Where(a => a.Id == id).Select(a => new { a.OperatorId }).SingleOrDefaultAsync(cancellationToken);
        return found is null ? throw NotFound(id) : found.OperatorId;
    }

    /// <summary>The operators who have handled sessions, by name, for the operator filter.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> OperatorsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var operatorIds = db.CampaignAttempts.Where(a => a.OperatorId != null).Select(a => a.OperatorId);
        var users = await db.Users.AsNoTracking().Where(u => operatorIds.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.Name, StringComparer.CurrentCultureIgnoreCase).Select(u => (u.Id, u.Name))];
    }

    /// <summary>Every parameter name in use, alphabetically, for the column chooser and the filters.</summary>
    public async Task<IReadOnlyList<string>> ParameterNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var names = await db.SessionParameters.Select(p => p.Name).Distinct().ToListAsync(cancellationToken);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    public static NotFoundProblem NotFound(Guid id) =>
        new($"There is no session with the id {id}. Find sessions with GET /api/v1/sessions or in the Sessions section.");

    /// <summary>An attempt with the names of its campaign, contact and operator, for filtering and sorting in one query.</summary>
    private sealed class SessionRow
    {
        public required CampaignAttempt Attempt { get; init; }

        public required string CampaignName { get; init; }

        public string? ContactName { get; init; }

        public string? ContactSearch { get; init; }

        public string? OperatorName { get; init; }
    }

    private static IQueryable<SessionRow> Rows(OutdialDbContext db) =>
        from attempt in db.CampaignAttempts.AsNoTracking()
        join campaign in db.Campaigns on attempt.CampaignId equals campaign.Id
        from contact in db.Contacts.Where(c => c.Id == attempt.ContactId).DefaultIfEmpty()
        from user in db.Users.Where(u => u.Id == attempt.OperatorId).DefaultIfEmpty()
        select new SessionRow
        {
            Attempt = attempt,
            CampaignName = campaign.Name,
            ContactName = contact == null ? null : contact.DisplayName,
            ContactSearch = contact == null ? null : contact.DisplayNameSearch,
            OperatorName = user == null ? null : user.Name,
        };

    private static IQueryable<SessionRow> Matching(OutdialDbContext db, SessionFilter filter)
    {
        var rows = Rows(db);
        if (filter.CampaignIds.Count > 0)
        {
            var ids = filter.CampaignIds.ToList();
            rows = rows.Where(r => ids.Contains(r.Attempt.CampaignId));
        }

        if (filter.OperatorIds.Count > 0)
        {
            var ids = filter.OperatorIds.Select(id => (Guid?)id).ToList();
            rows = rows.Where(r => ids.Contains(r.Attempt.OperatorId));
        }

        if (filter.ContactId is { } contactId)
        {
            rows = rows.Where(r => r.Attempt.ContactId == contactId);
        }

        if (!string.IsNullOrWhiteSpace(filter.ContactName))
        {
            var part = filter.ContactName.Trim().ToLowerInvariant();
            rows = rows.Where(r => r.ContactSearch != null && r.ContactSearch.Contains(part));
        }

        if (filter.PhoneContains is { } phone && new string([.. phone.Where(c => char.IsAsciiDigit(c) || c == '+')]) is { Length: > 0 } digits)
        {
            rows = rows.Where(r => r.Attempt.Phone != null && r.Attempt.Phone.Contains(digits));
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(r => r.Attempt.StartedAt >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(r => r.Attempt.StartedAt < to);
        }

        rows = Within(rows, r => r.Attempt.DialledAt, filter.Dialled);
        rows = Within(rows, r => r.Attempt.ConnectedAt, filter.Connected);
        rows = Within(rows, r => r.Attempt.EndedAt, filter.Ended);

        if (filter.DialResults.Count > 0)
        {
            var results = filter.DialResults.ToList();
            rows = rows.Where(r => r.Attempt.DialResult != null && results.Contains(r.Attempt.DialResult));
        }

        if (filter.Results.Count > 0)
        {
            var results = filter.Results.ToList();
            rows = rows.Where(r => r.Attempt.Result != null && results.Contains(r.Attempt.Result));
        }

        if (filter.MinTalkSeconds is { } min)
        {
            rows = rows.Where(r => r.Attempt.TalkSeconds >= min);
        }

        if (filter.MaxTalkSeconds is { } max)
        {
            rows = rows.Where(r => r.Attempt.TalkSeconds <= max);
        }

        if (filter.HasNote is { } hasNote)
        {
            rows = hasNote
                ? rows.Where(r => r.Attempt.Note != null && r.Attempt.Note != "")
                : rows.Where(r => r.Attempt.Note == null || r.Attempt.Note == "");
        }

        if (!string.IsNullOrWhiteSpace(filter.NoteContains))
        {
            var part = filter.NoteContains.Trim().ToLowerInvariant();
            rows = rows.Where(r => r.Attempt.NoteSearch != null && r.Attempt.NoteSearch.Contains(part));
        }

        foreach (var condition in filter.Parameters)
        {
            rows = rows.Where(Holds(condition, db.SessionParameters.AsNoTracking()));
        }

        return rows;
    }

    /// <summary>A parameter condition as an <c>EXISTS</c> (or <c>NOT EXISTS</c>) subquery over the session's parameter of that name.</summary>
    private static Expression<Func<SessionRow, bool>> Holds(ParameterCondition condition, IQueryable<SessionParameter> parameters)
    {
        var name = condition.Name;
        var ofSession = parameters.Where(p => p.Name == name);
        switch (condition.Operator)
        {
            case FilterOperator.IsEmpty:
                return r => !ofSession.Any(p => p.AttemptId == r.Attempt.Id);
            case FilterOperator.IsNotEmpty:
                return r => ofSession.Any(p => p.AttemptId == r.Attempt.Id);
            case FilterOperator.Neq:
                var (equalTest, _) = Equal(condition.Values[0]);
                var equalRows = ofSession.Where(equalTest);
                return r => !equalRows.Any(p => p.AttemptId == r.Attempt.Id);
        }

        var passing = ofSession.Where(Test(condition));
        return r => passing.Any(p => p.AttemptId == r.Attempt.Id);
    }

    private static Expression<Func<SessionParameter, bool>> Test(ParameterCondition condition)
    {
        var value = condition.Values.Count > 0 ? SessionParameter.SearchForm(condition.Values[0]) : "";
        switch (condition.Operator)
        {
            case FilterOperator.Eq:
                return Equal(condition.Values[0]).Test;
            case FilterOperator.Contains:
                return p => p.ValueSearch.Contains(value);
            case FilterOperator.StartsWith:
                // The indexed prefix holds the whole of a short operand.
                var key = SessionParameter.KeyOf(value);
                return value.Length <= SessionParameter.KeyLength
                    ? p => p.ValueKey.StartsWith(key)
                    : p => p.ValueKey == key && p.ValueSearch.StartsWith(value);
            case FilterOperator.In:
                var values = condition.Values.Select(SessionParameter.SearchForm).Distinct().ToList();
                var keys = values.Select(SessionParameter.KeyOf).Distinct().ToList();
                return p => keys.Contains(p.ValueKey) && values.Contains(p.ValueSearch);
        }

        var number = SessionParameter.NumberOf(condition.Values[0])
            ?? throw new InvalidOperationException($"'{condition.Values[0]}' is not a number; the API checks numeric operands.");
        return condition.Operator switch
        {
            FilterOperator.Gt => p => p.Number > number,
            FilterOperator.Gte => p => p.Number >= number,
            FilterOperator.Lt => p => p.Number < number,
            FilterOperator.Lte => p => p.Number <= number,
            _ => throw new InvalidOperationException($"The operator {condition.Operator} does not apply to session parameters."),
        };
    }

    /// <summary>Equality without regard to case, through the indexed prefix first.</summary>
    private static (Expression<Func<SessionParameter, bool>> Test, string Search) Equal(string operand)
    {
        var search = SessionParameter.SearchForm(operand);
        var key = SessionParameter.KeyOf(search);
        return (p => p.ValueKey == key && p.ValueSearch == search, search);
    }

    /// <summary>Rows whose <paramref name="moment"/> lies in <paramref name="range"/> (a row without it never does).</summary>
    private static IQueryable<SessionRow> Within(IQueryable<SessionRow> rows, Expression<Func<SessionRow, DateTimeOffset?>> moment, TimeRange range)
    {
        Expression<Func<SessionRow, bool>> Compare(Func<Expression, Expression, BinaryExpression> comparison, DateTimeOffset bound)
        {
            // The bound goes through a closure so EF sends it as a parameter, like the other filters.
            var holder = new { Bound = (DateTimeOffset?)bound };
            var value = Expression.Property(Expression.Constant(holder), nameof(holder.Bound));
            return Expression.Lambda<Func<SessionRow, bool>>(comparison(moment.Body, value), moment.Parameters);
        }

        if (range.From is { } from)
        {
            rows = rows.Where(Compare(Expression.GreaterThanOrEqual, from));
        }

        if (range.To is { } to)
        {
            rows = rows.Where(Compare(Expression.LessThan, to));
        }

        return rows;
    }

    private static IQueryable<SessionRow> Sorted(IQueryable<SessionRow> rows, SessionSort sort)
    {
        var ordered = sort.Column switch
        {
            SessionColumn.Campaign => Order(rows, r => r.CampaignName, sort.Descending),
            SessionColumn.Contact => Order(rows, r => r.ContactSearch, sort.Descending),
            SessionColumn.Phone => Order(rows, r => r.Attempt.Phone, sort.Descending),
            SessionColumn.Operator => Order(rows, r => r.OperatorName, sort.Descending),
            SessionColumn.Started => Order(rows, r => r.Attempt.StartedAt, sort.Descending),
            SessionColumn.Dialled => Order(rows, r => r.Attempt.DialledAt, sort.Descending),
            SessionColumn.Connected => Order(rows, r => r.Attempt.ConnectedAt, sort.Descending),
            SessionColumn.Ended => Order(rows, r => r.Attempt.EndedAt, sort.Descending),
            SessionColumn.TalkTime => Order(rows, r => r.Attempt.TalkSeconds, sort.Descending),
            SessionColumn.DialResult => Order(rows, r => r.Attempt.DialResult, sort.Descending),
            SessionColumn.Result => Order(rows, r => r.Attempt.Result, sort.Descending),
            SessionColumn.Note => Order(rows, r => r.Attempt.NoteSearch, sort.Descending),
            _ => throw new ArgumentOutOfRangeException(nameof(sort)),
        };

        // Ties newest first, then by id, so that pages never overlap or skip a session.
        return ordered.ThenByDescending(r => r.Attempt.StartedAt).ThenBy(r => r.Attempt.Id);
    }

    /// <summary>
    /// Sorts by <paramref name="key"/> with empty values last in either direction: SQLite and
    /// PostgreSQL disagree on where NULL sorts, and an empty cell is rarely what one looks for.
    /// </summary>
    private static IOrderedQueryable<SessionRow> Order<T>(IQueryable<SessionRow> rows, Expression<Func<SessionRow, T>> key, bool descending)
    {
        if (default(T) is not null)
        {
            return descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
        }

        var isEmpty = Expression.Lambda<Func<SessionRow, bool>>(Expression.Equal(key.Body, Expression.Constant(null, typeof(T))), key.Parameters);
        var emptyLast = rows.OrderBy(isEmpty);
        return descending ? emptyLast.ThenByDescending(key) : emptyLast.ThenBy(key);
    }

    private static async Task<IReadOnlyList<SessionSummary>> WithParametersAsync(OutdialDbContext db, IReadOnlyList<SessionRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Attempt.Id).ToList();
        var parameters = (await db.SessionParameters.AsNoTracking().Where(p => ids.Contains(p.AttemptId)).ToListAsync(cancellationToken))
            .ToLookup(p => p.AttemptId);
        return [.. rows.Select(r => Summary(r, parameters[r.Attempt.Id].ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)))];
    }

    private static SessionSummary Summary(SessionRow row, IReadOnlyDictionary<string, string> parameters)
    {
        var a = row.Attempt;
        return new SessionSummary(
            a.Id, a.CampaignId, row.CampaignName, a.ContactId, row.ContactName, a.Phone, a.OperatorId, row.OperatorName,
            a.StartedAt, a.OfferedAt, a.AcceptedAt, a.DialledAt, a.AnsweredAt, a.ConnectedAt, a.EndedAt, a.TalkSeconds,
            a.DialResult, a.Result, a.SessionEnd, a.Note, parameters);
    }

    /// <summary>The session's own moments in the order they happened.</summary>
    private static IReadOnlyList<SessionMoment> Timeline(CampaignAttempt a)
    {
        var moments = new List<SessionMoment>();
        void Add(DateTimeOffset? at, string kind, string text)
        {
            if (at is { } moment)
            {
                moments.Add(new SessionMoment(moment, kind, text));
            }
        }

        Add(a.OfferedAt, "offered", "Offered to the operator");
        Add(a.AcceptedAt, "accepted", "Accepted by the operator");
        Add(a.DialledAt, "dialled", a.Phone is null ? "Dialled" : $"Dialled {a.Phone}");
        Add(a.AnsweredAt, "answered", "Answered");
        Add(a.ConnectedAt, "connected", "Connected to the operator");
        var end = a.SessionEnd ?? (a.DialResult is { } dial ? $"Dial result: {dial}" : null);
        Add(a.EndedAt, "ended", end is null ? "Ended" : $"Ended ({end})");
        if (a.Result is { } result)
        {
            Add(a.EndedAt ?? a.ConnectedAt ?? a.StartedAt, "result", $"Result: {result}");
        }

        return [.. moments.OrderBy(m => m.At)];
    }
}
