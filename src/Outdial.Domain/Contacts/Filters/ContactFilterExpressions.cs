using System.Linq.Expressions;

namespace Outdial.Contacts.Filters;

/// <summary>
/// Turns a validated filter tree into a LINQ predicate over <see cref="Contact"/>. The database
/// provider translates it into parameterised SQL (values travel as parameters, never as SQL
/// text), so a filter runs in the database and never loads the directory into memory.
/// </summary>
/// <remarks>
/// Semantics, identical on every database: text compares case-insensitively through the
/// lower-case search columns; a single-valued field that is empty fails every comparison except
/// <c>neq</c> and <c>isEmpty</c>; for e-mails, phones and custom fields "eq" means "any of them
/// equals" and "neq" means "none of them equals".
/// </remarks>
public static class ContactFilterExpressions
{
    /// <param name="node">The validated filter.</param>
    /// <param name="rows">Where phones, e-mails and custom values are queried from (the database's tables).</param>
    public static Expression<Func<Contact, bool>> ToPredicate(FilterNode node, ContactRows rows) => node switch
    {
        FilterGroup group => Group(group, rows),
        FilterCondition condition => Condition(condition, rows),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static Expression<Func<Contact, bool>> Group(FilterGroup group, ContactRows rows)
    {
        if (group.Children.Count == 0)
        {
            return contact => true;
        }

        return group.Children.Select(child => ToPredicate(child, rows)).Aggregate((left, right) => Combine(left, right, group.IsAnd));
    }

    private static Expression<Func<Contact, bool>> Condition(FilterCondition condition, ContactRows rows) => condition.Field switch
    {
        "firstName" => Single(c => c.FirstNameSearch, condition),
        "lastName" => Single(c => c.LastNameSearch, condition),
        "displayName" => Single(c => c.DisplayNameSearch, condition),
        "company" => Single(c => c.CompanySearch, condition),
        "externalId" => Single(c => c.ExternalIdSearch, condition),
        "timeZone" => Single(c => c.TimeZone, condition),
        "createdAt" => Single(c => c.CreatedAt, condition),
        "updatedAt" => Single(c => c.UpdatedAt, condition),
        "email" => Many(rows.Emails, e => e.ContactId, e => e.Normalized, condition),
        "phone" => Many(rows.Phones, p => p.ContactId, p => p.E164, condition),
        _ when condition.CustomKey is { } key => Custom(key, condition, rows.Values),
        _ => throw new InvalidOperationException($"The filter field '{condition.Field}' has no translation."),
    };

    /// <summary>A field with at most one value per contact.</summary>
    private static Expression<Func<Contact, bool>> Single<T>(Expression<Func<Contact, T>> field, FilterCondition condition) =>
        condition.Operator switch
        {
            FilterOperator.Neq => Bind(field, NotEqualOrEmpty<T>(condition.Values[0])),
            FilterOperator.IsEmpty => Bind(field, IsNull<T>(negate: false)),
            FilterOperator.IsNotEmpty => Bind(field, IsNull<T>(negate: true)),
            _ => Bind(field, Test<T>(condition)),
        };

    private static Expression<Func<Contact, bool>> Custom(string key, FilterCondition condition, IQueryable<ContactFieldValue> values)
    {
        Expression<Func<ContactFieldValue, bool>> ofField = v => v.FieldKey == key;
        return condition.Kind switch
        {
            FilterFieldKind.Number => Many(values, v => v.ContactId, v => v.Number, condition, ofField),
            FilterFieldKind.Date => Many(values, v => v.ContactId, v => v.Date, condition, ofField),
            FilterFieldKind.YesNo => Many(values, v => v.ContactId, v => v.YesNo, condition, ofField),
            FilterFieldKind.OneOf => Many(values, v => v.ContactId, v => v.Text, condition, ofField),
            _ => Many(values, v => v.ContactId, v => v.TextSearch, condition, ofField),
        };
    }

    /// <summary>
    /// A field held in child rows: "any row passes" for comparisons, "no row equals" for neq,
    /// "no row" for isEmpty. The rows are searched on their own (an uncorrelated
    /// <c>contact_id IN (SELECT …)</c>), so that the database uses the index on the value instead
    /// of probing every contact's rows. <paramref name="rowFilter"/> picks the rows of the field.
    /// </summary>
    private static Expression<Func<Contact, bool>> Many<TRow, T>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, Guid>> contactId,
        Expression<Func<TRow, T>> field,
        FilterCondition condition,
        Expression<Func<TRow, bool>>? rowFilter = null)
    {
        rowFilter ??= row => true;
        return condition.Operator switch
        {
            FilterOperator.IsEmpty => Not(AnyRow(rows, contactId, rowFilter)),
            FilterOperator.IsNotEmpty => AnyRow(rows, contactId, rowFilter),
            FilterOperator.Neq => Not(AnyRow(rows, contactId, Combine(rowFilter, Bind(field, Test<T>(condition with { Operator = FilterOperator.Eq })), and: true))),
            _ => AnyRow(rows, contactId, Combine(rowFilter, Bind(field, Test<T>(condition)), and: true)),
        };
    }

    /// <summary>c => rows.Where(predicate).Select(contactId).Contains(c.Id)</summary>
    private static Expression<Func<Contact, bool>> AnyRow<TRow>(IQueryable<TRow> rows, Expression<Func<TRow, Guid>> contactId, Expression<Func<TRow, bool>> predicate)
    {
        var ids = rows.Where(predicate).Select(contactId);
        return c => ids.Contains(c.Id);
    }

