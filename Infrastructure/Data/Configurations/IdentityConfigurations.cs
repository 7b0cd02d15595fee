using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Identity;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.OpenId).HasMaxLength(64);
        builder.Property(u => u.UnionId).HasMaxLength(64);
        builder.Property(u => u.DisplayName).HasMaxLength(50);
        builder.Property(u => u.SecurityStamp).HasMaxLength(32);
        builder.HasIndex(u => u.OpenId).IsUnique();
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.Ignore(r => r.Grant);
        // A role once per user and scope, however many admins grant it at the same moment.
        builder.HasIndex(r => new { r.UserId, r.Role, r.ScopeKey }).IsUnique();
        builder.HasIndex(r => new { r.Role, r.ScopeId });
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AdminAccountConfiguration : IEntityTypeConfiguration<AdminAccount>
{
    public void Configure(EntityTypeBuilder<AdminAccount> builder)
    {
        builder.Property(a => a.Username).HasMaxLength(32);
        builder.Property(a => a.PasswordHash).HasMaxLength(256);
        builder.HasIndex(a => a.Username).IsUnique();
        builder.HasIndex(a => a.UserId).IsUnique();
        builder.HasOne<User>().WithOne().HasForeignKey<AdminAccount>(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
