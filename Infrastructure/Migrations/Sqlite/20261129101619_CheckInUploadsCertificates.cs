using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CheckInUploadsCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CheckInRequired",
                table: "Tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "GeofenceLatitude",
                table: "Tasks",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "GeofenceLongitude",
                table: "Tasks",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "GeofenceRadiusMeters",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CheckedHours",
                table: "Claims",
                type: "TEXT",
                precision: 5,
                scale: 1,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CheckedInAt",
                table: "Claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CheckedOutAt",
                table: "Claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "NeedsReview",
                table: "Claims",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Certificates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    WorkUnit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Community = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Services = table.Column<int>(type: "INTEGER", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 1, nullable: false),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SupersededAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Certificates_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TaskReminderLogs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClaimId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskReminderLogs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaskReminderLogs_Claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "Claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Uploads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UploadedByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    ClaimId = table.Column<long>(type: "INTEGER", nullable: true),
                    Hidden = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Uploads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TaskShifts_StartsAt",
                table: "TaskShifts",
                column: "StartsAt");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_MemberId_Year",
                table: "Certificates",
                columns: new[] { "MemberId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_Serial",
                table: "Certificates",
                column: "Serial",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaskReminderLogs_ClaimId_Kind",
                table: "TaskReminderLogs",
                columns: new[] { "ClaimId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_ClaimId",
                table: "Uploads",
                column: "ClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_Token",
                table: "Uploads",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_UploadedByUserId_CreatedAt",
                table: "Uploads",
                columns: new[] { "UploadedByUserId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Certificates");

            migrationBuilder.DropTable(
                name: "TaskReminderLogs");

            migrationBuilder.DropTable(
                name: "Uploads");

            migrationBuilder.DropIndex(
                name: "IX_TaskShifts_StartsAt",
                table: "TaskShifts");

            migrationBuilder.DropColumn(
                name: "CheckInRequired",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "GeofenceLatitude",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "GeofenceLongitude",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "GeofenceRadiusMeters",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "CheckedHours",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "CheckedInAt",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "CheckedOutAt",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "NeedsReview",
                table: "Claims");
        }
    }
}
