using Slipway.Diagnostics;

namespace Slipway.Deploy.Docker;

/// <summary>How images reach docker hosts: <c>auto</c> (the registry; SSH when it does not answer), <c>registry</c>, or <c>ssh</c>.</summary>
public static class DistributionMode
{
    public const string Auto = "auto";
    public const string Registry = "registry";
    public const string Ssh = "ssh";

    /// <summary>Checks a --distribution value; throws naming the valid values.</summary>
    public static string Parse(string? value) => (value ?? Auto).ToLowerInvariant() switch
    {
        Auto => Auto,
        Registry => Registry,
        Ssh => Ssh,
        _ => throw SlipwayException.Input($"--distribution '{value}'", "is not a distribution mode",
            "use auto (registry, SSH when it does not answer), registry, or ssh"),
    };
}
