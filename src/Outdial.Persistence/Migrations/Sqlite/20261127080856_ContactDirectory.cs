using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contact_fields",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    options = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_fields", x => x.id);
                    table.UniqueConstraint("ak_contact_fields_key", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "contact_filters",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_filters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    first_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    last_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    company = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    time_zone_is_explicit = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    first_name_search = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    last_name_search = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    display_name_search = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    company_search = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    external_id_search = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenant_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    default_region = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    default_time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contact_emails",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    normalized = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_emails", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_emails_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contact_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    actor_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_events_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contact_field_values",
                columns: table => new
                {
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    field_key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    text_search = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    number = table.Column<double>(type: "REAL", nullable: true),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    yes_no = table.Column<bool>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_field_values", x => new { x.contact_id, x.field_key });
                    table.ForeignKey(
                        name: "fk_contact_field_values_contact_fields_field_key",
                        column: x => x.field_key,
                        principalTable: "contact_fields",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_field_values_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contact_phones",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    original = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    e164 = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_phones", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_phones_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "tenant_settings",
                columns: new[] { "id", "default_region", "default_time_zone" },
                values: new object[] { 1, "CZ", "Europe/Prague" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_emails_contact_id",
                table: "contact_emails",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_emails_normalized",
                table: "contact_emails",
                column: "normalized");

            migrationBuilder.CreateIndex(
                name: "ix_contact_events_contact_id_at",
                table: "contact_events",
                columns: new[] { "contact_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_field_values_field_key_date",
                table: "contact_field_values",
                columns: new[] { "field_key", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_field_values_field_key_number",
                table: "contact_field_values",
                columns: new[] { "field_key", "number" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_field_values_field_key_text_search",
                table: "contact_field_values",
                columns: new[] { "field_key", "text_search" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_filters_name",
                table: "contact_filters",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contact_phones_contact_id",
                table: "contact_phones",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_phones_e164",
                table: "contact_phones",
                column: "e164");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_company_search",
                table: "contacts",
                column: "company_search");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_created_at",
                table: "contacts",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_display_name_search",
                table: "contacts",
                column: "display_name_search");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_external_id",
                table: "contacts",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_first_name_search",
                table: "contacts",
                column: "first_name_search");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_last_name_search",
                table: "contacts",
                column: "last_name_search");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_emails");

            migrationBuilder.DropTable(
                name: "contact_events");

            migrationBuilder.DropTable(
                name: "contact_field_values");

            migrationBuilder.DropTable(
                name: "contact_filters");

            migrationBuilder.DropTable(
                name: "contact_phones");

            migrationBuilder.DropTable(
                name: "tenant_settings");

            migrationBuilder.DropTable(
                name: "contact_fields");

            migrationBuilder.DropTable(
                name: "contacts");
        }
    }
}