    /// <summary>The comparison itself, for a value that may be null (null never passes).</summary>
    private static Expression<Func<T, bool>> Test<T>(FilterCondition condition)
    {
        var values = condition.Values;
        return condition.Operator switch
        {
            FilterOperator.Eq => Equal<T>(values[0]),
            FilterOperator.Contains => ContainsText<T>((string)values[0]),
            FilterOperator.StartsWith => StartsWithText<T>((string)values[0]),
            FilterOperator.In => InList<T>(values),
            FilterOperator.Gt => Compare<T>(ExpressionType.GreaterThan, values[0]),
            FilterOperator.Gte => Compare<T>(ExpressionType.GreaterThanOrEqual, values[0]),
            FilterOperator.Lt => Compare<T>(ExpressionType.LessThan, values[0]),
            FilterOperator.Lte => Compare<T>(ExpressionType.LessThanOrEqual, values[0]),
            FilterOperator.Between => Combine(Compare<T>(ExpressionType.GreaterThanOrEqual, values[0]), Compare<T>(ExpressionType.LessThanOrEqual, values[1]), and: true),
            _ => throw new InvalidOperationException($"'{condition.Operator}' is not a comparison."),
        };
    }

    private static Expression<Func<T, bool>> IsNull<T>(bool negate)
    {
        var parameter = Expression.Parameter(typeof(T), "value");
        var isNull = Expression.Equal(parameter, Expression.Constant(null, typeof(T)));
        return Expression.Lambda<Func<T, bool>>(negate ? Expression.Not(isNull) : isNull, parameter);
    }

    private static Expression<Func<T, bool>> Equal<T>(object value)
    {
        var parameter = Expression.Parameter(typeof(T), "value");
        return Expression.Lambda<Func<T, bool>>(Expression.Equal(parameter, Constant<T>(value)), parameter);
    }

    private static Expression<Func<T, bool>> NotEqualOrEmpty<T>(object value)
    {
        var parameter = Expression.Parameter(typeof(T), "value");
        Expression notEqual = Expression.NotEqual(parameter, Constant<T>(value));
        if (CanBeNull<T>())
        {
            notEqual = Expression.OrElse(Expression.Equal(parameter, Expression.Constant(null, typeof(T))), notEqual);
        }

        return Expression.Lambda<Func<T, bool>>(notEqual, parameter);
    }

    private static Expression<Func<T, bool>> Compare<T>(ExpressionType comparison, object value)
    {
        var parameter = Expression.Parameter(typeof(T), "value");
        Expression compare = Expression.MakeBinary(comparison, parameter, Constant<T>(value));
        if (CanBeNull<T>())
        {
            compare = Expression.AndAlso(Expression.NotEqual(parameter, Expression.Constant(null, typeof(T))), compare);
        }

        return Expression.Lambda<Func<T, bool>>(compare, parameter);
    }

    private static bool CanBeNull<T>() => !typeof(T).IsValueType || Nullable.GetUnderlyingType(typeof(T)) is not null;

    private static Expression<Func<T, bool>> ContainsText<T>(string text) =>
        (Expression<Func<T, bool>>)(object)(Expression<Func<string?, bool>>)(value => value != null && value.Contains(text));

    /// <summary>
    /// "starts with p" as the range p ≤ value &lt; p′ (p with its last character raised by one), which
    /// an index answers directly; text columns compare by code point on every database.
    /// </summary>
    private static Expression<Func<T, bool>> StartsWithText<T>(string prefix)
    {
        if (prefix[^1] == char.MaxValue || char.IsSurrogate(prefix[^1]))
        {
            return (Expression<Func<T, bool>>)(object)(Expression<Func<string?, bool>>)(value => value != null && value.StartsWith(prefix));
        }

        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return (Expression<Func<T, bool>>)(object)(Expression<Func<string?, bool>>)(value => value != null && string.Compare(value, prefix) >= 0 && string.Compare(value, upper) < 0);
    }

    private static Expression<Func<T, bool>> InList<T>(IReadOnlyList<object> values)
    {
        var list = values.Select(v => (T)Convert(v, typeof(T))).ToList();
        return value => list.Contains(value);
    }

    /// <summary>
    /// A value captured through a closure, so that EF sends it as a parameter (constants would be
    /// inlined into the SQL text and spoil the query-plan cache).
    /// </summary>
    private static Expression Constant<T>(object value)
    {
        var holder = new ValueHolder<T>((T)Convert(value, typeof(T)));
        return Expression.Property(Expression.Constant(holder), nameof(ValueHolder<T>.Value));
    }

    private static object Convert(object value, Type target)
    {
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        return underlying.IsInstanceOfType(value) ? value : System.Convert.ChangeType(value, underlying, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record ValueHolder<T>(T Value);

    private static Expression<Func<Contact, bool>> Not(Expression<Func<Contact, bool>> predicate) =>
        Expression.Lambda<Func<Contact, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    private static Expression<Func<TSource, bool>> Combine<TSource>(Expression<Func<TSource, bool>> left, Expression<Func<TSource, bool>> right, bool and)
    {
        var rightBody = new ParameterReplacer(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
        var body = and ? Expression.AndAlso(left.Body, rightBody) : Expression.OrElse(left.Body, rightBody);
        return Expression.Lambda<Func<TSource, bool>>(body, left.Parameters);
    }

    /// <summary>Applies a test on a value to the field that selects it: (c => c.X) and (v => v == 1) give c => c.X == 1.</summary>
    private static Expression<Func<TSource, bool>> Bind<TSource, T>(Expression<Func<TSource, T>> field, Expression<Func<T, bool>> test)
    {
        var body = new ParameterReplacer(test.Parameters[0], field.Body).Visit(test.Body);
        return Expression.Lambda<Func<TSource, bool>>(body, field.Parameters);
    }

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
