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
}
