namespace Slipway.Verification;

/// <summary>One check that failed on one instance in one round: what it asked, where, what it saw and what it expected.</summary>
public sealed record CheckFailure(string Check, string Instance, string Saw, string Expected, int Round)
{
    public override string ToString() => $"{Check} on {Instance} (round {Round}): saw {Saw}, expected {Expected}";
}
