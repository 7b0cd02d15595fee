using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Places;
using Zhuji.Domain.WorkUnits;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class StreetConfiguration : IEntityTypeConfiguration<Street>
{
    public void Configure(EntityTypeBuilder<Street> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(50);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}

internal sealed class CommunityConfiguration : IEntityTypeConfiguration<Community>
{
    public void Configure(EntityTypeBuilder<Community> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(50);
        builder.Property(c => c.SceneCode).HasMaxLength(32);
        builder.HasIndex(c => new { c.StreetId, c.Name }).IsUnique();
        builder.HasIndex(c => c.SceneCode).IsUnique();
        builder.HasOne<Street>().WithMany().HasForeignKey(c => c.StreetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> builder)
    {
        builder.Property(b => b.Name).HasMaxLength(50);
        builder.HasIndex(b => new { b.CommunityId, b.Name }).IsUnique();
        builder.HasOne<Community>().WithMany().HasForeignKey(b => b.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WorkUnitConfiguration : IEntityTypeConfiguration<WorkUnit>
{
    public void Configure(EntityTypeBuilder<WorkUnit> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(100);
        builder.HasIndex(w => w.Name).IsUnique();
    }
}
