using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Tasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FlagEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClaimId = table.Column<long>(type: "INTEGER", nullable: true),
                    ServiceRecordId = table.Column<long>(type: "INTEGER", nullable: true),
                    SuggestionId = table.Column<long>(type: "INTEGER", nullable: true),
                    StewardshipId = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokesEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    TaskId = table.Column<long>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ServedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PeriodYear = table.Column<int>(type: "INTEGER", nullable: false),
                    PeriodMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FlagEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FlagEntries_FlagEntries_RevokesEntryId",
                        column: x => x.RevokesEntryId,
                        principalTable: "FlagEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FlagEntries_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ServedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 5, scale: 1, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    EnteredByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    EnteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceRecords_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Tasks",
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
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Slots = table.Column<int>(type: "INTEGER", nullable: false),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    KnowledgeType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Skills = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AllowGroupClaims = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClaimedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    HasShifts = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublishedByUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    WishId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TaskShifts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<long>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Slots = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskShifts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaskShifts_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Claims",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<long>(type: "INTEGER", nullable: false),
                    ShiftId = table.Column<long>(type: "INTEGER", nullable: true),
                    ShiftKey = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HelpGroupId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimedByMemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ServedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 5, scale: 1, nullable: true),
                    Content = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PhotoUrls = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedByUserId = table.Column<long>(type: "INTEGER", nullable: true),
                    RejectReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Claims_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Claims_TaskShifts_ShiftId",
                        column: x => x.ShiftId,
                        principalTable: "TaskShifts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Claims_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_MemberId_ClaimedAt",
                table: "Claims",
                columns: new[] { "MemberId", "ClaimedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_MemberId_IdempotencyKey",
                table: "Claims",
                columns: new[] { "MemberId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Claims_ShiftId",
                table: "Claims",
                column: "ShiftId");

            migrationBuilder.CreateIndex(
                name: "IX_Claims_TaskId_Status",
                table: "Claims",
                columns: new[] { "TaskId", "Status" });

            migrationBuilder.CreateIndex(
                name: "UX_Claims_ActivePerMember",
                table: "Claims",
                columns: new[] { "TaskId", "ShiftKey", "MemberId" },
                unique: true,
                filter: "\"Status\" <> 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_ClaimId",
                table: "FlagEntries",
                column: "ClaimId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_CommunityId_PeriodYear",
                table: "FlagEntries",
                columns: new[] { "CommunityId", "PeriodYear" });

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_MemberId_PeriodYear_PeriodMonth",
                table: "FlagEntries",
                columns: new[] { "MemberId", "PeriodYear", "PeriodMonth" });

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_PeriodYear_MemberId",
                table: "FlagEntries",
                columns: new[] { "PeriodYear", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_RevokesEntryId",
                table: "FlagEntries",
                column: "RevokesEntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_ServiceRecordId",
                table: "FlagEntries",
                column: "ServiceRecordId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_StewardshipId_PeriodYear_Kind",
                table: "FlagEntries",
                columns: new[] { "StewardshipId", "PeriodYear", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_SuggestionId",
                table: "FlagEntries",
                column: "SuggestionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRecords_MemberId_ServedAt",
                table: "ServiceRecords",
                columns: new[] { "MemberId", "ServedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_CommunityId_Category",
                table: "Tasks",
                columns: new[] { "CommunityId", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_StartsAt_Id",
                table: "Tasks",
                columns: new[] { "StartsAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Tier_ScopeId_StartsAt_Id",
                table: "Tasks",
                columns: new[] { "Tier", "ScopeId", "StartsAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_WishId",
                table: "Tasks",
                column: "WishId");

            migrationBuilder.CreateIndex(
                name: "IX_TaskShifts_TaskId_StartsAt",
                table: "TaskShifts",
                columns: new[] { "TaskId", "StartsAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Claims");

            migrationBuilder.DropTable(
                name: "FlagEntries");

            migrationBuilder.DropTable(
                name: "ServiceRecords");

            migrationBuilder.DropTable(
                name: "TaskShifts");

            migrationBuilder.DropTable(
                name: "Tasks");
        }
    }
}
