using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.PostgreSql
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
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "calling_hours",
                table: "tenant_settings",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "campaigns_enabled",
                table: "tenant_settings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "blacklist_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pattern = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    is_prefix = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    added_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blacklist_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "break_types",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    is_paid = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_break_types", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "operator_groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    default_acw_seconds = table.Column<int>(type: "integer", nullable: false),
                    distribution = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    member_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_groups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "operator_state_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    to = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    break_type_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    previous_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    break_type_id = table.Column<Guid>(type: "uuid", nullable: true),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    e164 = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    suggested = table.Column<bool>(type: "boolean", nullable: false)
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
