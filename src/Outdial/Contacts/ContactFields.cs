using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Contacts;

/// <summary>Custom fields of the contact directory, defined by an administrator.</summary>
public sealed class ContactFields(IDbContextFactory<OutdialDbContext> databases, TimeProvider clock)
{
    public async Task<IReadOnlyList<ContactField>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var fields = await db.ContactFields.AsNoTracking().ToListAsync(cancellationToken);
        return [.. fields.OrderBy(f => f.CreatedAt).ThenBy(f => f.Key)];
    }

    public async Task<ContactField> CreateAsync(string key, string label, ContactFieldType type, IReadOnlyList<string>? options, CancellationToken cancellationToken = default)
    {
        key = key?.Trim() ?? "";
        if (!ContactField.IsValidKey(key))
        {
            throw new InvalidInputProblem("key", $"A key starts with a letter and has only letters, digits and underscores, at most {ContactField.MaxKeyLength} characters, e.g. contractEnd.");
        }

        var field = new ContactField(key, CheckLabel(label), type, CheckOptions(type, options), clock.GetUtcNow());
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.ContactFields.AnyAsync(f => f.Key.ToLower() == key.ToLower(), cancellationToken))
        {
            throw new ConflictProblem($"A custom field with the key '{key}' already exists. Choose another key or edit that field.");
        }

        db.ContactFields.Add(field);
        await db.SaveChangesAsync(cancellationToken);
        return field;
    }

    /// <summary>Changes the label and, for one-of-list fields, the options. Key and type never change.</summary>
    public async Task<ContactField> UpdateAsync(string key, string label, IReadOnlyList<string>? options, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var field = await db.ContactFields.SingleOrDefaultAsync(f => f.Key == key, cancellationToken) ?? throw FieldNotFound(key);
        field.Relabel(CheckLabel(label), CheckOptions(field.Type, options));
        await db.SaveChangesAsync(cancellationToken);
        return field;
    }

    /// <summary>Deletes the field and every contact's value of it.</summary>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ContactFieldValues.Where(v => v.FieldKey == key).ExecuteDeleteAsync(cancellationToken);
        if (await db.ContactFields.Where(f => f.Key == key).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw FieldNotFound(key);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string CheckLabel(string? label)
    {
        var trimmed = label?.Trim() ?? "";
        return trimmed.Length is >= 1 and <= ContactField.MaxLabelLength
            ? trimmed
            : throw new InvalidInputProblem("label", $"Give the field a label of 1 to {ContactField.MaxLabelLength} characters.");
    }

    private static List<string>? CheckOptions(ContactFieldType type, IReadOnlyList<string>? options)
    {
        if (type != ContactFieldType.OneOf)
        {
            return options is { Count: > 0 }
                ? throw new InvalidInputProblem("options", "Only one-of-list fields have options.")
                : null;
        }

        var cleaned = (options ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (cleaned.Count is 0 or > 200 || cleaned.Any(o => o.Length > 100))
        {
            throw new InvalidInputProblem("options", "A one-of-list field needs 1 to 200 options of at most 100 characters each.");
        }

        return cleaned;
    }

    private static NotFoundProblem FieldNotFound(string key) => new($"There is no custom field '{key}'. List the fields with GET /api/v1/contact-fields.");
}
