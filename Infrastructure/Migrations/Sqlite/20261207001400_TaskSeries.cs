using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaskSeries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "OccurrenceDate",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SeriesId",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TaskSeries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopeId = table.Column<long>(type: "INTEGER", nullable: true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartMinute = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Slots = table.Column<int>(type: "INTEGER", nullable: false),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    KnowledgeType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AllowGroupClaims = table.Column<bool>(type: "INTEGER", nullable: false),
                    CheckInRequired = table.Column<bool>(type: "INTEGER", nullable: false),
                    Skills = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DaysMask = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Until = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    GeneratedThrough = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PublishedByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskSeries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "UX_Tasks_SeriesOccurrence",
                table: "Tasks",
                columns: new[] { "SeriesId", "OccurrenceDate" },
                unique: true,
                filter: "\"SeriesId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TaskSeries_CommunityId",
                table: "TaskSeries",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_TaskSeries_Until",
                table: "TaskSeries",
                column: "Until");

            migrationBuilder.AddForeignKey(
                name: "FK_Tasks_TaskSeries_SeriesId",
                table: "Tasks",
                column: "SeriesId",
                principalTable: "TaskSeries",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Tasks_TaskSeries_SeriesId",
                table: "Tasks");

            migrationBuilder.DropTable(
                name: "TaskSeries");

            migrationBuilder.DropIndex(
                name: "UX_Tasks_SeriesOccurrence",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "OccurrenceDate",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "SeriesId",
                table: "Tasks");
        }
    }
}
