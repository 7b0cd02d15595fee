using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WorkUnitChangeRegistration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_WorkUnitChanges_RegistrationId",
                table: "WorkUnitChanges",
                column: "RegistrationId");

            migrationBuilder.AddForeignKey(
                name: "FK_WorkUnitChanges_Registrations_RegistrationId",
                table: "WorkUnitChanges",
                column: "RegistrationId",
                principalTable: "Registrations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WorkUnitChanges_Registrations_RegistrationId",
                table: "WorkUnitChanges");

            migrationBuilder.DropIndex(
                name: "IX_WorkUnitChanges_RegistrationId",
                table: "WorkUnitChanges");
        }
    }
}
