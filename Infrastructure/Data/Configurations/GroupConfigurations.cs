using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Groups;
using Zhuji.Domain.Members;
using Zhuji.Domain.Places;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class HelpGroupConfiguration : IEntityTypeConfiguration<HelpGroup>
{
    public void Configure(EntityTypeBuilder<HelpGroup> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(30);
        builder.Property(g => g.Description).HasMaxLength(500);
        builder.PrimitiveCollection(g => g.Skills).HasField("skills").UsePropertyAccessMode(PropertyAccessMode.Field).HasMaxLength(1000);
        builder.HasIndex(g => new { g.CommunityId, g.Name }).IsUnique();
        builder.HasOne<Community>().WithMany().HasForeignKey(g => g.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(g => g.LeaderMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HelpGroupMembershipConfiguration : IEntityTypeConfiguration<HelpGroupMembership>
{
    public void Configure(EntityTypeBuilder<HelpGroupMembership> builder)
    {
        builder.HasIndex(m => new { m.HelpGroupId, m.MemberId }).IsUnique();
        builder.HasIndex(m => m.MemberId);
        builder.HasOne<HelpGroup>().WithMany().HasForeignKey(m => m.HelpGroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
