using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

// The tables keep the namespace they were created under: the model's entity names stay as the migrations know them.
namespace Zhuji.Infrastructure.Data;

/// <summary>A member's net flags of a year: the sum of his ledger lines for it (<c>memberYears</c>).</summary>
public sealed class MemberFlagYear
{
    public long MemberId { get; set; }
    public int Year { get; set; }
    public int Flags { get; set; }
}

/// <summary>A community's net flags of a month, the member's community when each line was written (<c>communityMonths</c>).</summary>
public sealed class CommunityFlagMonth
{
    public long CommunityId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public int Flags { get; set; }
}

/// <summary>
/// How many members evaluated for <see cref="Year"/> have <see cref="Bucket"/> flags in it (1 to the threshold), over
/// <see cref="Tallies.TallyStore.Stripes"/> rows so that parallel awards on a server database seldom wait for one row
/// (<c>standing</c>).
/// </summary>
public sealed class StandingTally
{
    public int Year { get; set; }
    public int Bucket { get; set; }
    public int Stripe { get; set; }
    public long Count { get; set; }
}

/// <summary>In-service members by the first year they are evaluated for (<c>cohort</c>), striped like the standings.</summary>
public sealed class CohortTally
{
    public int FirstYear { get; set; }
    public int Stripe { get; set; }
    public long Count { get; set; }
}

/// <summary>
/// The definitions' version and the policy the tallies were built under (one row, <see cref="Tallies.TallyCatalog.Fingerprint"/>):
/// another at start-up rebuilds them.
/// </summary>
public sealed class TallyState
{
    public int Id { get; set; }
    public string Policy { get; set; } = "";
    public DateTime BuiltAt { get; set; }
}

/// <summary>
/// One count of the registry's tallies: <see cref="Name"/> (the definition), a <see cref="Year"/> (0: now), a
/// <see cref="Scope"/> (a community or work unit; 0: the city) and a <see cref="Dim"/> (a status or category; "" for
/// none). A city-wide count is spread over <see cref="Tallies.TallyStore.Stripes"/> rows; the count is their sum.
/// </summary>
public sealed class Tally
{
    public string Name { get; set; } = "";
    public int Year { get; set; }
    public long Scope { get; set; }
    public string Dim { get; set; } = "";
    public int Stripe { get; set; }
    public long Count { get; set; }
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
