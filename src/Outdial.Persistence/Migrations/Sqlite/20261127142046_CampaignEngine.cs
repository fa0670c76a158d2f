using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CampaignEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "callback_at",
                table: "campaign_records",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "locked_out_until",
                table: "campaign_records",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rejections",
                table: "campaign_records",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "campaign_attempts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    campaign_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    operator_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    offered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    accepted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    call_number = table.Column<long>(type: "INTEGER", nullable: true),
                    caller_id = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    dialled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    dialled_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    connected_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    dial_result = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    result = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    session_end = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    in_flight = table.Column<bool>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    talk_seconds = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaign_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_campaign_attempts_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_attempts_campaign_id_dialled_on",
                table: "campaign_attempts",
                columns: new[] { "campaign_id", "dialled_on" });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_attempts_campaign_id_started_at",
                table: "campaign_attempts",
                columns: new[] { "campaign_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_attempts_contact_id_started_at",
                table: "campaign_attempts",
                columns: new[] { "contact_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_attempts_in_flight",
                table: "campaign_attempts",
                column: "in_flight");

            migrationBuilder.CreateIndex(
                name: "ix_campaign_attempts_record_id",
                table: "campaign_attempts",
                column: "record_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "campaign_attempts");

            migrationBuilder.DropColumn(
                name: "callback_at",
                table: "campaign_records");

            migrationBuilder.DropColumn(
                name: "locked_out_until",
                table: "campaign_records");

            migrationBuilder.DropColumn(
                name: "rejections",
                table: "campaign_records");
        }
    }
}
