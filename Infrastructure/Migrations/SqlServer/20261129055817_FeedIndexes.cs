using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class FeedIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tasks_HasShifts_Status_EndsAt",
                table: "Tasks",
                columns: new[] { "HasShifts", "Status", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Tier_ScopeId_Status_StartsAt_Id",
                table: "Tasks",
                columns: new[] { "Tier", "ScopeId", "Status", "StartsAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_HasShifts_Status_EndsAt",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_Tier_ScopeId_Status_StartsAt_Id",
                table: "Tasks");
        }
    }
}
