using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RulesScriptsSessions : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_script_versions");

            migrationBuilder.DropTable(
                name: "session_parameters");

            migrationBuilder.DropTable(
                name: "call_scripts");

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
