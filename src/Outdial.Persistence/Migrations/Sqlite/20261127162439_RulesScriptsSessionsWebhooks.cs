using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RulesScriptsSessionsWebhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "reserved_operator_id",
                table: "campaign_records",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "note_search",
                table: "campaign_attempts",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            // Notes written before this version get their search copy too ("note contains" ignores case).
            migrationBuilder.Sql("UPDATE campaign_attempts SET note_search = lower(note) WHERE note IS NOT NULL;");

            migrationBuilder.AddColumn<Guid>(
                name: "script_id",
                table: "campaign_attempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "script_version",
                table: "campaign_attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "call_scripts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    current_version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_scripts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "session_parameters",
                columns: table => new
                {
                    attempt_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    value_search = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    value_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    number = table.Column<double>(type: "REAL", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_parameters", x => new { x.attempt_id, x.name });
                    table.ForeignKey(
                        name: "fk_session_parameters_campaign_attempts_attempt_id",
                        column: x => x.attempt_id,
                        principalTable: "campaign_attempts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    event_types = table.Column<string>(type: "TEXT", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    secret = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhooks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_script_versions",
                columns: table => new
                {
                    script_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    elements = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_script_versions", x => new { x.script_id, x.version });
                    table.ForeignKey(
                        name: "fk_call_script_versions_call_scripts_script_id",
                        column: x => x.script_id,
                        principalTable: "call_scripts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    webhook_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    event_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_attempt_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_http_status = table.Column<int>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_webhooks_webhook_id",
                        column: x => x.webhook_id,
                        principalTable: "webhooks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_attempts_operator_id_started_at",
                table: "campaign_attempts",
                columns: new[] { "operator_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_attempts_started_at",
                table: "campaign_attempts",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_session_parameters_name_number",
                table: "session_parameters",
                columns: new[] { "name", "number" });

            migrationBuilder.CreateIndex(
                name: "ix_session_parameters_name_value_key",
                table: "session_parameters",
                columns: new[] { "name", "value_key" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_status_next_attempt_at",
                table: "webhook_deliveries",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_webhook_id_created_at",
                table: "webhook_deliveries",
                columns: new[] { "webhook_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_script_versions");

            migrationBuilder.DropTable(
                name: "session_parameters");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "call_scripts");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropIndex(
                name: "ix_campaign_attempts_operator_id_started_at",
                table: "campaign_attempts");

            migrationBuilder.DropIndex(
                name: "ix_campaign_attempts_started_at",
                table: "campaign_attempts");

            migrationBuilder.DropColumn(
                name: "reserved_operator_id",
                table: "campaign_records");

            migrationBuilder.DropColumn(
                name: "note_search",
                table: "campaign_attempts");

            migrationBuilder.DropColumn(
                name: "script_id",
                table: "campaign_attempts");

            migrationBuilder.DropColumn(
                name: "script_version",
                table: "campaign_attempts");
        }
    }
}
