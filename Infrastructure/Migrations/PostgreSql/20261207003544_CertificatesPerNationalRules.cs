using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CertificatesPerNationalRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Contact",
                table: "Certificates",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "FromYear",
                table: "Certificates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Handler",
                table: "Certificates",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "StarName",
                table: "Certificates",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");
            // Certificates issued before cover their one year.
            migrationBuilder.Sql("UPDATE \"Certificates\" SET \"FromYear\" = \"Year\", \"StarName\" = '', \"Handler\" = '', \"Contact\" = ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Contact",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "FromYear",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "Handler",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "StarName",
                table: "Certificates");
        }
    }
}
