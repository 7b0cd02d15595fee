namespace Zhuji.Domain.Tasks;

/// <summary>Who a task is published for: the whole city, one community, or one residential block.</summary>
public enum TaskTier
{
    City,
    Community,
    Block,
}

/// <summary>The five service kinds (Table 1 of the 亮旗 rules).</summary>
public enum ServiceCategory
{
    /// <summary>参加社区活动.</summary>
    CommunityActivity,

    /// <summary>认领微心愿.</summary>
    MicroWish,

    /// <summary>担任小区红管家.</summary>
    RedSteward,

    /// <summary>加入社区帮帮团.</summary>
    HelpGroup,

    /// <summary>建言献策.</summary>
    Suggestion,
}

/// <summary>What a task asks of the people who take it.</summary>
public enum KnowledgeType
{
    Basic,
    Mixed,
    Professional,
}

public enum VolunteerTaskStatus
{
    Published,
    Closed,
    Cancelled,
}

public enum ClaimStatus
{
    Claimed,
    Submitted,
    Confirmed,
    Rejected,
    Cancelled,

    /// <summary>未到岗: he held the place and did not come (marked by an admin after the start). Never changes flags.</summary>
    NoShow,
}
