using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;

namespace Zhuji.Domain.Members;

/// <summary>社区评议: the community's grade of a member for a year.</summary>
public enum AppraisalGrade
{
    /// <summary>优秀.</summary>
    Excellent,

    /// <summary>合格.</summary>
    Qualified,

    /// <summary>基本合格.</summary>
    BasicallyQualified,

    /// <summary>不合格.</summary>
    Unqualified,
}

/// <summary>
/// 社区评议: once a year the member's community grades how he served there (优秀 / 合格 / 基本合格 / 不合格), with a comment
/// (required below 合格). His work unit sees it beside his flags and in its reports. Nobody grades himself; a grade is given
/// once a year (a wrong one is for the city to correct).
/// </summary>
public sealed class Appraisal
{
    public const int MaxComment = 200;
    public const int FirstYear = 2020;

    private static readonly IReadOnlyDictionary<AppraisalGrade, string> Names = new Dictionary<AppraisalGrade, string>
    {
        [AppraisalGrade.Excellent] = "优秀",
        [AppraisalGrade.Qualified] = "合格",
        [AppraisalGrade.BasicallyQualified] = "基本合格",
        [AppraisalGrade.Unqualified] = "不合格",
    };

    private Appraisal()
    {
    }

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public int Year { get; private set; }
    public AppraisalGrade Grade { get; private set; }
    public string Comment { get; private set; } = "";

    /// <summary>The community that graded him (his community when it did).</summary>
    public long CommunityId { get; private set; }

    public long AppraisedByUserId { get; private set; }
    public DateTime AppraisedAt { get; private set; }

    public const string GradeRequired = "评议等次须为 优秀、合格、基本合格 或 不合格";
    public const string CommentRequired = "评为基本合格或不合格时须写明评议意见";

    public static string NameOf(AppraisalGrade grade) => Names[grade];

    /// <summary>The grade as the contract writes it (优秀…), or its English name.</summary>
    public static AppraisalGrade? Parse(string? text)
    {
        var value = (text ?? "").Trim();
        foreach (var (grade, name) in Names)
        {
            if (value == name || string.Equals(value, grade.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return grade;
            }
        }

        return null;
    }

    public static string AlreadyGiven(int year) => $"该党员 {year} 年已评议，不能重复评议";

    /// <summary>The community's admin grades a member for <paramref name="year"/> (not later than this year, not himself).</summary>
    public static Appraisal Give(Member member, int year, AppraisalGrade grade, string? comment, long adminUserId, DateTime now)
    {
        OwnCase.Refuse(adminUserId, member.UserId);
        var errors = new List<FieldError>();
        if (year < FirstYear || year > ShanghaiTime.YearOf(now))
        {
            errors.Add(new("year", $"评议年度须在 {FirstYear} 年到今年之间"));
        }

        var text = (comment ?? "").Trim();
        if (text.Length > MaxComment)
        {
            errors.Add(new("comment", $"评议意见不能超过 {MaxComment} 字"));
        }

        if (grade is AppraisalGrade.BasicallyQualified or AppraisalGrade.Unqualified && text.Length == 0)
        {
            errors.Add(new("comment", CommentRequired));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        return new Appraisal
        {
            MemberId = member.Id,
            Year = year,
            Grade = grade,
            Comment = text,
            CommunityId = member.CommunityId,
            AppraisedByUserId = adminUserId,
            AppraisedAt = now,
        };
    }
}
