using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CommunityLife : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FlagEntries_StewardshipId_PeriodYear_Kind",
                table: "FlagEntries");

            migrationBuilder.AddColumn<int>(
                name: "StewardsPerTarget",
                table: "Communities",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Stewardships",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    BlockId = table.Column<long>(type: "bigint", nullable: false),
                    Target = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Seat = table.Column<int>(type: "int", nullable: true),
                    AppliedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DecidedByUserId = table.Column<long>(type: "bigint", nullable: true),
                    RejectReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Stewardships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Stewardships_Blocks_BlockId",
                        column: x => x.BlockId,
                        principalTable: "Blocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Stewardships_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Suggestions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Content = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    NeedsReview = table.Column<bool>(type: "bit", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Reply = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Adopted = table.Column<bool>(type: "bit", nullable: false),
                    RepliedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RepliedByUserId = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Suggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Suggestions_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Suggestions_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Wishes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    ContactName = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ContactPhone = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SubmittedByUserId = table.Column<long>(type: "bigint", nullable: false),
                    ResidentUserId = table.Column<long>(type: "bigint", nullable: true),
                    NeedsReview = table.Column<bool>(type: "bit", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DeclineReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    TaskId = table.Column<long>(type: "bigint", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FulfilledAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Rating = table.Column<int>(type: "int", nullable: true),
                    FeedbackComment = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    FeedbackAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Wishes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Wishes_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_StewardshipId",
                table: "FlagEntries",
                column: "StewardshipId",
                unique: true,
                filter: "[StewardshipId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Stewardships_BlockId_Target_Year_Seat",
                table: "Stewardships",
                columns: new[] { "BlockId", "Target", "Year", "Seat" },
                unique: true,
                filter: "[Seat] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Stewardships_CommunityId_Status_Year",
                table: "Stewardships",
                columns: new[] { "CommunityId", "Status", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_Stewardships_MemberId_Year",
                table: "Stewardships",
                columns: new[] { "MemberId", "Year" });

            migrationBuilder.CreateIndex(
                name: "UX_Stewardships_OpenPerMember",
                table: "Stewardships",
                columns: new[] { "MemberId", "BlockId", "Target", "Year" },
                unique: true,
                filter: "[Status] <> 'Rejected'");

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_CommunityId_Status_Id",
                table: "Suggestions",
                columns: new[] { "CommunityId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_MemberId",
                table: "Suggestions",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_CommunityId_Status_Id",
                table: "Wishes",
                columns: new[] { "CommunityId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_ResidentUserId",
                table: "Wishes",
                column: "ResidentUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_TaskId",
                table: "Wishes",
                column: "TaskId",
                unique: true,
                filter: "[TaskId] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Stewardships");

            migrationBuilder.DropTable(
                name: "Suggestions");

            migrationBuilder.DropTable(
                name: "Wishes");

            migrationBuilder.DropIndex(
                name: "IX_FlagEntries_StewardshipId",
                table: "FlagEntries");

            migrationBuilder.DropColumn(
                name: "StewardsPerTarget",
                table: "Communities");

            migrationBuilder.CreateIndex(
                name: "IX_FlagEntries_StewardshipId_PeriodYear_Kind",
                table: "FlagEntries",
                columns: new[] { "StewardshipId", "PeriodYear", "Kind" });
        }
    }
}
