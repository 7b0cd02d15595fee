using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Members;
using Zhuji.Domain.Places;
using Zhuji.Domain.Points;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class PointsEntryConfiguration : IEntityTypeConfiguration<PointsEntry>
{
    public void Configure(EntityTypeBuilder<PointsEntry> builder)
    {
        builder.Property(p => p.Rate).HasPrecision(9, 2);

        // Exactly once: a flag line earns (or takes back) once; a redemption is paid once and refunded once.
        builder.HasOne(p => p.Flag).WithOne().HasForeignKey<PointsEntry>(p => p.FlagEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.RedemptionId, p.Kind }).IsUnique();

        // A balance is the sum of a member's lines (read from the index); a year's points by member (the leaderboard).
        builder.HasIndex(p => new { p.MemberId, p.Kind, p.Year, p.Points });
        builder.HasIndex(p => new { p.Year, p.Kind, p.MemberId, p.Points });
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MerchantConfiguration : IEntityTypeConfiguration<Merchant>
{
    public void Configure(EntityTypeBuilder<Merchant> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(Merchant.MaxName);
        builder.HasIndex(m => m.Name).IsUnique();
        builder.HasMany(m => m.Communities).WithOne().HasForeignKey(c => c.MerchantId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Communities).HasField("communities").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MerchantCommunityConfiguration : IEntityTypeConfiguration<MerchantCommunity>
{
    public void Configure(EntityTypeBuilder<MerchantCommunity> builder)
    {
        builder.HasKey(c => new { c.MerchantId, c.CommunityId });
        builder.HasIndex(c => c.CommunityId);
        builder.HasOne<Community>().WithMany().HasForeignKey(c => c.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MallItemConfiguration : IEntityTypeConfiguration<MallItem>
{
    public void Configure(EntityTypeBuilder<MallItem> builder)
    {
        builder.Property(i => i.Title).HasMaxLength(MallItemPlan.MaxTitle);
        builder.Property(i => i.Description).HasMaxLength(MallItemPlan.MaxDescription);
        builder.Property(i => i.ImageUrl).HasMaxLength(500);
        builder.Property(i => i.FaceValue).HasPrecision(10, 2);

        // Raised only by the redemption's conditional update; an edit of the item fails if a redemption came between.
        builder.Property(i => i.Redeemed).IsConcurrencyToken();
        builder.Ignore(i => i.Remaining);
        builder.HasIndex(i => new { i.Status, i.CommunityId, i.Id });
        builder.HasIndex(i => new { i.MerchantId, i.Id });
        builder.HasOne<Merchant>().WithMany().HasForeignKey(i => i.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Community>().WithMany().HasForeignKey(i => i.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> builder)
    {
        builder.Property(r => r.Code).HasMaxLength(Redemption.CodeLength);
        builder.Property(r => r.Amount).HasPrecision(12, 2);
        builder.Property(r => r.HomeBuilding).HasMaxLength(20);
        builder.Property(r => r.HomeUnit).HasMaxLength(20);
        builder.Property(r => r.HomeRoom).HasMaxLength(20);
        builder.Ignore(r => r.HasHome);

        // Verify and cancel race for one reserved redemption: the update that finds it still Reserved wins.
        builder.Property(r => r.Status).IsConcurrencyToken();
        builder.HasIndex(r => r.Code).IsUnique();
        builder.HasIndex(r => new { r.MemberId, r.Id });
        builder.HasIndex(r => new { r.ItemId, r.MemberId, r.Status });
        builder.HasIndex(r => new { r.MerchantId, r.Status, r.FulfilledAt });
        builder.HasOne<MallItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(r => r.MerchantId).OnDelete(DeleteBehavior.Restrict);
    }
}
