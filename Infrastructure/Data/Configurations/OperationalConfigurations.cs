using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Auditing;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Privacy;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.EntityType).HasMaxLength(64);
        builder.Property(a => a.EntityId).HasMaxLength(64);
        builder.Property(a => a.Address).HasMaxLength(64);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Action, a.At });
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
        builder.HasIndex(a => a.ActorUserId);
        builder.Ignore(a => a.Subject);
    }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> builder)
    {
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Version).HasMaxLength(32);
        builder.HasIndex(c => new { c.UserId, c.Kind });
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Restrict);
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
