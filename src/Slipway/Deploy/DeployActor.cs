namespace Slipway.Deploy;

/// <summary>Who deploys: $SLIPWAY_ACTOR (CI sets it to the pipeline's user), else user@host.</summary>
public static class DeployActor
{
    /// <summary>The name written into deploy commits and annotations.</summary>
    public static string Current =>
        System.Environment.GetEnvironmentVariable("SLIPWAY_ACTOR") is { Length: > 0 } actor
            ? actor
            : $"{System.Environment.UserName}@{System.Environment.MachineName}";
}
