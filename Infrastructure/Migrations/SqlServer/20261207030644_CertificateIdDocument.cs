using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CertificateIdDocument : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IdNumberMasked",
                table: "Certificates",
                type: "nvarchar(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "IdTypeName",
                table: "Certificates",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IdNumberMasked",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "IdTypeName",
                table: "Certificates");
        }
    }
}
