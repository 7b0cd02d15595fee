namespace Zhuji.Domain.Places;

/// <summary>A residential block (小区) of a community, with its own party branch.</summary>
public sealed class Block
{
    private Block()
    {
    }

    public Block(string name, long communityId)
    {
        Name = name;
        CommunityId = communityId;
    }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public long CommunityId { get; private set; }

    public void Rename(string name) => Name = name;
}
