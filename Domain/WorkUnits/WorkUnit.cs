namespace Zhuji.Domain.WorkUnits;

public enum WorkUnitKind
{
    CityOrgan,
    TownshipOrgan,
    StateOwnedEnterprise,
    Institution,
}

/// <summary>A work unit (单位) whose in-service members register where they live.</summary>
public sealed class WorkUnit
{
    private WorkUnit()
    {
    }

    public WorkUnit(string name, WorkUnitKind kind)
    {
        Name = name;
        Kind = kind;
    }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public WorkUnitKind Kind { get; private set; }

    public void Rename(string name) => Name = name;

    public void Reclassify(WorkUnitKind kind) => Kind = kind;
}
