using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.PostgreSql
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
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SeriesId",
                table: "Tasks",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TaskSeries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ScopeId = table.Column<long>(type: "bigint", nullable: true),
                    CommunityId = table.Column<long>(type: "bigint", nullable: true),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Location = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartMinute = table.Column<int>(type: "integer", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Slots = table.Column<int>(type: "integer", nullable: false),
                    Flags = table.Column<int>(type: "integer", nullable: false),
                    KnowledgeType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AllowGroupClaims = table.Column<bool>(type: "boolean", nullable: false),
                    CheckInRequired = table.Column<bool>(type: "boolean", nullable: false),
                    Skills = table.Column<string[]>(type: "text[]", maxLength: 1000, nullable: false),
                    Frequency = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DaysMask = table.Column<int>(type: "integer", nullable: false),
                    FirstDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Until = table.Column<DateOnly>(type: "date", nullable: false),
                    GeneratedThrough = table.Column<DateOnly>(type: "date", nullable: false),
                    PublishedByUserId = table.Column<long>(type: "bigint", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
