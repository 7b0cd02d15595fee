using Zhuji.Domain.Common;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>Small, readable fixtures: a moment, a task plan, registration details.</summary>
internal static class Given
{
    /// <summary>2026-03-02 10:00 in Shanghai.</summary>
    public static readonly DateTime Now = ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 3, 2, 10, 0, 0));

    public const long CommunityA = 10, CommunityB = 20, BlockA1 = 100, BlockA2 = 101, BlockB1 = 200, Unit = 1000, OtherUnit = 2000;

    public static TaskPlan Plan(
        TaskTier tier = TaskTier.Community, long? scopeId = CommunityA, DateTime? startsAt = null, int slots = 10, int flags = 1,
        IReadOnlyList<ShiftPlan>? shifts = null)
    {
        var start = startsAt ?? Now.AddDays(1);
        return new TaskPlan(tier, scopeId, tier == TaskTier.City ? null : CommunityA, ServiceCategory.CommunityActivity, "反诈宣传", "", "小区南门",
            start, start.AddHours(3), slots, flags, KnowledgeType.Basic, [], false, shifts ?? []);
    }

    public static VolunteerTask Task(int slots = 10, DateTime? startsAt = null) => VolunteerTask.Publish(Plan(slots: slots, startsAt: startsAt), 1, Now);

    public static RegistrationDetails Details(long community = CommunityA, long block = BlockA1, long? unit = Unit, MemberType type = MemberType.InService, string phone = "13900001111") =>
        new("张三", phone, type, unit, new HomeAddress(community, block, "3幢", "2单元", "301"), ["法律咨询"]);

    public static PlaceNames Names { get; } = new(
        new Dictionary<long, string> { [CommunityA] = "城西社区", [CommunityB] = "东二社区" },
        new Dictionary<long, string> { [BlockA1] = "西施小区", [BlockA2] = "金海岸小区", [BlockB1] = "东方花园" },
        new Dictionary<long, string> { [Unit] = "诸暨市财政局", [OtherUnit] = "诸暨市公安局" });

    public static DomainException Refusal(Action action) => Assert.Throws<DomainException>(() => action())!;
}
