namespace Zhuji.Domain.Tasks;

/// <summary>
/// A member's reliability (守约记录): how many places he took, served, did not come to (<see cref="ClaimStatus.NoShow"/>)
/// and let go late (within <see cref="LateCancellation"/> of the start). Admins see it when they confirm; it never
/// changes a flag or a point.
/// </summary>
public sealed record Reliability(int Claims, int Served, int NoShows, int CancelledLate)
{
    /// <summary>A place let go this close to the start counts as a late cancellation.</summary>
    public static readonly TimeSpan LateCancellation = TimeSpan.FromHours(2);

    public static readonly Reliability None = new(0, 0, 0, 0);

    public static bool IsLate(DateTime startsAt, DateTime cancelledAt) => startsAt - cancelledAt <= LateCancellation;

    /// <summary>Whether the confirming admin should look twice: he has not come, or let go late, more than once.</summary>
    public bool Doubtful => NoShows + CancelledLate >= 2;

    /// <summary>One line for the confirming admin.</summary>
    public string Describe() =>
        Claims == 0 ? "首次认领" : $"认领 {Claims} 次，完成 {Served} 次，未到岗 {NoShows} 次，临近取消 {CancelledLate} 次";
}
