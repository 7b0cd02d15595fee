using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Zhuji.Domain.Auditing;
using Zhuji.Domain.Certificates;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Groups;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Members;
using Zhuji.Domain.Places;
using Zhuji.Domain.Points;
using Zhuji.Domain.Privacy;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Suggestions;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Uploads;
using Zhuji.Domain.Wishes;
using Zhuji.Domain.WorkUnits;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// The one model of the service. Each provider has its own subclass and its own migration set
/// (<see cref="SqliteZhujiDbContext"/>, <see cref="SqlServerZhujiDbContext"/>, <see cref="PostgreSqlZhujiDbContext"/>); code depends on this type.
/// </summary>
public abstract class ZhujiDbContext : DbContext
{
    protected ZhujiDbContext(DbContextOptions options)
        : base(options) => Protector = options.FindExtension<Protection.PersonalDataProtectionExtension>()?.Protector;

    /// <summary>Seals phones and addresses (<see cref="Protection.ProtectedColumns"/>); none at design time, where only the schema matters.</summary>
    public Protection.PersonalDataProtector? Protector { get; }

    public DbSet<User> Users => Set<User>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<AdminAccount> AdminAccounts => Set<AdminAccount>();
    public DbSet<Street> Streets => Set<Street>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<WorkUnit> WorkUnits => Set<WorkUnit>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<RegistrationEvent> RegistrationEvents => Set<RegistrationEvent>();
    public DbSet<WorkUnitChange> WorkUnitChanges => Set<WorkUnitChange>();
    public DbSet<RosterEntry> RosterEntries => Set<RosterEntry>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<VolunteerTask> Tasks => Set<VolunteerTask>();
    public DbSet<TaskShift> TaskShifts => Set<TaskShift>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<WaitlistEntry> WaitlistEntries => Set<WaitlistEntry>();
    public DbSet<TaskSeries> TaskSeries => Set<TaskSeries>();
    public DbSet<TaskInvitation> TaskInvitations => Set<TaskInvitation>();
    public DbSet<Domain.Notices.Notice> Notices => Set<Domain.Notices.Notice>();
    public DbSet<Domain.Notices.NoticeRecipient> NoticeRecipients => Set<Domain.Notices.NoticeRecipient>();
    public DbSet<Domain.Members.Appraisal> Appraisals => Set<Domain.Members.Appraisal>();
    public DbSet<FlagEntry> FlagEntries => Set<FlagEntry>();
    public DbSet<ServiceRecord> ServiceRecords => Set<ServiceRecord>();
    public DbSet<HelpGroup> HelpGroups => Set<HelpGroup>();
    public DbSet<HelpGroupMembership> HelpGroupMemberships => Set<HelpGroupMembership>();
    public DbSet<Wish> Wishes => Set<Wish>();
    public DbSet<Stewardship> Stewardships => Set<Stewardship>();
    public DbSet<Suggestion> Suggestions => Set<Suggestion>();
    public DbSet<ComplianceResult> ComplianceResults => Set<ComplianceResult>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<YearEndRollEntry> YearEndRollEntries => Set<YearEndRollEntry>();
    public DbSet<ReminderLog> ReminderLogs => Set<ReminderLog>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<WeChatAccessToken> WeChatAccessTokens => Set<WeChatAccessToken>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<QuotaCounter> QuotaCounters => Set<QuotaCounter>();
    public DbSet<ClosedYear> ClosedYears => Set<ClosedYear>();
    public DbSet<PointsEntry> PointsEntries => Set<PointsEntry>();
    public DbSet<Merchant> Merchants => Set<Merchant>();
    public DbSet<MerchantCommunity> MerchantCommunities => Set<MerchantCommunity>();
    public DbSet<MallItem> MallItems => Set<MallItem>();
    public DbSet<Redemption> Redemptions => Set<Redemption>();
    public DbSet<TaskReminderLog> TaskReminderLogs => Set<TaskReminderLog>();
    public DbSet<Upload> Uploads => Set<Upload>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<MemberFlagYear> MemberFlagYears => Set<MemberFlagYear>();
    public DbSet<CommunityFlagMonth> CommunityFlagMonths => Set<CommunityFlagMonth>();
    public DbSet<StandingTally> StandingTallies => Set<StandingTally>();
    public DbSet<CohortTally> CohortTallies => Set<CohortTally>();
    public DbSet<TallyState> TallyStates => Set<TallyState>();
    public DbSet<Tally> Tallies => Set<Tally>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<Protection.ProtectionState> ProtectionStates => Set<Protection.ProtectionState>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The request unit writes go into, while one is open (see <see cref="BeginRequestUnit"/>).</summary>
    public RequestUnit? Unit { get; internal set; }

