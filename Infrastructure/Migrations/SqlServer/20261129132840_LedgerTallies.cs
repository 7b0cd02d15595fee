using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LedgerTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CohortTallies",
                columns: table => new
                {
                    FirstYear = table.Column<int>(type: "int", nullable: false),
                    Stripe = table.Column<int>(type: "int", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CohortTallies", x => new { x.FirstYear, x.Stripe });
                });

            migrationBuilder.CreateTable(
                name: "CommunityFlagMonths",
                columns: table => new
                {
                    CommunityId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Month = table.Column<int>(type: "int", nullable: false),
                    Flags = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommunityFlagMonths", x => new { x.Year, x.CommunityId, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "MemberFlagYears",
                columns: table => new
                {
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Flags = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberFlagYears", x => new { x.MemberId, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "StandingTallies",
                columns: table => new
                {
                    Year = table.Column<int>(type: "int", nullable: false),
                    Bucket = table.Column<int>(type: "int", nullable: false),
                    Stripe = table.Column<int>(type: "int", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StandingTallies", x => new { x.Year, x.Bucket, x.Stripe });
                });

            migrationBuilder.CreateTable(
                name: "Tallies",
                columns: table => new
                {
                    Name = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Scope = table.Column<long>(type: "bigint", nullable: false),
                    Dim = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Stripe = table.Column<int>(type: "int", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tallies", x => new { x.Name, x.Year, x.Scope, x.Dim, x.Stripe });
                });

            migrationBuilder.CreateTable(
                name: "TallyStates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    Policy = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    BuiltAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TallyStates", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CohortTallies");

            migrationBuilder.DropTable(
                name: "CommunityFlagMonths");

            migrationBuilder.DropTable(
                name: "MemberFlagYears");

            migrationBuilder.DropTable(
                name: "StandingTallies");

            migrationBuilder.DropTable(
                name: "Tallies");

            migrationBuilder.DropTable(
                name: "TallyStates");
        }
    }
}
