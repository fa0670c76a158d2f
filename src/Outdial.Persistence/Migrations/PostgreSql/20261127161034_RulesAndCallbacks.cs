using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Outdial.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RulesAndCallbacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "reserved_operator_id",
                table: "campaign_records",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "reserved_operator_id",
                table: "campaign_records");
        }
    }
}
