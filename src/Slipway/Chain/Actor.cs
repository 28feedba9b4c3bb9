namespace Slipway.Chain;

/// <summary>Who acts: $SLIPWAY_ACTOR (CI sets it to the pipeline's user), else user@host. Written into ledger entries, deploy commits, annotations and leases.</summary>
public static class Actor
{
    public const string Variable = "SLIPWAY_ACTOR";

    public static string Current =>
        System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } actor
            ? actor
            : $"{System.Environment.UserName}@{System.Environment.MachineName}";
}
