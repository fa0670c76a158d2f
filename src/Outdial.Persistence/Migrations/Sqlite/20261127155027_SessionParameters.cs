using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionParameters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "session_parameters");

            migrationBuilder.DropIndex(
                name: "ix_campaign_attempts_operator_id_started_at",
                table: "campaign_attempts");

            migrationBuilder.DropIndex(
                name: "ix_campaign_attempts_started_at",
                table: "campaign_attempts");

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
