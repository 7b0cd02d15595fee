namespace Zhuji.Domain.Common;

/// <summary>
/// Something that happened to an entity which other parts of the same save follow (as eShop's aggregates raise
/// events). The entity raises it in its guarded transition; the save's interceptors, listed in one place
/// (<c>AddInfrastructure</c>), act on it before the save commits, so the consequence is written with its cause or not at all.
/// </summary>
public interface IDomainEvent;

/// <summary>An entity that raises domain events (kept in memory until its save handles them; never stored).</summary>
public interface IRaisesDomainEvents
{
    IReadOnlyList<IDomainEvent> Events { get; }

    void ClearEvents();
}
