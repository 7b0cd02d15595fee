using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Members;
using Zhuji.Domain.Places;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.WorkUnits;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(20);
        builder.Property(r => r.Phone).HasMaxLength(11);
        builder.Property(r => r.Building).HasMaxLength(20);
        builder.Property(r => r.Unit).HasMaxLength(20);
        builder.Property(r => r.Room).HasMaxLength(20);
        builder.Property(r => r.RejectReason).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.Skills).HasField("skills").UsePropertyAccessMode(PropertyAccessMode.Field).HasMaxLength(1000);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.Address);
        builder.HasIndex(r => r.UserId).IsUnique();
        builder.HasIndex(r => new { r.CommunityId, r.Status, r.Id });
        builder.HasIndex(r => new { r.WorkUnitId, r.Phone });
        builder.HasIndex(r => r.Phone);
        builder.HasOne<User>().WithOne().HasForeignKey<Registration>(r => r.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Community>().WithMany().HasForeignKey(r => r.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Block>().WithMany().HasForeignKey(r => r.BlockId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WorkUnit>().WithMany().HasForeignKey(r => r.WorkUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegistrationEventConfiguration : IEntityTypeConfiguration<RegistrationEvent>
{
    public void Configure(EntityTypeBuilder<RegistrationEvent> builder)
    {
        builder.Property(e => e.Reason).HasMaxLength(200);
        builder.HasIndex(e => new { e.RegistrationId, e.At });
        builder.HasOne(e => e.Registration).WithMany().HasForeignKey(e => e.RegistrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkUnitChangeConfiguration : IEntityTypeConfiguration<WorkUnitChange>
{
    public void Configure(EntityTypeBuilder<WorkUnitChange> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(20);
        builder.Property(c => c.From).HasMaxLength(100);
        builder.Property(c => c.To).HasMaxLength(100);
        builder.HasIndex(c => new { c.WorkUnitId, c.At, c.Id });
        builder.HasOne<WorkUnit>().WithMany().HasForeignKey(c => c.WorkUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Registration).WithMany().HasForeignKey(c => c.RegistrationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RosterEntryConfiguration : IEntityTypeConfiguration<RosterEntry>
{
    public void Configure(EntityTypeBuilder<RosterEntry> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(20);
        builder.Property(r => r.Phone).HasMaxLength(11);
        builder.HasIndex(r => new { r.WorkUnitId, r.Phone }).IsUnique();
        builder.HasIndex(r => r.Phone);
        builder.HasOne<WorkUnit>().WithMany().HasForeignKey(r => r.WorkUnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(20);
        builder.Property(m => m.Phone).HasMaxLength(11);
        builder.PrimitiveCollection(m => m.Skills).HasField("skills").UsePropertyAccessMode(PropertyAccessMode.Field).HasMaxLength(1000);
        builder.HasIndex(m => m.UserId).IsUnique();
        builder.HasIndex(m => m.RegistrationId).IsUnique();
        builder.HasIndex(m => m.CommunityId);
        builder.HasIndex(m => m.BlockId);
        builder.HasIndex(m => new { m.WorkUnitId, m.MemberType });
        builder.HasOne<User>().WithOne().HasForeignKey<Member>(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Registration>().WithOne().HasForeignKey<Member>(m => m.RegistrationId).OnDelete(DeleteBehavior.Restrict);

        // The row every spending of the member's points locks first (MallWrites): his redemptions take turns.
        builder.Property<long>(MemberLock.Column).HasDefaultValue(0L);
    }
}
