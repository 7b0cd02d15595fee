namespace Zhuji.Domain.Places;

/// <summary>A street (街道) of the city; its party working committee oversees its communities.</summary>
public sealed class Street
{
    private Street()
    {
    }

    public Street(string name) => Name = name;

    public long Id { get; private set; }
    public string Name { get; private set; } = "";

    public void Rename(string name) => Name = name;
}
