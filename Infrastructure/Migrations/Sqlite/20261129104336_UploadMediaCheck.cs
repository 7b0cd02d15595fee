using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zhuji.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UploadMediaCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MediaTraceId",
                table: "Uploads",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_MediaTraceId",
                table: "Uploads",
                column: "MediaTraceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Uploads_MediaTraceId",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "MediaTraceId",
                table: "Uploads");
        }
    }
}
