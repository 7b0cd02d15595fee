using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;

namespace Zhuji.Jobs;

public sealed record ComplianceRunResult(int Year, int Evaluated, int Compliant, int NonCompliant, bool Provisional);

/// <summary>
/// The annual five-flag check. For year Y, every member the <see cref="Domain.Flags.CompliancePolicy"/> evaluates
/// (in service, first approved before Y's cutoff) gets a stored result: his flags of Y (Shanghai year of the
/// service, revocations netted), the threshold, and Compliant/NonCompliant as the policy says. A test pins this
/// SQL to the policy. Set-based: one <c>INSERT … SELECT</c> over the members and their years' totals (the ledger's
/// tally, <see cref="MemberFlagYear"/>, kept equal to its sums), in the database, so neither memory nor time grows
/// with the ledger; a re-run replaces the year's results (and their counts) in the same transaction, never duplicating them.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
public sealed class AnnualComplianceJob(ZhujiDbContext db, IOptions<ComplianceOptions> options, TallyCatalog tallies, TimeProvider clock, ILogger<AnnualComplianceJob> logger)
{
    /// <summary>
    /// Scheduled on 15 January: last year's final result (after two weeks' grace for late confirmations). Once it
    /// has completed the year is closed: only the city may still correct its flags, with a reason.
    /// </summary>
    public async Task<ComplianceRunResult> RunPreviousYearAsync(CancellationToken cancellationToken)
    {
        var year = ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime) - 1;
        var result = await RunAsync(year, cancellationToken);
        if (!await db.ClosedYears.AnyAsync(y => y.Year == year, cancellationToken))
        {
            db.ClosedYears.Add(new ClosedYear { Year = year, ClosedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Year {Year} is closed: its annual check is final", year);
        }

        return result;
    }

    /// <summary>Scheduled monthly: this year's provisional standing.</summary>
    public Task<ComplianceRunResult> RunCurrentYearAsync(CancellationToken cancellationToken) =>
        RunAsync(ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime), cancellationToken);

    public async Task<ComplianceRunResult> RunAsync(int year, CancellationToken cancellationToken)
    {
        var policy = options.Value.Policy;
        var now = clock.GetUtcNow().UtcDateTime;
        var provisional = year >= ShanghaiTime.YearOf(now);
        var cutoff = policy.CutoffUtc(year);
        var threshold = policy.AnnualThreshold;

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "ComplianceResults" WHERE "Year" = {year}""", cancellationToken);
        var evaluated = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ComplianceResults" ("Year", "MemberId", "Name", "WorkUnitId", "CommunityId", "Flags", "Threshold", "Status", "Provisional", "ComputedAt")
            SELECT {year}, m."Id", m."Name", m."WorkUnitId", m."CommunityId", COALESCE(f."Flags", 0), {threshold},
                   CASE WHEN COALESCE(f."Flags", 0) >= {threshold} THEN {nameof(ComplianceStatus.Compliant)} ELSE {nameof(ComplianceStatus.NonCompliant)} END,
                   {provisional}, {now}
            FROM "Members" AS m
            LEFT JOIN "MemberFlagYears" AS f ON f."MemberId" = m."Id" AND f."Year" = {year}
            WHERE m."MemberType" = {nameof(MemberType.InService)} AND m."FirstApprovedAt" < {cutoff}
            """, cancellationToken);
        var compliant = await db.ComplianceResults.CountAsync(r => r.Year == year && r.Status == ComplianceStatus.Compliant, cancellationToken);
        await tallies.Compliance.RecountAsync(db, r => r.Year == year, cell => cell.Year == year, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Compliance {Year}{Provisional}: {Evaluated} members evaluated, {Compliant} compliant",
            year, provisional ? " (provisional)" : "", evaluated, compliant);
        return new ComplianceRunResult(year, evaluated, compliant, evaluated - compliant, provisional);
    }
}
