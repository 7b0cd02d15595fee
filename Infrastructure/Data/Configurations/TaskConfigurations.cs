using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Certificates;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Members;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Uploads;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class VolunteerTaskConfiguration : IEntityTypeConfiguration<VolunteerTask>
{
    public void Configure(EntityTypeBuilder<VolunteerTask> builder)
    {
        builder.ToTable("Tasks");
        builder.Property(t => t.Title).HasMaxLength(VolunteerTask.MaxTitle);
        builder.Property(t => t.Description).HasMaxLength(VolunteerTask.MaxDescription);
        builder.Property(t => t.Location).HasMaxLength(100);
        builder.Property(t => t.CancelReason).HasMaxLength(200);
        builder.PrimitiveCollection(t => t.Skills).HasField("skills").UsePropertyAccessMode(PropertyAccessMode.Field).HasMaxLength(1000);
        builder.HasMany(t => t.Shifts).WithOne().HasForeignKey(s => s.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Shifts).HasField("shifts").UsePropertyAccessMode(PropertyAccessMode.Field);

        // The member's feed: per tier and scope, newest first by start.
        builder.HasIndex(t => new { t.Tier, t.ScopeId, t.StartsAt, t.Id });
        builder.HasIndex(t => new { t.StartsAt, t.Id });
        // The member's feed: a tier's published tasks from now on (and its closed or cancelled ones) without walking
        // the others; and the city's few running tasks with shifts without walking the past.
        builder.HasIndex(t => new { t.Tier, t.ScopeId, t.Status, t.StartsAt, t.Id });
        builder.HasIndex(t => new { t.HasShifts, t.Status, t.EndsAt });
        // The year's tasks by community and category read from an index alone: some communities (a street's), or all (the city's).
        builder.HasIndex(t => new { t.CommunityId, t.StartsAt, t.Status, t.Category });
        builder.HasIndex(t => new { t.StartsAt, t.Status, t.CommunityId, t.Category });
        builder.HasIndex(t => t.WishId);
        builder.HasOne<TaskSeries>().WithMany().HasForeignKey(t => t.SeriesId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(t => t.Geofence);
    }
}

internal sealed class TaskShiftConfiguration : IEntityTypeConfiguration<TaskShift>
{
    public void Configure(EntityTypeBuilder<TaskShift> builder)
    {
        builder.HasIndex(s => new { s.TaskId, s.StartsAt });
        // The reminders: the shifts starting in the next day.
        builder.HasIndex(s => s.StartsAt);
    }
}

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> builder)
    {
        builder.Property(c => c.IdempotencyKey).HasMaxLength(100);
        builder.Property(c => c.Hours).HasPrecision(5, 1);
        builder.Property(c => c.CheckedHours).HasPrecision(5, 1);
        builder.Property(c => c.Content).HasMaxLength(Claim.MaxContent);
        builder.Property(c => c.Place).HasMaxLength(100);
        builder.Property(c => c.RejectReason).HasMaxLength(200);
        builder.PrimitiveCollection(c => c.PhotoUrls).HasField("photoUrls").UsePropertyAccessMode(PropertyAccessMode.Field).HasMaxLength(5000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.MemberId, c.ClaimedAt });
        builder.HasIndex(c => new { c.TaskId, c.Status });
        // The back office's confirmation queue: a state's claims, oldest record first.
        builder.HasIndex(c => new { c.Status, c.SubmittedAt, c.Id });
        builder.HasIndex(c => new { c.MemberId, c.IdempotencyKey }).IsUnique();
        builder.HasOne<VolunteerTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TaskShift>().WithMany().HasForeignKey(c => c.ShiftId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
        // The unique index on active claims per member and task or shift is provider-specific (a filter):
        // see ZhujiDbContext.OnModelCreating.
    }
}

internal sealed class TaskSeriesConfiguration : IEntityTypeConfiguration<TaskSeries>
{
    public void Configure(EntityTypeBuilder<TaskSeries> builder)
    {
        builder.ToTable("TaskSeries");
        builder.Property(s => s.Title).HasMaxLength(VolunteerTask.MaxTitle);
        builder.Property(s => s.Description).HasMaxLength(VolunteerTask.MaxDescription);
        builder.Property(s => s.Location).HasMaxLength(100);
        builder.PrimitiveCollection(s => s.Skills).HasField("skills").UsePropertyAccessMode(PropertyAccessMode.Field).HasMaxLength(1000);
        builder.Ignore(s => s.Recurrence);
        // The generator: the series still running.
        builder.HasIndex(s => s.Until);
        builder.HasIndex(s => s.CommunityId);
    }
}

