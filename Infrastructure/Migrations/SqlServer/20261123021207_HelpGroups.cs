using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class HelpGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HelpGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Skills = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    LeaderMemberId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedByUserId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HelpGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HelpGroups_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HelpGroups_Members_LeaderMemberId",
                        column: x => x.LeaderMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HelpGroupMemberships",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    HelpGroupId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HelpGroupMemberships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HelpGroupMemberships_HelpGroups_HelpGroupId",
                        column: x => x.HelpGroupId,
                        principalTable: "HelpGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HelpGroupMemberships_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HelpGroupMemberships_HelpGroupId_MemberId",
                table: "HelpGroupMemberships",
                columns: new[] { "HelpGroupId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HelpGroupMemberships_MemberId",
                table: "HelpGroupMemberships",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_HelpGroups_CommunityId_Name",
                table: "HelpGroups",
                columns: new[] { "CommunityId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HelpGroups_LeaderMemberId",
                table: "HelpGroups",
                column: "LeaderMemberId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HelpGroupMemberships");

            migrationBuilder.DropTable(
                name: "HelpGroups");
        }
    }
}
