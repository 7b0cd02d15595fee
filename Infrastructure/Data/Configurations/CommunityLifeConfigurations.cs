using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhuji.Domain.Members;
using Zhuji.Domain.Places;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Suggestions;
using Zhuji.Domain.Wishes;

namespace Zhuji.Infrastructure.Data.Configurations;

internal sealed class WishConfiguration : IEntityTypeConfiguration<Wish>
{
    public void Configure(EntityTypeBuilder<Wish> builder)
    {
        builder.Property(w => w.Title).HasMaxLength(Wish.MaxTitle);
        builder.Property(w => w.Description).HasMaxLength(Wish.MaxDescription);
        builder.Property(w => w.ContactName).HasMaxLength(20);
        builder.Property(w => w.ContactPhone).HasMaxLength(20);
        builder.Property(w => w.DeclineReason).HasMaxLength(200);
        builder.Property(w => w.FeedbackComment).HasMaxLength(200);
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.HasIndex(w => new { w.CommunityId, w.Status, w.Id });
        builder.HasIndex(w => w.ResidentUserId);
        builder.HasIndex(w => w.TaskId).IsUnique();
        builder.HasOne<Community>().WithMany().HasForeignKey(w => w.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StewardshipConfiguration : IEntityTypeConfiguration<Stewardship>
{
    public void Configure(EntityTypeBuilder<Stewardship> builder)
    {
        builder.Property(s => s.Target).HasMaxLength(Stewardship.MaxTarget);
        builder.Property(s => s.RejectReason).HasMaxLength(200);
        builder.Property(s => s.Version).IsConcurrencyToken();

        // One active steward per seat of a target in a year: the community's number of seats is the limit.
        builder.HasIndex(s => new { s.BlockId, s.Target, s.Year, s.Seat }).IsUnique();
        builder.HasIndex(s => new { s.CommunityId, s.Status, s.Year });
        builder.HasIndex(s => new { s.MemberId, s.Year });
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Block>().WithMany().HasForeignKey(s => s.BlockId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(Suggestion.MaxTitle);
        builder.Property(s => s.Content).HasMaxLength(Suggestion.MaxContent);
        builder.Property(s => s.Reply).HasMaxLength(1000);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.CommunityId, s.Status, s.Id });
        builder.HasIndex(s => s.MemberId);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Community>().WithMany().HasForeignKey(s => s.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Domain.Notices.Notice>
{
    public void Configure(EntityTypeBuilder<Domain.Notices.Notice> builder)
    {
        builder.Property(n => n.Title).HasMaxLength(Domain.Notices.Notice.MaxTitle);
        builder.Property(n => n.Body).HasMaxLength(Domain.Notices.Notice.MaxBody);
        // The admins' list: a community's notices newest first; a publisher's own.
        builder.HasIndex(n => new { n.CommunityId, n.Id });
        builder.HasIndex(n => new { n.PublishedByUserId, n.Id });
    }
}

internal sealed class NoticeRecipientConfiguration : IEntityTypeConfiguration<Domain.Notices.NoticeRecipient>
{
    public void Configure(EntityTypeBuilder<Domain.Notices.NoticeRecipient> builder)
    {
        // Once per notice and member; a member's notices newest first.
        builder.HasIndex(r => new { r.NoticeId, r.MemberId }).IsUnique();
        builder.HasIndex(r => new { r.MemberId, r.NoticeId });
        builder.HasOne<Domain.Notices.Notice>().WithMany().HasForeignKey(r => r.NoticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppraisalConfiguration : IEntityTypeConfiguration<Appraisal>
{
    public void Configure(EntityTypeBuilder<Appraisal> builder)
    {
        builder.Property(a => a.Comment).HasMaxLength(Appraisal.MaxComment);
        // Once a year per member, whatever the concurrency.
        builder.HasIndex(a => new { a.MemberId, a.Year }).IsUnique();
        builder.HasIndex(a => new { a.CommunityId, a.Year });
        builder.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
