using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Contacts;

namespace Outdial.Persistence.Contacts;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("Contacts");
        builder.HasKey(c => c.Id);
        foreach (var text in new[] { nameof(Contact.FirstName), nameof(Contact.LastName), nameof(Contact.DisplayName), nameof(Contact.Company), nameof(Contact.ExternalId),
                     nameof(Contact.FirstNameSearch), nameof(Contact.LastNameSearch), nameof(Contact.DisplayNameSearch), nameof(Contact.CompanySearch), nameof(Contact.ExternalIdSearch) })
        {
            builder.Property(text).HasMaxLength(DirectoryRules.MaxTextLength);
        }

        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.HasIndex(c => c.ExternalId).IsUnique();
        builder.HasIndex(c => c.LastNameSearch);
        builder.HasIndex(c => c.FirstNameSearch);
        builder.HasIndex(c => c.DisplayNameSearch);
        builder.HasIndex(c => c.CompanySearch);
        builder.HasIndex(c => c.CreatedAt);
        builder.HasMany(c => c.Phones).WithOne().HasForeignKey(p => p.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Emails).WithOne().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Values).WithOne().HasForeignKey(v => v.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactPhoneConfiguration : IEntityTypeConfiguration<ContactPhone>
{
    public void Configure(EntityTypeBuilder<ContactPhone> builder)
    {
        builder.ToTable("ContactPhones");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Label).HasMaxLength(ContactPhone.MaxLabelLength);
        builder.Property(p => p.Original).HasMaxLength(PhoneNumber.MaxLength);
        builder.Property(p => p.E164).HasMaxLength(20);
        builder.HasIndex(p => p.E164);
        builder.Ignore(p => p.IsValid);
    }
}

internal sealed class ContactEmailConfiguration : IEntityTypeConfiguration<ContactEmail>
{
    public void Configure(EntityTypeBuilder<ContactEmail> builder)
    {
        builder.ToTable("ContactEmails");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Address).HasMaxLength(Outdial.Identity.EmailAddress.MaxLength);
        builder.Property(e => e.Normalized).HasMaxLength(Outdial.Identity.EmailAddress.MaxLength);
        builder.HasIndex(e => e.Normalized);
    }
}

internal sealed class ContactFieldConfiguration : IEntityTypeConfiguration<ContactField>
{
    public void Configure(EntityTypeBuilder<ContactField> builder)
    {
        builder.ToTable("ContactFields");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Key).HasMaxLength(ContactField.MaxKeyLength);
        builder.HasAlternateKey(f => f.Key);
        builder.Property(f => f.Label).HasMaxLength(ContactField.MaxLabelLength);
        builder.Property(f => f.Type).HasConversion<string>().HasMaxLength(20);
        builder.PrimitiveCollection(f => f.Options);
    }
}

internal sealed class ContactFieldValueConfiguration : IEntityTypeConfiguration<ContactFieldValue>
{
    public void Configure(EntityTypeBuilder<ContactFieldValue> builder)
    {
        builder.ToTable("ContactFieldValues");
        builder.HasKey(v => new { v.ContactId, v.FieldKey });
        builder.Property(v => v.FieldKey).HasMaxLength(ContactField.MaxKeyLength);
        builder.Property(v => v.Text).HasMaxLength(ContactField.MaxTextLength);
        builder.Property(v => v.TextSearch).HasMaxLength(ContactField.MaxTextLength);
        builder.HasIndex(v => new { v.FieldKey, v.TextSearch });
        builder.HasIndex(v => new { v.FieldKey, v.Number });
        builder.HasIndex(v => new { v.FieldKey, v.Date });
        builder.HasOne<ContactField>().WithMany().HasForeignKey(v => v.FieldKey).HasPrincipalKey(f => f.Key).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(v => v.Value);
    }
}

internal sealed class SavedFilterConfiguration : IEntityTypeConfiguration<SavedFilter>
{
    public void Configure(EntityTypeBuilder<SavedFilter> builder)
    {
        builder.ToTable("ContactFilters");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Name).HasMaxLength(SavedFilter.MaxNameLength);
        builder.HasIndex(f => f.Name).IsUnique();
    }
}

internal sealed class ContactEventConfiguration : IEntityTypeConfiguration<ContactEvent>
{
    public void Configure(EntityTypeBuilder<ContactEvent> builder)
    {
        builder.ToTable("ContactEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.Text).HasMaxLength(2000);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.HasIndex(e => new { e.ContactId, e.At });
        builder.HasOne<Contact>().WithMany().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactImportJobConfiguration : IEntityTypeConfiguration<ContactImportJob>
{
    public void Configure(EntityTypeBuilder<ContactImportJob> builder)
    {
        builder.ToTable("ContactImports");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.FileName).HasMaxLength(ContactImportJob.MaxFileNameLength);
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.FailureReason).HasMaxLength(ContactImportJob.MaxFailureReasonLength);

        // Found at start-up: imports that were running when the server stopped.
        builder.HasIndex(j => j.State);
    }
}
