using System.Globalization;

namespace Slipway.Verification;

/// <summary>How a verification went: the failed checks it saw, how much it checked, and how long it took.</summary>
public sealed record VerificationOutcome
{
    public required IReadOnlyList<CheckFailure> Failures { get; init; }
    public required int FailureLimit { get; init; }
    public required int Rounds { get; init; }
    public required int ChecksRun { get; init; }
    public required IReadOnlyList<string> Instances { get; init; }
    public required TimeSpan Elapsed { get; init; }

    /// <summary>True while the failures stay within the limit.</summary>
    public bool Passed => Failures.Count <= FailureLimit;

    /// <summary>One line for the ledger and the log: what was checked, and the failures that decided it.</summary>
    public string Evidence
    {
        get
        {
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{ChecksRun} check(s) in {Rounds} round(s) on {string.Join(", ", Instances)} in {Elapsed.TotalSeconds:0.0}s, " +
                $"{Failures.Count} failed (limit {FailureLimit})");
            return Failures.Count == 0 ? summary : summary + ": " + string.Join("; ", Failures.Take(3)) + (Failures.Count > 3 ? "; …" : "");
        }
    }
}