internal sealed class TaskInvitationConfiguration : IEntityTypeConfiguration<TaskInvitation>
{
    public void Configure(EntityTypeBuilder<TaskInvitation> builder)
    {
        builder.Property(i => i.MatchedSkills).HasMaxLength(500);
        // Once per task and member; a member's invitations newest first.
        builder.HasIndex(i => new { i.TaskId, i.MemberId }).IsUnique();
        builder.HasIndex(i => new { i.MemberId, i.Id });
        builder.HasOne<VolunteerTask>().WithMany().HasForeignKey(i => i.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(i => i.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WaitlistEntryConfiguration : IEntityTypeConfiguration<WaitlistEntry>
{
    public void Configure(EntityTypeBuilder<WaitlistEntry> builder)
    {
        // The line of a task (or shift) in order; a member's own entries.
        builder.HasIndex(e => new { e.TaskId, e.ShiftKey, e.Status, e.Id });
        builder.HasIndex(e => new { e.MemberId, e.Status });
        builder.HasOne<VolunteerTask>().WithMany().HasForeignKey(e => e.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TaskShift>().WithMany().HasForeignKey(e => e.ShiftId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Claim>().WithMany().HasForeignKey(e => e.ClaimId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FlagEntryConfiguration : IEntityTypeConfiguration<FlagEntry>
{
    public void Configure(EntityTypeBuilder<FlagEntry> builder)
    {
        builder.Property(f => f.Title).HasMaxLength(100);
        builder.Property(f => f.Reason).HasMaxLength(200);
        builder.Ignore(f => f.Events);

        // Exactly once: each source awards at most one entry, each award is revoked at most once.
        builder.HasIndex(f => f.ClaimId).IsUnique();
        builder.HasIndex(f => f.ServiceRecordId).IsUnique();
        builder.HasIndex(f => f.SuggestionId).IsUnique();
        builder.HasIndex(f => f.RevokesEntryId).IsUnique();
        builder.HasIndex(f => f.StewardshipId).IsUnique();

        // Totals by member and year (the archive, /me/flags) and by year (the annual check).
        builder.HasIndex(f => new { f.MemberId, f.PeriodYear, f.PeriodMonth });
        // Covering for the annual check's GROUP BY (no INCLUDE on SQLite: Flags is a key column).
        builder.HasIndex(f => new { f.PeriodYear, f.MemberId, f.Flags });
        builder.HasIndex(f => new { f.CommunityId, f.PeriodYear });
        builder.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<FlagEntry>().WithOne().HasForeignKey<FlagEntry>(f => f.RevokesEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceRecordConfiguration : IEntityTypeConfiguration<ServiceRecord>
{
    public void Configure(EntityTypeBuilder<ServiceRecord> builder)
    {
        builder.Property(r => r.Title).HasMaxLength(VolunteerTask.MaxTitle);
        builder.Property(r => r.Content).HasMaxLength(Claim.MaxContent);
        builder.Property(r => r.Hours).HasPrecision(5, 1);
        builder.HasIndex(r => new { r.MemberId, r.ServedAt });
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TaskReminderLogConfiguration : IEntityTypeConfiguration<TaskReminderLog>
{
    public void Configure(EntityTypeBuilder<TaskReminderLog> builder)
    {
        builder.Property(r => r.Outcome).HasMaxLength(32);
        // Each reminder once per claim, however often the job runs or retries.
        builder.HasIndex(r => new { r.ClaimId, r.Kind }).IsUnique();
        builder.HasOne<Claim>().WithMany().HasForeignKey(r => r.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UploadConfiguration : IEntityTypeConfiguration<Upload>
{
    public void Configure(EntityTypeBuilder<Upload> builder)
    {
        builder.Property(u => u.Token).HasMaxLength(32);
        builder.HasIndex(u => u.Token).IsUnique();
        builder.HasIndex(u => u.ClaimId);
        builder.HasIndex(u => new { u.UploadedByUserId, u.CreatedAt });
        builder.Property(u => u.MediaTraceId).HasMaxLength(64);
        builder.HasIndex(u => u.MediaTraceId);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.Property(c => c.Serial).HasMaxLength(32);
        builder.HasIndex(c => c.Serial).IsUnique();
        builder.HasIndex(c => new { c.MemberId, c.Year });
        builder.Property(c => c.Name).HasMaxLength(50);
        builder.Property(c => c.WorkUnit).HasMaxLength(100);
        builder.Property(c => c.Community).HasMaxLength(100);
        builder.Property(c => c.Issuer).HasMaxLength(100);
        builder.Property(c => c.Handler).HasMaxLength(100);
        builder.Property(c => c.IdTypeName).HasMaxLength(20);
        builder.Property(c => c.IdNumberMasked).HasMaxLength(30);
        builder.Property(c => c.Contact).HasMaxLength(200);
        builder.Property(c => c.StarName).HasMaxLength(20);
        builder.Property(c => c.Hours).HasPrecision(8, 1);
        builder.Ignore(c => c.Valid);
        builder.Ignore(c => c.Period);
        builder.Ignore(c => c.MaskedName);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
