using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttemptFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "dialled_on",
                table: "campaign_attempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "talk_seconds",
                table: "campaign_attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_campaign_attempts_campaign_id_dialled_on",
                table: "campaign_attempts",
                columns: new[] { "campaign_id", "dialled_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_campaign_attempts_campaign_id_dialled_on",
                table: "campaign_attempts");

            migrationBuilder.DropColumn(
                name: "dialled_on",
                table: "campaign_attempts");

            migrationBuilder.DropColumn(
                name: "talk_seconds",
                table: "campaign_attempts");
        }
    }
}
