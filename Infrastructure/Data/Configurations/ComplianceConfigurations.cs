using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.WorkUnits;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class ComplianceResultConfiguration : IEntityTypeConfiguration<ComplianceResult>
{
    public void Configure(EntityTypeBuilder<ComplianceResult> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(20);
        builder.HasIndex(r => new { r.Year, r.MemberId }).IsUnique();
        builder.HasIndex(r => new { r.Year, r.WorkUnitId, r.Status });
        builder.HasIndex(r => new { r.Year, r.CommunityId, r.Status });
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("Reports");
        builder.Property(r => r.Title).HasMaxLength(100);
        builder.Property(r => r.FileName).HasMaxLength(150);
        builder.Ignore(r => r.Period);
        // One report per scope and period: asking again remakes it.
        builder.HasIndex(r => new { r.Scope, r.ScopeKey, r.Kind, r.Year, r.Quarter }).IsUnique();
        builder.HasIndex(r => new { r.Year, r.Kind, r.Id });
        builder.HasOne<WorkUnit>().WithMany().HasForeignKey(r => r.WorkUnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class YearEndRollEntryConfiguration : IEntityTypeConfiguration<YearEndRollEntry>
{
    public void Configure(EntityTypeBuilder<YearEndRollEntry> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(20);
        builder.Property(e => e.Phone).HasMaxLength(11);
        builder.Property(e => e.RegistrationStatus).HasMaxLength(32);
        builder.HasIndex(e => new { e.Year, e.WorkUnitId });
    }
}

internal sealed class ReminderLogConfiguration : IEntityTypeConfiguration<ReminderLog>
{
    public void Configure(EntityTypeBuilder<ReminderLog> builder)
    {
        builder.Property(r => r.Outcome).HasMaxLength(32);
        builder.HasIndex(r => new { r.MemberId, r.Year, r.Month }).IsUnique();
    }
}

internal sealed class ClosedYearConfiguration : IEntityTypeConfiguration<ClosedYear>
{
    public void Configure(EntityTypeBuilder<ClosedYear> builder)
    {
        builder.HasKey(y => y.Year);
        builder.Property(y => y.Year).ValueGeneratedNever();
    }
}
