namespace Slipway.Releases.Gates;

/// <summary>One gate's answer for one deploy, promotion or rollback.</summary>
/// <param name="Gate">freeze, window, soak, approvals or override-approvals.</param>
/// <param name="Passed">True when the gate lets it through (or it was overridden).</param>
/// <param name="Reason">Why, in words a reviewer reads.</param>
/// <param name="PassesAt">When a closed gate could pass by waiting; null when waiting does not help.</param>
/// <param name="Overridden">True when --override-gates passed it.</param>
public sealed record GateVerdict(string Gate, bool Passed, string Reason, DateTimeOffset? PassesAt = null, bool Overridden = false)
{
    /// <summary>Gates --override-gates may pass; a freeze and approvals never are.</summary>
    public static readonly IReadOnlySet<string> Overridable = new HashSet<string> { "window", "soak" };

    public override string ToString() =>
        $"{Gate}: {(Overridden ? "OVERRIDDEN" : Passed ? "passes" : "REFUSES")} - {Reason}" +
        (PassesAt is { } at && !Passed ? $" (could pass at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC)" : "");
}
