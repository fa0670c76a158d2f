using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OperatorsAndNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "abandon_rate_cap",
                table: "tenant_settings",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "calling_hours",
                table: "tenant_settings",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "campaigns_enabled",
                table: "tenant_settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "blacklist_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pattern = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    is_prefix = table.Column<bool>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    added_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    added_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blacklist_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "break_types",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    is_paid = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_break_types", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "operator_groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    default_acw_seconds = table.Column<int>(type: "INTEGER", nullable: false),
                    distribution = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    member_ids = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "operator_state_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    to = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    break_type_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    previous_since = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_state_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_operator_state_changes_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "operator_statuses",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    break_type_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    since = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_statuses", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_operator_statuses_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "phone_numbers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    e164 = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    suggested = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_phone_numbers", x => x.id);
                });

            migrationBuilder.UpdateData(
                table: "tenant_settings",
                keyColumn: "id",
                keyValue: 1,
                columns: new[] { "abandon_rate_cap", "calling_hours", "campaigns_enabled" },
                values: new object[] { 0.029999999999999999, "Mon 08:00-21:00; Tue 08:00-21:00; Wed 08:00-21:00; Thu 08:00-21:00; Fri 08:00-21:00", true });

            migrationBuilder.CreateIndex(
                name: "ix_blacklist_entries_pattern_is_prefix",
                table: "blacklist_entries",
                columns: new[] { "pattern", "is_prefix" });

            migrationBuilder.CreateIndex(
                name: "ix_break_types_name",
                table: "break_types",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_operator_groups_name",
                table: "operator_groups",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_operator_state_changes_user_id_at",
                table: "operator_state_changes",
                columns: new[] { "user_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_phone_numbers_e164",
                table: "phone_numbers",
                column: "e164",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blacklist_entries");

            migrationBuilder.DropTable(
                name: "break_types");

            migrationBuilder.DropTable(
                name: "operator_groups");

            migrationBuilder.DropTable(
                name: "operator_state_changes");

            migrationBuilder.DropTable(
                name: "operator_statuses");

            migrationBuilder.DropTable(
                name: "phone_numbers");

            migrationBuilder.DropColumn(
                name: "abandon_rate_cap",
                table: "tenant_settings");

            migrationBuilder.DropColumn(
                name: "calling_hours",
                table: "tenant_settings");

            migrationBuilder.DropColumn(
                name: "campaigns_enabled",
                table: "tenant_settings");
        }
    }
}
