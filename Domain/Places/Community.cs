namespace Zhuji.Domain.Places;

/// <summary>An urban community (社区) of a street; members register with the community they live in.</summary>
public sealed class Community
{
    private Community()
    {
    }

    public Community(string name, long streetId, string sceneCode)
    {
        Name = name;
        StreetId = streetId;
        SceneCode = sceneCode;
    }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public long StreetId { get; private set; }

    /// <summary>The short, stable, unguessable code carried by the community's scan-to-register code.</summary>
    public string SceneCode { get; private set; } = "";

    /// <summary>How many active red stewards one stairwell or facility may have (1 unless the community allows more).</summary>
    public int StewardsPerTarget { get; private set; } = 1;

    public const int MaxStewardsPerTarget = 10;
    public const string StewardsPerTargetRange = "每处红管家人数须在 1 到 10 之间";

    public void Rename(string name) => Name = name;

    /// <summary>The community now belongs to another street (its street's admins gain it, the old street's lose it).</summary>
    public void MoveTo(long streetId) => StreetId = streetId;

    public void AllowStewardsPerTarget(int count)
    {
        if (count is < 1 or > MaxStewardsPerTarget)
        {
            throw Common.DomainException.Invalid("stewardsPerTarget", StewardsPerTargetRange);
        }

        StewardsPerTarget = count;
    }
}
