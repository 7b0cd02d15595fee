using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Auditing;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.EntityType).HasMaxLength(64);
        builder.Property(a => a.EntityId).HasMaxLength(64);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
        builder.HasIndex(a => a.ActorUserId);
    }
}

internal sealed class WeChatAccessTokenConfiguration : IEntityTypeConfiguration<WeChatAccessToken>
{
    public void Configure(EntityTypeBuilder<WeChatAccessToken> builder)
    {
        builder.HasKey(t => t.AppId);
        builder.Property(t => t.AppId).HasMaxLength(64);
        builder.Property(t => t.Token).HasMaxLength(512);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.Property(r => r.Key).HasMaxLength(100);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.Location).HasMaxLength(200);
        builder.HasIndex(r => new { r.UserId, r.Key }).IsUnique();
        builder.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class QuotaCounterConfiguration : IEntityTypeConfiguration<QuotaCounter>
{
    public void Configure(EntityTypeBuilder<QuotaCounter> builder)
    {
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(100);
        builder.HasIndex(c => c.WindowEndsAt);
    }
}

internal sealed class MemberFlagYearConfiguration : IEntityTypeConfiguration<MemberFlagYear>
{
    public void Configure(EntityTypeBuilder<MemberFlagYear> builder) => builder.HasKey(y => new { y.MemberId, y.Year });
}

internal sealed class CommunityFlagMonthConfiguration : IEntityTypeConfiguration<CommunityFlagMonth>
{
    // The year first: the city reads a year's rows, a community view a year's rows of its communities.
    public void Configure(EntityTypeBuilder<CommunityFlagMonth> builder) => builder.HasKey(m => new { m.Year, m.CommunityId, m.Month });
}

internal sealed class StandingTallyConfiguration : IEntityTypeConfiguration<StandingTally>
{
    public void Configure(EntityTypeBuilder<StandingTally> builder) => builder.HasKey(s => new { s.Year, s.Bucket, s.Stripe });
}

internal sealed class CohortTallyConfiguration : IEntityTypeConfiguration<CohortTally>
{
    public void Configure(EntityTypeBuilder<CohortTally> builder) => builder.HasKey(c => new { c.FirstYear, c.Stripe });
}

internal sealed class TallyStateConfiguration : IEntityTypeConfiguration<TallyState>
{
    public void Configure(EntityTypeBuilder<TallyState> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Policy).HasMaxLength(32);
    }
}

internal sealed class TallyConfiguration : IEntityTypeConfiguration<Tally>
{
    public void Configure(EntityTypeBuilder<Tally> builder)
    {
        builder.HasKey(t => new { t.Name, t.Year, t.Scope, t.Dim, t.Stripe });
        builder.Property(t => t.Name).HasMaxLength(32);
        builder.Property(t => t.Dim).HasMaxLength(32);
    }
}
