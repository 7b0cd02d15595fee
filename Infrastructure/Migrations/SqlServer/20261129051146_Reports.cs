using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reports_WorkUnitId_Kind_Year_Quarter",
                table: "Reports");

            migrationBuilder.AlterColumn<long>(
                name: "WorkUnitId",
                table: "Reports",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<DateTime>(
                name: "AsOf",
                table: "Reports",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RequestedAt",
                table: "Reports",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<long>(
                name: "RequestedByUserId",
                table: "Reports",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Scope",
                table: "Reports",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "ScopeKey",
                table: "Reports",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Reports",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // The reports made so far were the schedule's, for units, and are ready.
            migrationBuilder.Sql("UPDATE [Reports] SET [Scope] = 'WorkUnit', [ScopeKey] = [WorkUnitId], [Status] = 'Ready', [RequestedAt] = [CreatedAt];");

            migrationBuilder.CreateTable(
                name: "YearEndRollEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Year = table.Column<int>(type: "int", nullable: false),
                    WorkUnitId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: true),
                    Name = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Phone = table.Column<string>(type: "nvarchar(11)", maxLength: 11, nullable: false),
                    RegistrationStatus = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    InRoster = table.Column<bool>(type: "bit", nullable: false),
                    Evaluated = table.Column<bool>(type: "bit", nullable: false),
                    TakenAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_YearEndRollEntries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Scope_ScopeKey_Kind_Year_Quarter",
                table: "Reports",
                columns: new[] { "Scope", "ScopeKey", "Kind", "Year", "Quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reports_WorkUnitId",
                table: "Reports",
                column: "WorkUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Year_Kind_Id",
                table: "Reports",
                columns: new[] { "Year", "Kind", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_YearEndRollEntries_Year_WorkUnitId",
                table: "YearEndRollEntries",
                columns: new[] { "Year", "WorkUnitId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "YearEndRollEntries");

            migrationBuilder.DropIndex(
                name: "IX_Reports_Scope_ScopeKey_Kind_Year_Quarter",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_WorkUnitId",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_Year_Kind_Id",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "AsOf",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "RequestedAt",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "RequestedByUserId",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "ScopeKey",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Reports");

            migrationBuilder.AlterColumn<long>(
                name: "WorkUnitId",
                table: "Reports",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reports_WorkUnitId_Kind_Year_Quarter",
                table: "Reports",
                columns: new[] { "WorkUnitId", "Kind", "Year", "Quarter" },
                unique: true);
        }
    }
}
