using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TaskYearStatsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_CommunityId_Category",
                table: "Tasks");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_CommunityId_StartsAt_Status_Category",
                table: "Tasks",
                columns: new[] { "CommunityId", "StartsAt", "Status", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_StartsAt_Status_CommunityId_Category",
                table: "Tasks",
                columns: new[] { "StartsAt", "Status", "CommunityId", "Category" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_CommunityId_StartsAt_Status_Category",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_StartsAt_Status_CommunityId_Category",
                table: "Tasks");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_CommunityId_Category",
                table: "Tasks",
                columns: new[] { "CommunityId", "Category" });
        }
    }
}