    /// <summary>
    /// Opens a unit that every write of this context joins until it is disposed: the first write begins its
    /// transaction, <see cref="RequestUnit.CommitAsync"/> commits everything at once.
    /// </summary>
    public RequestUnit BeginRequestUnit() =>
        Unit is null ? Unit = new RequestUnit(this) : throw new InvalidOperationException("A request unit is already open.");

    /// <summary>What the save in progress will write after its rows (set and cleared by <see cref="SaveFollowersInterceptor"/>).</summary>
    internal PendingFollowers? PendingFollowers { get; set; }

    /// <summary>
    /// On SQLite, a save outside an explicit write transaction waits its turn for the file's write gate
    /// (see <see cref="SqliteWriteGate"/>) and always gives it back, however the save ends. What follows a save —
    /// the points of a flag, the tallies — is the interceptors' (<c>AddInfrastructure</c>), not this method's.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Unit is not null && Database.CurrentTransaction is null)
        {
            await Unit.EnsureStartedAsync(cancellationToken);
        }

        if (Database.CurrentTransaction is not null || SqliteWriteGate.For(this) is not { } gate)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await gate.WaitAsync(cancellationToken);
        SqliteWriteGate.HeldByThisFlow.Value = true;
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            SqliteWriteGate.HeldByThisFlow.Value = false;
            gate.Release();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess, CancellationToken.None).GetAwaiter().GetResult();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ZhujiDbContext).Assembly);
        Protection.ProtectedColumns.Apply(modelBuilder, Protector);

        // A member holds at most one active claim per task or shift, whatever the concurrency: the
        // database refuses the second. Cancelled claims do not count (he may grab again after letting go).
        modelBuilder.Entity<Claim>()
            .HasIndex(c => new { c.TaskId, c.ShiftKey, c.MemberId })
            .IsUnique()
            .HasFilter($"{Quote(nameof(Claim.Status))} <> '{nameof(ClaimStatus.Cancelled)}'")
            .HasDatabaseName("UX_Claims_ActivePerMember");

        // Each date of a series once, whatever the job servers.
        modelBuilder.Entity<VolunteerTask>()
            .HasIndex(t => new { t.SeriesId, t.OccurrenceDate })
            .IsUnique()
            .HasFilter($"{Quote(nameof(VolunteerTask.SeriesId))} IS NOT NULL")
            .HasDatabaseName("UX_Tasks_SeriesOccurrence");

        // A member waits once in each line (a task, or a shift of it) at a time.
        modelBuilder.Entity<WaitlistEntry>()
            .HasIndex(e => new { e.TaskId, e.ShiftKey, e.MemberId })
            .IsUnique()
            .HasFilter($"{Quote(nameof(WaitlistEntry.Status))} = '{nameof(WaitlistStatus.Waiting)}'")
            .HasDatabaseName("UX_WaitlistEntries_WaitingPerMember");

        // A member applies once per target and year, unless he was refused.
        modelBuilder.Entity<Stewardship>()
            .HasIndex(s => new { s.MemberId, s.BlockId, s.Target, s.Year })
            .IsUnique()
            .HasFilter($"{Quote(nameof(Stewardship.Status))} <> '{nameof(StewardshipStatus.Rejected)}'")
            .HasDatabaseName("UX_Stewardships_OpenPerMember");
    }

    /// <summary>An identifier as this provider quotes it in raw SQL (index filters, hot-path statements).</summary>
    public string Quote(string identifier) => Provider == DatabaseProvider.SqlServer ? $"[{identifier}]" : $"\"{identifier}\"";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC; SQLite does not keep the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // Enums are stored as their names: readable in the database, stable across reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,

    /// <summary>PostgreSQL 14+, and the 信创 databases that speak its protocol and dialect (KingbaseES, openGauss).</summary>
    PostgreSql,
}

public sealed class SqliteZhujiDbContext(DbContextOptions<SqliteZhujiDbContext> options) : ZhujiDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class SqlServerZhujiDbContext(DbContextOptions<SqlServerZhujiDbContext> options) : ZhujiDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}

public sealed class PostgreSqlZhujiDbContext(DbContextOptions<PostgreSqlZhujiDbContext> options) : ZhujiDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
