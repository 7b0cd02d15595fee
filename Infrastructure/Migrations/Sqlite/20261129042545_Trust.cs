using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Trust : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RoleAssignments_UserId_Role_ScopeId",
                table: "RoleAssignments");

            // The lockout moved to atomic counters (QuotaCounters); accounts may now be disabled instead.
            migrationBuilder.DropColumn(name: "LockedUntil", table: "AdminAccounts");
            migrationBuilder.DropColumn(name: "FailedAttempts", table: "AdminAccounts");
            migrationBuilder.AddColumn<bool>(name: "Disabled", table: "AdminAccounts", type: "INTEGER", nullable: false, defaultValue: false);
            migrationBuilder.AddColumn<DateTime>(name: "DisabledAt", table: "AdminAccounts", type: "TEXT", nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "Users",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "ScopeKey",
                table: "RoleAssignments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RecordedByUserId",
                table: "Claims",
                type: "INTEGER",
                nullable: true);

            // Every user gets his own stamp; each role once per user and scope (concurrent grants once made twins).
            migrationBuilder.Sql("UPDATE \"Users\" SET \"SecurityStamp\" = lower(hex(randomblob(16)));");
            migrationBuilder.Sql("UPDATE \"RoleAssignments\" SET \"ScopeKey\" = COALESCE(\"ScopeId\", 0);");
            migrationBuilder.Sql("DELETE FROM \"RoleAssignments\" WHERE \"Id\" NOT IN (SELECT MIN(\"Id\") FROM \"RoleAssignments\" GROUP BY \"UserId\", \"Role\", \"ScopeKey\");");

            migrationBuilder.CreateTable(
                name: "ClosedYears",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClosedYears", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "QuotaCounters",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowEndsAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuotaCounters", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_UserId_Role_ScopeKey",
                table: "RoleAssignments",
                columns: new[] { "UserId", "Role", "ScopeKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuotaCounters_WindowEndsAt",
                table: "QuotaCounters",
                column: "WindowEndsAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClosedYears");

            migrationBuilder.DropTable(
                name: "QuotaCounters");

            migrationBuilder.DropIndex(
                name: "IX_RoleAssignments_UserId_Role_ScopeKey",
                table: "RoleAssignments");

            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "ScopeKey",
                table: "RoleAssignments");

            migrationBuilder.DropColumn(
                name: "RecordedByUserId",
                table: "Claims");

            migrationBuilder.DropColumn(name: "Disabled", table: "AdminAccounts");
            migrationBuilder.DropColumn(name: "DisabledAt", table: "AdminAccounts");
            migrationBuilder.AddColumn<int>(name: "FailedAttempts", table: "AdminAccounts", type: "INTEGER", nullable: false, defaultValue: 0);
            migrationBuilder.AddColumn<DateTime>(name: "LockedUntil", table: "AdminAccounts", type: "TEXT", nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_UserId_Role_ScopeId",
                table: "RoleAssignments",
                columns: new[] { "UserId", "Role", "ScopeId" });
        }
    }
}
